/**
 * Business-hours calendars (docs/business-hours.md): the list, and one calendar's weekly hours,
 * holidays and date overrides, with a preview of where a deadline counted on it falls now. Everyone
 * signed in may read them (an agent promising "by close of business" should see what that means);
 * admins add calendars, change them (a PATCH of the whole calendar, whose answer says which open
 * deadlines moved) and import a region's public holidays. The API's errors land beside the field
 * each is about, by its JSON pointer (/weekly/mon/1, /holidays/0/from).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { WEEKDAYS, type Calendar, type TimeRange, type Weekday } from '../../../calendars/model';
import { clockTime, whenText } from '../../../messages/time';
import { api, ApiError, get, post } from '../api';
import { me } from '../boot';
import { CalendarTables, DAYS, FieldError, Input, RangeList, dateText, idOf, type Errors } from '../components/calendar-fields';
import { Choice, Text } from '../components/fields';
import { usePoll } from '../hooks';
import { navigate } from '../router';
import { counted } from '../words';
import { Refused } from './refused';

/** The API's answers (src/calendars/routes.ts, import-routes.ts, preview.ts). */
interface CalendarDoc extends Calendar {
  updatedAt: string;
}
interface Recount {
  moved: number;
  unchanged: number;
  notReached: string[];
}
interface Changed extends CalendarDoc {
  commitments: Recount;
}
interface Imported extends Changed {
  added: number;
}
interface Preview {
  at: string;
  openNow: boolean;
  dueInMs: number;
  dueAt: string;
  closeOfBusiness: string;
  nextBusinessDay10am: string;
}

/** Only admins change calendars; the API says so too (403). */
const admin = me.role === 'admin';
const zones = Intl.supportedValuesOf('timeZone');
const calendarPath = (id: string) => `/v1/calendars/${encodeURIComponent(id)}`;

/**
 * The heading takes the focus back when the page replaced its "Loading…" heading (main.tsx focuses
 * the first) and nobody has moved it since: keyboard and screen-reader users start at the top.
 */
function focusHeading(): void {
  const at = document.activeElement;
  if (!at || at === document.body) document.querySelector<HTMLElement>('main h1')?.focus();
}

/** Said once on the calendar's page after the list page added it. */
let flash: string | undefined;

/** The API's errors by pointer; an overlap's "range 0" is counted from 1, as the labels are. */
function errorsOf(err: unknown): Errors {
  const out: Errors = {};
  if (!(err instanceof ApiError)) return out;
  for (const e of err.problem.errors ?? []) {
    const detail = /^\/(weekly|overrides)\//.test(e.pointer) ? e.detail.replace(/\brange (\d+)\b/g, (_, n: string) => `range ${Number(n) + 1}`) : e.detail;
    out[e.pointer] ??= detail;
  }
  return out;
}

/** What a save or an import did to the open deadlines counted on the calendar. */
function recountText(r: Recount): string {
  const out: string[] = [];
  if (r.moved === 1) out.push('1 open deadline moved; its customer is told the new time.');
  else if (r.moved > 1) out.push(`${r.moved} open deadlines moved; their customers are told the new time.`);
  if (r.unchanged) out.push(`${counted(r.unchanged, 'open deadline')} counted on it ${r.unchanged === 1 ? 'stays where it was' : 'stay where they were'}.`);
  const n = r.notReached.length;
  if (n)
    out.push(
      `${counted(n, 'commitment')} could not be reached just now and ${n === 1 ? 'keeps its' : 'keep their'} deadline; save again to count ${n === 1 ? 'it' : 'them'} again.`,
    );
  if (!out.length) out.push('No open deadline is counted on it.');
  return out.join(' ');
}

/** /calendars, or /calendars/{id}: what main.tsx loads when either is opened. */
export function CalendarPages(props: { id: string | undefined }) {
  return props.id ? <CalendarPage key={props.id} id={props.id} /> : <CalendarsPage />;
}

// ---------------------------------------------------------------------------------------------
// The list, and adding a calendar.

