/**
 * When a text may go to a customer, by where they are (docs/texting.md): the federal floor for every
 * text, the stricter hours of some states, a state's limit on texts about one subject, and the
 * team's own quiet hours on top. Pure and sandbox-safe (Intl through ./zoned-time only, no I/O, no
 * clock of its own): the workflow asks it how long a text waits on a durable timer, and the answer
 * for the same instant is always the same.
 *
 * Every window is read on the wall clock at the customer's location, in their IANA zone. The next
 * allowed moment is found by stepping: to the next opening on the wall clock, or to the zone's next
 * offset change when one comes first, and reading the clock again there. So on a daylight-saving
 * day 8 AM is still 8 AM local, an opening inside the skipped spring hour opens when the clock
 * leaves the gap, and an hour the autumn change repeats is read twice, as it is lived. The answer is
 * exact to the millisecond, never an hour off.
 */
import { wallClock } from './zoned-time';
import type { QuietHours, StateTextingRules } from './policy';

export const TEXTING_WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type TextingWeekday = (typeof TEXTING_WEEKDAYS)[number];

/** Local "HH:MM" from `start` up to (not including) `end`; `end` may be "24:00". A legal window never passes midnight. */
export interface TextingWindow {
  start: string;
  end: string;
}

export type WeeklyWindows = Readonly<Record<TextingWeekday, readonly TextingWindow[]>>;

/** One row of the table: when texts may go to a customer in `region`, and how many about one subject. */
export interface TextingRule {
  /** `US` for the federal floor, else ISO 3166-2 (`US-FL`). */
  region: string;
  /** For a sentence: "Florida's telephone solicitation hours". */
  name: string;
  citation: string;
  /** Allowed local windows on each weekday; a day with none is closed all day. */
  hours: WeeklyWindows;
  /** At most this many texts about one subject to one number in any rolling 24 hours. */
  perSubjectPer24h?: number;
}

const DAY_MS = 24 * 3600_000;

const everyDay = (start: string, end: string): WeeklyWindows =>
  Object.fromEntries(TEXTING_WEEKDAYS.map((d) => [d, [{ start, end }]])) as unknown as WeeklyWindows;

/** 47 CFR § 64.1200(c)(1): no telephone solicitation before 8 a.m. or after 9 p.m. local time at the called party's location. */
export const FEDERAL_RULE: TextingRule = {
  region: 'US',
  name: 'the federal telephone solicitation hours',
  citation: '47 CFR § 64.1200(c)(1)',
  hours: everyDay('08:00', '21:00'),
};

/**
 * The states whose rules are stricter than the floor. What each was checked against, and where, is
 * in docs/texting.md; change a row there and here together, with a test row (test/places).
 */
export const STATE_RULES: Readonly<Record<string, TextingRule>> = {
  'US-FL': {
    region: 'US-FL',
    name: "Florida's telephone solicitation hours",
    citation: 'Fla. Stat. § 501.616(6)(a)–(b)',
    hours: everyDay('08:00', '20:00'),
    perSubjectPer24h: 3,
  },
  'US-OK': {
    region: 'US-OK',
    name: "Oklahoma's telephone solicitation hours",
    citation: 'Okla. Stat. tit. 15, § 775C.4 (Telephone Solicitation Act of 2022)',
    hours: everyDay('08:00', '20:00'),
    perSubjectPer24h: 3,
  },
  'US-MD': {
    region: 'US-MD',
    name: "Maryland's telephone solicitation hours",
    citation: 'Md. Code, Com. Law § 14-4503 (Stop the Spam Calls Act of 2023)',
    hours: everyDay('08:00', '20:00'),
    perSubjectPer24h: 3,
  },
  'US-WA': {
    region: 'US-WA',
    name: "Washington's telephone solicitation hours",
    citation: 'RCW 19.158.040(2); RCW 80.36.390',
    hours: everyDay('08:00', '20:00'),
  },
  'US-TX': {
    region: 'US-TX',
    name: "Texas's telephone solicitation hours",
    citation: 'Tex. Bus. & Com. Code § 301.051 (texts since SB 140, Sept. 1, 2025)',
    hours: {
      sun: [{ start: '12:00', end: '21:00' }],
      mon: [{ start: '09:00', end: '21:00' }],
      tue: [{ start: '09:00', end: '21:00' }],
      wed: [{ start: '09:00', end: '21:00' }],
      thu: [{ start: '09:00', end: '21:00' }],
      fri: [{ start: '09:00', end: '21:00' }],
      sat: [{ start: '09:00', end: '21:00' }],
    },
  },
};

