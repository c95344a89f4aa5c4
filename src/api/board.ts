/**
 * GET /v1/board: what a supervisor's board shows, in one request: counts at a glance and the first
 * page of each section; `section` with `cursor` pages through one section. Reads Postgres, like the
 * queues, and whether a worker serves the task queue (asked of Temporal, cached; never a reason to
 * fail). "Today" is the viewer's day, in their time zone from the staff directory.
 */
import { boardCounts, boardSection, BOARD_SECTIONS, type BoardKey, type BoardSection, type BoardWindow } from '../db/board';
import { findStaff } from '../people/store/staff';
import { isCursorKey } from '../db/queries';
import { overseenTeam } from './auth';
import { instantOf, wallClock } from '../shared/zoned-time';
import { Board, BOARD_DEFAULT_LIMIT, BoardQuery } from './console-schemas';
import { problems } from './problems';
import { assertSupervisor } from './queues';
import { jsonResponse, problemResponse } from './resource';
import { route, type AnyRoute } from './route';
import { HEALTH_DEADLINE_MS } from './health';
import { workerPresence } from './worker-presence';

const DAY_MS = 24 * 3600_000;

/** Midnight of the day `now` falls on, on the wall clock of `zone`. */
export function startOfDay(now: Date, zone: string): Date {
  const wall = wallClock(now.getTime(), zone);
  return new Date(instantOf(wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS), zone));
}

const encode = (section: BoardSection, key: BoardKey) => Buffer.from(JSON.stringify([section, key.at, key.id])).toString('base64url');

function decode(text: string, section: BoardSection): BoardKey | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3 || value[0] !== section) return undefined;
    const [, at, id] = value as unknown[];
    if (!isCursorKey(at, id, { infinity: true })) return undefined;
    return { at: at as string, id: id as string };
  } catch {
    return undefined;
  }
}

export const boardRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/v1/board',
    operationId: 'getBoard',
    tag: 'Board',
    summary: "A supervisor's board: counts, and the first page of each section (escalated, at risk, lapsed today, work by owner)",
    auth: 'key',
    query: BoardQuery,
    responses: { 200: jsonResponse('Counts and sections', Board), 403: problemResponse('Only supervisors and admins have a board') },
    handle: async ({ principal, query: q, res }, deps) => {
      assertSupervisor(principal, 'The board and its sections');
      const after = q.cursor !== undefined && q.section ? decode(q.cursor, q.section) : undefined;
      if (q.cursor !== undefined && !after) throw problems.invalid([{ pointer: '/query/cursor', detail: `is not a cursor of the ${q.section} section` }]);
      const timezone = (await findStaff(deps.db, principal.staffId))?.timezone ?? 'UTC';
      const now = deps.clock?.() ?? new Date();
      const window: BoardWindow = { now, todayStart: startOfDay(now, timezone), team: overseenTeam(principal) };
      const limit = q.limit ?? BOARD_DEFAULT_LIMIT;
      const wanted = q.section ? [q.section] : BOARD_SECTIONS;
      // The worker's presence is cached for a few seconds (./worker-presence.ts): every open board asks every 4 s.
      const [worker, counts, ...pages] = await Promise.all([
        workerPresence(deps, HEALTH_DEADLINE_MS),
        boardCounts(deps.db, window),
        ...wanted.map((s) => boardSection(deps.db, s, window, limit, after)),
      ]);
      const sections = Object.fromEntries(
        wanted.map((s, i) => [s, { items: pages[i]?.items ?? [], nextCursor: pages[i]?.next ? encode(s, pages[i].next) : null }]),
      );
      const body: Board = {
        generatedAt: now.toISOString(),
        todayStart: window.todayStart.toISOString(),
        timezone,
        worker: worker.state,
        counts,
        sections,
      };
      res.json(body);
    },
  }),
];
