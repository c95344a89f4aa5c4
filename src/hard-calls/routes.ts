/**
 * Hard calls (issue 24, "the team is protected after a hard call"): whoever holds a commitment
 * flags its call as abusive, threatening or distressing; each flag opens a check-in for the team's
 * supervisor (a task, not an alert: nothing is sent); the flags of a commitment and how often its
 * customer was flagged lately; a weekly report per agent. In Postgres only (./store.ts), never in
 * the workflow, so the customer never sees a flag. A flag at create is `hardCall` in
 * POST /v1/commitments (src/api/commitments/routes.ts).
 */
import type { z } from 'zod';
import { callerOf, overseenTeam, type Principal } from '../api/auth';
import { CommitmentParams, loadCommitment } from '../api/commitments/routes';
import type { ApiDeps } from '../api/deps';
import { problems } from '../api/problems';
import { assertSupervisor } from '../api/queues';
import { report, sendCsv, stamp, toCsv } from '../api/reports';
import { jsonResponse, problemResponse } from '../api/resource';
import { route, type AnyRoute } from '../api/route';
import { listScope } from '../people/routes/access';
import { refusalFor } from '../shared/authority';
import type { CommitmentView } from '../shared/contract';
import { flagHardCall } from './flag';
import { CheckIn, CheckInList, CheckInParams, CompleteCheckIn, FlagHardCall, HardCall, HardCallList, HardCallReport, HardCallReportQuery } from './schemas';
import { completeCheckIn, customerFlags, findCheckIn, hardCallId, hardCallReport, listHardCalls, listOpenCheckIns } from './store';

const now = (deps: ApiDeps) => deps.clock?.() ?? new Date();

/**
 * Whoever may send the customer a progress update may flag the call (the authority table's
 * `progress`: its owner, a supervisor of its team, an admin); the refusal says so in its own words.
 */
export function assertMayFlag(principal: Principal, view: CommitmentView): void {
  const refused = refusalFor(callerOf(principal), view, 'progress');
  if (refused !== undefined) throw problems.forbidden(refused.replace(/can send the customer an update\.$/, 'can flag its call as hard.'));
}

const SUPERVISORS = { 403: problemResponse('Only supervisors (their team) and admins') };

const CSV_COLUMNS = ['week', 'agentId', 'agent', 'flagged', 'checkInsDone'];

