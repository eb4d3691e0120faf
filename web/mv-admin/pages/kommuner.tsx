/**
 * Kommuner: the list of kommuner with their avtal per e-tjänst, a kommun's form and view (its
 * avtal, one switch per e-tjänst, and its administrators: pages/administrators.tsx), as Regioner
 * does for regions. Pure functions of their props.
 */
import { CsrfField } from '../../layout.js';
import { BackLink, ErrorSummary, Notice, TextField, type FieldErrors, type FormValues } from '../../components/form.js';
import { servicesFor } from '../../../domain/e-services.js';
import type { Administrator, Kommun, KommunSummary } from '../data.js';
import { KOMMUN_LABELS } from '../forms.js';
import { AdminTable, type AdminOrg } from './administrators.js';

export const KOMMUN_BASE = '/mv-admin/kommuner';
const SERVICES = servicesFor('kommun');

export const kommunOrg = (kommun: Kommun): AdminOrg => ({
  orgNumber: kommun.orgNumber, name: kommun.name, href: `${KOMMUN_BASE}/${kommun.orgNumber}`, kindLabel: 'Kommun',
});

const NOTICES: Record<string, string> = {
  skapad: 'Kommunen är sparad. Lägg till kommunens administratörer nedan.',
  andrad: 'Kommunens uppgifter är sparade.',
  avtal: 'Avtalet är ändrat.',
  admin: 'Administratören är sparad och kan logga in med sitt SITHS-kort.',
  adminborttagen: 'Administratören är borttagen.',
};
/** The confirmation of `?meddelande=`, if it names one. */
export const kommunNoticeOf = (key: string | undefined) => NOTICES[key ?? ''];

const avtalText = (active: boolean) => (active ? 'Aktivt' : 'Inget aktivt avtal');

