/**
 * Regioner: the list of regions, a region's form and view (its agreement and administrators),
 * Lägg till administratör and the removal's confirmation. Pure functions of their props.
 */
import { CsrfField } from '../../layout.js';
import { BackLink, ErrorSummary, Notice, TextField, type FieldErrors, type FormValues } from '../../components/form.js';
import { UserForm } from '../../components/user-form.js';
import type { Region, RegionAdmin, RegionSummary } from '../data.js';
import { REGION_LABELS } from '../forms.js';

export const BASE = '/mv-admin/regioner';

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
  csrf: string | undefined; region: Region; admins: RegionAdmin[]; notice: string | undefined;
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
      <h2>Administratörer</h2>
      {admins.length === 0 ? <p>Regionen har ingen administratör. Varje region behöver minst en administratör.</p> : (
        <div class="table-scroll">
          <table class="table table--striped admin-table">
            <caption class="sr-only">Administratörer i {region.name}</caption>
            <thead>
              <tr class="table__row">
                <th scope="col">Förnamn</th><th scope="col">Efternamn</th><th scope="col">HSA-id</th><th scope="col">E-post</th>
                <th scope="col"><span class="sr-only">Åtgärd</span></th>
              </tr>
            </thead>
            <tbody>
              {admins.map((a) => (
                <tr class="table__row">
                  <td class="table__column">{a.givenName}</td>
                  <td class="table__column">{a.familyName}</td>
                  <td class="table__column nowrap">{a.hsaId}</td>
                  <td class="table__column">{a.email}</td>
                  <td class="table__column">
                    <a class="table__anchor" href={`${BASE}/${region.orgNumber}/administratorer/${a.id}/ta-bort`}>
                      Ta bort<span class="sr-only"> {a.givenName} {a.familyName}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p><a class="button button--primary button--medium button-link" href={`${BASE}/${region.orgNumber}/administratorer/ny`}>Lägg till administratör</a></p>
    </>
  );
}

/** Lägg till administratör: the shared user form, its HSA-id help naming the region's prefix. */
export function NewAdminPage({ csrf, region, values, errors }: RegionFormProps & { region: Region }) {
  const prefix = `SE${region.orgNumber.replace('-', '')}-`;
  return (
    <>
      <BackLink href={`${BASE}/${region.orgNumber}`} text={`Tillbaka till ${region.name}`} />
      <h1>Lägg till administratör</h1>
      <p>Region: {region.name} ({region.orgNumber})</p>
      <UserForm csrf={csrf} action={`${BASE}/${region.orgNumber}/administratorer/ny`} values={values} errors={errors}
        hsaIdHelp={`Från personens SITHS-kort; börjar med ${prefix}. Inte kortets nummer.`} cancelHref={`${BASE}/${region.orgNumber}`} />
    </>
  );
}

export function DeleteAdminConfirmation({ csrf, region, admin }: { csrf: string | undefined; region: Region; admin: RegionAdmin }) {
  return (
    <div class="message-box message-box--warning confirm-box">
      <p class="confirm-question">Är du säker på att du vill ta bort denna administratör?</p>
      <p>{admin.givenName} {admin.familyName}, {admin.hsaId}, {region.name}</p>
      <form method="post" action={`${BASE}/${region.orgNumber}/administratorer/${admin.id}/ta-bort`} class="button-group">
        <CsrfField token={csrf} />
        <button type="submit" class="button button--primary button--medium button-group__item">OK</button>
        <a class="button button--secondary button--medium button-group__item button-link" href={`${BASE}/${region.orgNumber}`}>Avbryt</a>
      </form>
    </div>
  );
}