export const hardCallRoutes: AnyRoute[] = [
  route({
    method: 'post',
    path: '/v1/commitments/{id}/hard-call',
    operationId: 'flagHardCall',
    tag: 'Actions',
    summary: "Flag the commitment's call as hard (abusive, threatening or distressing): the team's supervisor gets a check-in",
    description:
      'For whoever may send the customer a progress update: its owner, a supervisor of its team, an admin; also once the commitment is closed. ' +
      'Kept in Postgres only: no customer page, message, timeline entry or event carries it.',
    auth: 'key',
    params: CommitmentParams,
    body: FlagHardCall,
    idempotent: true,
    responses: {
      201: jsonResponse("Flagged; a check-in with the agent is open for the team's supervisor", HardCall),
      403: problemResponse('Not for this caller: `detail` says why and who may'),
      409: problemResponse('The commitment was redacted after the retention period, or it (and its owner) belongs to no team'),
    },
    handle: async ({ body, params, principal, idempotencyKey, res }, deps) => {
      const view = await loadCommitment(deps, params.id);
      if (!view) throw problems.notFound(`No commitment has the id ${params.id}.`);
      assertMayFlag(principal, view);
      const id = hardCallId(idempotencyKey === undefined ? undefined : `${principal.keyId}\n${params.id}\nhard-call\n${idempotencyKey}`);
      res.status(201).json(await flagHardCall(deps, view, body, principal, { id, at: now(deps) }));
    },
  }),
  route({
    method: 'get',
    path: '/v1/commitments/{id}/hard-calls',
    operationId: 'listCommitmentHardCalls',
    tag: 'Commitments',
    summary: "A commitment's hard-call flags, and how often its customer was flagged in the last 30 days",
    auth: 'key',
    params: CommitmentParams,
    responses: {
      200: jsonResponse('The flags, oldest first', HardCallList),
      403: problemResponse('Not for this caller: whoever may read the commitment may read its flags'),
    },
    handle: async ({ params, principal, res }, deps) => {
      const view = await loadCommitment(deps, params.id);
      if (!view) throw problems.notFound(`No commitment has the id ${params.id}.`);
      const refused = refusalFor(callerOf(principal), view, 'read');
      if (refused !== undefined) throw problems.forbidden(refused);
      const [items, flags] = await Promise.all([listHardCalls(deps.db, view.id), customerFlags(deps.db, view.customer, now(deps))]);
      const body: HardCallList = { items, customerFlagsLast30Days: flags.count };
      res.json(body);
    },
  }),
  route({
    method: 'get',
    path: '/v1/check-ins',
    operationId: 'listCheckIns',
    tag: 'Queues',
    summary: 'Open check-ins with agents who took a hard call: a supervisor’s own team, every team for admins; oldest first',
    auth: 'key',
    responses: { 200: jsonResponse('Open check-ins', CheckInList), ...SUPERVISORS },
    handle: async ({ principal, res }, deps) => {
      assertSupervisor(principal, 'Check-ins');
      res.json({ items: await listOpenCheckIns(deps.db, overseenTeam(principal)) });
    },
  }),
  route({
    method: 'post',
    path: '/v1/check-ins/{id}/done',
    operationId: 'completeCheckIn',
    tag: 'Queues',
    summary: 'Mark a check-in done (a supervisor of its team, or an admin), with an optional note',
    auth: 'key',
    params: CheckInParams,
    body: CompleteCheckIn,
    responses: {
      200: jsonResponse('The check-in, now with doneAt and doneBy', CheckIn),
      403: problemResponse("Only a supervisor of the check-in's team, or an admin"),
      409: problemResponse('Already done'),
    },
    handle: async ({ body, params, principal, res }, deps) => {
      assertSupervisor(principal, 'Check-ins');
      const found = await findCheckIn(deps.db, params.id);
      if (!found) throw problems.notFound(`No check-in has the id ${params.id}.`);
      if (principal.role !== 'admin' && principal.teamId !== found.team.id)
        throw problems.forbidden(`This check-in is team ${found.team.name}'s; only its supervisors and admins can mark it done.`);
      const already = (c: CheckIn) => problems.conflict(`This check-in was marked done at ${c.doneAt ?? 'an earlier time'} by ${c.doneBy?.name ?? 'someone'}.`);
      if (found.doneAt) throw already(found);
      const done = await completeCheckIn(deps.db, params.id, { id: principal.staffId, name: principal.name }, body.note, now(deps));
      if (!done) throw already((await findCheckIn(deps.db, params.id)) ?? found);
      res.json(done);
    },
  }),
  route({
    method: 'get',
    path: '/v1/reports/hard-calls',
    operationId: 'hardCallReport',
    tag: 'Reports',
    summary: 'Calls flagged as hard, and check-ins done, per ISO week (Monday, UTC) and agent',
    auth: 'key',
    query: HardCallReportQuery,
    responses: report(
      'One row per week and agent, by week then agent',
      HardCallReport,
      'week,agentId,agent,flagged,checkInsDone\r\n2026-11-23,dana,Dana Reyes,2,1\r\n',
    ),
    handle: async ({ principal, query: q, res }, deps) => {
      assertSupervisor(principal, 'Reports');
      const team = listScope(principal, q.team, 'hard calls');
      const rows = await hardCallReport(deps.db, { from: q.from, to: q.to, team });
      if (q.format === 'csv') {
        const lines = rows.map((x) => [x.week, x.agent.id, x.agent.name, x.flagged, x.checkInsDone]);
        return sendCsv(res, `hard-calls-${stamp(q.from)}-${stamp(q.to)}`, toCsv(CSV_COLUMNS, lines));
      }
      const out: z.infer<typeof HardCallReport> = { from: q.from, to: q.to, rows };
      res.json(out);
    },
  }),
];