const STARTS: Record<string, [string, Calendar['weekly']]> = {
  weekdays: ['Monday to Friday, 09:00 to 17:00', Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]]))],
  always: ['Open all the time (24/7)', Object.fromEntries(WEEKDAYS.map((d) => [d, [{ start: '00:00', end: '24:00' }]]))],
  closed: ['Closed every day (set the hours next)', {}],
};

export function CalendarsPage() {
  const list = usePoll(() => get<{ items: CalendarDoc[] }>('/v1/calendars'), [], 0);
  useEffect(() => {
    document.title = 'Calendars · Followthrough';
    focusHeading();
  }, []);
  const items = list.data?.items ?? [];
  return (
    <>
      <h1 tabIndex={-1}>Calendars</h1>
      <p class="muted">
        The business hours a team&apos;s deadlines count on: a team names its calendar, and one without is open all the time.{' '}
        {admin ? 'Open a calendar to change its hours, holidays and date overrides.' : 'Only admins change them.'}
      </p>
      {list.error ? (
        <p role="alert" class="error">
          Could not load: {list.error.message}
        </p>
      ) : null}
      {items.length ? (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Calendars">
          <table>
            <thead>
              <tr>
                <th scope="col">Calendar</th>
                <th scope="col">Id</th>
                <th scope="col">Time zone</th>
                <th scope="col">Holidays</th>
                <th scope="col">Version</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr>
                  <th scope="row">
                    <a href={`/calendars/${c.id}`}>{c.name}</a>
                  </th>
                  <td>{c.id}</td>
                  <td>{c.timeZone}</td>
                  <td>{c.holidays.length}</td>
                  <td>{c.version}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{list.data ? 'No calendars yet.' : 'Loading…'}</p>
      )}
      {admin ? <NewCalendar /> : null}
    </>
  );
}

function NewCalendar() {
  const [zone, setZone] = useState(me.timezone);
  const [start, setStart] = useState('weekdays');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const value = (k: string) => {
      const v = data.get(k);
      return typeof v === 'string' ? v.trim() : '';
    };
    setBusy(true);
    try {
      const c = await post<CalendarDoc>('/v1/calendars', { id: value('id'), name: value('name'), timeZone: zone.trim(), weekly: STARTS[start]?.[1] ?? {} });
      flash = `Added ${c.name} at version 1. Set its hours, holidays and date overrides below.`;
      navigate(`/calendars/${c.id}`);
    } catch (err) {
      const fields = err instanceof ApiError ? err.fieldErrors() : {};
      setErrors(fields);
      setFailure(err instanceof Error ? err.message : String(err));
      const first = Object.keys(fields)[0];
      if (first) form.querySelector<HTMLElement>(`#new-${first}`)?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="new-calendar-title">
      <h2 id="new-calendar-title">Add a calendar</h2>
      <form onSubmit={(e) => void submit(e)} class="stack wide" noValidate>
        <fieldset>
          <legend>New calendar</legend>
          <Text
            idPrefix="new"
            name="id"
            label="Id"
            required
            autoComplete="off"
            hint="Lower-case letters, digits, “.”, “_” or “-”, e.g. billing-hours. Teams name the calendar by it; it cannot change later."
            error={errors.id}
          />
          <Text idPrefix="new" name="name" label="Name" required autoComplete="off" hint="As people read it, e.g. Billing hours." error={errors.name} />
          <Text
            idPrefix="new"
            name="timeZone"
            label="Time zone"
            list="calendar-zones"
            value={zone}
            onChange={setZone}
            hint="Its hours are read on this zone's clock."
            error={errors.timeZone}
          />
          <Choice
            idPrefix="new"
            name="start"
            label="Hours to start from"
            value={start}
            onChange={setStart}
            options={Object.entries(STARTS).map(([k, [label]]) => [k, label])}
            error={errors.weekly}
          />
        </fieldset>
        <datalist id="calendar-zones">
          {zones.map((z) => (
            <option value={z} />
          ))}
        </datalist>
        {failure ? (
          <p role="alert" class="error">
            {failure}
          </p>
        ) : null}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add calendar'}
        </button>
      </form>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// One calendar.

/** The calendar as its form holds it: every weekday (none is closed), a blank `to` or note left out when sent. */
interface Draft {
  name: string;
  timeZone: string;
  weekly: Record<Weekday, TimeRange[]>;
  holidays: { name: string; from: string; to: string }[];
  overrides: { date: string; hours: TimeRange[]; note: string }[];
}

const toDraft = (c: CalendarDoc): Draft => ({
  name: c.name,
  timeZone: c.timeZone,
  weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, c.weekly[d] ?? []])) as Record<Weekday, TimeRange[]>,
  holidays: c.holidays.map((h) => ({ name: h.name, from: h.from, to: h.to ?? '' })),
  overrides: c.overrides.map((o) => ({ date: o.date, hours: o.hours, note: o.note ?? '' })),
});

