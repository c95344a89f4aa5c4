/**
 * Supervisor reports: GET /v1/reports/summary and GET /v1/reports/patterns, as JSON or, with
 * `format=csv`, as RFC 4180 CSV with a header row (for a spreadsheet, the usual destination).
 */
import type { Response } from 'express';
import { z } from 'zod';
import { patternsReport, previousPeriodStart, summaryReport } from '../db/reports';
import { PatternsQuery, PatternsReport, SummaryQuery, SummaryReport, type PatternRow, type SummaryRow } from './query-schemas';
import { overseenTeam } from './auth';
import { assertSupervisor } from './queues';
import { problemResponse } from './resource';
import { route, type AnyRoute } from './route';

type Cell = string | number | boolean | null | undefined;

/**
 * What a spreadsheet runs as a formula at the start of a cell: = + - @ (and their full-width forms,
 * which some locales' Excel reads the same), after any spaces; a leading tab or CR is one too.
 */
const FORMULA = /(^|[,;\t|\r\n])([ \u00a0]*)(?=[=+\-@\uff1d\uff0b\uff0d\uff20])|^(?=[\t\r])/g;
/** Where a spreadsheet splits cells in some locale: `,` here, `;` where the comma is the decimal point, tab, `|`. */
const SEPARATOR = /[",;\t|\r\n]/;

/** A text cell that no spreadsheet in any locale runs: a formula start gets a `'`, wherever a cell could begin. */
export function defuseCell(text: string): string {
  return text.replace(FORMULA, "$1$2'");
}

/**
 * RFC 4180, lines ending in CRLF. Text cells (owner ids, names, supervisors come from API input)
 * are defused, and quoted (quotes doubled) when they hold a separator of any locale, so `x;=1+2`
 * stays one cell even where Excel splits on `;`. Numbers are written as they are.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const field = (v: Cell) => {
    const s = v === null || v === undefined ? '' : typeof v === 'string' ? defuseCell(v) : String(v);
    return SEPARATOR.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
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
  'medianTimeToAcknowledgeBusinessSeconds',
  'attemptsPerKeptPromise',
  'unreachableRate',
  'customerMoves',
] as const satisfies readonly (keyof SummaryRow)[];

const PATTERN_COLUMNS = ['trigger', 'rootCause', 'count', 'lapsed', 'neededFixes', 'previousCount', 'delta'] as const satisfies readonly (keyof PatternRow)[];

export function sendCsv(res: Response, name: string, text: string): void {
  res.type('text/csv; charset=utf-8; header=present').attachment(`${name}.csv`).send(text);
}

export const stamp = (iso: string) => iso.replace(/[:.]/g, '-');

/** JSON, or with format=csv a spreadsheet-ready CSV. */
export const report = (description: string, schema: z.ZodType, example: string) => ({
  200: { description, content: { 'application/json': { schema }, 'text/csv': { schema: z.string().meta({ example }) } } },
  403: problemResponse('Only the supervisor role may read this'),
});

export const reportRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/v1/reports/summary',
    operationId: 'getSummaryReport',
    tag: 'Reports',
    summary: 'Outcome counts and rates of the commitments created in [from, to)',
    auth: 'key',
    query: SummaryQuery,
    responses: report('One row per group (one overall row without groupBy)', SummaryReport, 'group,created,keptOnTime\r\n,12,9\r\n'),
    handle: async ({ principal, query: q, res }, deps) => {
      assertSupervisor(principal, 'Reports');
      const { from, to } = q;
      const rows: SummaryRow[] = await summaryReport(deps.db, { from, to, team: overseenTeam(principal), ...(q.groupBy ? { groupBy: q.groupBy } : {}) });
      if (q.format === 'csv') {
        sendCsv(
          res,
          `summary-${stamp(from)}-${stamp(to)}`,
          toCsv(
            SUMMARY_COLUMNS,
            rows.map((r) => SUMMARY_COLUMNS.map((c) => r[c])),
          ),
        );
        return;
      }
      res.json({ from, to, groupBy: q.groupBy ?? null, rows });
    },
  }),
  route({
    method: 'get',
    path: '/v1/reports/patterns',
    operationId: 'getPatternsReport',
    tag: 'Reports',
    summary: 'Trigger × root cause counts against the previous period of the same length, largest first',
    auth: 'key',
    query: PatternsQuery,
    responses: report(
      'One row per trigger and root cause',
      PatternsReport,
      'trigger,rootCause,count,previousCount,delta\r\nbilling_error,bad_automation,12,4,8\r\n',
    ),
    handle: async ({ principal, query: q, res }, deps) => {
      assertSupervisor(principal, 'Reports');
      const { from, to } = q;
      const rows: PatternRow[] = await patternsReport(deps.db, { from, to, team: overseenTeam(principal) });
      if (q.format === 'csv') {
        sendCsv(
          res,
          `patterns-${stamp(from)}-${stamp(to)}`,
          toCsv(
            PATTERN_COLUMNS,
            rows.map((r) => PATTERN_COLUMNS.map((c) => r[c])),
          ),
        );
        return;
      }
      res.json({ from, to, previousFrom: previousPeriodStart(from, to), rows });
    },
  }),
];
