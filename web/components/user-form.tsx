/**
 * The form that registers a person: a region administrator's user, or Migrationsverket's region
 * administrator. One schema drives both, and the HSA-id's format is the one services/users.ts
 * checks the organisation number of.
 */
import { z } from 'zod';
import { HSA_ID, HSA_ID_FORMAT_MESSAGE } from '../../services/users.js';
import { CsrfField } from '../layout.js';
import { ErrorSummary, TextField, parseWith, requiredText, stringFields, type FieldErrors, type FormValues, type Parsed } from './form.js';

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/;

/** Lägg till: all four fields mandatory. */
export const personSchema = z.object({
  givenName: requiredText('förnamn'),
  familyName: requiredText('efternamn'),
  hsaId: z.string().trim().min(1, 'Ange HSA-id.').regex(HSA_ID, HSA_ID_FORMAT_MESSAGE),
  email: z.string().trim()
    .min(1, 'Ange e-postadress.')
    .max(254, 'E-postadressen får vara högst 254 tecken.')
    .regex(EMAIL, 'Ange en giltig e-postadress, till exempel fornamn.efternamn@kommun.se eller fornamn.efternamn@region.se.'),
});
/** Ändra: the HSA-id is the identity and is not changed. */
export const personDetailsSchema = personSchema.omit({ hsaId: true });

const PERSON_FIELDS = ['givenName', 'familyName', 'hsaId', 'email'] as const;
const PERSON_LABELS: Record<string, string> = { givenName: 'Förnamn', familyName: 'Efternamn', hsaId: 'HSA-id', email: 'E-post' };

export type PersonForm<T> = { values: FormValues; parsed: Parsed<T> };

/** The posted Lägg till form: what was typed (to show again) and the person, or each field's error. */
export function readPersonForm(body: Record<string, unknown>): PersonForm<z.infer<typeof personSchema>> {
  const values = stringFields(body, PERSON_FIELDS);
  return { values, parsed: parseWith(personSchema, values) };
}

/** The posted Ändra form (no HSA-id). */
export function readPersonDetailsForm(body: Record<string, unknown>): PersonForm<z.infer<typeof personDetailsSchema>> {
  const values = stringFields(body, PERSON_FIELDS);
  return { values, parsed: parseWith(personDetailsSchema, values) };
}

export type UserFormProps = {
  csrf: string | undefined;
  action: string;
  values: FormValues;
  errors: FieldErrors;
  /** The help text of the HSA-id field; without it the form has no HSA-id field (Ändra). */
  hsaIdHelp?: string | undefined;
  cancelHref: string;
};

export function UserForm({ csrf, action, values, errors, hsaIdHelp, cancelHref }: UserFormProps) {
  return (
    <>
      <ErrorSummary errors={errors} labels={PERSON_LABELS} />
      <p>Alla fält är obligatoriska.</p>
      <form method="post" action={action} novalidate class="admin-form">
        <CsrfField token={csrf} />
        <TextField name="givenName" label="Förnamn" value={values.givenName} error={errors.givenName} autocomplete="off" maxLength={100} />
        <TextField name="familyName" label="Efternamn" value={values.familyName} error={errors.familyName} autocomplete="off" maxLength={100} />
        {hsaIdHelp !== undefined && (
          <TextField name="hsaId" label="HSA-id" value={values.hsaId} error={errors.hsaId} autocomplete="off" maxLength={60}
            description={hsaIdHelp} />
        )}
        <TextField name="email" label="E-post" type="email" value={values.email} error={errors.email} autocomplete="off" maxLength={254} />
        <div class="button-group">
          <button type="submit" class="button button--primary button--medium button-group__item">Spara</button>
          <a class="button button--secondary button--medium button-group__item button-link" href={cancelHref}>Avbryt</a>
        </div>
      </form>
    </>
  );
}