export function KommunList({ kommuner, notice }: { kommuner: KommunSummary[]; notice: string | undefined }) {
  return (
    <>
      <Notice text={notice} />
      <p><a class="button button--primary button--medium button-link" href={`${KOMMUN_BASE}/ny`}>Lägg till kommun</a></p>
      <div class="table-scroll">
        <table class="table table--striped admin-table">
          <caption class="sr-only">Kommuner</caption>
          <thead>
            <tr class="table__row">
              <th scope="col">Kommun</th><th scope="col">Organisationsnummer</th><th scope="col">Län</th>
              {SERVICES.map((s) => <th scope="col">Avtal: {s}</th>)}
              <th scope="col">Administratörer</th>
            </tr>
          </thead>
          <tbody>
            {kommuner.map((k) => (
              <tr class="table__row">
                <td class="table__column"><a class="table__anchor" href={`${KOMMUN_BASE}/${k.orgNumber}`}>{k.name}</a></td>
                <td class="table__column nowrap">{k.orgNumber}</td>
                <td class="table__column">{k.county ?? ''}</td>
                {SERVICES.map((s) => <td class="table__column">{avtalText(k.agreements[s])}</td>)}
                <td class="table__column">{String(k.admins)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

type KommunFormProps = { csrf: string | undefined; values: FormValues; errors: FieldErrors };

/** Lägg till kommun: name, organisation number, county and the avtal it starts with. */
export function NewKommunPage({ csrf, values, errors, services }: KommunFormProps & { services: readonly string[] }) {
  return (
    <>
      <ErrorSummary errors={errors} labels={KOMMUN_LABELS} />
      <p>Namn, organisationsnummer och län är obligatoriska.</p>
      <form method="post" action={`${KOMMUN_BASE}/ny`} novalidate class="admin-form">
        <CsrfField token={csrf} />
        <TextField name="name" label="Namn" value={values.name} error={errors.name} autocomplete="off" maxLength={100} />
        <TextField name="orgNumber" label="Organisationsnummer" value={values.orgNumber} error={errors.orgNumber}
          autocomplete="off" maxLength={11} description="Kommuner har formen 212000-NNNN, till exempel 212000-0142." />
        <TextField name="county" label="Län" value={values.county} error={errors.county} autocomplete="off" maxLength={100}
          description="Till exempel Stockholms län." />
        {errors.etjanst && <div class="message-box message-box--error" role="alert" id="etjanst-fel"><p>{errors.etjanst}</p></div>}
        <fieldset class="fieldset" id="etjanst" aria-describedby={errors.etjanst ? 'etjanst-fel' : undefined}>
          <legend class="fieldset__label">Avtal för e-tjänster</legend>
          <div class="fieldset__content">
            {SERVICES.map((s, i) => (
              <div class="checkbox">
                <input class="checkbox__input" type="checkbox" id={`etjanst-${i}`} name="etjanst" value={s} checked={services.includes(s)} />
                <label class="checkbox__label" for={`etjanst-${i}`}>{s}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <FormButtons cancelHref={KOMMUN_BASE} />
      </form>
    </>
  );
}

const FormButtons = ({ cancelHref }: { cancelHref: string }) => (
  <div class="button-group">
    <button type="submit" class="button button--primary button--medium button-group__item">Spara</button>
    <a class="button button--secondary button--medium button-group__item button-link" href={cancelHref}>Avbryt</a>
  </div>
);

/** Ändra kommun: the organisation number is shown, not changed; the avtal have their own switches. */
export function EditKommunPage({ csrf, values, errors, kommun }: KommunFormProps & { kommun: Kommun }) {
  const href = `${KOMMUN_BASE}/${kommun.orgNumber}`;
  return (
    <>
      <ErrorSummary errors={errors} labels={KOMMUN_LABELS} />
      <p>Organisationsnummer: {kommun.orgNumber}</p>
      <p>Alla fält är obligatoriska.</p>
      <form method="post" action={`${href}/andra`} novalidate class="admin-form">
        <CsrfField token={csrf} />
        <TextField name="name" label="Namn" value={values.name} error={errors.name} autocomplete="off" maxLength={100} />
        <TextField name="county" label="Län" value={values.county} error={errors.county} autocomplete="off" maxLength={100}
          description="Till exempel Stockholms län." />
        <FormButtons cancelHref={href} />
      </form>
    </>
  );
}

export function KommunView({ csrf, kommun, admins, notice }: {
  csrf: string | undefined; kommun: Kommun; admins: Administrator[]; notice: string | undefined;
}) {
  const href = `${KOMMUN_BASE}/${kommun.orgNumber}`;
  return (
    <>
      <BackLink href={KOMMUN_BASE} text="Tillbaka till kommuner" />
      <h1>{kommun.name}</h1>
      <Notice text={notice} />
      <dl class="details-list">
        <dt>Organisationsnummer</dt><dd>{kommun.orgNumber}</dd>
        <dt>Län</dt><dd>{kommun.county ?? ''}</dd>
      </dl>
      <p><a class="button button--secondary button--medium button-link" href={`${href}/andra`}>Ändra kommunuppgifter</a></p>
      <h2>Avtal</h2>
      <div class="table-scroll">
        <table class="table table--striped admin-table">
          <caption class="sr-only">Avtal för {kommun.name}</caption>
          <thead>
            <tr class="table__row">
              <th scope="col">E-tjänst</th><th scope="col">Avtal</th><th scope="col"><span class="sr-only">Åtgärd</span></th>
            </tr>
          </thead>
          <tbody>
            {SERVICES.map((s) => (
              <tr class="table__row">
                <td class="table__column">{s}</td>
                <td class="table__column">{avtalText(kommun.agreements[s])}</td>
                <td class="table__column">
                  <form method="post" action={`${href}/avtal`} class="inline-form">
                    <CsrfField token={csrf} />
                    <input type="hidden" name="etjanst" value={s} />
                    <input type="hidden" name="aktivt" value={kommun.agreements[s] ? 'nej' : 'ja'} />
                    <button type="submit" class="button button--secondary button--medium" aria-label={`${kommun.agreements[s] ? 'Avsluta avtalet' : 'Aktivera avtalet'} för ${s}`}>
                      {kommun.agreements[s] ? 'Avsluta avtalet' : 'Aktivera avtalet'}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AdminTable org={kommunOrg(kommun)} admins={admins} />
    </>
  );
}
