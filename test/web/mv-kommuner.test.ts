/**
 * Kommuner through the app (no browser): Mats registers kommuner with their avtal per e-tjänst
 * and their administrators; ending an avtal shuts the kommun's people out of that e-tjänst; the
 * last active administrator of an organisation with an active avtal stays (LAST_ADMIN), also when
 * two removals race. Forms are fuzzed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import { createApp } from '../../web/app.js';
import type { WebDeps } from '../../web/deps.js';
import { luhnValid } from '../../web/mv-admin/forms.js';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { COMPENSATION_SERVICE, UNACCOMPANIED_PERMISSION, UNACCOMPANIED_SERVICE } from '../../domain/e-services.js';
import { removeAdministrator } from '../../services/organisations.js';
import { appSql, temporalClient } from '../support.js';
import { accessLogSince, get, lastLogId, post, sessionOf, uniqueLocal, type Who } from './admin-support.js';

const sql = appSql();
let client: Client;
let deps: WebDeps;
let app: ReturnType<typeof createApp>;
let mats: Who;
const MATS = 'SE2021002163-ADM1';
const BASE = '/mv-admin/kommuner';
const created: string[] = [];

/** A kommun organisation number (212000-NNNN, valid check digit) that no organisation has. */
async function freshKommunNumber(): Promise<string> {
  for (let n = (process.pid * 7919 + Date.now()) % 10000; ; n = (n + 7) % 10000) {
    const body = `212000${String(n).padStart(4, '0').slice(0, 3)}`;
    const check = [...'0123456789'].find((d) => luhnValid(body + d))!;
    const org = `${body.slice(0, 6)}-${body.slice(6)}${check}`;
    if (!created.includes(org) && !(await sql`select 1 from organisations where org_number = ${org}`).length) {
      created.push(org);
      return org;
    }
  }
}
/** A region organisation number (2321…, valid check digit) that no organisation has. */
async function freshRegionNumber(): Promise<string> {
  for (let n = (process.pid * 37 + Date.now()) % 100000; ; n = (n + 7919) % 100000) {
    const body = `2321${String(n).padStart(5, '0')}`;
    const check = [...'0123456789'].find((d) => luhnValid(body + d))!;
    const org = `${body.slice(0, 6)}-${body.slice(6)}${check}`;
    if (!(await sql`select 1 from organisations where org_number = ${org}`).length) {
      created.push(org);
      return org;
    }
  }
}
const orgCount = async () => Number((await sql`select count(*)::int as n from organisations`)[0]!.n);
const agreementsOf = async (org: string) => Object.fromEntries(
  (await sql<{ e_service: string; active: boolean }[]>`select e_service, active from agreements where org_number = ${org}`).map((r) => [r.e_service, r.active]),
);
const hsaOf = (org: string, prefix: string) => `SE${org.replace('-', '')}-${uniqueLocal(prefix)}`;

/** Registers a kommun through the form with avtal for `services`. */
async function registerKommun(name: string, services: string[]): Promise<string> {
  const org = await freshKommunNumber();
  const res = await post(app, mats, `${BASE}/ny`, [['name', name], ['orgNumber', org], ['county', 'Provlän'], ...services.map((s) => ['etjanst', s] as [string, string])]);
  expect(res.status).toBe(303);
  return org;
}
async function addAdmin(org: string, givenName = 'Klara'): Promise<{ id: string; hsaId: string }> {
  const hsaId = hsaOf(org, 'ADM');
  const res = await post(app, mats, `${BASE}/${org}/administratorer/ny`, { givenName, familyName: 'Kommunsson', hsaId, email: 'klara@kommun.example' });
  expect(res.status).toBe(303);
  const [u] = await sql`select id from users where hsa_id = ${hsaId}`;
  return { id: String(u!.id), hsaId };
}
const adminsOf = async (org: string) => Number((await sql`select count(*)::int as n from users where org_number = ${org} and role = 'admin'`)[0]!.n);

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  deps = { sql, temporal: client, publicUrl: 'http://localhost:3999' };
  app = createApp(deps);
  mats = await sessionOf(sql, deps, MATS);
});
afterAll(async () => {
  if (created.length) {
    await sql`delete from users where org_number in ${sql(created)}`;
    await sql`delete from agreements where org_number in ${sql(created)}`;
    await sql`delete from organisations where org_number in ${sql(created)}`;
  }
  await client.connection.close();
  await sql.end();
});

