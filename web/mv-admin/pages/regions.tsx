/**
 * Regioner: the list of regions, a region's form and view (its agreement and administrators;
 * the administrators' pages are pages/administrators.tsx). Pure functions of their props.
 */
import { CsrfField } from '../../layout.js';
import { BackLink, ErrorSummary, Notice, TextField, type FieldErrors, type FormValues } from '../../components/form.js';
import type { Administrator, Region, RegionSummary } from '../data.js';
import { AdminTable, type AdminOrg } from './administrators.js';
import { REGION_LABELS } from '../forms.js';

export const BASE = '/mv-admin/regioner';

export const regionOrg = (region: Region): AdminOrg => ({
  orgNumber: region.orgNumber, name: region.name, href: `${BASE}/${region.orgNumber}`, kindLabel: 'Region',
});

const NOTICES: Record<string, string> = {
  skapad: 'Regionen är sparad. Lägg till regionens administratörer nedan.',
  andrad: 'Regionens uppgifter är sparade.',
  avtal: 'Avtalet är ändrat.',
  admin: 'Administratören är sparad och kan logga in med sitt SITHS-kort.',
  adminborttagen: 'Administratören är borttagen.',
};
/** The confirmation of `?meddelande=`, if it names one. */
export const noticeOf = (key: string | undefined) => NOTICES[key ?? ''];

export function RegionList({ regions, notice }: { regions: RegionSummary[]; notice: string | undefined }) {
  return (
    <>
      <Notice text={notice} />
      <p><a class="button button--primary button--medium button-link" href={`${BASE}/ny`}>Lägg till region</a></p>
      <div class="table-scroll">
        <table class="table table--striped admin-table">
          <caption class="sr-only">Regioner</caption>
          <thead>
            <tr class="table__row">
              <th scope="col">Region</th><th scope="col">Organisationsnummer</th><th scope="col">Län</th>
              <th scope="col">Avtal</th><th scope="col">Administratörer</th>
            </tr>
          </thead>
          <tbody>
            {regions.map((r) => (
              <tr class="table__row">
                <td class="table__column"><a class="table__anchor" href={`${BASE}/${r.orgNumber}`}>{r.name}</a></td>
                <td class="table__column nowrap">{r.orgNumber}</td>
                <td class="table__column">{r.county ?? ''}</td>
                <td class="table__column">{r.agreementActive ? 'Aktivt' : 'Inte aktivt'}</td>
                <td class="table__column">{String(r.admins)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

type RegionFormProps = { csrf: string | undefined; values: FormValues; errors: FieldErrors };

function RegionForm({ csrf, action, values, errors, withOrgNumber, cancelHref }: RegionFormProps & {
  action: string; withOrgNumber: boolean; cancelHref: string;
}) {
  return (
    <>
      <ErrorSummary errors={errors} labels={REGION_LABELS} />
      <p>Alla fält är obligatoriska.</p>
      <form method="post" action={action} novalidate class="admin-form">
        <CsrfField token={csrf} />
        <TextField name="name" label="Namn" value={values.name} error={errors.name} autocomplete="off" maxLength={100} />
        {withOrgNumber && (
          <TextField name="orgNumber" label="Organisationsnummer" value={values.orgNumber} error={errors.orgNumber}
            autocomplete="off" maxLength={11} description="Tio siffror, till exempel 232100-0016." />
        )}
        <TextField name="county" label="Län" value={values.county} error={errors.county} autocomplete="off" maxLength={100}
          description="Till exempel Stockholms län." />
        <div class="button-group">
          <button type="submit" class="button button--primary button--medium button-group__item">Spara</button>
          <a class="button button--secondary button--medium button-group__item button-link" href={cancelHref}>Avbryt</a>
        </div>
      </form>
    </>
  );
}

/** Lägg till region. */
export function NewRegionPage(props: RegionFormProps) {
  return <RegionForm {...props} action={`${BASE}/ny`} withOrgNumber cancelHref={BASE} />;
}

/** Ändra region: the organisation number is shown, not changed. */
export function EditRegionPage({ region, ...props }: RegionFormProps & { region: Region }) {
  return (
    <>
      <p>Organisationsnummer: {region.orgNumber}</p>
      <RegionForm {...props} action={`${BASE}/${region.orgNumber}/andra`} withOrgNumber={false} cancelHref={`${BASE}/${region.orgNumber}`} />
    </>
  );
}

export function RegionView({ csrf, region, admins, notice }: {
  csrf: string | undefined; region: Region; admins: Administrator[]; notice: string | undefined;
}) {
  return (
    <>
      <BackLink href={BASE} text="Tillbaka till regioner" />
      <h1>{region.name}</h1>
      <Notice text={notice} />
      <dl class="details-list">
        <dt>Organisationsnummer</dt><dd>{region.orgNumber}</dd>
        <dt>Län</dt><dd>{region.county ?? ''}</dd>
        <dt>Avtal</dt><dd>{region.agreementActive ? 'Aktivt' : 'Inte aktivt'}</dd>
      </dl>
      <div class="button-group">
        <a class="button button--secondary button--medium button-group__item button-link" href={`${BASE}/${region.orgNumber}/andra`}>Ändra regionuppgifter</a>
        <form method="post" action={`${BASE}/${region.orgNumber}/avtal`} class="button-group__item inline-form">
          <CsrfField token={csrf} />
          <input type="hidden" name="aktivt" value={region.agreementActive ? 'nej' : 'ja'} />
          <button type="submit" class="button button--secondary button--medium">
            {region.agreementActive ? 'Avsluta avtalet' : 'Aktivera avtalet'}
          </button>
        </form>
      </div>
      <AdminTable org={regionOrg(region)} admins={admins} />
    </>
  );
}
