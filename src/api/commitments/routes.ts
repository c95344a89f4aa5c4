/**
 * POST /v1/commitments and GET /v1/commitments/{id}. A create with an Idempotency-Key claims the
 * key in Postgres before any workflow starts (src/db/idempotency.ts): retries, concurrent or days
 * later, after Temporal has forgotten the workflow, answer the first request's commitment and
 * never start another run. The workflow ID stays deterministic from (caller, key). The recap's
 * place in the bounds on customer messages is taken first; the answer warns when it will not be sent.
 * A ticket gets one promise at a time: an externalRef still open in the team is a 409 naming it,
 * unless the body says allowDuplicateRef. A `hardCall` in the body is flagged once the workflow has
 * started (src/hard-calls/), and a customer flagged often lately gets the answer a `notices` entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { findCommitment } from '../../db/commitments';
import { claimIdempotencyKey, markWorkflowStarted, releaseIdempotencyKey } from '../../db/idempotency';
import { openWithExternalRef } from '../../db/queries';
import { recentForCustomer } from '../../db/ownership';
import { partiesFor } from '../../people/parties';
import { resolveRegion } from '../../places/region';
import { DEFAULT_CUSTOMER_LOCALE, type CustomerLocale } from '../../shared/locale';
import {
  COMMITMENT_ID,
  commitmentIdFromHex,
  commitmentQuery,
  commitmentWorkflowId,
  startSearchAttributes,
  type CommitmentInput,
  type CommitmentView,
} from '../../shared/contract';
import { isUnknownSearchAttribute } from '../../temporal/search-attributes';
import type { TeamRef } from '../../shared/model';
import type { commitmentWorkflow } from '../../workflows/commitment';
import { assertMay } from '../auth';
import { releaseRecap, reserveRecap } from './create-bounds';
import { recordFirst } from './first-record';
import { initialState } from '../../core/first';
import type { ApiDeps } from '../deps';
import { pinPolicy } from '../policy';
import { problems, type HttpProblem } from '../problems';
import { Commitment, CreatedCommitment, DuplicateRefProblem, jsonResponse, problemResponse, type CreateWarning } from '../resource';
import { route, type AnyRoute } from '../route';
import { CreateCommitment } from './schemas';
import { withDeadline } from '../unavailable';
import { assertWindows } from './windows';
import { countDeadline } from '../../calendars/deadlines';
import { customerNotices, flagHardCall } from '../../hard-calls/flag';
import { hardCallId } from '../../hard-calls/store';

export const CommitmentParams = z.object({ id: z.string().regex(COMMITMENT_ID, 'no commitment has an id of this form') });

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Same key from the same caller → same ID, so even two racing first requests name one workflow. */
function commitmentId(idempotency: { keyId: string; key: string } | undefined): string {
  const raw = idempotency ? sha256(`${idempotency.keyId}:${idempotency.key}`) : randomBytes(16).toString('hex');
  return commitmentIdFromHex(raw);
}

/** Order-independent JSON, so a retried request with its keys reordered still matches. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The commitment as the API shows it: the creating key stays with the bounds (./create-bounds.ts). */
export function toResource(view: CommitmentView): Commitment {
  const { version: _version, createdByKey: _key, ...rest } = view;
  return rest;
}

/** What a commitment looks like before its first record: the core's initial state, which the create's answer shows. */
const unwritten = (input: CommitmentInput): CommitmentView => ({ ...initialState(input), timeline: [] });

