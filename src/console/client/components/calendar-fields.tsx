/**
 * The calendar page's parts (../pages/calendars.tsx): an input beside the API's error for it, a
 * list of opening ranges to edit (a weekday's, or a date override's), and a calendar's rules read
 * back as tables for those who may not change them. Every control's id is made from the JSON
 * pointer the API names it by (`/weekly/mon/1/start` is `cal-weekly-mon-1-start`), so an error
 * lands beside the control it is about.
 */
import type { CalendarRules, TimeRange, Weekday } from '../../../calendars/model';
import { dateTimeFormat } from '../../../shared/date-format';

/** The API's errors, by JSON pointer into the request body. */
export type Errors = Record<string, string>;

/** Monday first, as a working week is read. */
export const DAYS: [Weekday, string][] = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
];

/** The API's bound (src/calendars/schemas.ts MAX_RANGES_A_DAY). */
const MOST_RANGES = 8;

export const idOf = (pointer: string) => `cal${pointer.replace(/[^A-Za-z0-9]+/g, '-')}`;
const errorIdOf = (pointer: string) => `${idOf(pointer)}-error`;

/** "Fri, Dec 25, 2026": a calendar's local date, as written. */
export const dateText = (date: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(date)
    ? dateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' }).format(new Date(`${date}T12:00:00Z`))
    : date;

/** "08:00–12:00, 13:00–18:00", "22:00–02:00 (into the next day)", or `closed`. */
export const rangesText = (ranges: TimeRange[] | undefined, closed = 'Closed') =>
  ranges?.length ? ranges.map((r) => `${r.start}–${r.end}${r.end <= r.start ? ' (into the next day)' : ''}`).join(', ') : closed;

/** The error paragraph for `pointer`, when the API named it. */
export function FieldError(props: { pointer: string; errors: Errors }) {
  const text = props.errors[props.pointer];
  return text ? (
    <p class="field-error" id={errorIdOf(props.pointer)}>
      {text}
    </p>
  ) : null;
}

/**
 * A labelled input at `pointer`. `context` is read after the label by screen readers only
 * ("Opens (Monday, range 2)"), so each of many alike inputs has a name of its own; `row` is the
 * pointer of the row it is in, whose error (an overlap, an empty range) is about it too.
 */
export function Input(props: {
  pointer: string;
  label: string;
  context?: string;
  row?: string;
  value: string;
  onInput: (v: string) => void;
  errors: Errors;
  type?: 'text' | 'date';
  hint?: string;
  list?: string;
  maxLength?: number;
  /** Its width in a row: a time, a date, or what is left (a name). */
  fit?: 'time' | 'date' | 'grow';
}) {
  const id = idOf(props.pointer);
  const own = props.errors[props.pointer];
  const row = props.row === undefined ? undefined : props.errors[props.row];
  const describedBy =
    [props.hint ? `${id}-hint` : '', own ? errorIdOf(props.pointer) : '', row && props.row ? errorIdOf(props.row) : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={props.fit ? `field ${props.fit}` : 'field'}>
      <label for={id}>
        {props.label}
        {props.context ? <span class="sr-only"> ({props.context})</span> : null}
      </label>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        list={props.list}
        autoComplete="off"
        spellcheck={false}
        maxLength={props.maxLength ?? 200}
        aria-invalid={own || row ? true : undefined}
        aria-describedby={describedBy}
      />
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <FieldError pointer={props.pointer} errors={props.errors} />
    </div>
  );
}

/**
 * The opening ranges at `pointer` (a weekday's, or an override's hours): each with its opening
 * and closing time and a Remove button, then "Add hours". Adding focuses the new range's first
 * input, removing the Add button; `onReshape` says so, because rows after it move up.
 */
export function RangeList(props: {
  pointer: string;
  /** Whose ranges, for the labels: "Monday", "override 2". */
  label: string;
  ranges: TimeRange[];
  errors: Errors;
  /** What no ranges means here: "Closed", "Closed all day". */
  closed: string;
  onChange: (ranges: TimeRange[]) => void;
  onReshape: (ranges: TimeRange[], focus: string) => void;
}) {
  const { pointer, label, ranges, errors } = props;
  const addId = idOf(`${pointer}/add`);
  const set = (i: number, part: keyof TimeRange, v: string) => props.onChange(ranges.map((r, k) => (k === i ? { ...r, [part]: v } : r)));
  // The first range of a day gets office hours to edit; later ones are the admin's to fill in.
  const add = () =>
    props.onReshape([...ranges, ranges.length ? { start: '', end: '' } : { start: '09:00', end: '17:00' }], idOf(`${pointer}/${ranges.length}/start`));
  const remove = (i: number) =>
    props.onReshape(
      ranges.filter((_, k) => k !== i),
      addId,
    );
  return (
    <>
      {ranges.length ? (
        <ol class="rows">
          {ranges.map((r, i) => {
            const at = `${pointer}/${i}`;
            const context = `${label}, range ${i + 1}`;
            return (
              <li class="row">
                <Input
                  pointer={`${at}/start`}
                  label="Opens"
                  context={context}
                  row={at}
                  value={r.start}
                  onInput={(v) => set(i, 'start', v)}
                  errors={errors}
                  maxLength={5}
                  fit="time"
                />
                <Input
                  pointer={`${at}/end`}
                  label="Closes"
                  context={context}
                  row={at}
                  value={r.end}
                  onInput={(v) => set(i, 'end', v)}
                  errors={errors}
                  maxLength={5}
                  fit="time"
                />
                <button type="button" onClick={() => remove(i)}>
                  Remove<span class="sr-only"> {context}</span>
                </button>
                <FieldError pointer={at} errors={errors} />
              </li>
            );
          })}
        </ol>
      ) : (
        <p class="muted">{props.closed}</p>
      )}
      <FieldError pointer={pointer} errors={errors} />
      <button
        type="button"
        id={addId}
        onClick={add}
        disabled={ranges.length >= MOST_RANGES}
        aria-describedby={errors[pointer] ? errorIdOf(pointer) : undefined}
      >
        Add hours<span class="sr-only"> to {label}</span>
      </button>
    </>
  );
}

/** A scrolling table with its heading, as the board's are. */
function Table(props: { id: string; title: string; head: string[]; rows: string[][]; empty: string }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.rows.length ? (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={props.id}>
          <table>
            <thead>
              <tr>
                {props.head.map((h) => (
                  <th scope="col">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map(([first, ...rest]) => (
                <tr>
                  <th scope="row">{first}</th>
                  {rest.map((cell) => (
                    <td>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{props.empty}</p>
      )}
    </section>
  );
}

/** A calendar's week, holidays and date overrides, to read. */
export function CalendarTables(props: { c: CalendarRules }) {
  const { c } = props;
  return (
    <>
      <Table
        id="week-title"
        title="Weekly hours"
        head={['Day', `Open (${c.timeZone})`]}
        rows={DAYS.map(([d, name]) => [name, rangesText(c.weekly[d])])}
        empty=""
      />
      <Table
        id="holidays-title"
        title="Holidays"
        head={['Holiday', 'Closed']}
        rows={c.holidays.map((h) => [h.name, h.to && h.to !== h.from ? `${dateText(h.from)} to ${dateText(h.to)}` : dateText(h.from)])}
        empty="No holidays."
      />
      <Table
        id="overrides-title"
        title="Date overrides"
        head={['Date', 'Open', 'Note']}
        rows={c.overrides.map((o) => [dateText(o.date), rangesText(o.hours, 'Closed all day'), o.note ?? ''])}
        empty="No date overrides."
      />
    </>
  );
}
