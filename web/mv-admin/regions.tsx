/**
 * Regioner: Migrationsverket's system administrator registers regions (name, organisation number,
 * county, whether the agreement is active) and each region's administrators (name, HSA-id,
 * e-mail; the HSA-id must carry the region's organisation number). Every change is access-logged.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import type { Sql } from '../../db/sql.js';
import { logRequest } from '../access-log.js';
import type { AppEnv } from '../deps.js';
import { CsrfField, renderPage } from '../layout.js';
import type { RouteRegistrar } from '../routes.js';
import {
  ErrorSummary, Notice, PERSON_FIELDS, PERSON_LABELS, TextField, isUniqueViolation, parseWith, personSchema, requiredText,
  stringFields, type FieldErrors, type FormValues,
} from '../admin/form.js';
import { deleteUser, findUser, hsaIdProblem, insertUser, listUsers, type UserRow } from '../admin/store.js';

const BASE = '/mv-admin/regioner';
const ORG = '[0-9]{6}-[0-9]{4}';

/** Swedish organisation numbers end with a Luhn check digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const orgNumber = z.string().trim()
  .min(1, 'Ange organisationsnummer.')
  .regex(/^\d{6}-?\d{4}$/, 'Ange organisationsnumret med tio siffror, till exempel 232100-0016.')
  .transform((s) => s.replace('-', ''))
  .refine(luhnValid, 'Organisationsnumret är inte giltigt: kontrollsiffran stämmer inte.')
  .transform((d) => `${d.slice(0, 6)}-${d.slice(6)}`);

/** Lägg till region. */
export const regionSchema = z.object({
  name: requiredText('regionens namn'),
  orgNumber,
  county: requiredText('län'),
});
/** Ändra region: the organisation number is the key and is not changed. */
export const editRegionSchema = regionSchema.omit({ orgNumber: true });
const REGION_FIELDS = ['name', 'orgNumber', 'county'] as const;
const REGION_LABELS: Record<string, string> = { name: 'Namn', orgNumber: 'Organisationsnummer', county: 'Län' };

type Region = { orgNumber: string; name: string; county: string | null; agreementActive: boolean; admins: number };

async function listRegions(sql: Sql): Promise<Region[]> {
  const rows = await sql<{ org_number: string; name: string; county: string | null; agreement_active: boolean; admins: number }[]>`
    select o.org_number, o.name, o.county, o.agreement_active,
           (select count(*)::int from users u where u.org_number = o.org_number and u.role = 'admin') as admins
    from organisations o where o.kind = 'region' order by o.name, o.org_number`;
  return rows.map((r) => ({ orgNumber: r.org_number, name: r.name, county: r.county, agreementActive: r.agreement_active, admins: r.admins }));
}

/** The region of the `:org` param; Migrationsverket itself and unknown numbers are 404. */
async function regionOf(c: Context<AppEnv>): Promise<Region> {
  const org = c.req.param('org') ?? '';
  const [r] = await c.var.deps.sql<{ org_number: string; name: string; county: string | null; agreement_active: boolean }[]>`
    select org_number, name, county, agreement_active from organisations where org_number = ${org} and kind = 'region'`;
  if (!r) throw new HTTPException(404);
  return { orgNumber: r.org_number, name: r.name, county: r.county, agreementActive: r.agreement_active, admins: 0 };
}

const NOTICES: Record<string, string> = {
  skapad: 'Regionen är sparad. Lägg till regionens administratörer nedan.',
  andrad: 'Regionens uppgifter är sparade.',
  avtal: 'Avtalet är ändrat.',
  admin: 'Administratören är sparad och kan logga in med sitt SITHS-kort.',
  adminborttagen: 'Administratören är borttagen.',
};

const page = (c: Context<AppEnv>, title: string, body: Child, status: 200 | 400 = 200, heading?: string | false) =>
  renderPage(c, { title, active: BASE, status, heading: heading ?? title }, body);

const BackLink = ({ href, text }: { href: string; text: string }) => (
  <p><a class="back-link" href={href}><span aria-hidden="true">← </span>{text}</a></p>
);

