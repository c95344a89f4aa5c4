/**
 * One action on one commitment as a dialog: its fields, ready to submit (an acknowledge from an
 * alert email is one click; a correction starts from the values as they stand), the API's answer,
 * and each refused field's reason beside the field. An action answered by choosing (how a call
 * went) has a button per answer, each sending the form; one whose answer changes more than the
 * record (a wrong number stops texts) says so beside it and asks again before sending.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, get } from '../api';
import { ACTIONS, type ActionName, type ActionSpec, type Answer, type FieldSpec, type StaffOption, type Target, type Values } from '../actions';
import { NAMED } from '../deadline';
import { DURATIONS, instantFromLocal, viewerZone } from '../time';
import { Dialog } from './dialog';
import { Check, Choice, Text } from './fields';

export type { Target } from '../actions';

function Field(props: { f: FieldSpec; value: string; initial: string; error?: string | undefined; staff: StaffOption[]; set: (v: string) => void }) {
  const { f, value, set } = props;
  const common = { name: f.name, label: f.label, hint: f.hint, error: props.error, required: f.required, idPrefix: 'action' };
  if (f.kind === 'check') return <Check {...common} checked={value === 'on'} onChange={(checked) => set(checked ? 'on' : '')} />;
  if (f.kind === 'due') return <Choice {...common} value={value} onChange={set} options={[...DURATIONS, ...NAMED]} />;
  if (f.kind === 'owner')
    return <Choice {...common} value={value} onChange={set} options={[['', 'Choose a person'], ...props.staff.map((s): [string, string] => [s.id, s.name])]} />;
  if (f.kind === 'choice')
    return (
      <Choice
        {...common}
        value={value}
        onChange={set}
        options={[...(f.blank && !props.initial ? [['', f.blank] as [string, string]] : []), ...(f.options ?? [])]}
      />
    );
  // The viewer's directory zone, which may not be the zone their browser is set to.
  if (f.kind === 'datetime')
    return <Text {...common} hint={`${f.hint ?? ''} Your time (${viewerZone}).`.trim()} type="datetime-local" value={value} onChange={set} />;
  return <Text {...common} multiline={f.kind === 'textarea'} maxLength={f.maxLength} value={value} onChange={set} />;
}

/** One of the console's actions by name, or an action of its own described the same way (flagging a hard call: ../hard-calls.ts). */
const specOf = (action: ActionName | ActionSpec): ActionSpec => (typeof action === 'string' ? ACTIONS[action] : action);

/** Sends one action as its spec says, to the commitment `id`; throws the API's refusal as an ApiError. */
export function send(action: ActionName | ActionSpec, id: string, values: Values, initial: Values = {}): Promise<unknown> {
  const spec = specOf(action);
  return api(spec.method ?? 'POST', `/v1/commitments/${id}/${spec.path}`, spec.body(values, initial));
}

