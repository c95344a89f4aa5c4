/**
 * Supervisor reports: GET /v1/reports/summary and GET /v1/reports/patterns, as JSON or, with
 * `format=csv`, as RFC 4180 CSV with a header row (for a spreadsheet, the usual destination).
 */
import { Router, type Response } from 'express';
import type { Pool } from 'pg';
import { patternsReport, previousPeriodStart, summaryReport } from '../db/reports';
import { principalOf } from './auth';
import { PatternsQuery, SummaryQuery, type PatternRow, type SummaryRow } from './query-schemas';
import { assertSupervisor, parseQuery } from './queues';

export interface ReportsDeps {
  db: Pool;
}

type Cell = string | number | boolean | null | undefined;

/** RFC 4180: a field with a comma, quote, CR or LF is quoted and its quotes doubled; lines end in CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const field = (v: Cell) => {
    let s = v === null || v === undefined ? '' : String(v);
    // Text a spreadsheet would run as a formula (owner ids come from API input) is quoted with '.
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

const SUMMARY_COLUMNS = [
  'group',
  'created',
  'keptOnTime',
  'keptLate',
  'lapsed',
  'escalated',
  'cancelled',
  'reopened',
  'keptOnTimeRate',
  'medianTimeToFulfilSeconds',
  'p90TimeToFulfilSeconds',
  'extensionsPerCommitment',
  'satisfactionAsked',
  'satisfactionAnswered',
  'satisfactionResponseRate',
  'averageRating',
  'acknowledged',
  'managerRequests',
  'medianTimeToAcknowledgeSeconds',
] as const satisfies readonly (keyof SummaryRow)[];

const PATTERN_COLUMNS = ['trigger', 'rootCause', 'count', 'lapsed', 'neededFixes', 'previousCount', 'delta'] as const satisfies readonly (keyof PatternRow)[];

export function sendCsv(res: Response, name: string, text: string): void {
  res.type('text/csv; charset=utf-8; header=present').attachment(`${name}.csv`).send(text);
}

export const stamp = (iso: string) => iso.replace(/[:.]/g, '-');

export function reportsRouter(deps: ReportsDeps): Router {
  const router = Router();

  router.get('/reports/summary', async (req, res) => {
    assertSupervisor(principalOf(res), 'Reports');
    const q = parseQuery(SummaryQuery, req);
    const from = new Date(q.from).toISOString();
    const to = new Date(q.to).toISOString();
    const rows: SummaryRow[] = await summaryReport(deps.db, { from, to, ...(q.groupBy ? { groupBy: q.groupBy } : {}) });
    if (q.format === 'csv') {
      sendCsv(res, `summary-${stamp(from)}-${stamp(to)}`, toCsv(SUMMARY_COLUMNS, rows.map((r) => SUMMARY_COLUMNS.map((c) => r[c]))));
      return;
    }
    res.json({ from, to, groupBy: q.groupBy ?? null, rows });
  });

  router.get('/reports/patterns', async (req, res) => {
    assertSupervisor(principalOf(res), 'Reports');
    const q = parseQuery(PatternsQuery, req);
    const from = new Date(q.from).toISOString();
    const to = new Date(q.to).toISOString();
    const rows: PatternRow[] = await patternsReport(deps.db, { from, to });
    if (q.format === 'csv') {
      sendCsv(res, `patterns-${stamp(from)}-${stamp(to)}`, toCsv(PATTERN_COLUMNS, rows.map((r) => PATTERN_COLUMNS.map((c) => r[c]))));
      return;
    }
    res.json({ from, to, previousFrom: previousPeriodStart(from, to), rows });
  });

  return router;
}