describe('Kommuner', () => {
  it('lists the demo kommuner with organisation number, county, avtal per e-tjänst and administrators', async () => {
    const res = await get(app, mats, BASE);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const t of ['Stockholms kommun', '212000-0142', 'Göteborgs kommun', 'Malmö kommun', 'Lägg till kommun',
      `Avtal: ${UNACCOMPANIED_SERVICE}`, `Avtal: ${COMPENSATION_SERVICE}`, 'Inget aktivt avtal']) expect(html).toContain(t);
    expect(html).not.toContain('232100-0016'); // regions are under Regioner
    expect(html).toMatch(/href="\/mv-admin\/kommuner" aria-current="page">Kommuner</);
    expect((await get(app, mats, `${BASE}/232100-0016`)).status).toBe(404);
    expect((await get(app, mats, '/mv-admin/regioner/212000-0142')).status).toBe(404);
  });

  it('registers a kommun with its avtal (logged); the form refuses bad organisation numbers beside the field and stores nothing', async () => {
    const before = await lastLogId(sql);
    const org = await registerKommun('Provby kommun', [UNACCOMPANIED_SERVICE]);
    expect((await sql`select name, kind, county from organisations where org_number = ${org}`)[0])
      .toEqual({ name: 'Provby kommun', kind: 'kommun', county: 'Provlän' });
    expect(await agreementsOf(org)).toEqual({ [UNACCOMPANIED_SERVICE]: true });
    expect(await accessLogSince(sql, before)).toContainEqual(expect.objectContaining({ actor_hsa_id: MATS, action: 'create', object_type: 'organisation', object_id: org }));
    const view = await (await get(app, mats, `${BASE}/${org}?meddelande=skapad`)).text();
    expect(view).toContain('Kommunen är sparad.');
    expect(view).toContain('Kommunen har ingen administratör.');

    const count = await orgCount();
    const cases: [string, string][] = [
      ['232100-0016', 'Ange kommunens organisationsnummer i formen 212000-NNNN'],
      ['212001-0142', 'Ange kommunens organisationsnummer i formen 212000-NNNN'],
      ['212000-014', 'Ange kommunens organisationsnummer i formen 212000-NNNN'],
      ['212000-0143', 'Organisationsnumret är inte giltigt: kontrollsiffran stämmer inte.'],
      ['', 'Ange organisationsnummer.'],
      ['212000-0142', 'Det finns redan en organisation med organisationsnummer 212000-0142.'],
    ];
    for (const [orgNumber, message] of cases) {
      const res = await post(app, mats, `${BASE}/ny`, { name: 'Fel kommun', orgNumber, county: 'Län' });
      expect(res.status, orgNumber).toBe(400);
      const html = await res.text();
      expect(html).toContain(`id="orgNumber-fel">${message}`);
    }
    const unknownService = await post(app, mats, `${BASE}/ny`, [['name', 'X'], ['orgNumber', '212000-9997'], ['county', 'L'], ['etjanst', 'E-tjänst för landsting']]);
    expect(unknownService.status).toBe(400);
    expect(await unknownService.text()).toContain('Välj bland kommunernas e-tjänster.');
    const empty = await (await post(app, mats, `${BASE}/ny`, { name: '', orgNumber: '', county: '' })).text();
    for (const t of ['Ange kommunens namn.', 'Ange organisationsnummer.', 'Ange län.']) expect(empty).toContain(t);
    expect(await orgCount()).toBe(count);
  });

  it('changes name and county; turns each avtal off and on, logging each change', async () => {
    const org = await registerKommun('Ändra kommun', [UNACCOMPANIED_SERVICE, COMPENSATION_SERVICE]);
    const before = await lastLogId(sql);
    expect((await post(app, mats, `${BASE}/${org}/andra`, { name: 'Ändrad kommun', county: 'Nya län' })).status).toBe(303);
    expect((await sql`select name, county from organisations where org_number = ${org}`)[0]).toEqual({ name: 'Ändrad kommun', county: 'Nya län' });
    const bad = await post(app, mats, `${BASE}/${org}/andra`, { name: '', county: 'X' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="name-fel">Ange kommunens namn.');

    expect((await post(app, mats, `${BASE}/${org}/avtal`, { etjanst: COMPENSATION_SERVICE, aktivt: 'nej' })).status).toBe(303);
    expect(await agreementsOf(org)).toEqual({ [UNACCOMPANIED_SERVICE]: true, [COMPENSATION_SERVICE]: false });
    const view = await (await get(app, mats, `${BASE}/${org}`)).text();
    expect(view).toContain(`Aktivera avtalet för ${COMPENSATION_SERVICE}`);
    expect(view).toContain(`Avsluta avtalet för ${UNACCOMPANIED_SERVICE}`);
    expect((await post(app, mats, `${BASE}/${org}/avtal`, { etjanst: COMPENSATION_SERVICE, aktivt: 'ja' })).status).toBe(303);
    expect(await agreementsOf(org)).toEqual({ [UNACCOMPANIED_SERVICE]: true, [COMPENSATION_SERVICE]: true });

    const logs = await accessLogSince(sql, before);
    expect(logs).toContainEqual(expect.objectContaining({ action: 'update', object_type: 'organisation', object_id: org }));
    expect(logs).toContainEqual(expect.objectContaining({
      action: 'update', object_type: 'agreement', object_id: org, detail: { eService: COMPENSATION_SERVICE, before: true, after: false },
    }));
    expect(logs).toContainEqual(expect.objectContaining({
      action: 'update', object_type: 'agreement', object_id: org, detail: { eService: COMPENSATION_SERVICE, before: false, after: true },
    }));
    for (const fields of [{ etjanst: COMPENSATION_SERVICE, aktivt: 'kanske' } as Record<string, string>, { etjanst: 'E-tjänst för landsting', aktivt: 'ja' }, { aktivt: 'ja' }]) {
      expect((await post(app, mats, `${BASE}/${org}/avtal`, fields)).status).toBe(400);
    }
    expect(await agreementsOf(org)).toEqual({ [UNACCOMPANIED_SERVICE]: true, [COMPENSATION_SERVICE]: true });
  });

  it('starts an avtal the kommun never had', async () => {
    const org = await registerKommun('Utan avtal kommun', []);
    expect(await agreementsOf(org)).toEqual({});
    await post(app, mats, `${BASE}/${org}/avtal`, { etjanst: COMPENSATION_SERVICE, aktivt: 'ja' });
    expect(await agreementsOf(org)).toEqual({ [COMPENSATION_SERVICE]: true });
  });
});

describe('a kommun\'s avtal and its people', () => {
  it('ending one of two keeps the session without that e-tjänst; ending the last ends it on the next request', async () => {
    const org = await registerKommun('Avtal kommun', [UNACCOMPANIED_SERVICE, COMPENSATION_SERVICE]);
    const hsaId = hsaOf(org, 'HLG');
    const [u] = await sql`insert into users (hsa_id, given_name, family_name, email, org_number, role)
      values (${hsaId}, 'Ella', 'Avtal', 'ella@kommun.example', ${org}, 'user') returning id`;
    const [type] = await sql<{ permission: string }[]>`select permission from permission_catalogue
      where e_service = ${COMPENSATION_SERVICE} and valid_from <= current_date and (valid_to is null or current_date <= valid_to) order by position limit 1`;
    await sql`insert into user_permissions (user_id, service, permission) values
      (${u!.id}, ${UNACCOMPANIED_SERVICE}, ${UNACCOMPANIED_PERMISSION}), (${u!.id}, ${COMPENSATION_SERVICE}, ${type!.permission})`;
    const ella = await sessionOf(sql, deps, hsaId);
    expect((await get(app, ella, '/ensamkommande')).status).toBe(200);
    expect((await get(app, ella, '/statlig-ersattning')).status).toBe(200);

    await post(app, mats, `${BASE}/${org}/avtal`, { etjanst: UNACCOMPANIED_SERVICE, aktivt: 'nej' });
    expect((await get(app, ella, '/ensamkommande')).status).toBe(403);
    expect((await get(app, ella, '/statlig-ersattning')).status).toBe(200);

    await post(app, mats, `${BASE}/${org}/avtal`, { etjanst: COMPENSATION_SERVICE, aktivt: 'nej' });
    const out = await get(app, ella, '/statlig-ersattning');
    expect(out.status).toBe(302);
    expect(out.headers.get('Location')).toMatch(/^\/auth\/login/);
  });
});

describe('a kommun\'s administrators', () => {
  it('adds an administrator (logged); the HSA-id must carry the kommun\'s number', async () => {
    const org = await registerKommun('Admin kommun', [COMPENSATION_SERVICE]);
    const before = await lastLogId(sql);
    const { hsaId } = await addAdmin(org);
    expect((await sql`select role, org_number from users where hsa_id = ${hsaId}`)[0]).toEqual({ role: 'admin', org_number: org });
    const view = await (await get(app, mats, `${BASE}/${org}?meddelande=admin`)).text();
    expect(view).toContain(hsaId);
    expect(view).toContain('Administratören är sparad');
    expect(await accessLogSince(sql, before)).toContainEqual(expect.objectContaining({
      action: 'create', object_type: 'administrator', object_id: hsaId, detail: expect.objectContaining({ kommun: org }),
    }));
    const form = await (await get(app, mats, `${BASE}/${org}/administratorer/ny`)).text();
    expect(form).toContain(`börjar med SE${org.replace('-', '')}-`);
    const wrong = await post(app, mats, `${BASE}/${org}/administratorer/ny`, {
      givenName: 'Fel', familyName: 'Kommun', hsaId: 'SE2120000142-NYADM', email: 'fel@x.example',
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('HSA-id:t hör till Stockholms kommun (212000-0142)');
    expect(await adminsOf(org)).toBe(1);
  });

  it('refuses to remove the last administrator (LAST_ADMIN, in Swedish), for regions too; nothing is removed', async () => {
    const org = await registerKommun('Sista kommun', [UNACCOMPANIED_SERVICE]);
    const first = await addAdmin(org, 'Första');
    const second = await addAdmin(org, 'Andra');
    const confirm = await (await get(app, mats, `${BASE}/${org}/administratorer/${first.id}/ta-bort`)).text();
    expect(confirm).toContain('Är du säker på att du vill ta bort denna administratör?');
    expect((await post(app, mats, `${BASE}/${org}/administratorer/${first.id}/ta-bort`)).status).toBe(303);
    const before = await lastLogId(sql);
    const refused = await post(app, mats, `${BASE}/${org}/administratorer/${second.id}/ta-bort`);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Administratören kan inte tas bort: Sista kommun har ett aktivt avtal och måste ha minst en aktiv administratör.');
    expect(await adminsOf(org)).toBe(1);
    expect(await accessLogSince(sql, before)).toContainEqual(expect.objectContaining({
      action: 'delete', object_type: 'administrator', object_id: second.hsaId, outcome: 'denied', detail: { kommun: org, code: 'LAST_ADMIN' },
    }));

    // Without an active avtal the last administrator may go.
    await post(app, mats, `${BASE}/${org}/avtal`, { etjanst: UNACCOMPANIED_SERVICE, aktivt: 'nej' });
    expect((await post(app, mats, `${BASE}/${org}/administratorer/${second.id}/ta-bort`)).status).toBe(303);
    expect(await adminsOf(org)).toBe(0);

    // A region with its avtal: the same rule, also when both removals come at once.
    const region = await freshRegionNumber();
    expect((await post(app, mats, '/mv-admin/regioner/ny', { name: 'Region Sista', orgNumber: region, county: 'Sista län' })).status).toBe(303);
    const regionAdmins: string[] = [];
    for (const name of ['Rut', 'Rolf']) {
      const hsaId = hsaOf(region, 'ADM');
      await post(app, mats, `/mv-admin/regioner/${region}/administratorer/ny`, { givenName: name, familyName: 'Region', hsaId, email: 'r@region.example' });
      regionAdmins.push(String((await sql`select id from users where hsa_id = ${hsaId}`)[0]!.id));
    }
    const results = await Promise.all(regionAdmins.map((id) => removeAdministrator(sql, 'region', region, id)));
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual(['LAST_ADMIN']);
    expect(await adminsOf(region)).toBe(1);
    const kept = String((await sql`select id from users where org_number = ${region} and role = 'admin'`)[0]!.id);
    const refusedRegion = await post(app, mats, `/mv-admin/regioner/${region}/administratorer/${kept}/ta-bort`);
    expect(refusedRegion.status).toBe(409);
    expect(await refusedRegion.text()).toContain('Administratören kan inte tas bort: Region Sista har ett aktivt avtal');
    expect(await adminsOf(region)).toBe(1);
  });

  it('two removals at once of the last two administrators leave one', async () => {
    for (let round = 0; round < 5; round++) {
      const org = await registerKommun(`Samtidig kommun ${round}`, [COMPENSATION_SERVICE]);
      const a = await addAdmin(org, 'Adam');
      const b = await addAdmin(org, 'Bea');
      const [ra, rb] = await Promise.all([
        post(app, mats, `${BASE}/${org}/administratorer/${a.id}/ta-bort`),
        post(app, mats, `${BASE}/${org}/administratorer/${b.id}/ta-bort`),
      ]);
      expect([ra.status, rb.status].sort()).toEqual([303, 409]);
      expect(await adminsOf(org)).toBe(1);
    }
  });
});

describe('fuzzing the kommun forms', () => {
  const text = fc.oneof(fc.string({ maxLength: 120 }), fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', ' ', '\u0000', '212000-0142', '2120000142', '=cmd'));
  const services = fc.array(fc.oneof(text, fc.constantFrom(UNACCOMPANIED_SERVICE, COMPENSATION_SERVICE, 'E-tjänst för landsting')), { maxLength: 4 });

  it('Lägg till kommun and Ändra kommun: never 5xx; invalid input stores nothing, with the error beside the field', async () => {
    const org = await registerKommun('Fuzz kommun', []);
    await fc.assert(fc.asyncProperty(text, fc.oneof(text, fc.stringMatching(/^212000-?\d{4}$/)), text, services, async (name, orgNumber, county, ticked) => {
      const count = await orgCount();
      const res = await post(app, mats, `${BASE}/ny`, [['name', name], ['orgNumber', orgNumber], ['county', county], ...ticked.map((s) => ['etjanst', s] as [string, string])]);
      expect(res.status).toBeLessThan(500);
      if (res.status === 400) {
        expect(await res.text()).toMatch(/id="\w+-fel">/);
        expect(await orgCount()).toBe(count);
      } else {
        const made = res.headers.get('Location')!.match(/kommuner\/(212000-\d{4})/)![1]!;
        created.push(made);
        const [k] = await sql`select kind, name from organisations where org_number = ${made}`;
        expect(k).toEqual({ kind: 'kommun', name: name.trim() });
        const avtal = Object.keys(await agreementsOf(made));
        expect(avtal.every((s) => s === UNACCOMPANIED_SERVICE || s === COMPENSATION_SERVICE)).toBe(true);
      }
      const snapshot = (await sql`select name, county from organisations where org_number = ${org}`)[0];
      const edit = await post(app, mats, `${BASE}/${org}/andra`, { name, county });
      expect(edit.status).toBeLessThan(500);
      if (edit.status === 400) expect((await sql`select name, county from organisations where org_number = ${org}`)[0]).toEqual(snapshot);
      const avtal = await post(app, mats, `${BASE}/${org}/avtal`, { etjanst: ticked[0] ?? name, aktivt: county });
      expect(avtal.status).toBeLessThan(500);
    }), { numRuns: 50 });
  });

  it('Lägg till administratör: never 5xx; invalid input stores nothing', async () => {
    const org = await registerKommun('Fuzzadmin kommun', [COMPENSATION_SERVICE]);
    const digits = org.replace('-', '');
    const hsa = fc.oneof(text, fc.stringMatching(/^SE\d{10}-[A-Za-z0-9]{0,6}$/), fc.stringMatching(/^[A-Z0-9]{1,6}$/).map((s) => `SE${digits}-${s}`));
    await fc.assert(fc.asyncProperty(text, text, hsa, text, async (givenName, familyName, hsaId, email) => {
      const count = await adminsOf(org);
      const res = await post(app, mats, `${BASE}/${org}/administratorer/ny`, { givenName, familyName, hsaId, email });
      expect(res.status).toBeLessThan(500);
      if (res.status === 400) {
        expect(await res.text()).toMatch(/class="label__message label__message--error" id="\w+-fel">/);
        expect(await adminsOf(org)).toBe(count);
      } else {
        const [u] = await sql`select id, role, org_number from users where hsa_id = ${hsaId.trim()}`;
        expect(u).toMatchObject({ role: 'admin', org_number: org });
        await sql`delete from users where id = ${u!.id}`;
      }
    }), { numRuns: 50 });
  });
});
