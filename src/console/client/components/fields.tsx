/** Labelled form fields with their hint and the API's error beside them, wired for screen readers. */
import type { JSX } from 'preact';

interface Common {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean | undefined;
  /** Keeps ids unique when a dialog's form and a page's form are on screen together. */
  idPrefix?: string;
}

function Frame(props: Common & { check?: boolean; children: (a: Record<string, unknown>) => JSX.Element }) {
  const id = `${props.idPrefix ?? 'f'}-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const control = props.children({
    id,
    name: props.name,
    required: props.required,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy,
  });
  const label = (
    <label for={id}>
      {props.label}
      {props.required ? <span aria-hidden="true"> *</span> : null}
    </label>
  );
  return (
    <div class={props.check ? 'field check' : 'field'}>
      {props.check ? (
        <>
          {control}
          {label}
        </>
      ) : (
        <>
          {label}
          {control}
        </>
      )}
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** Controlled when `value` is given (then `onChange` keeps it); otherwise the form owns it. */
const controlled = (value: string | undefined, onChange: ((v: string) => void) | undefined) =>
  value === undefined ? {} : { value, onInput: (e: Event) => onChange?.((e.currentTarget as HTMLInputElement).value) };

export function Text(
  props: Common & {
    type?: 'text' | 'tel' | 'email' | 'datetime-local';
    list?: string;
    value?: string;
    onChange?: (v: string) => void;
    autoComplete?: string;
    multiline?: boolean;
    /** The longest value; 500 characters, or 2000 for a multiline text, unless said. */
    maxLength?: number | undefined;
  },
) {
  return (
    <Frame {...props}>
      {(a) =>
        props.multiline ? (
          <textarea {...a} rows={3} maxLength={props.maxLength ?? 2000} {...controlled(props.value, props.onChange)} />
        ) : (
          <input
            {...a}
            type={props.type ?? 'text'}
            list={props.list}
            autoComplete={props.autoComplete}
            maxLength={props.maxLength ?? 500}
            {...controlled(props.value, props.onChange)}
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
          {props.options.map(([v, label]) => (
            <option value={v}>{label}</option>
          ))}
        </select>
      )}
    </Frame>
  );
}

export function Check(props: Common & { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <Frame {...props} check>
      {(a) => <input {...a} type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.currentTarget.checked)} />}
    </Frame>
  );
}