/** "9:00" is "09:00"; anything else goes as typed, for the API to name beside its field. */
const time = (t: string) => t.trim().replace(/^(\d):(\d\d)$/, '0$1:$2');
const rangesOf = (list: TimeRange[]) => list.map((r) => ({ start: time(r.start), end: time(r.end) }));

/** The PATCH body: the whole calendar, in the form's order, so the API's pointers name the form's rows. */
const bodyOf = (d: Draft) => ({
  name: d.name.trim(),
  timeZone: d.timeZone.trim(),
  weekly: Object.fromEntries(WEEKDAYS.filter((w) => d.weekly[w].length).map((w) => [w, rangesOf(d.weekly[w])])),
  holidays: d.holidays.map((h) => ({ name: h.name.trim(), from: h.from, ...(h.to ? { to: h.to } : {}) })),
  overrides: d.overrides.map((o) => ({ date: o.date, hours: rangesOf(o.hours), ...(o.note.trim() ? { note: o.note.trim() } : {}) })),
});

const same = (d: Draft, c: CalendarDoc) => JSON.stringify(bodyOf(d)) === JSON.stringify(bodyOf(toDraft(c)));

/** Every pointer the form shows an error beside; the API's others are listed above the Save button. */
function placed(d: Draft): Set<string> {
  const out = new Set(['/name', '/timeZone', '/holidays', '/overrides']);
  const ranges = (p: string, list: TimeRange[]) => {
    out.add(p);
    list.forEach((_, i) => ['', '/start', '/end'].forEach((x) => out.add(`${p}/${i}${x}`)));
  };
  WEEKDAYS.forEach((w) => ranges(`/weekly/${w}`, d.weekly[w]));
  d.holidays.forEach((_, i) => ['', '/name', '/from', '/to'].forEach((x) => out.add(`/holidays/${i}${x}`)));
  d.overrides.forEach((o, i) => {
    ['', '/date', '/note'].forEach((x) => out.add(`/overrides/${i}${x}`));
    ranges(`/overrides/${i}/hours`, o.hours);
  });
  return out;
}

export function CalendarPage(props: { id: string }) {
  const [cal, setCal] = useState<CalendarDoc>();
  const [draft, setDraft] = useState<Draft>();
  const [failure, setFailure] = useState<Error>();
  const [notice, setNotice] = useState(() => {
    const said = flash;
    flash = undefined;
    return said;
  });
  const show = (c: CalendarDoc) => {
    setCal(c);
    setDraft(toDraft(c));
  };
  /** Saved or imported: the form's own status says so, and what was said on arrival is old news. */
  const changed = (c: CalendarDoc) => {
    show(c);
    setNotice(undefined);
  };
  useEffect(() => {
    void get<CalendarDoc>(calendarPath(props.id)).then(show, (err: unknown) => setFailure(err instanceof Error ? err : new Error(String(err))));
  }, [props.id]);
  useEffect(() => {
    if (cal) document.title = `${cal.name} · Calendars · Followthrough`;
  }, [cal?.name]);
  useEffect(focusHeading, [cal === undefined]);
  const dirty = cal !== undefined && draft !== undefined && !same(draft, cal);
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  if (failure instanceof ApiError && (failure.status === 404 || failure.status === 400))
    return <Refused status={404} detail={failure.status === 404 ? failure.message : `No calendar has the id ${props.id}.`} />;
  if (!cal || !draft) return <h1 tabIndex={-1}>{failure ? `Could not load: ${failure.message}` : 'Loading…'}</h1>;
  return (
    <>
      <h1 tabIndex={-1}>{cal.name}</h1>
      <p class="lead">
        {cal.timeZone} · <span data-version={cal.version}>version {cal.version}</span> · <span class="muted">id {cal.id}</span>
      </p>
      <p>
        <a href="/calendars">All calendars</a>
      </p>
      {notice ? (
        <p role="status" class="notice">
          {notice}
        </p>
      ) : null}
      <PreviewPanel c={cal} />
      {admin ? (
        <>
          <Editor c={cal} draft={draft} dirty={dirty} setDraft={setDraft} onSaved={changed} />
          <HolidayImport c={cal} dirty={dirty} onImported={changed} />
        </>
      ) : (
        <>
          <p class="muted">Only admins change calendars.</p>
          <CalendarTables c={cal} />
        </>
      )}
    </>
  );
}