export function ActionDialog(props: { action: ActionName | ActionSpec; target: Target; onClose: () => void; onDone: () => void }) {
  const spec = specOf(props.action);
  const [initial] = useState<Values>(() => spec.prefill?.(props.target) ?? Object.fromEntries(spec.fields.map((f) => [f.name, f.initial ?? ''])));
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  /** What is being sent: the answer pressed, '' for the single submit button. */
  const [busy, setBusy] = useState<string>();
  /** An answer with a warning, pressed once: it is sent when pressed again. */
  const [confirming, setConfirming] = useState<Answer>();
  const [staff, setStaff] = useState<StaffOption[]>([]);
  const form = useRef<HTMLFormElement>(null);
  const asked = useRef<string | undefined>(undefined);
  useEffect(() => {
    // A new owner comes from the commitment's own team: another team's is a transfer, not a reassign.
    const team = props.target.team ? `?team=${encodeURIComponent(props.target.team.id)}` : '';
    if (!spec.fields.some((f) => f.kind === 'owner')) return;
    void get<{ items: (StaffOption & { active: boolean })[] }>(`/v1/staff${team}`).then((r) => setStaff(r.items.filter((s) => s.active)));
  }, [props.action]);
  useEffect(() => {
    // The pressed button is gone either way: focus the question's "yes", or the answer again on going back.
    const value = confirming?.value ?? asked.current;
    if (value !== undefined) form.current?.querySelector<HTMLButtonElement>(`button[type=submit][value="${CSS.escape(value)}"]`)?.focus();
    asked.current = confirming?.value;
  }, [confirming]);

  async function submit(e: Event) {
    e.preventDefault();
    // An action answered by its buttons: the one pressed is the answer, and a warning is heard before it is sent.
    const pressed = (e as SubmitEvent).submitter?.getAttribute('value') ?? undefined;
    const answer = spec.answers?.options.find((o) => o.value === pressed);
    if (spec.answers && !answer) return;
    if (answer?.warning && confirming?.value !== answer.value) {
      setConfirming(answer);
      return;
    }
    // A list with nothing chosen is answered here: the API's word for it lists every value it takes.
    const unchosen = spec.fields.filter((f) => f.kind === 'choice' && f.required && !values[f.name]);
    const refused = spec.check?.(values, initial);
    setErrors(Object.fromEntries(unchosen.map((f) => [f.name, 'Choose one.'])));
    setFailure(refused ?? (unchosen.length ? 'Some answers are missing; see beside the fields.' : undefined));
    if (refused || unchosen.length) return;
    const sent = Object.fromEntries(spec.fields.map((f) => [f.name, f.kind === 'datetime' ? instantFromLocal(values[f.name] ?? '') : (values[f.name] ?? '')]));
    if (spec.answers && answer) sent[spec.answers.name] = answer.value;
    setBusy(answer?.value ?? '');
    try {
      await send(props.action, props.target.id, sent, initial);
      props.onDone();
      props.onClose();
    } catch (err) {
      setErrors(err instanceof ApiError ? err.fieldErrors() : {});
      setFailure(err instanceof Error ? err.message : String(err));
      setConfirming(undefined);
      setBusy(undefined);
    }
  }

  const answers = spec.answers;
  const close = (
    <button type="button" onClick={props.onClose}>
      Close
    </button>
  );
  return (
    <Dialog title={`${spec.label}: ${props.target.summary}`} onClose={props.onClose}>
      <p class="muted">For {props.target.customer.name}</p>
      <form ref={form} onSubmit={(e) => void submit(e)} class="stack" noValidate>
        {spec.fields
          .filter((f) => f.shownWhen?.(values) ?? true)
          .map((f) => (
            <Field
              f={f}
              value={values[f.name] ?? ''}
              initial={initial[f.name] ?? ''}
              error={[f.name, ...(f.errorsFrom ?? [])].map((k) => errors[k]).find(Boolean)}
              staff={staff}
              set={(v) => setValues({ ...values, [f.name]: v })}
            />
          ))}
        {answers && confirming ? (
          <div role="group" aria-labelledby="action-confirm">
            <p id="action-confirm">
              <strong>{confirming.label}?</strong> Then {confirming.warning?.(props.target)}.
            </p>
            <div class="buttons">
              <button type="submit" class="primary" name={answers.name} value={confirming.value} disabled={busy !== undefined}>
                {busy === undefined ? `Yes, ${confirming.label.toLowerCase()}` : 'Working…'}
              </button>
              <button type="button" onClick={() => setConfirming(undefined)}>
                Go back
              </button>
            </div>
          </div>
        ) : null}
        {answers && !confirming ? (
          <fieldset>
            <legend>{answers.legend}</legend>
            <div class="buttons">
              {answers.options.map((o) => (
                <button
                  type="submit"
                  name={answers.name}
                  value={o.value}
                  disabled={busy !== undefined}
                  aria-describedby={o.warning ? `action-${o.value}-warning` : undefined}
                >
                  {busy === o.value ? 'Working…' : o.label}
                </button>
              ))}
            </div>
            {answers.options.map((o) =>
              o.warning ? (
                <p class="hint" id={`action-${o.value}-warning`}>
                  {o.label}: {o.warning(props.target)}.
                </p>
              ) : null,
            )}
          </fieldset>
        ) : null}
        {failure ? (
          <p role="alert" class="error">
            {failure}
          </p>
        ) : null}
        {answers ? (
          <div class="buttons">{close}</div>
        ) : (
          <div class="buttons">
            <button type="submit" class="primary" disabled={busy !== undefined}>
              {busy === undefined ? spec.label : 'Working…'}
            </button>
            {close}
          </div>
        )}
      </form>
    </Dialog>
  );
}
