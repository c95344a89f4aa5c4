/** Labelled form fields with their hint and the API's error beside them, wired for screen readers. */
import type { JSX } from 'preact';

interface Common {
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
}

function Frame(props: Common & { children: (a: Record<string, unknown>) => JSX.Element }) {
  const id = `f-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{props.label}{props.required ? <span aria-hidden="true"> *</span> : null}</label>
      {props.children({ id, name: props.name, required: props.required, 'aria-invalid': props.error ? true : undefined, 'aria-describedby': describedBy })}
      {props.hint ? <p class="hint" id={`${id}-hint`}>{props.hint}</p> : null}
      {props.error ? <p class="field-error" id={`${id}-error`}>{props.error}</p> : null}
    </div>
  );
}

/** Uncontrolled unless `value` is given (then `onChange` keeps it). */
export function Text(props: Common & { type?: 'text' | 'tel' | 'email' | 'datetime-local'; list?: string; value?: string; onChange?: (v: string) => void; autoComplete?: string; multiline?: boolean }) {
  return (
    <Frame {...props}>
      {(a) =>
        props.multiline ? (
          <textarea {...a} rows={3} maxLength={2000} />
        ) : (
          <input
            {...a}
            type={props.type ?? 'text'}
            list={props.list}
            autoComplete={props.autoComplete}
            maxLength={500}
            {...(props.value === undefined ? {} : { value: props.value, onInput: (e: Event) => props.onChange?.((e.currentTarget as HTMLInputElement).value) })}
          />
        )
      }
    </Frame>
  );
}

export function Choice(props: Common & { options: [string, string][]; value?: string; onChange?: (v: string) => void }) {
  return (
    <Frame {...props}>
      {(a) => (
        <select {...a} value={props.value} onChange={props.onChange ? (e) => props.onChange?.(e.currentTarget.value) : undefined}>
          {props.options.map(([v, label]) => <option value={v}>{label}</option>)}
        </select>
      )}
    </Frame>
  );
}
