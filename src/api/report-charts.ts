/**
 * The series behind the console's report charts, each as JSON or (format=csv) as the CSV the
 * chart's download link fetches: GET /v1/reports/weekly, /v1/reports/satisfaction and
 * /v1/reports/acknowledgements. Supervisors (their team) and admins; same query style and problems
 * as the summary.
 */
import type { z } from 'zod';
import { acknowledgementTimes, satisfactionBreakdown, weeklyKept } from '../db/report-charts';
import { overseenTeam } from './auth';
import { AcknowledgementReport, RangeQuery, SatisfactionReport, WeeklyQuery, WeeklyReport } from './console-schemas';
import { assertSupervisor } from './queues';
import { report, sendCsv, stamp, toCsv } from './reports';
import { route, type AnyRoute } from './route';

const file = (name: string, q: { from: string; to: string }) => `${name}-${stamp(q.from)}-${stamp(q.to)}`;

export const chartRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/v1/reports/weekly',
    operationId: 'getWeeklyReport',
    tag: 'Reports',
    summary: 'Kept on time against missed, by week (UTC) of the deadline as first promised, per team or owner; open promises apart',
    auth: 'key',
    query: WeeklyQuery,
    responses: report(
      'One row per week and group',
      WeeklyReport,
      'week,team,promised,keptOnTime,missed,open,keptOnTimeRate\r\n2026-11-23,billing,40,31,4,5,0.8857\r\n',
    ),
    handle: async ({ principal, query: q, res }, deps) => {
      assertSupervisor(principal, 'Reports');
      const groupBy = q.groupBy ?? 'team';
      const rows = await weeklyKept(deps.db, { from: q.from, to: q.to, groupBy, team: overseenTeam(principal) });
      if (q.format === 'csv') {
        const head = ['week', groupBy, 'promised', 'keptOnTime', 'missed', 'open', 'keptOnTimeRate'];
        const lines = rows.map((x) => [x.week, x.group, x.promised, x.keptOnTime, x.missed, x.open, x.keptOnTimeRate]);
        return sendCsv(res, file(`kept-by-week-${groupBy}`, q), toCsv(head, lines));
      }
      const body: z.infer<typeof WeeklyReport> = { from: q.from, to: q.to, groupBy, rows };
      res.json(body);
    },
  }),
  route({
    method: 'get',
    path: '/v1/reports/satisfaction',
    operationId: 'getSatisfactionReport',
    tag: 'Reports',
    summary: 'The satisfaction check: asked, confirmed, unconfirmed, reopened, and each rating',
    auth: 'key',
    query: RangeQuery,
    responses: report('The counts', SatisfactionReport, 'measure,count\r\nasked,40\r\nrating 5,18\r\n'),
    handle: async ({ principal, query: q, res }, deps) => {
      assertSupervisor(principal, 'Reports');
      const s = await satisfactionBreakdown(deps.db, { from: q.from, to: q.to, team: overseenTeam(principal) });
      if (q.format === 'csv') {
        const outcomes: [string, number][] = [
          ['asked', s.asked],
          ['confirmed', s.confirmed],
          ['unconfirmed', s.unconfirmed],
          ['reopened', s.reopened],
        ];
        return sendCsv(
          res,
          file('satisfaction', q),
          toCsv(['measure', 'count'], [...outcomes, ...s.ratings.map((x): [string, number] => [`rating ${x.rating}`, x.count])]),
        );
      }
      const body: z.infer<typeof SatisfactionReport> = { from: q.from, to: q.to, ...s };
      res.json(body);
    },
  }),
  route({
    method: 'get',
    path: '/v1/reports/acknowledgements',
    operationId: 'getAcknowledgementsReport',
    tag: 'Reports',
    summary: 'Time from an escalation to its acknowledgement, per supervisor who took it over, in wall time and in business time',
    auth: 'key',
    query: RangeQuery,
    responses: report(
      'One row per supervisor',
      AcknowledgementReport,
      'supervisor,acknowledged,medianSeconds,p90Seconds,medianBusinessSeconds\r\nsam,12,540,1800,480\r\n',
    ),
    handle: async ({ principal, query: q, res }, deps) => {
      assertSupervisor(principal, 'Reports');
      const rows = await acknowledgementTimes(deps.db, { from: q.from, to: q.to, team: overseenTeam(principal) });
      if (q.format === 'csv')
        return sendCsv(
          res,
          file('time-to-acknowledge', q),
          toCsv(
            ['supervisor', 'acknowledged', 'medianSeconds', 'p90Seconds', 'medianBusinessSeconds'],
            rows.map((x) => [x.supervisor, x.acknowledged, x.medianSeconds, x.p90Seconds, x.medianBusinessSeconds]),
          ),
        );
      const body: z.infer<typeof AcknowledgementReport> = { from: q.from, to: q.to, rows };
      res.json(body);
    },
  }),
];