/** "HH:MM" or "HH:MM:SS" as milliseconds since local midnight ("24:00" is the day's end). */
function msOfTime(text: string): number {
  const [h = 0, m = 0, s = 0] = text.split(':').map(Number);
  return ((h * 60 + m) * 60 + s) * 1000;
}

function msToTime(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Where two lists of windows overlap. */
function intersect(a: readonly TextingWindow[], b: readonly TextingWindow[]): TextingWindow[] {
  const out: TextingWindow[] = [];
  for (const x of a) {
    for (const y of b) {
      const start = Math.max(msOfTime(x.start), msOfTime(y.start));
      const end = Math.min(msOfTime(x.end), msOfTime(y.end));
      if (start < end) out.push({ start: msToTime(start), end: msToTime(end) });
    }
  }
  return out.sort((p, q) => msOfTime(p.start) - msOfTime(q.start));
}

/**
 * The rule that holds for a customer in `region`: the state's where the table has one, each day's
 * windows cut to the federal floor's (a state rule never widens it); the floor itself elsewhere, and
 * for no region or one the table does not know.
 */
export function rulesFor(region: string | undefined): TextingRule {
  const state = region === undefined ? undefined : STATE_RULES[region];
  if (!state) return FEDERAL_RULE;
  const hours = Object.fromEntries(TEXTING_WEEKDAYS.map((d) => [d, intersect(FEDERAL_RULE.hours[d], state.hours[d])])) as unknown as WeeklyWindows;
  return { ...state, hours };
}

export interface StateRulesChoice {
  /** The team's choice (docs/texting.md); absent: 'every_text', the conservative one. */
  stateRules?: StateTextingRules;
  /** Whether this message is promotional; none of ours are today. */
  promotional?: boolean;
}

/** Whether the state rules reach this message under the team's choice. The federal floor always does. */
export const stateRulesApply = (choice: StateRulesChoice = {}): boolean => (choice.stateRules ?? 'every_text') === 'every_text' || choice.promotional === true;

/** The rule this message answers to: rulesFor(region) when state rules reach it, else the federal floor. */
export const ruleForMessage = (region: string | undefined, choice: StateRulesChoice = {}): TextingRule =>
  stateRulesApply(choice) ? rulesFor(region) : FEDERAL_RULE;

/** 3 where the customer's state limits texts about one subject in 24 hours (and its rules reach this message), else undefined. */
export function perSubjectLimit(region: string | undefined, choice: StateRulesChoice = {}): number | undefined {
  return ruleForMessage(region, choice).perSubjectPer24h;
}

/**
 * Whether one more text about one subject may go to one number at `at`, given when the earlier
 * ones about it went: 0 when fewer than `limit` went in the 24 hours before, else the wait until the
 * oldest of the last `limit` leaves the rolling window. No limit: 0.
 */
export function perSubjectDelayMs(at: Date, sentBefore: readonly (Date | string | number)[], limit: number | undefined): number {
  if (limit === undefined) return 0;
  const t = at.getTime();
  return Math.max(0, subjectOpensAt(sorted(sentBefore, t), limit, t) - t);
}

/** Send times at or before `t`, earliest first. */
function sorted(sent: readonly (Date | string | number)[], t: number): number[] {
  return sent
    .map((s) => new Date(s).getTime())
    .filter((s) => Number.isFinite(s) && s <= t)
    .sort((a, b) => a - b);
}

/** The first instant from `t` at which fewer than `limit` of `sends` lie in the 24 hours before it. */
function subjectOpensAt(sends: readonly number[], limit: number, t: number): number {
  const recent = sends.filter((s) => s > t - DAY_MS).length;
  if (recent < limit) return t;
  // A send exactly 24 hours ago has left the window: at oldest + 24 h only limit - 1 remain.
  return Math.max(t, sends[sends.length - limit]! + DAY_MS);
}

/** What held a text back, for the timeline. Quiet hours are the team's own pseudo-rule (region `policy`). */
export interface TextingHold {
  kind: 'law' | 'per_subject_limit' | 'quiet_hours';
  region: string;
  name: string;
  citation: string;
  /** The hours it allows, for a sentence: "8 AM to 8 PM", "9 PM to 8 AM". */
  hours: string;
}

export interface TextingDelay {
  /** 0: it may go now. */
  delayMs: number;
  /** Which rule held it; absent when it may go now. */
  rule?: TextingHold;
}

export interface TextingOptions extends StateRulesChoice {
  /** The team's quiet hours (policy.quietHours); null or absent: none. May span midnight. */
  quietHours?: QuietHours | null;
  /** When earlier texts about this commitment went to this number: counted against a state's per-subject limit. */
  sentAboutSubject?: readonly (Date | string | number)[];
}

/** No moment within a fortnight satisfies every rule at once (quiet hours that cover the whole legal window). */
export class NoTextingTimeError extends Error {
  override name = 'NoTextingTimeError';
}

/**
 * How long a text due at `at` to a customer in `zone` and `region` waits: 0 when it may go now,
 * else the milliseconds until the first moment every rule allows (the law for the place, the
 * per-subject limit, the team's quiet hours), and which rule held it last. The law is asked first,
 * so when several open at the same moment the law is named.
 */
export function textingDelay(at: Date, zone: string, region: string | undefined, opts: TextingOptions = {}): TextingDelay {
  const rule = ruleForMessage(region, opts);
  const gates: Gate[] = [weeklyGate(zone, rule.hours, lawHold(rule))];
  const limit = rule.perSubjectPer24h;
  if (limit !== undefined && opts.sentAboutSubject?.length) gates.push(subjectGate(sorted(opts.sentAboutSubject, at.getTime()), limit, rule));
  const quiet = quietGate(zone, opts.quietHours ?? null);
  if (quiet) gates.push(quiet);

  const from = at.getTime();
  let t = from;
  let held: TextingHold | undefined;
  for (let moves = 0; moves < 64; moves++) {
    const closed = gates.find((g) => !g.open(t));
    if (!closed) return held ? { delayMs: t - from, rule: held } : { delayMs: t - from };
    t = closed.next(t);
    held = closed.hold;
    if (t - from > 14 * DAY_MS) break;
  }
  throw new NoTextingTimeError(`no moment in the next 14 days allows a text under ${rule.name} and the quiet hours together`);
}

/**
 * The reason a held text waits, for a sentence the caller finishes with the time it goes:
 * "waits for Florida's telephone solicitation hours (8 AM to 8 PM) to open" + " at 8:00 AM EST tomorrow".
 */
export function holdText(hold: TextingHold): string {
  switch (hold.kind) {
    case 'law':
      return `waits for ${hold.name} (${hold.hours}) to open`;
    case 'quiet_hours':
      return `waits for the team's quiet hours (${hold.hours}) to end`;
    case 'per_subject_limit':
      return `waits for ${hold.name} (${hold.hours}) to allow another`;
  }
}

// ---- Human text for hours ----

function clockWords(ms: number): string {
  if (ms === 0 || ms === DAY_MS) return 'midnight';
  if (ms === 12 * 3600_000) return 'noon';
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}${m ? `:${String(m).padStart(2, '0')}` : ''} ${h < 12 ? 'AM' : 'PM'}`;
}

const windowsText = (ws: readonly TextingWindow[]): string =>
  ws.length ? ws.map((w) => `${clockWords(msOfTime(w.start))} to ${clockWords(msOfTime(w.end))}`).join(' and ') : 'closed';

const DAY_NAMES: Record<TextingWeekday, string> = {
  sun: 'Sunday',
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
};

/** "8 AM to 8 PM", or by days: "9 AM to 9 PM Monday to Saturday, noon to 9 PM Sunday". */
export function hoursText(hours: WeeklyWindows): string {
  const week = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => ({ day: d, text: windowsText(hours[d]) }));
  if (week.every((d) => d.text === week[0]!.text)) return week[0]!.text;
  const runs: { from: TextingWeekday; to: TextingWeekday; text: string }[] = [];
  for (const d of week) {
    const last = runs.at(-1);
    if (last && last.text === d.text) last.to = d.day;
    else runs.push({ from: d.day, to: d.day, text: d.text });
  }
  return runs.map((r) => `${r.text} ${r.from === r.to ? DAY_NAMES[r.from] : `${DAY_NAMES[r.from]} to ${DAY_NAMES[r.to]}`}`).join(', ');
}

const lawHold = (rule: TextingRule): TextingHold => ({
  kind: 'law',
  region: rule.region,
  name: rule.name,
  citation: rule.citation,
  hours: hoursText(rule.hours),
});

// ---- The wall clock in a zone ----

// wallClock (./zoned-time.ts): the local date and time of an instant, written as if it were UTC milliseconds.
const offsetAt = (t: number, zone: string): number => wallClock(t, zone) - t;

/** The first instant after `lo` whose offset differs from lo's; `hi` is known to differ. */
function offsetChange(lo: number, hi: number, zone: string): number {
  const before = offsetAt(lo, zone);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid, zone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

// ---- Gates: one rule each, asked whether it allows an instant and when it next does ----

interface Gate {
  open(t: number): boolean;
  /** The first instant at or after `t` that it allows. */
  next(t: number): number;
  hold: TextingHold;
}

/** Allowed [start, end) milliseconds of the local day, by weekday (0 = Sunday). */
type DayIntervals = readonly (readonly [number, number])[];

function weeklyGate(zone: string, hours: WeeklyWindows, hold: TextingHold): Gate {
  const days: DayIntervals[] = TEXTING_WEEKDAYS.map((d) => hours[d].map((w) => [msOfTime(w.start), msOfTime(w.end)] as const).sort((a, b) => a[0] - b[0]));
  return intervalsGate(zone, days, hold);
}

/** Quiet hours as the time they leave open each day; null when there are none. */
function quietGate(zone: string, quiet: QuietHours | null): Gate | null {
  if (!quiet) return null;
  const s = msOfTime(quiet.start);
  const e = msOfTime(quiet.end);
  if (s === e) return null;
  const open: DayIntervals = s < e ? [[0, s] as const, [e, DAY_MS] as const].filter(([a, b]) => a < b) : [[e, s] as const];
  const hold: TextingHold = {
    kind: 'quiet_hours',
    region: 'policy',
    name: 'quiet hours',
    citation: "the team's policy (quietHours)",
    hours: `${clockWords(s)} to ${clockWords(e)}`,
  };
  return intervalsGate(
    zone,
    TEXTING_WEEKDAYS.map(() => open),
    hold,
  );
}

function intervalsGate(zone: string, days: readonly DayIntervals[], hold: TextingHold): Gate {
  const openWall = (w: number): boolean => {
    const ms = ((w % DAY_MS) + DAY_MS) % DAY_MS;
    const day = days[new Date(w).getUTCDay()]!;
    return day.some(([s, e]) => ms >= s && ms < e);
  };
  /** The next wall time after `w` at which a window starts, looking a week and a day ahead. */
  const nextStartWall = (w: number): number | undefined => {
    const ms = ((w % DAY_MS) + DAY_MS) % DAY_MS;
    const midnight = w - ms;
    const weekday = new Date(midnight).getUTCDay();
    for (let k = 0; k <= 8; k++) {
      for (const [s] of days[(weekday + k) % 7]!) {
        const candidate = midnight + k * DAY_MS + s;
        if (candidate > w) return candidate;
      }
    }
    return undefined;
  };
  return {
    hold,
    open: (t) => openWall(wallClock(t, zone)),
    next(t) {
      let cur = t;
      for (let step = 0; step < 32; step++) {
        const w = wallClock(cur, zone);
        if (openWall(w)) return cur;
        const target = nextStartWall(w);
        if (target === undefined) break;
        // On the wall clock the opening is target - w away; if the zone's offset changes on the
        // way, stop at the change and read the clock again there.
        const guess = cur + (target - w);
        cur = offsetAt(guess, zone) === offsetAt(cur, zone) ? guess : offsetChange(cur, guess, zone);
      }
      throw new NoTextingTimeError(`${hold.name} never opens`);
    },
  };
}

function subjectGate(sends: readonly number[], limit: number, rule: TextingRule): Gate {
  const place = rule.name.replace(/ telephone solicitation hours$/, '');
  return {
    hold: {
      kind: 'per_subject_limit',
      region: rule.region,
      name: `${place} limit on texts about one subject`,
      citation: rule.citation,
      hours: `at most ${limit} in 24 hours`,
    },
    open: (t) => subjectOpensAt(sends, limit, t) === t,
    next: (t) => subjectOpensAt(sends, limit, t),
  };
}
