/** Formatting shared by the sections of docs/benchmarks.md. */
import type { CpuShare } from '../cpu';
import type { BackendResult } from '../run';
import type { CreateKind } from '../scenarios/create';
import type { Distribution } from '../stats';

export const BACKEND_TITLE: Record<string, string> = { dev: 'dev server (SQLite)', postgres: 'Temporal server on Postgres' };
export const KIND_LABEL: Record<CreateKind, string> = {
  bare: 'bare start',
  rest: 'REST',
  'rest-idempotent': 'REST + Idempotency-Key',
  'rest-no-worker': 'REST, worker stopped (diagnostic)',
};
export const BACKEND_SHORT: Record<string, string> = { dev: 'dev', postgres: 'Postgres' };
export const title = (b: BackendResult) => BACKEND_TITLE[b.name] ?? b.name;
export const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
export const num = (v: number | undefined, digits = 1) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits));

export function table(head: string[], rows: (string | number)[][]): string {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function lagCells(d: Distribution): string[] {
  return [ms(d.p50), ms(d.p95), ms(d.p99), ms(d.max)];
}

export function cpuLine(cpu: CpuShare[]): string {
  return `CPU during the phase (100% = one core): ${cpu
    .filter((s) => s.seconds > 0)
    .map((s) => `${s.component} ${s.percentOfCore}%`)
    .join(', ')}.`;
}