/** The read model first; a commitment whose first write hasn't landed yet is asked of its workflow. */
export async function loadCommitment(deps: Pick<ApiDeps, 'client' | 'db' | 'temporalDeadlineMs'>, id: string): Promise<CommitmentView | undefined> {
  const stored = await findCommitment(deps.db, id);
  if (stored) return stored;
  try {
    return await withDeadline(deps.client, deps.temporalDeadlineMs, () => deps.client.workflow.getHandle(commitmentWorkflowId(id)).query(commitmentQuery));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/**
 * The customer as the workflow keeps them: in the language asked for, else the team's, else
 * English; and in the place whose texting hours apply, as given, else presumed from the number's
 * area code or the time zone (src/places/region.ts), with where it came from.
 */
async function customerOf(given: CreateCommitment['customer'], teamLocale: CustomerLocale | null): Promise<CommitmentInput['customer']> {
  const place = await resolveRegion(given);
  return {
    ...given,
    locale: given.locale ?? teamLocale ?? DEFAULT_CUSTOMER_LOCALE,
    ...(place.region ? { region: place.region } : {}),
    ...(place.source ? { regionSource: place.source } : {}),
  };
}

/**
 * A ticket does not get a second promise by accident: the commitment of the same team still open
 * with this externalRef, which makes the create a 409 naming it unless the body allows a second
 * one. The commitment's own id is never a duplicate of itself (a retried create whose start was
 * not marked). Looked up beside the customer's recent commitments, so a burst's creates take their
 * recap's place as soon after that count as before (the repeat-contact count sees the burst).
 *
 * Known race: this reads the read model, which a commitment reaches when the API records its first
 * state, just after its start (./first-record.ts). Two creates of one reference whose checks both
 * come before either record find nothing and both start. No lock: the moment is milliseconds wide,
 * and `GET /v1/commitments?externalRef=` shows both, so one can be cancelled.
 */
async function refHolder(
  deps: ApiDeps,
  q: { id: string; externalRef?: string | undefined; team: TeamRef; allowDuplicateRef: boolean },
): Promise<HttpProblem | undefined> {
  if (q.allowDuplicateRef || !q.externalRef) return undefined;
  const open = await openWithExternalRef(deps.db, { teamId: q.team.id, externalRef: q.externalRef, exceptId: q.id });
  return open ? problems.duplicateRef(open.id, q.externalRef, q.team.name) : undefined;
}

/**
 * Starts the workflow; one that already exists (a retry, a racing request) is not an error. The
 * recap's place is reserved first, and given back when the start fails.
 */
async function start(deps: ApiDeps, input: CommitmentInput): Promise<CreateWarning[]> {
  const warnings = await reserveRecap(deps, input);
  const options = {
    taskQueue: deps.taskQueue,
    workflowId: commitmentWorkflowId(input.id),
    args: [input] as [CommitmentInput],
    // Concurrent requests that all saw an unstarted claim land on the run the first one started.
    workflowIdConflictPolicy: 'USE_EXISTING' as const,
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
  };
  const run = (typedSearchAttributes?: ReturnType<typeof startSearchAttributes>) =>
    withDeadline(deps.client, deps.temporalDeadlineMs, () =>
      deps.client.workflow.start<typeof commitmentWorkflow>('commitmentWorkflow', { ...options, ...(typedSearchAttributes ? { typedSearchAttributes } : {}) }),
    );
  try {
    // Started with its search attributes, which costs nothing; a namespace without them yet gets
    // the start without, and the workflow writes them itself once they exist (shell/recorder.ts).
    await run(startSearchAttributes(input)).catch((err: unknown) => {
      if (!isUnknownSearchAttribute(err)) throw err;
      deps.log?.(`create ${input.id}: the namespace lacks our search attributes (${(err as Error).message}); started without them`);
      return run();
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
      await releaseRecap(deps, input).catch(() => undefined);
      throw err;
    }
  }
  return warnings;
}

export const commitmentRoutes: AnyRoute[] = [
  route({
    method: 'post',
    path: '/v1/commitments',
    operationId: 'createCommitment',
    tag: 'Commitments',
    summary: 'Register a commitment',
    auth: 'key',
    body: CreateCommitment,
    idempotent: true,
    responses: {
      201: {
        ...jsonResponse('Created (or, for a retried Idempotency-Key, the commitment created the first time)', CreatedCommitment),
        headers: z.object({ Location: z.string().meta({ description: 'URL of the commitment' }) }),
      },
      409: {
        description:
          'A commitment of the same team still open (open, paused or escalated) has this externalRef: `existingId` and Location name it. ' +
          'Send allowDuplicateRef: true to make a second one',
        content: { 'application/problem+json': { schema: DuplicateRefProblem } },
        headers: z.object({ Location: z.string().meta({ description: 'URL of the commitment that already holds the reference' }) }),
      },
      422: problemResponse('Idempotency-Key reused with a different body'),
    },
    handle: async ({ body, principal, idempotencyKey: key, req, res }, deps) => {
      const now = deps.clock?.().getTime() ?? Date.now();
      // The reminder is one message to the owner: it has no floor (tests remind half a second ahead).
      const windows = [
        { pointer: '/confirmAfter', ms: body.confirmAfter },
        { pointer: '/confirmWithin', ms: body.confirmWithin },
        { pointer: '/reopenWithin', ms: body.reopenWithin },
      ];
      assertWindows(deps.shortestWindowMs, body.deadline.clock === 'wall' ? [body.deadline.lead, ...windows] : windows);
      // Who it is between comes from the directory, never from the body's say-so.
      const parties = await partiesFor(deps.db, principal, body.ownerId);
      if ('refused' in parties) {
        throw parties.refused === 'forbidden' ? problems.forbidden(parties.detail) : problems.invalid([{ pointer: '/ownerId', detail: parties.detail }]);
      }
      const policy = pinPolicy(body, { escalation: parties.escalation, stateRules: parties.customers.stateTextingRules }, deps.policyDefaults);
      // Business time counts on the owner's team's calendar, known only now.
      const due = await countDeadline(deps.db, parties.team?.id, body.deadline, now, policy);
      assertWindows(deps.shortestWindowMs, [due.lead]);
      const id = commitmentId(key === undefined ? undefined : { keyId: principal.keyId, key });
      const [recent, duplicate, notices] = await Promise.all([
        recentForCustomer(deps.db, body.customer, new Date(now)),
        refHolder(deps, { id, externalRef: body.externalRef, team: parties.team, allowDuplicateRef: body.allowDuplicateRef }),
        // Before this create's own flag: the customer's flags of the 30 days before it.
        customerNotices(deps, body.customer, new Date(now), id),
      ]);
      const input: CommitmentInput = {
        id,
        customer: await customerOf(body.customer, parties.customers.customerLocale),
        owner: parties.owner,
        supervisor: parties.supervisor,
        team: parties.team,
        summary: body.summary,
        dueAt: due.dueAt,
        ...(due.business ? { business: due.business } : {}),
        createdAt: new Date(now).toISOString(),
        ...(body.log ? { log: body.log } : {}),
        ...(body.externalRef ? { externalRef: body.externalRef } : {}),
        createdBy: principal.staffId,
        creator: { kind: 'staff', id: principal.staffId, name: principal.name, role: principal.role },
        createdByKey: principal.keyId,
        ...(recent > 0 ? { recentForCustomer: recent } : {}),
        policy,
        recordedByApi: true,
      };
      let view = unwritten(input);
      let warnings: CreateWarning[];
      if (key === undefined) {
        if (duplicate) throw duplicate;
        warnings = await start(deps, input);
        await recordFirst(deps, input, Date.parse(input.createdAt));
      } else {
        const requestHash = sha256(canonical(req.body));
        const claim = await claimIdempotencyKey(deps.db, { keyId: principal.keyId, key, requestHash, input });
        if (claim.requestHash !== requestHash) throw problems.idempotencyMismatch();
        // Started once is started for good: after retention forgets the run, a retry starts nothing.
        if (!claim.started) {
          // Only here, so a retry of a create that was started answers as the first time, never 409.
          // Refused, the claim is given back: the same key may come again with allowDuplicateRef.
          if (duplicate) {
            await releaseIdempotencyKey(deps.db, principal.keyId, key, requestHash).catch(() => undefined);
            throw duplicate;
          }
          warnings = await start(deps, claim.input);
          await markWorkflowStarted(deps.db, principal.keyId, key);
          await recordFirst(deps, claim.input, Date.parse(claim.input.createdAt));
        } else {
          // Answered as the first time: the decision already taken for its recap.
          warnings = await reserveRecap(deps, claim.input);
        }
        view = (await findCommitment(deps.db, claim.commitmentId)) ?? unwritten(claim.input);
      }
      // Once the workflow has started; one id per commitment, so a retried create records it once.
      if (body.hardCall) await flagHardCall(deps, view, body.hardCall, principal, { id: hardCallId(`create\n${view.id}`), at: new Date(now) });
      res
        .status(201)
        .location(`/v1/commitments/${view.id}`)
        .json({ ...toResource(view), ...(warnings.length ? { warnings } : {}), ...(notices.length ? { notices } : {}) });
    },
  }),
  route({
    method: 'get',
    path: '/v1/commitments/{id}',
    operationId: 'getCommitment',
    tag: 'Commitments',
    summary: 'A commitment with its timeline',
    auth: 'key',
    params: CommitmentParams,
    responses: { 200: jsonResponse('The commitment', Commitment) },
    handle: async ({ params, principal, res }, deps) => {
      const view = await loadCommitment(deps, params.id);
      if (!view) throw problems.notFound(`No commitment has the id ${params.id}.`);
      assertMay(principal, view);
      res.json(toResource(view));
    },
  }),
];
