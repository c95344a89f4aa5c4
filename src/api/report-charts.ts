/**
 * The series behind the console's report charts, each as JSON or (format=csv) as the CSV the
 * chart's download link fetches: GET /v1/reports/weekly, /v1/reports/satisfaction and
 * /v1/reports/acknowledgements. Supervisors only; same query style and problems as the summary.
 */
import { Router, type Request, type Response } from 'express';
import type { Pool } from 'pg';
import type { z } from 'zod';
import { acknowledgementTimes, satisfactionBreakdown, weeklyKept } from '../db/report-charts';
import { principalOf } from './auth';
import { type AcknowledgementReport, RangeQuery, type SatisfactionReport, WeeklyQuery, type WeeklyReport } from './console-schemas';
import { assertSupervisor, parseQuery } from './queues';
import { sendCsv, stamp, toCsv } from './reports';

/** The checked range of a report request, as UTC instants. */
function range<S extends z.ZodType<{ from: string; to: string; format?: 'json' | 'csv' | undefined }>>(schema: S, req: Request, res: Response) {
  assertSupervisor(principalOf(res), 'Reports');
  const q = parseQuery(schema, req);
  const from = new Date(q.from).toISOString();
  const to = new Date(q.to).toISOString();
  return { q, from, to, csv: q.format === 'csv', file: (name: string) => `${name}-${stamp(from)}-${stamp(to)}` };
}

export function reportChartsRouter(deps: { db: Pool }): Router {
  const router = Router();

  router.get('/reports/weekly', async (req, res) => {
    const r = range(WeeklyQuery, req, res);
    const groupBy = r.q.groupBy ?? 'team';
    const rows = await weeklyKept(deps.db, { from: r.from, to: r.to, groupBy });
    if (r.csv) return sendCsv(res, r.file(`kept-by-week-${groupBy}`), toCsv(['week', groupBy, 'promised', 'keptOnTime', 'keptOnTimeRate'], rows.map((x) => [x.week, x.group, x.promised, x.keptOnTime, x.keptOnTimeRate])));
    const body: z.infer<typeof WeeklyReport> = { from: r.from, to: r.to, groupBy, rows };
    res.json(body);
  });

  router.get('/reports/satisfaction', async (req, res) => {
    const r = range(RangeQuery, req, res);
    const s = await satisfactionBreakdown(deps.db, { from: r.from, to: r.to });
    if (r.csv) {
      const outcomes: [string, number][] = [['asked', s.asked], ['confirmed', s.confirmed], ['unconfirmed', s.unconfirmed], ['reopened', s.reopened]];
      return sendCsv(res, r.file('satisfaction'), toCsv(['measure', 'count'], [...outcomes, ...s.ratings.map((x): [string, number] => [`rating ${x.rating}`, x.count])]));
    }
    const body: z.infer<typeof SatisfactionReport> = { from: r.from, to: r.to, ...s };
    res.json(body);
  });

  router.get('/reports/acknowledgements', async (req, res) => {
    const r = range(RangeQuery, req, res);
    const rows = await acknowledgementTimes(deps.db, { from: r.from, to: r.to });
    if (r.csv) return sendCsv(res, r.file('time-to-acknowledge'), toCsv(['supervisor', 'acknowledged', 'medianSeconds', 'p90Seconds'], rows.map((x) => [x.supervisor, x.acknowledged, x.medianSeconds, x.p90Seconds])));
    const body: z.infer<typeof AcknowledgementReport> = { from: r.from, to: r.to, rows };
    res.json(body);
  });

  return router;
}