/** The preview's choices: business time to count from now. */
const AHEAD: [string, string][] = [1, 2, 4, 8, 24].map((h) => [`PT${h}H`, counted(h, 'business hour')]);

/** Where a deadline counted on the calendar falls now, on the calendar's clock; asked again every minute and after each save. */
function PreviewPanel(props: { c: CalendarDoc }) {
  const { c } = props;
  const [dueIn, setDueIn] = useState('PT4H');
  const preview = usePoll(() => get<Preview>(`${calendarPath(c.id)}/preview?dueIn=${dueIn}`), [c.id, c.version, dueIn], 60_000);
  const p = preview.data;
  const when = (iso: string) => (p ? whenText(new Date(iso), c.timeZone, new Date(p.at)) : '');
  return (
    <section aria-labelledby="preview-title" class="panel preview">
      <h2 id="preview-title">Deadlines on this calendar now</h2>
      <Choice idPrefix="preview" name="dueIn" label="Business time from now" value={dueIn} onChange={setDueIn} options={AHEAD} />
      {preview.error ? (
        <p role="alert" class="error">
          {preview.error instanceof ApiError && preview.error.status === 422
            ? 'It has no open time in the coming year, so no business deadline can be counted on it.'
            : `Could not load the preview: ${preview.error.message}`}
        </p>
      ) : p ? (
        <>
          <p class="lead">
            <strong data-open={p.openNow}>{p.openNow ? 'Open now' : 'Closed now'}</strong> (it is {clockTime(new Date(p.at), c.timeZone)} in {c.timeZone})
          </p>
          <dl class="facts">
            <dt>{counted(Math.round(p.dueInMs / 3_600_000), 'business hour')} from now</dt>
            <dd data-preview="dueAt">{when(p.dueAt)}</dd>
            <dt>Close of business</dt>
            <dd data-preview="closeOfBusiness">{when(p.closeOfBusiness)}</dd>
            <dt>10 AM next business day</dt>
            <dd data-preview="nextBusinessDay10am">{when(p.nextBusinessDay10am)}</dd>
          </dl>
        </>
      ) : (
        <p class="muted">Loading…</p>
      )}
    </section>
  );
}

