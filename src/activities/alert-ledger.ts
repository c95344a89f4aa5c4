/**
 * The ledger of a staff alert that does not wait for Postgres (docs/architecture.md, "Messages at
 * least once"). The alert claims its row within the attempt's wait (./postgres-wait.ts); when
 * Postgres does not answer in time it is sent anyway, with its identity kept in Temporal: the
 * notification key and the Message-ID come from the workflow's request, the first attempt's time
 * from the activity's info, and the row's outcome goes back to the workflow, which writes it once
 * Postgres is back (`recordLate`, src/db/notifications.ts).
 *
 * 👉 A retried alert never assumes what an earlier attempt did. The channels an attempt sent
 *    without a row travel in its heartbeat details (Temporal hands them to the next attempt, also
 *    when the attempt failed), and are not sent again. Anything else may have gone out unrecorded
 *    (a worker that died before its details reached Temporal), so whatever the ledger says, or
 *    cannot say, a retry looks in Twilio's Messages list before it texts again, and an email goes
 *    again under the same Message-ID.
 */
import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import { claimNotification, knownProviderIds, settleNotification, type Claim, type Settlement } from '../db/notifications';
import type { LedgerEntry, MessageRequest, NotificationDraft } from '../shared/messages';
import { postgresWait, type PostgresWait } from './postgres-wait';

/**
 * A staff alert whose workflow writes the ledger itself; never a customer's message (the opt-out
 * ledger and the cap decide those first).
 */
// A repeat-contact alert is news, not a hand-over: it waits for Postgres, which decides whether it is
// folded into one the supervisor already has (../db/repeat-contact.ts).
export const mayGoWithoutLedger = (r: MessageRequest): boolean => r.ledgerLater === true && r.audience !== 'customer' && r.purpose !== 'repeat_contact_alert';

export interface Attempt {
  /** 1 for the first attempt of the activity. */
  number: number;
  /** When the activity's first attempt was scheduled. */
  firstAttemptAt: Date;
  /** The last heartbeat details of the attempt before (./deliver.ts beats with `SentWithoutRow.details`). */
  previous?: unknown;
}

export function currentAttempt(): Attempt {
  try {
    const info = Context.current().info;
    return { number: info.attempt, firstAttemptAt: new Date(info.scheduledTimestampMs), previous: info.heartbeatDetails as unknown };
  } catch {
    return { number: 1, firstAttemptAt: new Date() }; // outside an activity (unit tests)
  }
}

/** The channels this alert went out on without a row, carried from attempt to attempt in the heartbeat details. */
export class SentWithoutRow {
  private readonly entries = new Map<string, LedgerEntry>();

  /** `changed`: beat now, so the next attempt hears of it even if this one fails. */
  constructor(
    previous: unknown,
    private readonly changed: () => void = () => undefined,
  ) {
    const owed = (previous as { owed?: unknown } | null | undefined)?.owed;
    if (Array.isArray(owed)) for (const e of owed as LedgerEntry[]) if (typeof e?.key === 'string') this.entries.set(e.key, e);
  }

  get(key: string): LedgerEntry | undefined {
    return this.entries.get(key);
  }

  add(entry: LedgerEntry): void {
    this.entries.set(entry.key, entry);
    this.changed();
  }

  /** What the heartbeat carries: undefined while nothing went without a row. */
  get details(): { owed: LedgerEntry[] } | undefined {
    return this.entries.size ? { owed: [...this.entries.values()] } : undefined;
  }
}

/** A claim to send, with whether the ledger holds it (`recorded`) or only Temporal does. */
export type AlertClaim = Extract<Claim, { kind: 'done' }> | (Extract<Claim, { kind: 'send' }> & { recorded: boolean });

export async function claimAlert(db: Pool, draft: NotificationDraft, wait: PostgresWait, attempt: Attempt): Promise<AlertClaim> {
  const claim = await wait.within(() => claimNotification(db, draft));
  if (claim?.kind === 'done') return claim;
  const retried = attempt.number > 1;
  if (!claim) {
    const { recipient, subject, body } = draft;
    return { kind: 'send', recipient, subject, body, firstAttemptAt: attempt.firstAttemptAt, maybeSent: retried, recorded: false };
  }
  // A row written by this attempt, or one an attempt left `retrying`, does not know of an attempt that went without it.
  const since = new Date(Math.min(claim.firstAttemptAt.getTime(), attempt.firstAttemptAt.getTime()));
  return { ...claim, firstAttemptAt: since, maybeSent: claim.maybeSent || retried, recorded: true };
}

/** SIDs the ledger knows for other texts to this number, as far as it can say in time. */
export async function knownWithin(db: Pool, recipient: string, wait: PostgresWait): Promise<Set<string>> {
  return (await wait.within(() => knownProviderIds(db, recipient))) ?? new Set();
}

/**
 * Records the outcome in the row when the row is there and Postgres answers within a second;
 * otherwise answers the entry the workflow must write later.
 */
export async function settleAlert(
  db: Pool,
  draft: NotificationDraft,
  claim: Extract<AlertClaim, { kind: 'send' }>,
  s: Settlement,
  attempt: Attempt,
): Promise<LedgerEntry | undefined> {
  if (claim.recorded) {
    const settled = await postgresWait().within(async () => {
      await settleNotification(db, draft.key, s);
      return true;
    });
    if (settled) return undefined;
  }
  if (s.status !== 'accepted' && s.status !== 'outbox' && s.status !== 'failed') return undefined; // to be retried: nothing to record
  return {
    ...draft,
    recipient: claim.recipient,
    subject: claim.subject,
    body: claim.body,
    status: s.status,
    ...(s.providerId ? { providerId: s.providerId } : {}),
    ...(s.error ? { error: s.error } : {}),
    attempts: attempt.number,
    resent: s.resent === true,
    firstAttemptAt: claim.firstAttemptAt.toISOString(),
  };
}
