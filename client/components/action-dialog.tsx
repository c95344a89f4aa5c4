/**
 * One action on one commitment as a dialog: its fields, ready to submit (an acknowledge from an
 * alert email is one click), the API's answer, and each refused field's reason beside the field.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import { ACTIONS, type ActionName, type FieldSpec, type StaffOption, type Values } from '../actions';
import { DURATIONS } from '../time';
import { Dialog } from './dialog';
import { Check, Choice, Text } from './fields';

export interface Target {
  id: string;
  summary: string;
  customer: { name: string };
}

function Field(props: { f: FieldSpec; value: string; error?: string | undefined; staff: StaffOption[]; set: (v: string) => void }) {
  const { f, value, set } = props;
  const common = { name: f.name, label: f.label, hint: f.hint, error: props.error, required: f.required, idPrefix: 'action' };
  if (f.kind === 'check') return <Check {...common} checked={value === 'on'} onChange={(checked) => set(checked ? 'on' : '')} />;
  if (f.kind === 'due') return <Choice {...common} value={value} onChange={set} options={DURATIONS} />;
  if (f.kind === 'owner') return <Choice {...common} value={value} onChange={set} options={[['', 'Choose a person'], ...props.staff.map((s): [string, string] => [s.id, s.name])]} />;
  return <Text {...common} multiline={f.kind === 'textarea'} value={value} onChange={set} />;
}

export function ActionDialog(props: { action: ActionName; target: Target; onClose: () => void; onDone: () => void }) {
  const spec = ACTIONS[props.action];
  const [values, setValues] = useState<Values>(() => Object.fromEntries(spec.fields.map((f) => [f.name, f.initial ?? ''])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [staff, setStaff] = useState<StaffOption[]>([]);
  useEffect(() => {
    if (spec.fields.some((f) => f.kind === 'owner')) void get<{ items: (StaffOption & { active: boolean })[] }>('/v1/staff').then((r) => setStaff(r.items.filter((s) => s.active)));
  }, [props.action]);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      await post(`/v1/commitments/${props.target.id}/${spec.path}`, spec.body(values, staff));
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
        {spec.fields.map((f) => <Field f={f} value={values[f.name] ?? ''} error={errors[f.name]} staff={staff} set={(v) => setValues({ ...values, [f.name]: v })} />)}
        {failure ? <p role="alert" class="error">{failure}</p> : null}
        <div class="buttons">
          <button type="submit" class="primary" disabled={busy}>{busy ? 'Working…' : spec.label}</button>
          <button type="button" onClick={props.onClose}>Close</button>
        </div>
      </form>
    </Dialog>
  );
}
