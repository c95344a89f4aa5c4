/**
 * One action on one commitment as a dialog: its fields, ready to submit (an acknowledge from an
 * alert email is one click; a correction starts from the values as they stand), the API's answer,
 * and each refused field's reason beside the field.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, get } from '../api';
import { ACTIONS, type ActionName, type FieldSpec, type StaffOption, type Target, type Values } from '../actions';
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
  return <Text {...common} multiline={f.kind === 'textarea'} value={value} onChange={set} />;
}

export function ActionDialog(props: { action: ActionName; target: Target; onClose: () => void; onDone: () => void }) {
  const spec = ACTIONS[props.action];
  const [initial] = useState<Values>(() => spec.prefill?.(props.target) ?? Object.fromEntries(spec.fields.map((f) => [f.name, f.initial ?? ''])));
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [staff, setStaff] = useState<StaffOption[]>([]);
  useEffect(() => {
    // A new owner comes from the commitment's own team: another team's is a transfer, not a reassign.
    const team = props.target.team ? `?team=${encodeURIComponent(props.target.team.id)}` : '';
    if (!spec.fields.some((f) => f.kind === 'owner')) return;
    void get<{ items: (StaffOption & { active: boolean })[] }>(`/v1/staff${team}`).then((r) => setStaff(r.items.filter((s) => s.active)));
  }, [props.action]);

  async function submit(e: Event) {
    e.preventDefault();
    // A list with nothing chosen is answered here: the API's word for it lists every value it takes.
    const unchosen = spec.fields.filter((f) => f.kind === 'choice' && f.required && !values[f.name]);
    const refused = spec.check?.(values, initial);
    setErrors(Object.fromEntries(unchosen.map((f) => [f.name, 'Choose one.'])));
    setFailure(refused ?? (unchosen.length ? 'Some answers are missing; see beside the fields.' : undefined));
    if (refused || unchosen.length) return;
    const sent = Object.fromEntries(spec.fields.map((f) => [f.name, f.kind === 'datetime' ? instantFromLocal(values[f.name] ?? '') : (values[f.name] ?? '')]));
    setBusy(true);
    try {
      await api(spec.method ?? 'POST', `/v1/commitments/${props.target.id}/${spec.path}`, spec.body(sent, initial));
      props.onDone();
      props.onClose();
    } catch (err) {
      setErrors(err instanceof ApiError ? err.fieldErrors() : {});
      setFailure(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`${spec.label}: ${props.target.summary}`} onClose={props.onClose}>
      <p class="muted">For {props.target.customer.name}</p>
      <form onSubmit={(e) => void submit(e)} class="stack" noValidate>
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
        {failure ? (
          <p role="alert" class="error">
            {failure}
          </p>
        ) : null}
        <div class="buttons">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Working…' : spec.label}
          </button>
          <button type="button" onClick={props.onClose}>
            Close
          </button>
        </div>
      </form>
    </Dialog>
  );
}
