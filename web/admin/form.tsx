/**
 * Form pieces shared by the administration pages (region admin and Migrationsverket's system
 * administrator): one zod schema per form drives validation, and each error is shown beside its
 * field (aria-invalid + aria-describedby) and in a summary that links to the fields.
 */
import { z } from 'zod';

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string>;

// Control characters (NUL is refused by PostgreSQL; the rest have no place in a name or address).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
export const hasNoControlChars = (s: string) => !CONTROL.test(s);

/** `SE` + the 10-digit organisation number + `-` + a local part (SPEC §1). */
export const HSA_ID = /^SE(\d{10})-[A-Za-z0-9]{1,40}$/;
export const HSA_ID_FORMAT_MESSAGE =
  'Ange HSA-id i formatet SE, organisationsnumret med tio siffror, bindestreck och ett id, till exempel SE2321000016-ABC123.';
export const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/;

const capital = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;
/** A mandatory free-text field: trimmed, at most `max` characters, no control characters. */
export const requiredText = (label: string, max = 100) => z.string().trim()
  .min(1, `Ange ${label}.`)
  .max(max, `${capital(label)} får vara högst ${max} tecken.`)
  .refine(hasNoControlChars, `${capital(label)} innehåller otillåtna tecken.`);

/** A person registered by an administrator (a region user, or a region administrator). */
export const personSchema = z.object({
  givenName: requiredText('förnamn'),
  familyName: requiredText('efternamn'),
  hsaId: z.string().trim().min(1, 'Ange HSA-id.').regex(HSA_ID, HSA_ID_FORMAT_MESSAGE),
  email: z.string().trim()
    .min(1, 'Ange e-postadress.')
    .max(254, 'E-postadressen får vara högst 254 tecken.')
    .regex(EMAIL, 'Ange en giltig e-postadress, till exempel fornamn.efternamn@region.se.'),
});
export const PERSON_FIELDS = ['givenName', 'familyName', 'hsaId', 'email'] as const;
export const PERSON_LABELS: Record<string, string> = { givenName: 'Förnamn', familyName: 'Efternamn', hsaId: 'HSA-id', email: 'E-post' };

/** The organisation number (10 digits) inside an HSA-id, or null. */
export function hsaOrgDigits(hsaId: string): string | null {
  return HSA_ID.exec(hsaId)?.[1] ?? null;
}
export const withDash = (digits: string) => `${digits.slice(0, 6)}-${digits.slice(6)}`;
export const digitsOf = (org: string) => org.replace(/\D/g, '');

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

/** Whether a unique constraint stopped an insert or update (two admins racing). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';
}