/** The admin's form: name, zone, the week, holidays and date overrides, saved together. */
function Editor(props: { c: CalendarDoc; draft: Draft; dirty: boolean; setDraft: (d: Draft) => void; onSaved: (c: CalendarDoc) => void }) {
  const { c, draft, setDraft } = props;
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<{ text: string; loose: [string, string][] }>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);
  const focusNext = useRef<string | undefined>(undefined);
  const focusInvalid = useRef(false);
  const form = useRef<HTMLFormElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  // Right after the render that drew the new row or the errors (a plain effect may run late, before another render).
  useLayoutEffect(() => {
    const next = focusNext.current ? document.getElementById(focusNext.current) : null;
    if (next) {
      next.focus();
      focusNext.current = undefined;
    }
    const invalid = focusInvalid.current ? (form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? summary.current) : null;
    if (invalid) {
      invalid.focus();
      focusInvalid.current = false;
    }
  });

  const edit = (d: Draft) => {
    setDraft(d);
    setStatus(undefined);
  };
  /** Rows were added or removed: the API's errors name rows by index, so they no longer fit. */
  const reshape = (d: Draft, focus: string, said?: string) => {
    focusNext.current = focus;
    setErrors({});
    setFailure(undefined);
    setDraft(d);
    setStatus(said);
  };
  const setDay = (day: Weekday, ranges: TimeRange[]) => ({ ...draft, weekly: { ...draft.weekly, [day]: ranges } });
  const setHoliday = (i: number, part: keyof Draft['holidays'][number], v: string) =>
    edit({ ...draft, holidays: draft.holidays.map((h, k) => (k === i ? { ...h, [part]: v } : h)) });
  const setOverride = (i: number, o: Partial<Draft['overrides'][number]>) => ({
    ...draft,
    overrides: draft.overrides.map((x, k) => (k === i ? { ...x, ...o } : x)),
  });

  async function save(e: Event) {
    e.preventDefault();
    if (!props.dirty) {
      setStatus('Nothing to save: the calendar is as saved.');
      return;
    }
    setBusy(true);
    try {
      const changed = await api<Changed>('PATCH', calendarPath(c.id), bodyOf(draft));
      props.onSaved(changed);
      setErrors({});
      setFailure(undefined);
      setStatus(`Saved as version ${changed.version}. ${recountText(changed.commitments)}`);
    } catch (err) {
      const found = errorsOf(err);
      const known = placed(draft);
      const loose = Object.entries(found).filter(([p]) => !known.has(p));
      const n = Object.keys(found).length;
      setErrors(found);
      setStatus(undefined);
      setFailure({
        text: n
          ? `Nothing was saved: ${counted(n, 'problem')} to fix${n > loose.length ? ', marked beside ' + (n - loose.length === 1 ? 'its field' : 'their fields') : ''}.`
          : `Nothing was saved: ${err instanceof Error ? err.message : String(err)}`,
        loose,
      });
      focusInvalid.current = true;
    } finally {
      setBusy(false);
    }
  }

  const copyMonday = () =>
    reshape(
      { ...draft, weekly: { ...draft.weekly, ...Object.fromEntries(['tue', 'wed', 'thu', 'fri'].map((d) => [d, draft.weekly.mon.map((r) => ({ ...r }))])) } },
      'copy-monday',
      "Copied Monday's hours to Tuesday to Friday; save to keep them.",
    );

  return (
    <form ref={form} onSubmit={(e) => void save(e)} class="stack calendar" noValidate aria-labelledby="edit-title">
      <h2 id="edit-title" tabIndex={-1}>
        Change the calendar
      </h2>
      <fieldset>
        <legend>Calendar</legend>
        <Input pointer="/name" label="Name" value={draft.name} onInput={(v) => edit({ ...draft, name: v })} errors={errors} fit="grow" />
        <Input
          pointer="/timeZone"
          label="Time zone"
          value={draft.timeZone}
          onInput={(v) => edit({ ...draft, timeZone: v })}
          errors={errors}
          list="calendar-zones"
          hint="Its hours, holidays and overrides are read on this zone's clock."
          maxLength={64}
        />
        <datalist id="calendar-zones">
          {zones.map((z) => (
            <option value={z} />
          ))}
        </datalist>
      </fieldset>

      <fieldset>
        <legend>Weekly hours</legend>
        <p class="hint">
          Times are HH:MM on a 24-hour clock; 24:00 is the end of the day. A range that closes at or before it opens runs past midnight and belongs to the day
          it opens. A day with no hours is closed. At most 8 ranges a day (a lunch break is two).
        </p>
        <div class="week">
          {DAYS.map(([day, name]) => (
            <fieldset class="day">
              <legend>{name}</legend>
              <RangeList
                pointer={`/weekly/${day}`}
                label={name}
                ranges={draft.weekly[day]}
                errors={errors}
                closed="Closed"
                onChange={(r) => edit(setDay(day, r))}
                onReshape={(r, focus) => reshape(setDay(day, r), focus)}
              />
            </fieldset>
          ))}
        </div>
        <div class="buttons">
          <button type="button" id="copy-monday" onClick={copyMonday}>
            Copy Monday&apos;s hours to Tuesday to Friday
          </button>
        </div>
      </fieldset>

      <fieldset>
        <legend>Holidays</legend>
        <p class="hint">Closed all day. A holiday of several days runs from its first date to its last; leave “To” blank for one day.</p>
        {draft.holidays.length ? (
          <ol class="rows">
            {draft.holidays.map((h, i) => {
              const at = `/holidays/${i}`;
              const context = `holiday ${i + 1}`;
              return (
                <li class="row">
                  <Input
                    pointer={`${at}/name`}
                    label="Holiday"
                    context={context}
                    value={h.name}
                    onInput={(v) => setHoliday(i, 'name', v)}
                    errors={errors}
                    fit="grow"
                  />
                  <Input
                    pointer={`${at}/from`}
                    label="From"
                    context={context}
                    type="date"
                    fit="date"
                    value={h.from}
                    onInput={(v) => setHoliday(i, 'from', v)}
                    errors={errors}
                  />
                  <Input
                    pointer={`${at}/to`}
                    label="To"
                    context={context}
                    type="date"
                    fit="date"
                    value={h.to}
                    onInput={(v) => setHoliday(i, 'to', v)}
                    errors={errors}
                  />
                  <button
                    type="button"
                    onClick={() =>
                      reshape(
                        { ...draft, holidays: draft.holidays.filter((_, k) => k !== i) },
                        idOf('/holidays/add'),
                        `Removed ${h.name.trim() || context}; save to keep the change.`,
                      )
                    }
                  >
                    Remove<span class="sr-only"> {context}</span>
                  </button>
                  <FieldError pointer={at} errors={errors} />
                </li>
              );
            })}
          </ol>
        ) : (
          <p class="empty">No holidays.</p>
        )}
        <FieldError pointer="/holidays" errors={errors} />
        <div class="buttons">
          <button
            type="button"
            id={idOf('/holidays/add')}
            onClick={() =>
              reshape({ ...draft, holidays: [...draft.holidays, { name: '', from: '', to: '' }] }, idOf(`/holidays/${draft.holidays.length}/name`))
            }
          >
            Add a holiday
          </button>
        </div>
      </fieldset>

      <fieldset>
        <legend>Date overrides</legend>
        <p class="hint">Other hours on one date, e.g. a half day; a date with no hours is closed. An override wins over the weekday and over a holiday.</p>
        {draft.overrides.length ? (
          <ol class="rows">
            {draft.overrides.map((o, i) => {
              const at = `/overrides/${i}`;
              const context = `override ${i + 1}`;
              return (
                <li>
                  <fieldset class="day">
                    <legend>
                      Override {i + 1}
                      {o.date ? `: ${dateText(o.date)}` : ''}
                    </legend>
                    <Input
                      pointer={`${at}/date`}
                      label="Date"
                      context={context}
                      type="date"
                      fit="date"
                      value={o.date}
                      onInput={(v) => edit(setOverride(i, { date: v }))}
                      errors={errors}
                    />
                    <RangeList
                      pointer={`${at}/hours`}
                      label={context}
                      ranges={o.hours}
                      errors={errors}
                      closed="Closed all day."
                      onChange={(hours) => edit(setOverride(i, { hours }))}
                      onReshape={(hours, focus) => reshape(setOverride(i, { hours }), focus)}
                    />
                    <Input
                      pointer={`${at}/note`}
                      label="Note (optional)"
                      context={context}
                      value={o.note}
                      onInput={(v) => edit(setOverride(i, { note: v }))}
                      errors={errors}
                    />
                    <FieldError pointer={at} errors={errors} />
                    <button
                      type="button"
                      onClick={() =>
                        reshape(
                          { ...draft, overrides: draft.overrides.filter((_, k) => k !== i) },
                          idOf('/overrides/add'),
                          `Removed ${context}; save to keep the change.`,
                        )
                      }
                    >
                      Remove {context}
                    </button>
                  </fieldset>
                </li>
              );
            })}
          </ol>
        ) : (
          <p class="empty">No date overrides.</p>
        )}
        <FieldError pointer="/overrides" errors={errors} />
        <div class="buttons">
          <button
            type="button"
            id={idOf('/overrides/add')}
            onClick={() =>
              reshape({ ...draft, overrides: [...draft.overrides, { date: '', hours: [], note: '' }] }, idOf(`/overrides/${draft.overrides.length}/date`))
            }
          >
            Add a date override
          </button>
        </div>
      </fieldset>

      {failure ? (
        <div role="alert" class="error" tabIndex={-1} ref={summary}>
          <p>{failure.text}</p>
          {failure.loose.length ? (
            <ul>
              {failure.loose.map(([pointer, detail]) => (
                <li>
                  <code>{pointer || 'The calendar'}</code> {detail}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {props.dirty ? <p class="muted">Unsaved changes.</p> : null}
      <div class="buttons">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save calendar'}
        </button>
        {props.dirty ? (
          <button type="button" onClick={() => reshape(toDraft(c), 'edit-title', 'Changes discarded.')}>
            Discard changes
          </button>
        ) : null}
      </div>
      <div role="status" class="saved">
        {status ? <p>{status}</p> : null}
      </div>
    </form>
  );
}

/** A region's public holidays, added to those the calendar has (an import saves the calendar). */
function HolidayImport(props: { c: CalendarDoc; dirty: boolean; onImported: (c: CalendarDoc) => void }) {
  const [region, setRegion] = useState('');
  const [years, setYears] = useState(String(new Date().getFullYear()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (Object.keys(errors).length) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  async function submit(e: Event) {
    e.preventDefault();
    const asked = years.split(/[\s,]+/).filter(Boolean);
    if (!asked.length || asked.some((y) => !/^\d{4}$/.test(y))) {
      setErrors({ years: 'must be years such as 2027, or 2027, 2028' });
      setFailure(undefined);
      return;
    }
    setBusy(true);
    try {
      const done = await post<Imported>(`${calendarPath(props.c.id)}/holidays/import`, { source: 'public', region: region.trim(), years: asked.map(Number) });
      props.onImported(done);
      setErrors({});
      setFailure(undefined);
      setStatus(
        `${done.added ? `Added ${counted(done.added, 'holiday')}` : 'No holiday added: the calendar has each of them already'}; saved as version ${done.version}. ${recountText(done.commitments)}`,
      );
    } catch (err) {
      const fields: Record<string, string> = {};
      for (const [pointer, detail] of Object.entries(errorsOf(err))) fields[pointer.startsWith('/years') ? 'years' : pointer.slice(1)] ??= detail;
      setErrors(fields);
      setStatus(undefined);
      const whole = fields[''] ?? (err instanceof Error ? err.message : String(err));
      setFailure(`Nothing was imported: ${fields.region || fields.years ? 'see the field marked.' : whole}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">Import public holidays</h2>
      <form ref={form} onSubmit={(e) => void submit(e)} class="stack wide" noValidate>
        <p class="muted">
          Days off for everyone in a country or region, from the maintained date-holidays data; a date the calendar has already is not added twice.
        </p>
        <div class="pair">
          <Text
            idPrefix="import"
            name="region"
            label="Country or region"
            required
            value={region}
            onChange={setRegion}
            hint="A country code, optionally with a region: US, US-TX, GB-SCT."
            error={errors.region}
          />
          <Text
            idPrefix="import"
            name="years"
            label="Years"
            required
            value={years}
            onChange={setYears}
            hint="One to five, e.g. 2027, 2028."
            error={errors.years}
          />
        </div>
        {failure ? (
          <p role="alert" class="error">
            {failure}
          </p>
        ) : null}
        {props.dirty ? (
          <p class="muted" id="import-wait">
            Save or discard your changes above first: an import saves the calendar.
          </p>
        ) : null}
        <button type="submit" disabled={busy || props.dirty} aria-describedby={props.dirty ? 'import-wait' : undefined}>
          {busy ? 'Importing…' : 'Import holidays'}
        </button>
        <div role="status" class="saved">
          {status ? <p>{status}</p> : null}
        </div>
      </form>
    </section>
  );
}
