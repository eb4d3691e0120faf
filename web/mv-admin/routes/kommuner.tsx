/**
 * Kommuner, as Regioner for regions: the system administrator registers kommuner (name,
 * organisation number 212000-NNNN, county, the avtal it starts with), starts and ends each avtal
 * per kommun e-tjänst, and registers their administrators (routes/administrators.tsx). Changes go
 * through services/organisations.ts; each is logged.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Child } from 'hono/jsx';
import { changeOrganisationDetails, registerKommun, setAgreement } from '../../../services/organisations.js';
import { logRequest } from '../../access-log.js';
import type { AppEnv } from '../../deps.js';
import { renderPage } from '../../layout.js';
import type { RouteRegistrar } from '../../routes.js';
import { findKommun, listAdministrators, listKommuner, type Kommun } from '../data.js';
import { readEditKommunForm, readKommunAgreementForm, readKommunForm } from '../forms.js';
import { EditKommunPage, KOMMUN_BASE, KommunList, kommunNoticeOf, kommunOrg, KommunView, NewKommunPage } from '../pages/kommuner.js';
import { registerAdministrators } from './administrators.js';

const KOMMUN = '212000-[0-9]{4}';

const page = (c: Context<AppEnv>, title: string, body: Child, status: 200 | 400 = 200, heading?: string | false) =>
  renderPage(c, { title, active: KOMMUN_BASE, status, heading: heading ?? title }, body);
const csrfOf = (c: Context<AppEnv>) => c.var.session?.csrfToken;

/** The kommun of the `:kommun` param; anything else is 404. */
async function kommunOf(c: Context<AppEnv>): Promise<Kommun> {
  const kommun = await findKommun(c.var.deps.sql, c.req.param('kommun') ?? '');
  if (!kommun) throw new HTTPException(404);
  return kommun;
}

export function registerKommuner(r: RouteRegistrar) {
  r.get('/kommuner', 'sysadmin', async (c) => {
    const kommuner = await listKommuner(c.var.deps.sql);
    return page(c, 'Kommuner', <KommunList kommuner={kommuner} notice={kommunNoticeOf(c.req.query('meddelande'))} />);
  });

  r.get('/kommuner/ny', 'sysadmin', (c) => page(c, 'Lägg till kommun', <NewKommunPage csrf={csrfOf(c)} values={{}} errors={{}} services={[]} />));

  r.post('/kommuner/ny', 'sysadmin', async (c) => {
    const { values, services, parsed } = readKommunForm(await c.req.parseBody({ all: true }));
    let errors = parsed.ok ? {} : parsed.errors;
    if (parsed.ok) {
      const { name, orgNumber, county, etjanst } = parsed.data;
      const result = await registerKommun(c.var.deps.sql, { name, orgNumber, county, services: etjanst });
      if (result.ok) {
        await logRequest(c, { action: 'create', objectType: 'organisation', objectId: orgNumber, detail: { name, county, kind: 'kommun', agreements: etjanst } });
        return c.redirect(`${KOMMUN_BASE}/${orgNumber}?meddelande=skapad`, 303);
      }
      errors = { [result.error.field ?? '_form']: result.error.message };
    }
    await logRequest(c, { action: 'create', objectType: 'organisation', outcome: 'failed', detail: { kind: 'kommun', fields: Object.keys(errors) } });
    return page(c, 'Lägg till kommun', <NewKommunPage csrf={csrfOf(c)} values={values} errors={errors} services={services} />, 400);
  });

  r.get(`/kommuner/:kommun{${KOMMUN}}`, 'sysadmin', async (c) => {
    const kommun = await kommunOf(c);
    const admins = await listAdministrators(c.var.deps.sql, kommun.orgNumber);
    await logRequest(c, { action: 'view', objectType: 'organisation', objectId: kommun.orgNumber, detail: { admins: admins.length } });
    return page(c, kommun.name, (
      <KommunView csrf={csrfOf(c)} kommun={kommun} admins={admins} notice={kommunNoticeOf(c.req.query('meddelande'))} />
    ), 200, false);
  });

  r.get(`/kommuner/:kommun{${KOMMUN}}/andra`, 'sysadmin', async (c) => {
    const kommun = await kommunOf(c);
    const values = { name: kommun.name, county: kommun.county ?? '' };
    return page(c, 'Ändra kommun', <EditKommunPage csrf={csrfOf(c)} kommun={kommun} values={values} errors={{}} />);
  });

  r.post(`/kommuner/:kommun{${KOMMUN}}/andra`, 'sysadmin', async (c) => {
    const kommun = await kommunOf(c);
    const { values, parsed } = readEditKommunForm(await c.req.parseBody());
    if (parsed.ok) {
      await changeOrganisationDetails(c.var.deps.sql, 'kommun', kommun.orgNumber, parsed.data);
      await logRequest(c, {
        action: 'update', objectType: 'organisation', objectId: kommun.orgNumber,
        detail: { before: { name: kommun.name, county: kommun.county }, after: parsed.data },
      });
      return c.redirect(`${KOMMUN_BASE}/${kommun.orgNumber}?meddelande=andrad`, 303);
    }
    await logRequest(c, { action: 'update', objectType: 'organisation', objectId: kommun.orgNumber, outcome: 'failed', detail: { fields: Object.keys(parsed.errors) } });
    return page(c, 'Ändra kommun', <EditKommunPage csrf={csrfOf(c)} kommun={kommun} values={values} errors={parsed.errors} />, 400);
  });

  r.post(`/kommuner/:kommun{${KOMMUN}}/avtal`, 'sysadmin', async (c) => {
    const kommun = await kommunOf(c);
    const wanted = readKommunAgreementForm(await c.req.parseBody());
    if (!wanted) throw new HTTPException(400, { message: 'Välj e-tjänst och om avtalet ska vara aktivt eller inte.' });
    const result = await setAgreement(c.var.deps.sql, 'kommun', kommun.orgNumber, wanted.eService, wanted.active);
    if (!result.ok) throw new HTTPException(result.error.code === 'NOT_FOUND' ? 404 : 400, { message: result.error.message });
    await logRequest(c, {
      action: 'update', objectType: 'agreement', objectId: kommun.orgNumber,
      detail: { eService: wanted.eService, before: result.value.before, after: wanted.active },
    });
    return c.redirect(`${KOMMUN_BASE}/${kommun.orgNumber}?meddelande=avtal`, 303);
  });

  registerAdministrators(r, {
    orgPath: `/kommuner/:kommun{${KOMMUN}}`, kind: 'kommun', active: KOMMUN_BASE,
    orgOf: async (c) => kommunOrg(await kommunOf(c)),
  });
}
