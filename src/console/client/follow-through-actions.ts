/**
 * The follow-through around a promise: logging how a call back went (issue 24), telling the customer
 * how it is going (docs/domain.md#follow-up), escalating at once with a reason (docs/domain.md#escalation),
 * and correcting the call log, also once the commitment has closed, since a root cause is often
 * found afterwards (docs/domain.md#the-call-log).
 */
import { ALLOWED } from '../../core/allowed';
import { ATTEMPT_OUTCOMES, CUSTOMER_STATES, CUSTOMER_WANTS, MANUAL_ESCALATION_REASONS, ROOT_CAUSES, TRIGGERS } from '../../shared/vocab';
import { choice, optional, type ActionSpec, type Answer, type FieldSpec, type Target, type Values } from './action-spec';
import { OUTCOME_ACTIONS } from './words';

const LOG_FIELDS: FieldSpec[] = [
  choice('trigger', 'Trigger', TRIGGERS, 'Not recorded'),
  choice('customerState', 'Customer state', CUSTOMER_STATES, 'Not recorded'),
  choice('customerWants', 'Customer wants', CUSTOMER_WANTS, 'Not recorded'),
  choice('rootCause', 'Root cause', ROOT_CAUSES, 'Not recorded'),
  { name: 'neededFix', label: 'Needed fix', kind: 'textarea' },
  { name: 'businessConstraint', label: 'Business constraint', kind: 'textarea', hint: 'What stood in the way: a policy, a system, a third party.' },
];

/** The log's fields whose value differs from the one the form started with. */
const changed = (v: Values, initial: Values) => LOG_FIELDS.map((f) => f.name).filter((k) => (v[k] ?? '').trim() !== (initial[k] ?? ''));

/** What a wrong number changes: the API stops texts to it for this commitment (wrongNumber). */
export const wrongNumberWarning = (t: Target) => `texts to ${t.customer.phone ?? 'this number'} stop for this commitment; ask the customer for a new number`;

const OUTCOMES: Answer[] = ATTEMPT_OUTCOMES.map((o) => ({
  value: o,
  label: OUTCOME_ACTIONS[o],
  ...(o === 'wrong_number' ? { warning: wrongNumberWarning } : {}),
}));

export const FOLLOW_THROUGH_ACTIONS = {
  attempt: {
    label: 'Log a call',
    path: 'attempts',
    statuses: ALLOWED.attempt,
    authority: 'attempt',
    fields: [
      {
        name: 'note',
        label: 'Note (optional)',
        kind: 'textarea',
        hint: 'e.g. "Rang twice, no voicemail box." For the timeline, not the customer: a call that did not get through tells them only that we called and will try again.',
      },
    ],
    answers: { name: 'outcome', legend: 'How did the call go?', options: OUTCOMES },
    body: (v) => ({ outcome: v.outcome, note: optional(v.note) }),
  },
  progress: {
    label: 'Send update',
    path: 'updates',
    statuses: ALLOWED.progress,
    authority: 'progress',
    fields: [
      {
        name: 'text',
        label: 'Update for the customer',
        kind: 'textarea',
        required: true,
        hint: 'Sent as written, by text and email, e.g. "The bank approved the refund; it posts tonight."',
      },
    ],
    body: (v) => ({ text: v.text }),
  },
  escalate: {
    label: 'Escalate now',
    path: 'escalate',
    statuses: ALLOWED.escalate,
    authority: 'escalate',
    fields: [
      choice('reason', 'Why it needs more authority', MANUAL_ESCALATION_REASONS, 'Choose a reason', true),
      {
        name: 'note',
        label: 'The issue in one sentence',
        kind: 'textarea',
        required: true,
        hint: 'Whoever takes it over reads this before speaking to the customer, so the customer never retells the story.',
      },
    ],
    body: (v) => ({ reason: v.reason, note: v.note }),
  },
  updateLog: {
    label: 'Correct call log',
    path: 'log',
    method: 'PATCH',
    statuses: ALLOWED.updateLog,
    authority: 'updateLog',
    fields: LOG_FIELDS,
    prefill: (c) => Object.fromEntries(LOG_FIELDS.map((f) => [f.name, c.log?.[f.name as keyof typeof c.log] ?? ''])),
    // The API refuses an empty correction; a person should hear why before anything is sent.
    check: (v, initial) => (changed(v, initial).length ? undefined : 'Change at least one field.'),
    // Only what changed: a cleared text is sent as it is, and the API says beside it that it cannot be empty.
    body: (v, initial) => Object.fromEntries(changed(v, initial).map((k) => [k, (v[k] ?? '').trim()])),
  },
} satisfies Record<string, ActionSpec>;
