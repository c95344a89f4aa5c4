/**
 * One action on one commitment as a dialog: its fields, ready to submit (an acknowledge from an
 * alert email is one click), the API's answer, and each refused field's reason beside the field.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import { ACTIONS, type ActionName, type FieldSpec, type StaffOption, type Values } from '../actions';
import { DURATIONS } from '../time';
import { Dialog } from './dialog';

export interface Target {
  id: string;
  summary: string;
  customer: { name: string };
}

function Field(props: { f: FieldSpec; value: string; error?: string; staff: StaffOption[]; set: (v: string) => void }) {
  const { f, value, error } = props;
  const id = `field-${f.name}`;
  const described = [f.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name: f.name, required: f.required, 'aria-invalid': error ? true : undefined, 'aria-describedby': described };
  const onInput = (e: Event) => props.set((e.currentTarget as HTMLInputElement).value);
  let control;
  if (f.kind === 'check') {
    control = <input {...common} type="checkbox" checked={value === 'on'} onChange={(e) => props.set(e.currentTarget.checked ? 'on' : '')} />;
  } else if (f.kind === 'textarea') {
    control = <textarea {...common} rows={3} maxLength={2000} value={value} onInput={onInput} />;
  } else if (f.kind === 'due') {
    control = <select {...common} value={value} onChange={onInput}>{DURATIONS.map(([v, label]) => <option value={v}>{label}</option>)}</select>;
  } else if (f.kind === 'owner') {
    control = (
      <select {...common} value={value} onChange={onInput}>
        <option value="">Choose a person</option>
        {props.staff.map((s) => <option value={s.id}>{s.name}</option>)}
      </select>
    );
  } else {
    control = <input {...common} type="text" maxLength={1000} value={value} onInput={onInput} />;
  }
  return (
    <div class={f.kind === 'check' ? 'field check' : 'field'}>
      {f.kind === 'check' ? control : null}
      <label for={id}>{f.label}</label>
      {f.kind === 'check' ? null : control}
      {f.hint ? <p class="hint" id={`${id}-hint`}>{f.hint}</p> : null}
      {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
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
