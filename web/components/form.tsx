/**
 * Form pieces of the administration pages: one zod schema per form drives validation, and each
 * error is shown beside its field (aria-invalid + aria-describedby) and in a summary that links
 * to the fields.
 */
import { z } from 'zod';

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string>;

// NUL is refused by PostgreSQL; the other control characters have no place in a name or address.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
export const hasNoControlChars = (s: string) => !CONTROL.test(s);

const capital = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;
/** A mandatory free-text field: trimmed, at most `max` characters, no control characters. */
export const requiredText = (label: string, max = 100) => z.string().trim()
  .min(1, `Ange ${label}.`)
  .max(max, `${capital(label)} får vara högst ${max} tecken.`)
  .refine(hasNoControlChars, `${capital(label)} innehåller otillåtna tecken.`);

/** The string fields of a parsed form body (checkbox lists and files are read separately). */
export function stringFields(body: Record<string, unknown>, names: readonly string[]): FormValues {
  const out: FormValues = {};
  for (const name of names) {
    const v = body[name];
    const s = Array.isArray(v) ? v[v.length - 1] : v;
    out[name] = typeof s === 'string' ? s : '';
  }
  return out;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Validates `values` with `schema`; the first message per field is kept. */
export function parseWith<S extends z.ZodType>(schema: S, values: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '_form');
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

export const errorId = (name: string) => `${name}-fel`;

type TextFieldProps = {
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  type?: 'text' | 'email' | 'date' | 'search';
  autocomplete?: string;
  description?: string;
  required?: boolean;
  maxLength?: number;
};

/** An FKUI text field with its label, optional help text and the error beside it. */
export function TextField({ name, label, value, error, type = 'text', autocomplete, description, required = true, maxLength }: TextFieldProps) {
  const describedBy = [description ? `${name}-hjalp` : '', error ? errorId(name) : ''].filter(Boolean).join(' ');
  return (
    <div class={`text-field${error ? ' text-field--error' : ''}`}>
      <label class="label" for={name}>
        {label}
        {description && <span class="label__description" id={`${name}-hjalp`}>{description}</span>}
        {error && <span class="label__message label__message--error" id={errorId(name)}>{error}</span>}
      </label>
      <div class="text-field__input-wrapper">
        <input
          class="text-field__input" id={name} name={name} type={type} value={value ?? ''}
          autocomplete={autocomplete} required={required || undefined} maxlength={maxLength}
          aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy || undefined}
        />
      </div>
    </div>
  );
}

/** An FKUI select whose first option means "no filter". */
export function Select({ id, label, value, all, options }: {
  id: string; label: string; value: string; all: string; options: readonly (string | { value: string; label: string })[];
}) {
  return (
    <div class="select-field">
      <label class="label" for={id}>{label}</label>
      <div class="select-field__icon-wrapper">
        <select class="select-field__select" id={id} name={id}>
          <option value="" selected={value === ''}>{all}</option>
          {options.map((o) => {
            const { value: v, label: text } = typeof o === 'string' ? { value: o, label: o } : o;
            return <option value={v} selected={value === v}>{text}</option>;
          })}
        </select>
      </div>
    </div>
  );
}

/** The list of errors at the top of a form, each linking to its field. */
export function ErrorSummary({ errors, labels }: { errors: FieldErrors; labels: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div class="message-box message-box--error" role="alert" id="felsammanfattning">
      <h2 class="message-box__heading">Formuläret innehåller fel</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>{labels[field] ? <a href={`#${field}`}>{labels[field]}: {message}</a> : message}</li>
        ))}
      </ul>
    </div>
  );
}

/** A short confirmation shown after a change (status role, so screen readers announce it). */
export function Notice({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <div class="message-box message-box--success" role="status">
      <p>{text}</p>
    </div>
  );
}

export const BackLink = ({ href, text }: { href: string; text: string }) => (
  <p><a class="back-link" href={href}><span aria-hidden="true">← </span>{text}</a></p>
);
