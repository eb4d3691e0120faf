/**
 * Authorization of the application tab, driven by the route table: a user without the
 * application permissions reaches none of its routes (every denial logged), each permission opens
 * only its own actions, and another region's application or decision is answered 404 and logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { allRoutes, createApp } from '../../web/app.js';
import { allows } from '../../web/routes.js';
import type { WebDeps } from '../../web/deps.js';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { buildDecisionDocument } from '../../domain/decision-document.js';
import { applicableQuarter } from '../../services/index.js';
import { applicationWorkflowId } from '../../contract/index.js';
import { testRegion } from '../lifecycle-support.js';
import { appSql, temporalClient } from '../support.js';
import { get, lastLog, post, regionUser, sessionOf, type TestSession } from './applications-support.js';

const sql = appSql();
let client: Client;
let deps: WebDeps;
const app = () => createApp(deps);
const STOCKHOLM = '232100-0016';
// A decided application of Stockholm from long ago (a projection row: no workflow is needed to read it).
const OLD_QUARTER = '2019-Q4';
let stockholmApplicationId: number;

const applicationRoutes = () => allRoutes().filter((r) => r.path === '/ansokan' || r.path.startsWith('/ansokan/'));
const concrete = (path: string, ref: string) => path.replace(':ref', ref).replace(':examinationId', '1');

async function request(s: TestSession, method: string, path: string) {
  return method === 'POST' ? post(app(), s, path, { quarter: applicableQuarter() }) : get(app(), s, path);
}

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  deps = { sql, temporal: client, publicUrl: 'http://localhost:3999' };
  const content = buildDecisionDocument({
    applicationId: 'x', regionName: 'Region Stockholm', regionOrgNumber: STOCKHOLM, quarter: OLD_QUARTER, receivedDate: '2020-02-03',
    decisionDate: '2020-03-02', decidedBy: 'Hanna Handläggare', payoutDate: '2020-03-31',
    items: [{ dossierNumber: '01-000001', name: 'Amina Haddad', examDate: '2019-11-05', outcome: 'Beviljad', amountSek: 2175 }],
  });
  const [row] = await sql`
    insert into applications (workflow_id, region_org_number, quarter, status, deadline, item_count, total_amount_sek, created_by, submitted_at, decided_at, payout_date)
    values (${applicationWorkflowId(STOCKHOLM, OLD_QUARTER)}, ${STOCKHOLM}, ${OLD_QUARTER}, 'Utbetald', '2020-03-31', 1, 2175, 'SE2321000016-USR1',
            '2020-02-03T10:00:00Z', '2020-03-02T10:00:00Z', '2020-03-31')
    on conflict (workflow_id) do update set updated_at = now() returning id`;
  stockholmApplicationId = Number(row!.id);
  await sql`insert into decisions (application_id, decided_by, decided_at, total_amount_sek, payout_date, content)
    values (${stockholmApplicationId}, 'SE2021002163-HL1', '2020-03-02T10:00:00Z', 2175, '2020-03-31', ${sql.json({ ...content, applicationId: String(stockholmApplicationId) } as never)})
    on conflict (application_id) do nothing`;
});
afterAll(async () => {
  await client.connection.close();
  await sql.end();
});

describe('the application tab by permission', () => {
  it('has routes, each needing an application permission', () => {
    const routes = applicationRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(8);
    expect(routes.filter((r) => r.method === 'POST').length).toBeGreaterThanOrEqual(3);
    for (const r of routes) {
      for (const p of [r.permission].flat()) expect(['Skapa ny ansökan om ersättning', 'Skicka in ansökan om ersättning']).toContain(p);
    }
  });

  it('gives Rolf no tab, 403 on every route including direct POSTs, and logs each denial', async () => {
    const rolf = await sessionOf(sql, deps, 'SE2321000016-USR2');
    const start = await get(app(), rolf, '/lista');
    expect(start.status).toBe(200);
    const nav = await start.text();
    expect(nav).toContain('Asylsökande m.fl. i länet');
    expect(nav).not.toContain('href="/ansokan"');
    expect(nav).not.toContain('Ansökan om ersättning');

    for (const r of applicationRoutes()) {
      const path = concrete(r.path, applicableQuarter());
      const res = await request(rolf, r.method, path);
      expect(res.status, `${r.method} ${path}`).toBe(403);
      expect(await res.text()).toContain('Du saknar behörighet');
      expect(await lastLog(sql, rolf.hsaId), `${r.method} ${path}`).toMatchObject({
        action: 'access', outcome: 'denied', object_type: 'route', object_id: `${r.method} ${path}`,
      });
    }
  });

  it('keeps the region administrator out of every application route', async () => {
    const anna = await sessionOf(sql, deps, 'SE2321000016-ADM1');
    for (const r of applicationRoutes()) {
      const res = await request(anna, r.method, concrete(r.path, applicableQuarter()));
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
    }
  });

  it('lets each of the two permissions do only its own actions', async () => {
    const region = await testRegion(sql, 'Region Behörighet');
    const creator = await regionUser(sql, deps, region, 'SKAPA1', ['Skapa ny ansökan om ersättning']);
    const submitter = await regionUser(sql, deps, region, 'SKICKA1', ['Skicka in ansökan om ersättning']);
    const creatorUser = { role: 'user' as const, permissions: ['Skapa ny ansökan om ersättning'] };
    const submitterUser = { role: 'user' as const, permissions: ['Skicka in ansökan om ersättning'] };
    for (const r of applicationRoutes()) {
      const path = concrete(r.path, applicableQuarter());
      for (const [s, u] of [[creator, creatorUser], [submitter, submitterUser]] as const) {
        const res = await request(s, r.method, path);
        const allowed = allows({ ...u, id: '0', hsaId: s.hsaId, givenName: '', familyName: '', orgNumber: region, orgName: '', orgKind: 'region', services: ['E-tjänst för landsting'] }, r.permission);
        if (allowed) expect(res.status, `${s.hsaId} ${r.method} ${path}`).not.toBe(403);
        else expect(res.status, `${s.hsaId} ${r.method} ${path}`).toBe(403);
      }
    }
    const overview = await (await get(app(), submitter, '/ansokan')).text();
    expect(overview).not.toContain('Skapa ny ansökan</button>');
    expect(overview).toContain('Du har inte behörighet att skapa ansökningar');
  });
});

describe('another region\'s application', () => {
  it('is shown to Ulla, whose region it is', async () => {
    const ulla = await sessionOf(sql, deps, 'SE2321000016-USR1');
    const res = await get(app(), ulla, `/ansokan/${OLD_QUARTER}/beslut`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Amina Haddad');
    expect((await get(app(), ulla, `/ansokan/${stockholmApplicationId}`)).status).toBe(200);
  });

  it('is 404 for Vera by its number, for the application, the decision and every action, and each denial is logged', async () => {
    const vera = await sessionOf(sql, deps, 'SE2321000131-USR1');
    for (const r of applicationRoutes().filter((x) => x.path.includes(':ref'))) {
      const path = concrete(r.path, String(stockholmApplicationId));
      const res = await request(vera, r.method, path);
      expect(res.status, `${r.method} ${path}`).toBe(404);
      const html = await res.text();
      expect(html).not.toContain('Amina Haddad');
      expect(html).toContain('Sidan finns inte');
      expect(await lastLog(sql, vera.hsaId), `${r.method} ${path}`).toMatchObject({
        action: 'access', outcome: 'denied', object_type: 'application', object_id: String(stockholmApplicationId),
      });
    }
    // By quarter she only ever reaches her own region's application: Stockholm's is not there for her.
    const byQuarter = await get(app(), vera, `/ansokan/${OLD_QUARTER}/beslut`);
    expect(byQuarter.status).toBe(404);
    expect(await byQuarter.text()).not.toContain('Amina Haddad');
  });
});