function RegionList({ regions, notice }: { regions: Region[]; notice: string | undefined }) {
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

function RegionForm({ c, action, values, errors, withOrgNumber, cancelHref }: {
  c: Context<AppEnv>; action: string; values: FormValues; errors: FieldErrors; withOrgNumber: boolean; cancelHref: string;
}) {
  return (
    <>
      <ErrorSummary errors={errors} labels={REGION_LABELS} />
      <p>Alla fält är obligatoriska.</p>
      <form method="post" action={action} novalidate class="admin-form">
        <CsrfField token={c.var.session?.csrfToken} />
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

function RegionView({ c, region, admins, notice }: { c: Context<AppEnv>; region: Region; admins: UserRow[]; notice: string | undefined }) {
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
          <CsrfField token={c.var.session?.csrfToken} />
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

function AdminForm({ c, region, values, errors }: { c: Context<AppEnv>; region: Region; values: FormValues; errors: FieldErrors }) {
  const prefix = `SE${region.orgNumber.replace('-', '')}-`;
  return (
    <>
      <BackLink href={`${BASE}/${region.orgNumber}`} text={`Tillbaka till ${region.name}`} />
      <h1>Lägg till administratör</h1>
      <p>Region: {region.name} ({region.orgNumber})</p>
      <ErrorSummary errors={errors} labels={PERSON_LABELS} />
      <p>Alla fält är obligatoriska.</p>
      <form method="post" action={`${BASE}/${region.orgNumber}/administratorer/ny`} novalidate class="admin-form">
        <CsrfField token={c.var.session?.csrfToken} />
        <TextField name="givenName" label="Förnamn" value={values.givenName} error={errors.givenName} autocomplete="off" maxLength={100} />
        <TextField name="familyName" label="Efternamn" value={values.familyName} error={errors.familyName} autocomplete="off" maxLength={100} />
        <TextField name="hsaId" label="HSA-id" value={values.hsaId} error={errors.hsaId} autocomplete="off" maxLength={60}
          description={`Från personens SITHS-kort; börjar med ${prefix}. Inte kortets nummer.`} />
        <TextField name="email" label="E-post" type="email" value={values.email} error={errors.email} autocomplete="off" maxLength={254} />
        <div class="button-group">
          <button type="submit" class="button button--primary button--medium button-group__item">Spara</button>
          <a class="button button--secondary button--medium button-group__item button-link" href={`${BASE}/${region.orgNumber}`}>Avbryt</a>
        </div>
      </form>
    </>
  );
}

/** The region's administrator of the `:id` param (404 when it is not one). */
async function regionAdmin(c: Context<AppEnv>, region: Region): Promise<UserRow> {
  const admin = await findUser(c.var.deps.sql, c.req.param('id') ?? '');
  if (!admin || admin.role !== 'admin' || admin.orgNumber !== region.orgNumber) throw new HTTPException(404);
  return admin;
}

export function registerRegions(r: RouteRegistrar) {
  r.get('/regioner', 'sysadmin', async (c) => {
    const regions = await listRegions(c.var.deps.sql);
    return page(c, 'Regioner', <RegionList regions={regions} notice={NOTICES[c.req.query('meddelande') ?? '']} />);
  });

  r.get('/regioner/ny', 'sysadmin', (c) => page(c, 'Lägg till region', (
    <RegionForm c={c} action={`${BASE}/ny`} values={{}} errors={{}} withOrgNumber cancelHref={BASE} />
  )));

  r.post('/regioner/ny', 'sysadmin', async (c) => {
    const { sql } = c.var.deps;
    const values = stringFields(await c.req.parseBody(), REGION_FIELDS);
    const parsed = parseWith(regionSchema, values);
    let errors: FieldErrors = parsed.ok ? {} : parsed.errors;
    if (parsed.ok) {
      const { name, orgNumber: org, county } = parsed.data;
      try {
        const inserted = await sql`
          insert into organisations (org_number, name, kind, county, agreement_active)
          values (${org}, ${name}, 'region', ${county}, true)
          on conflict (org_number) do nothing returning org_number`;
        if (inserted.length) {
          await logRequest(c, { action: 'create', objectType: 'organisation', objectId: org, detail: { name, county } });
          return c.redirect(`${BASE}/${org}?meddelande=skapad`, 303);
        }
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
      errors = { orgNumber: `Det finns redan en organisation med organisationsnummer ${org}.` };
    }
    await logRequest(c, { action: 'create', objectType: 'organisation', outcome: 'failed', detail: { fields: Object.keys(errors) } });
    return page(c, 'Lägg till region', (
      <RegionForm c={c} action={`${BASE}/ny`} values={values} errors={errors} withOrgNumber cancelHref={BASE} />
    ), 400);
  });

  r.get(`/regioner/:org{${ORG}}`, 'sysadmin', async (c) => {
    const region = await regionOf(c);
    const admins = await listUsers(c.var.deps.sql, region.orgNumber, 'admin');
    await logRequest(c, { action: 'view', objectType: 'organisation', objectId: region.orgNumber, detail: { admins: admins.length } });
    return page(c, region.name, <RegionView c={c} region={region} admins={admins} notice={NOTICES[c.req.query('meddelande') ?? '']} />, 200, false);
  });

  r.get(`/regioner/:org{${ORG}}/andra`, 'sysadmin', async (c) => {
    const region = await regionOf(c);
    const values = { name: region.name, county: region.county ?? '' };
    return page(c, 'Ändra region', (
      <>
        <p>Organisationsnummer: {region.orgNumber}</p>
        <RegionForm c={c} action={`${BASE}/${region.orgNumber}/andra`} values={values} errors={{}} withOrgNumber={false} cancelHref={`${BASE}/${region.orgNumber}`} />
      </>
    ));
  });

  r.post(`/regioner/:org{${ORG}}/andra`, 'sysadmin', async (c) => {
    const region = await regionOf(c);
    const values = stringFields(await c.req.parseBody(), REGION_FIELDS);
    const parsed = parseWith(editRegionSchema, values);
    if (parsed.ok) {
      await c.var.deps.sql`
        update organisations set name = ${parsed.data.name}, county = ${parsed.data.county}, updated_at = now()
        where org_number = ${region.orgNumber}`;
      await logRequest(c, {
        action: 'update', objectType: 'organisation', objectId: region.orgNumber,
        detail: { before: { name: region.name, county: region.county }, after: parsed.data },
      });
      return c.redirect(`${BASE}/${region.orgNumber}?meddelande=andrad`, 303);
    }
    await logRequest(c, { action: 'update', objectType: 'organisation', objectId: region.orgNumber, outcome: 'failed', detail: { fields: Object.keys(parsed.errors) } });
    return page(c, 'Ändra region', (
      <>
        <p>Organisationsnummer: {region.orgNumber}</p>
        <RegionForm c={c} action={`${BASE}/${region.orgNumber}/andra`} values={values} errors={parsed.errors} withOrgNumber={false} cancelHref={`${BASE}/${region.orgNumber}`} />
      </>
    ), 400);
  });

  r.post(`/regioner/:org{${ORG}}/avtal`, 'sysadmin', async (c) => {
    const region = await regionOf(c);
    const wanted = stringFields(await c.req.parseBody(), ['aktivt']).aktivt;
    if (wanted !== 'ja' && wanted !== 'nej') throw new HTTPException(400, { message: 'Välj om avtalet ska vara aktivt eller inte.' });
    const active = wanted === 'ja';
    await c.var.deps.sql`update organisations set agreement_active = ${active}, updated_at = now() where org_number = ${region.orgNumber}`;
    await logRequest(c, {
      action: 'update', objectType: 'agreement', objectId: region.orgNumber, detail: { before: region.agreementActive, after: active },
    });
    return c.redirect(`${BASE}/${region.orgNumber}?meddelande=avtal`, 303);
  });

  r.get(`/regioner/:org{${ORG}}/administratorer/ny`, 'sysadmin', async (c) => {
    const region = await regionOf(c);
    return page(c, 'Lägg till administratör', <AdminForm c={c} region={region} values={{}} errors={{}} />, 200, false);
  });

  r.post(`/regioner/:org{${ORG}}/administratorer/ny`, 'sysadmin', async (c) => {
    const region = await regionOf(c);
    const { sql } = c.var.deps;
    const values = stringFields(await c.req.parseBody(), PERSON_FIELDS);
    const parsed = parseWith(personSchema, values);
    let errors: FieldErrors = parsed.ok ? {} : parsed.errors;
    if (parsed.ok) {
      const problem = await hsaIdProblem(sql, parsed.data.hsaId, region, 'admin');
      if (problem) errors = { hsaId: problem };
      else {
        try {
          await insertUser(sql, region.orgNumber, 'admin', parsed.data);
          await logRequest(c, {
            action: 'create', objectType: 'administrator', objectId: parsed.data.hsaId,
            detail: { region: region.orgNumber, givenName: parsed.data.givenName, familyName: parsed.data.familyName, email: parsed.data.email },
          });
          return c.redirect(`${BASE}/${region.orgNumber}?meddelande=admin`, 303);
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
          errors = { hsaId: `HSA-id ${parsed.data.hsaId} är redan registrerat.` };
        }
      }
    }
    await logRequest(c, {
      action: 'create', objectType: 'administrator', outcome: 'failed', detail: { region: region.orgNumber, fields: Object.keys(errors) },
    });
    return page(c, 'Lägg till administratör', <AdminForm c={c} region={region} values={values} errors={errors} />, 400, false);
  });

  r.get(`/regioner/:org{${ORG}}/administratorer/:id{[0-9]+}/ta-bort`, 'sysadmin', async (c) => {
    const region = await regionOf(c);
    const admin = await regionAdmin(c, region);
    await logRequest(c, { action: 'view', objectType: 'administrator', objectId: admin.hsaId, detail: { page: 'ta-bort' } });
    return page(c, 'Ta bort administratör', (
      <div class="message-box message-box--warning confirm-box">
        <p class="confirm-question">Är du säker på att du vill ta bort denna administratör?</p>
        <p>{admin.givenName} {admin.familyName}, {admin.hsaId}, {region.name}</p>
        <form method="post" action={`${BASE}/${region.orgNumber}/administratorer/${admin.id}/ta-bort`} class="button-group">
          <CsrfField token={c.var.session?.csrfToken} />
          <button type="submit" class="button button--primary button--medium button-group__item">OK</button>
          <a class="button button--secondary button--medium button-group__item button-link" href={`${BASE}/${region.orgNumber}`}>Avbryt</a>
        </form>
      </div>
    ));
  });

  r.post(`/regioner/:org{${ORG}}/administratorer/:id{[0-9]+}/ta-bort`, 'sysadmin', async (c) => {
    const region = await regionOf(c);
    const admin = await regionAdmin(c, region);
    await deleteUser(c.var.deps.sql, admin.id);
    await logRequest(c, {
      action: 'delete', objectType: 'administrator', objectId: admin.hsaId,
      detail: { region: region.orgNumber, givenName: admin.givenName, familyName: admin.familyName },
    });
    return c.redirect(`${BASE}/${region.orgNumber}?meddelande=adminborttagen`, 303);
  });
}
