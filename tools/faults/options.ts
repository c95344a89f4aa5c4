/**
 * Command-line options of `npm run faults -- …`. The full run is the table (150
 * commitments per fault); `--quick` is the CI check: one fault, 20 commitments, under 3 minutes.
 */
import { parseArgs } from 'node:util';
import { QUICK_RETRY_SCHEDULE_MS } from './events';
import { MAX_PER_SCENARIO } from './population';
import { QUICK_SCENARIO, SCENARIOS } from './scenarios';
import { STOP_SCENARIO } from './stop-scenario';

export const SCENARIO_IDS = [...SCENARIOS.map((s) => s.id), STOP_SCENARIO.id];
export const SECTIONS = ['before', 'after'] as const;
export type Section = (typeof SECTIONS)[number];

export interface FaultOptions {
  quick: boolean;
  n: number;
  scenarios: string[];
  /** Which table of docs/reliability.md the run writes, or none. */
  docs: Section | undefined;
  /** After a fault, how long to wait for the system to go quiet before missing messages count as lost. */
  quietTimeoutS: number;
  maxMinutes: number;
  /** The event pump's retry schedule (ms), when not the real Standard Webhooks one (src/events/pump.ts). */
  eventRetryScheduleMs?: number[];
}

export const USAGE = `npm run faults -- [options]
  --quick              one fault (${QUICK_SCENARIO}), 20 commitments; exit 1 if anything is lost (CI)
  --n N                commitments per fault (default 150; quick 20)
  --scenarios a,b      which faults (default all): ${SCENARIO_IDS.join(', ')}
  --docs before|after  which table of docs/reliability.md to rewrite (default after; quick: none)
  --no-docs            leave docs/reliability.md alone
  --quiet-timeout S    seconds to wait for quiet after a fault (default 300; quick 90)
  --max-minutes M      stop everything after M minutes (default 40; quick 5)
  --event-retries R    the event pump's retry schedule: real (5 s, 5 min, 30 min, …; the default) or
                       seconds after each failed attempt, such as 1,5,15,30 (quick: ${QUICK_RETRY_SCHEDULE_MS.map((ms) => ms / 1000).join(',')})`;

/** Thrown for a bad command line; the message names the option. */
export class OptionsError extends Error {
  override readonly name = 'OptionsError';
}

function int(value: string | undefined, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new OptionsError(`--${name} must be an integer from 1 to ${max}, not ${value}`);
  return n;
}

/** `real` (undefined: the pump's own schedule) or seconds after each failed attempt; quick runs compress it by default. */
function retries(value: string | undefined, quick: boolean): number[] | undefined {
  if (value === undefined) return quick ? QUICK_RETRY_SCHEDULE_MS : undefined;
  if (value === 'real') return undefined;
  const steps = value.split(',').map((s) => Number(s.trim()));
  if (!steps.length || steps.some((s) => !Number.isFinite(s) || s <= 0 || s > 86_400))
    throw new OptionsError(`--event-retries takes real or seconds such as 1,5,15,30 (each more than 0, at most 86400), not ${value}`);
  return steps.map((s) => Math.round(s * 1000));
}

export function parseOptions(argv: string[]): FaultOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      n: { type: 'string' },
      scenarios: { type: 'string' },
      docs: { type: 'string' },
      'no-docs': { type: 'boolean', default: false },
      'quiet-timeout': { type: 'string' },
      'max-minutes': { type: 'string' },
      'event-retries': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new OptionsError(USAGE);
  const quick = values.quick ?? false;
  const scenarios = (values.scenarios ?? (quick ? QUICK_SCENARIO : SCENARIO_IDS.join(','))).split(',').map((s) => s.trim());
  for (const s of scenarios) if (!SCENARIO_IDS.includes(s)) throw new OptionsError(`--scenarios takes ${SCENARIO_IDS.join(', ')}, not ${s}`);
  const docs = values['no-docs'] ? undefined : (values.docs ?? (quick ? undefined : 'after'));
  if (docs !== undefined && !(SECTIONS as readonly string[]).includes(docs)) throw new OptionsError(`--docs takes before or after, not ${docs}`);
  const eventRetryScheduleMs = retries(values['event-retries'], quick);
  return {
    quick,
    n: int(values.n, 'n', quick ? 20 : 150, MAX_PER_SCENARIO),
    scenarios,
    docs: docs as Section | undefined,
    quietTimeoutS: int(values['quiet-timeout'], 'quiet-timeout', quick ? 90 : 300),
    maxMinutes: int(values['max-minutes'], 'max-minutes', quick ? 5 : 40),
    ...(eventRetryScheduleMs ? { eventRetryScheduleMs } : {}),
  };
}
