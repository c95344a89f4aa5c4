/**
 * The events phase's block of docs/benchmarks.md: what two event subscriptions cost a lapse storm.
 * It has markers of its own, so a run of that phase alone (`--phases events --docs`) rewrites it
 * and leaves the other measurements' block as it was.
 */
import { OUTSIDE } from '../cpu';
import { cpuMsTotal } from '../scenarios/alerts';
import { EVENT_TYPES, type EventsStorm } from '../scenarios/events';
import type { BenchResult } from '../run';
import { cpuLine, ms, num, table, title } from './format';

export const EVENTS_START = '<!-- bench:events:start (npm run bench rewrites this block when it ran the events phase) -->';
export const EVENTS_END = '<!-- bench:events:end -->';

const cpuOf = (s: EventsStorm, component: string) => s.storm.cpuMsPerLapse.find((c) => c.component === component)?.ms ?? 0;
const received = (s: EventsStorm) =>
  s.receivers?.length ? s.receivers.map((r) => ['created', 'lapsed', 'escalated'].map((t) => r.byType[t] ?? 0).join(' / ')).join('; ') : '–';

export function hasEvents(r: BenchResult): boolean {
  return r.backends.some((b) => b.events?.storms.length);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const outside = (s: EventsStorm) => s.storm.cpu.find((c) => c.component === OUTSIDE)?.percentOfCore ?? 0;
/** Followthrough's own CPU per lapse: everything measured but the load generator, where the receivers run. */
const ours = (s: EventsStorm) => cpuMsTotal(s.storm) - cpuOf(s, 'load generator');

export function eventsSection(r: BenchResult, jsonFile: string): string {
  const measured = r.backends.filter((b) => b.events?.storms.length);
  const n = r.options.eventsN;
  // From the storms themselves: a results file written before --events-subs existed has them too.
  const pattern = measured[0]?.events?.storms.map((s) => s.subscriptions) ?? [];
  const k = Math.max(...pattern);
  const out = [
    '## Event subscriptions in a lapse storm',
    '',
    `Run of \`${r.command}\` on ${r.startedAt.slice(0, 10)}, code ${r.source ?? 'unknown'}, ${r.machine.cores} × ${r.machine.cpuModel}; results [\`${jsonFile}\`](../${jsonFile}).`,
    '',
    `The lapse storm of section 2 (${n} commitments created through the API, all due at one instant, none fulfilled) ${pattern.length} times on the same stack, with ${pattern.join(', ')} event subscriptions in turn ` +
      '(so a drift of the machine, or the escalated commitments each storm leaves open, weighs on both alike). ' +
      `A subscription is an admin's (every team) to a receiver in the benchmark's process (\`tools/testkit/event-receiver.ts\`, verifying every request with the \`standardwebhooks\` package, answering 204) wanting ${EVENT_TYPES.map((t) => `\`${t.replace('followthrough.commitment.', '')}\``).join(', ')}: ` +
      `per lapse 2 deliveries to each (lapsed, escalated), and 1 created delivery to each per commitment before the deadline. ` +
      'The delivery pump (`src/events/pump.ts`) runs through every storm, as under every production worker. ' +
      "Alert lag and *CPU per lapse* are as in section 2, except that a storm has drained only when no delivery is pending either, so the CPU of sending the events is counted. *Ours* leaves out the load generator, where the receivers run: their CPU is the receiving end's. " +
      '*Other processes* is what the rest of the machine used meanwhile (100% = one core): on a shared 2-core machine it moves the lags more than anything measured here.',
    '',
  ];
  const rows = measured.flatMap((b) =>
    (b.events?.storms ?? []).map((s, i) => [
      `${title(b)}, storm ${i + 1}: ${s.subscriptions} subscriptions`,
      `${s.storm.alerted}/${s.storm.started}`,
      ms(s.storm.alertLagMs.p50),
      ms(s.storm.alertLagMs.p99),
      ms(s.storm.drainMs),
      `${Math.round(cpuMsTotal(s.storm))} ms`,
      `${Math.round(ours(s))} ms`,
      num(cpuOf(s, 'worker')),
      num(cpuOf(s, 'app Postgres')),
      `${outside(s)}%`,
      received(s),
      s.receivers ? String(s.receivers.reduce((a, x) => a + x.duplicated, 0)) : '–',
      s.lapsedEventLagMs ? `${ms(s.lapsedEventLagMs.p50)} / ${ms(s.lapsedEventLagMs.p99)}` : '–',
      ms(s.lastEventMs),
    ]),
  );
  out.push(
    table(
      [
        'Backend, storm',
        'Alerted',
        'Alert p50',
        'Alert p99',
        'Drain',
        'CPU per lapse',
        'ours',
        'worker (ms)',
        'app Postgres (ms)',
        'Other processes',
        'Events received per receiver (created / lapsed / escalated)',
        'Duplicates',
        'Lapsed event p50 / p99',
        'Last event',
      ],
      rows,
    ),
    '',
  );
  for (const b of measured) {
    const storms = b.events?.storms ?? [];
    const none = storms.filter((s) => s.subscriptions === 0);
    const some = storms.filter((s) => s.subscriptions === k && k > 0);
    if (none.length && some.length) {
      const p99 = (xs: EventsStorm[]) => mean(xs.map((s) => s.storm.alertLagMs.p99));
      const cpu = (xs: EventsStorm[]) => mean(xs.map(ours));
      const worker = (xs: EventsStorm[]) => mean(xs.map((s) => cpuOf(s, 'worker')));
      const pg = (xs: EventsStorm[]) => mean(xs.map((s) => cpuOf(s, 'app Postgres')));
      const d = cpu(some) - cpu(none);
      out.push(
        `- ${title(b)}, mean of the ${none.length} storm(s) with none and the ${some.length} with ${k}: alert p99 ${ms(p99(none))} → ${ms(p99(some))} (${num(p99(some) / p99(none), 2)} ×); ` +
          `our CPU per lapse ${Math.round(cpu(none))} → ${Math.round(cpu(some))} ms (${d >= 0 ? '+' : '−'}${Math.round(Math.abs(d))} ms, ${d >= 0 ? '+' : '−'}${num(Math.abs(d / cpu(none)) * 100, 0)}%), ` +
          `of which worker ${num(worker(none))} → ${num(worker(some))} ms and app Postgres ${num(pg(none))} → ${num(pg(some))} ms.`,
      );
    }
    for (const [i, s] of storms.entries()) {
      const attempts = Object.entries(s.attempts ?? {})
        .map(([answer, x]) => `${answer} × ${x}`)
        .join(', ');
      out.push(
        `- ${title(b)}, storm ${i + 1} (${s.subscriptions} subscriptions): ${attempts ? `the pump's attempts ${attempts}. ` : ''}${cpuLine(s.storm.cpu)}`,
      );
    }
  }
  return out.join('\n');
}
