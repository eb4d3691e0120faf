/**
 * Regioner: the system administrator registers regions (name, organisation number, county),
 * starts and ends their avtal for the regions' e-tjänst, and registers their administrators
 * (routes/administrators.tsx). Changes go through services/organisations.ts; each is logged.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Child } from 'hono/jsx';
import { changeOrganisationDetails, registerRegion, setRegionAgreement } from '../../../services/organisations.js';
import { logRequest } from '../../access-log.js';
import type { AppEnv } from '../../deps.js';
import { renderPage } from '../../layout.js';
import type { RouteRegistrar } from '../../routes.js';
import { findRegion, listAdministrators, listRegions, type Region } from '../data.js';
import { readAgreementForm, readEditRegionForm, readRegionForm } from '../forms.js';
import { BASE, EditRegionPage, NewRegionPage, noticeOf, RegionList, regionOrg, RegionView } from '../pages/regions.js';
import { registerAdministrators } from './administrators.js';

const ORG = '[0-9]{6}-[0-9]{4}';

const page = (c: Context<AppEnv>, title: string, body: Child, status: 200 | 400 = 200, heading?: string | false) =>
  renderPage(c, { title, active: BASE, status, heading: heading ?? title }, body);
const csrfOf = (c: Context<AppEnv>) => c.var.session?.csrfToken;

/** The region of the `:org` param; Migrationsverket itself and unknown numbers are 404. */
async function regionOf(c: Context<AppEnv>): Promise<Region> {
  const region = await findRegion(c.var.deps.sql, c.req.param('org') ?? '');
  if (!region) throw new HTTPException(404);
  return region;
}

export function registerRegions(r: RouteRegistrar) {
  r.get('/regioner', 'sysadmin', async (c) => {
    const regions = await listRegions(c.var.deps.sql);
    return page(c, 'Regioner', <RegionList regions={regions} notice={noticeOf(c.req.query('meddelande'))} />);
  });

  r.get('/regioner/ny', 'sysadmin', (c) => page(c, 'Lägg till region', <NewRegionPage csrf={csrfOf(c)} values={{}} errors={{}} />));

  r.post('/regioner/ny', 'sysadmin', async (c) => {
    const { values, parsed } = readRegionForm(await c.req.parseBody());
    let errors = parsed.ok ? {} : parsed.errors;
    if (parsed.ok) {
      const { name, orgNumber, county } = parsed.data;
      const result = await registerRegion(c.var.deps.sql, parsed.data);
      if (result.ok) {
        await logRequest(c, { action: 'create', objectType: 'organisation', objectId: orgNumber, detail: { name, county } });
        return c.redirect(`${BASE}/${orgNumber}?meddelande=skapad`, 303);
      }
      errors = { [result.error.field ?? '_form']: result.error.message };
    }
    await logRequest(c, { action: 'create', objectType: 'organisation', outcome: 'failed', detail: { fields: Object.keys(errors) } });
    return page(c, 'Lägg till region', <NewRegionPage csrf={csrfOf(c)} values={values} errors={errors} />, 400);
  });

  r.get(`/regioner/:org{${ORG}}`, 'sysadmin', async (c) => {
    const region = await regionOf(c);
    const admins = await listAdministrators(c.var.deps.sql, region.orgNumber);
    await logRequest(c, { action: 'view', objectType: 'organisation', objectId: region.orgNumber, detail: { admins: admins.length } });
    return page(c, region.name, (
      <RegionView csrf={csrfOf(c)} region={region} admins={admins} notice={noticeOf(c.req.query('meddelande'))} />
    ), 200, false);
  });

  r.get(`/regioner/:org{${ORG}}/andra`, 'sysadmin', async (c) => {
    const region = await regionOf(c);
    const values = { name: region.name, county: region.county ?? '' };
    return page(c, 'Ändra region', <EditRegionPage csrf={csrfOf(c)} region={region} values={values} errors={{}} />);
  });

  r.post(`/regioner/:org{${ORG}}/andra`, 'sysadmin', async (c) => {
    const region = await regionOf(c);
    const { values, parsed } = readEditRegionForm(await c.req.parseBody());
    if (parsed.ok) {
      await changeOrganisationDetails(c.var.deps.sql, 'region', region.orgNumber, parsed.data);
      await logRequest(c, {
        action: 'update', objectType: 'organisation', objectId: region.orgNumber,
        detail: { before: { name: region.name, county: region.county }, after: parsed.data },
      });
      return c.redirect(`${BASE}/${region.orgNumber}?meddelande=andrad`, 303);
    }
    await logRequest(c, { action: 'update', objectType: 'organisation', objectId: region.orgNumber, outcome: 'failed', detail: { fields: Object.keys(parsed.errors) } });
    return page(c, 'Ändra region', <EditRegionPage csrf={csrfOf(c)} region={region} values={values} errors={parsed.errors} />, 400);
  });

  r.post(`/regioner/:org{${ORG}}/avtal`, 'sysadmin', async (c) => {
    const region = await regionOf(c);
    const active = readAgreementForm(await c.req.parseBody());
    if (active === null) throw new HTTPException(400, { message: 'Välj om avtalet ska vara aktivt eller inte.' });
    await setRegionAgreement(c.var.deps.sql, region.orgNumber, active);
    await logRequest(c, {
      action: 'update', objectType: 'agreement', objectId: region.orgNumber, detail: { before: region.agreementActive, after: active },
    });
    return c.redirect(`${BASE}/${region.orgNumber}?meddelande=avtal`, 303);
  });

  registerAdministrators(r, {
    orgPath: `/regioner/:org{${ORG}}`, kind: 'region', active: BASE,
    orgOf: async (c) => regionOrg(await regionOf(c)),
  });
}
