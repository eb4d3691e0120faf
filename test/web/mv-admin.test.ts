/**
 * Migrationsverket's system administrator through the app (no browser): Mats registers regions,
 * their agreements and administrators, and reads and exports the access log. Forms are fuzzed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import { createApp } from '../../web/app.js';
import type { WebDeps } from '../../web/deps.js';
import { csvField } from '../../web/csv.js';
import { luhnValid } from '../../web/mv-admin/forms.js';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { logAccess, type AccessAction } from '../../web/access-log.js';
import { autoDecideSetting, setAutoDecide } from '../../services/settings.js';
import { appSql, temporalClient } from '../support.js';
import { accessLogSince, get, lastLogId, post, sessionOf, uniqueLocal, type Who } from './admin-support.js';

const sql = appSql();
let client: Client;
let deps: WebDeps;
let app: ReturnType<typeof createApp>;
let mats: Who;
const MATS = 'SE2021002163-ADM1';

/** A fresh, valid (Luhn) organisation number in the 2321 range that no test has used. */
let orgCounter = 0;
async function freshOrgNumber(): Promise<string> {
  for (;;) {
    orgCounter++;
    const body = `2321${String((process.pid * 37 + orgCounter * 7919 + Date.now()) % 100000).padStart(5, '0')}`;
    const check = [...'0123456789'].find((d) => luhnValid(body + d))!;
    const org = `${body.slice(0, 6)}-${body.slice(6)}${check}`;
    if (!(await sql`select 1 from organisations where org_number = ${org}`).length) return org;
  }
}
const orgCount = async () => Number((await sql`select count(*)::int as n from organisations`)[0]!.n);
const userCount = async () => Number((await sql`select count(*)::int as n from users`)[0]!.n);

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  deps = { sql, temporal: client, publicUrl: 'http://localhost:3999' };
  app = createApp(deps);
  mats = await sessionOf(sql, deps, MATS);
});
afterAll(async () => {
  await client.connection.close();
  await sql.end();
});

describe('regions', () => {
  it('lists the regions with organisation number, county, agreement and administrators', async () => {
    const res = await get(app, mats, '/mv-admin/regioner');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const t of ['Region Stockholm', '232100-0016', 'Stockholms län', 'Västra Götalandsregionen', 'Region Skåne', 'Aktivt', 'Lägg till region']) expect(html).toContain(t);
    expect(html).not.toContain('202100-2163'); // Migrationsverket is not a region
    expect((await get(app, mats, '/mv-admin/regioner/202100-2163')).status).toBe(404);
  });

  it('adds a region (logged), refusing a bad or taken organisation number and empty fields', async () => {
    const org = await freshOrgNumber();
    const before = await lastLogId(sql);
    const res = await post(app, mats, '/mv-admin/regioner/ny', { name: 'Region Testland', orgNumber: org.replace('-', ''), county: 'Testlands län' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/mv-admin/regioner/${org}?meddelande=skapad`);
    expect((await sql`select name, kind, county, (select active from agreements a where a.org_number = o.org_number and a.e_service = 'E-tjänst för landsting') as agreement_active from organisations o where org_number = ${org}`)[0])
      .toEqual({ name: 'Region Testland', kind: 'region', county: 'Testlands län', agreement_active: true });
    expect(await accessLogSince(sql, before)).toContainEqual(expect.objectContaining({ actor_hsa_id: MATS, action: 'create', object_type: 'organisation', object_id: org }));

    const count = await orgCount();
    const taken = await post(app, mats, '/mv-admin/regioner/ny', { name: 'Kopia', orgNumber: '232100-0016', county: 'Län' });
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain('Det finns redan en organisation med organisationsnummer 232100-0016.');
    const luhn = await post(app, mats, '/mv-admin/regioner/ny', { name: 'Fel', orgNumber: '232100-0017', county: 'Län' });
    expect(luhn.status).toBe(400);
    expect(await luhn.text()).toContain('kontrollsiffran stämmer inte');
    const empty = await post(app, mats, '/mv-admin/regioner/ny', { name: '', orgNumber: '', county: '' });
    const html = await empty.text();
    expect(empty.status).toBe(400);
    expect(html).toContain('Ange regionens namn.');
    expect(html).toContain('Ange organisationsnummer.');
    expect(html).toContain('Ange län.');
    expect(await orgCount()).toBe(count);
  });

  it('edits a region and turns its agreement off and on, logging each change', async () => {
    const org = await freshOrgNumber();
    await post(app, mats, '/mv-admin/regioner/ny', { name: 'Region Ändra', orgNumber: org, county: 'Gamla län' });
    const before = await lastLogId(sql);
    const edit = await post(app, mats, `/mv-admin/regioner/${org}/andra`, { name: 'Region Ändrad', county: 'Nya län' });
    expect(edit.status).toBe(303);
    const off = await post(app, mats, `/mv-admin/regioner/${org}/avtal`, { aktivt: 'nej' });
    expect(off.status).toBe(303);
    expect((await sql`select name, county, (select active from agreements a where a.org_number = o.org_number and a.e_service = 'E-tjänst för landsting') as agreement_active from organisations o where org_number = ${org}`)[0]).toEqual({ name: 'Region Ändrad', county: 'Nya län', agreement_active: false });
    const view = await (await get(app, mats, `/mv-admin/regioner/${org}`)).text();
    expect(view).toContain('Inte aktivt');
    expect(view).toContain('Aktivera avtalet');
    await post(app, mats, `/mv-admin/regioner/${org}/avtal`, { aktivt: 'ja' });
    expect((await sql`select active from agreements where org_number = ${org} and e_service = 'E-tjänst för landsting'`)[0]!.active).toBe(true);
    const logs = await accessLogSince(sql, before);
    expect(logs).toContainEqual(expect.objectContaining({ action: 'update', object_type: 'organisation', object_id: org }));
    expect(logs).toContainEqual(expect.objectContaining({ action: 'update', object_type: 'agreement', object_id: org, detail: { before: true, after: false } }));
    expect((await post(app, mats, `/mv-admin/regioner/${org}/avtal`, { aktivt: 'kanske' })).status).toBe(400);
  });
});

describe('the agreement', () => {
  it('ended: the region\'s people are out on their next request; active again: back in', async () => {
    const org = await freshOrgNumber();
    await post(app, mats, '/mv-admin/regioner/ny', { name: 'Region Avtal', orgNumber: org, county: 'Avtalslän' });
    const hsaId = `SE${org.replace('-', '')}-${uniqueLocal('ADM')}`;
    await post(app, mats, `/mv-admin/regioner/${org}/administratorer/ny`, { givenName: 'Alva', familyName: 'Avtal', hsaId, email: 'alva@avtal.example' });
    const alva = await sessionOf(sql, deps, hsaId);
    expect((await get(app, alva, '/admin/anvandare')).status).toBe(200);
    await post(app, mats, `/mv-admin/regioner/${org}/avtal`, { aktivt: 'nej' });
    const out = await get(app, alva, '/admin/anvandare');
    expect(out.status).toBe(302);
    expect(out.headers.get('Location')).toMatch(/^\/auth\/login/);
    expect((await get(app, mats, '/mv-admin/regioner')).status).toBe(200); // Migrationsverket has no agreement to end
    await post(app, mats, `/mv-admin/regioner/${org}/avtal`, { aktivt: 'ja' });
    expect((await get(app, alva, '/admin/anvandare')).status).toBe(200);
  });
});

describe('region administrators', () => {
  it('adds and removes an administrator of the region; the HSA-id must carry the region\'s number', async () => {
    const hsaId = `SE2321000255-${uniqueLocal('ADM')}`;
    const before = await lastLogId(sql);
    const res = await post(app, mats, '/mv-admin/regioner/232100-0255/administratorer/ny', {
      givenName: 'Sara', familyName: 'Skånsk', hsaId, email: 'sara.skansk@skane.example',
    });
    expect(res.status).toBe(303);
    const [admin] = await sql`select id, role, org_number from users where hsa_id = ${hsaId}`;
    expect(admin).toMatchObject({ role: 'admin', org_number: '232100-0255' });
    const view = await (await get(app, mats, '/mv-admin/regioner/232100-0255')).text();
    expect(view).toContain(hsaId);
    expect(view).toContain('sara.skansk@skane.example');

    const count = await userCount();
    const wrongOrg = await post(app, mats, '/mv-admin/regioner/232100-0255/administratorer/ny', {
      givenName: 'Fel', familyName: 'Region', hsaId: 'SE2321000016-NYADM', email: 'fel@x.example',
    });
    expect(wrongOrg.status).toBe(400);
    expect(await wrongOrg.text()).toContain('HSA-id:t hör till Region Stockholm (232100-0016), inte till Region Skåne.');
    const userId = await post(app, mats, '/mv-admin/regioner/232100-0016/administratorer/ny', {
      givenName: 'Ulla', familyName: 'Användare', hsaId: 'SE2321000016-USR1', email: 'u@x.example',
    });
    expect(userId.status).toBe(400);
    expect(await userId.text()).toContain('En användare kan inte samtidigt vara administratör');
    expect(await userCount()).toBe(count);

    // Region Skåne has an active avtal, so Sara may go only while another administrator stays (LAST_ADMIN).
    const colleague = `SE2321000255-${uniqueLocal('ADM')}`;
    await sql`insert into users (hsa_id, given_name, family_name, email, org_number, role)
      values (${colleague}, 'Kollega', 'Skånsk', 'kollega@skane.example', '232100-0255', 'admin')`;
    const confirm = await (await get(app, mats, `/mv-admin/regioner/232100-0255/administratorer/${admin!.id}/ta-bort`)).text();
    expect(confirm).toContain('Är du säker på att du vill ta bort denna administratör?');
    const removed = await post(app, mats, `/mv-admin/regioner/232100-0255/administratorer/${admin!.id}/ta-bort`);
    expect(removed.status).toBe(303);
    expect(await sql`select 1 from users where hsa_id = ${hsaId}`).toHaveLength(0);
    const logs = await accessLogSince(sql, before);
    expect(logs).toContainEqual(expect.objectContaining({ action: 'create', object_type: 'administrator', object_id: hsaId }));
    expect(logs).toContainEqual(expect.objectContaining({ action: 'delete', object_type: 'administrator', object_id: hsaId }));
    await sql`delete from users where hsa_id = ${colleague}`;
  });

  it('does not remove a user, or another region\'s administrator, through the administrator routes', async () => {
    const ullaId = (await sql`select id from users where hsa_id = 'SE2321000016-USR1'`)[0]!.id;
    const annaId = (await sql`select id from users where hsa_id = 'SE2321000016-ADM1'`)[0]!.id;
    expect((await post(app, mats, `/mv-admin/regioner/232100-0016/administratorer/${ullaId}/ta-bort`)).status).toBe(404);
    expect((await post(app, mats, `/mv-admin/regioner/232100-0255/administratorer/${annaId}/ta-bort`)).status).toBe(404);
    expect(await sql`select 1 from users where id in (${ullaId}, ${annaId})`).toHaveLength(2);
  });
});

describe('the access log viewer', () => {
  it('filters by user, object, action and period, pages, and logs the viewing itself', async () => {
    const marker = uniqueLocal('OBJ');
    for (let i = 0; i < 55; i++) {
      await logAccess(sql, { actor: { hsaId: 'SE2321000016-USR1', orgNumber: '232100-0016' }, action: 'view', objectType: 'person', objectId: marker });
    }
    await logAccess(sql, { actor: { hsaId: 'SE2321000016-USR2', orgNumber: '232100-0016' }, action: 'export', objectType: 'person', objectId: marker });
    const before = await lastLogId(sql);
    const first = await (await get(app, mats, `/mv-admin/atkomstlogg?objekt=${marker}`)).text();
    expect(first.match(new RegExp(`person: ${marker}`, 'g'))).toHaveLength(50);
    expect(first).toContain('Nästa sida');
    const second = await (await get(app, mats, `/mv-admin/atkomstlogg?objekt=${marker}&sida=2`)).text();
    expect(second.match(new RegExp(`person: ${marker}`, 'g'))).toHaveLength(6);
    expect(second).toContain('Föregående sida');
    expect(second).not.toContain('Nästa sida');
    const byUser = await (await get(app, mats, `/mv-admin/atkomstlogg?objekt=${marker}&anvandare=SE2321000016-USR2`)).text();
    expect(byUser.match(new RegExp(`person: ${marker}`, 'g'))).toHaveLength(1);
    const byAction = await (await get(app, mats, `/mv-admin/atkomstlogg?objekt=${marker}&atgard=export`)).text();
    expect(byAction.match(new RegExp(`person: ${marker}`, 'g'))).toHaveLength(1);
    const today = new Date().toISOString().slice(0, 10);
    const inPeriod = await (await get(app, mats, `/mv-admin/atkomstlogg?objekt=${marker}&fran=${today}&till=${today}`)).text();
    expect(inPeriod.match(new RegExp(`person: ${marker}`, 'g'))).toHaveLength(50);
    const past = await (await get(app, mats, `/mv-admin/atkomstlogg?objekt=${marker}&fran=2020-01-01&till=2020-12-31`)).text();
    expect(past).toContain('Inga händelser matchar filtret.');
    expect(await accessLogSince(sql, before)).toContainEqual(expect.objectContaining({ actor_hsa_id: MATS, action: 'view', object_type: 'access_log' }));
  });

  it('offers every action in the log in the action filter', async () => {
    // An action without Swedish words (as written by some other version) is offered as it is.
    const action = `prov ${uniqueLocal('act')}`;
    await logAccess(sql, { actor: { hsaId: 'SE2321000016-USR1', orgNumber: '232100-0016' }, action: action as AccessAction, objectType: 'person', objectId: '01-000001' });
    await logAccess(sql, { actor: { hsaId: 'SE2321000016-USR1', orgNumber: '232100-0016' }, action: 'report_exam', objectType: 'person', objectId: '01-000001' });
    const html = await (await get(app, mats, '/mv-admin/atkomstlogg')).text();
    expect(html).toContain(`<option value="${action}">${action}</option>`);
    expect(html).toContain('<option value="view">Visning</option>');
    expect(html).toContain('<option value="report_exam">Rapportering av hälsoundersökning</option>');
    const filtered = await (await get(app, mats, `/mv-admin/atkomstlogg?atgard=${encodeURIComponent(action)}`)).text();
    expect(filtered.match(/person: 01-000001/g)).toHaveLength(1);
  });

  it('refuses a bad period with the error beside the field', async () => {
    const bad = await get(app, mats, '/mv-admin/atkomstlogg?fran=2026-13-01&till=2026-01-01');
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('<span class="label__message label__message--error" id="fran-fel">Ange från-datum som ÅÅÅÅ-MM-DD');
    const reversed = await (await get(app, mats, '/mv-admin/atkomstlogg?fran=2026-02-01&till=2026-01-01')).text();
    expect(reversed).toContain('Till-datum kan inte vara före från-datum.');
  });

  it('exports CSV with BOM and semicolons, formula-safe, and logs the export', async () => {
    const marker = uniqueLocal('CSV');
    await logAccess(sql, { actor: { hsaId: 'SE2321000016-USR1', orgNumber: '232100-0016' }, action: 'view', objectType: 'person', objectId: marker, detail: { sok: '=HYPERLINK("x")' } });
    const before = await lastLogId(sql);
    const res = await get(app, mats, `/mv-admin/atkomstlogg/export?objekt=${marker}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="atkomstlogg-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Tid (UTC);Användare (HSA-id);Organisation;Åtgärd;Objekttyp;Objekt;Utfall;Detaljer');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2};SE2321000016-USR1;232100-0016;view;person;${marker};ok;`));
    expect(await accessLogSince(sql, before)).toContainEqual(expect.objectContaining({ actor_hsa_id: MATS, action: 'export', object_type: 'access_log' }));
  });

  it('neutralises spreadsheet formulas in every CSV field', () => {
    expect(csvField('=1+2')).toBe("'=1+2");
    expect(csvField('+46')).toBe("'+46");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
  });

  it('is for the system administrator only', async () => {
    const anna = await sessionOf(sql, deps, 'SE2321000016-ADM1');
    const hanna = await sessionOf(sql, deps, 'SE2021002163-HL1');
    for (const who of [anna, hanna]) {
      expect((await get(app, who, '/mv-admin/atkomstlogg')).status).toBe(403);
      expect((await get(app, who, '/mv-admin/atkomstlogg/export')).status).toBe(403);
      expect((await get(app, who, '/mv-admin/regioner')).status).toBe(403);
    }
  });
});

describe('fuzzing the forms', () => {
  const text = fc.oneof(fc.string({ maxLength: 120 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', ' ', '\u0000', '232100-0016', '2321000016', '=cmd'));

  it('Lägg till region and Ändra region: never 5xx; invalid input stores nothing, with the error beside the field', async () => {
    const org = await freshOrgNumber();
    await post(app, mats, '/mv-admin/regioner/ny', { name: 'Region Fuzz', orgNumber: org, county: 'Fuzzlän' });
    await fc.assert(fc.asyncProperty(text, fc.oneof(text, fc.stringMatching(/^\d{6}-?\d{4}$/)), text, async (name, orgNumber, county) => {
      const count = await orgCount();
      const res = await post(app, mats, '/mv-admin/regioner/ny', { name, orgNumber, county });
      expect(res.status).toBeLessThan(500);
      if (res.status === 400) {
        expect(await res.text()).toMatch(/class="label__message label__message--error" id="\w+-fel">/);
        expect(await orgCount()).toBe(count);
      } else {
        const created = res.headers.get('Location')!.match(/regioner\/(\d{6}-\d{4})/)![1]!;
        await sql`delete from agreements where org_number = ${created}`;
        await sql`delete from organisations where org_number = ${created}`;
      }
      const snapshot = (await sql`select name, county from organisations where org_number = ${org}`)[0];
      const edit = await post(app, mats, `/mv-admin/regioner/${org}/andra`, { name, county });
      expect(edit.status).toBeLessThan(500);
      if (edit.status === 400) expect((await sql`select name, county from organisations where org_number = ${org}`)[0]).toEqual(snapshot);
    }), { numRuns: 50 });
  });

  it('Lägg till administratör: never 5xx; invalid input stores nothing', async () => {
    const hsa = fc.oneof(text, fc.stringMatching(/^SE\d{10}-[A-Za-z0-9]{0,6}$/), fc.stringMatching(/^SE2321000131-[A-Z0-9]{1,6}$/));
    await fc.assert(fc.asyncProperty(text, text, hsa, text, async (givenName, familyName, hsaId, email) => {
      const count = await userCount();
      const res = await post(app, mats, '/mv-admin/regioner/232100-0131/administratorer/ny', { givenName, familyName, hsaId, email });
      expect(res.status).toBeLessThan(500);
      if (res.status === 400) {
        expect(await res.text()).toMatch(/class="label__message label__message--error" id="\w+-fel">/);
        expect(await userCount()).toBe(count);
      } else {
        const [u] = await sql`select id, role, org_number from users where hsa_id = ${hsaId.trim()}`;
        expect(u).toMatchObject({ role: 'admin', org_number: '232100-0131' });
        await sql`delete from users where id = ${u!.id}`;
      }
    }), { numRuns: 50 });
  });

  it('the access log filter: never 5xx', async () => {
    await fc.assert(fc.asyncProperty(text, text, text, text, text, text, async (anvandare, objekt, atgard, fran, till, sida) => {
      const qs = new URLSearchParams({ anvandare, objekt, atgard, fran, till, sida });
      const res = await get(app, mats, `/mv-admin/atkomstlogg?${qs}`);
      expect([200, 400]).toContain(res.status);
      const exp = await get(app, mats, `/mv-admin/atkomstlogg/export?${qs}`);
      expect([200, 400]).toContain(exp.status);
      await exp.arrayBuffer();
    }), { numRuns: 30 });
  });
});

describe('population sync and settings (issue 12)', () => {
  it('are for the system administrator only: every other role gets 403, nothing changes', async () => {
    await setAutoDecide(sql, false, 'test');
    for (const hsa of ['SE2021002163-HL1', 'SE2021002163-RF1', 'SE2321000016-ADM1', 'SE2321000016-USR1']) {
      const who = await sessionOf(sql, deps, hsa);
      for (const path of ['/mv-admin/inlasning', '/mv-admin/inlasning/status', '/mv-admin/installningar', '/mv-admin/inlasning/1']) {
        const res = await get(app, who, path);
        expect(res.status, `${hsa} GET ${path}`).toBe(403);
        expect(await res.text()).toContain('Du saknar behörighet');
      }
      expect((await post(app, who, '/mv-admin/installningar', { automatisktBeslut: 'pa' })).status).toBe(403);
      expect((await post(app, who, '/mv-admin/inlasning/kor-nu')).status).toBe(403);
    }
    expect((await autoDecideSetting(sql)).enabled).toBe(false);
    expect((await get(app, null, '/mv-admin/installningar')).status).toBe(302);
  });

  it('refuses a setting change without the CSRF token', async () => {
    const res = await app.request('/mv-admin/installningar', {
      method: 'POST', headers: { Cookie: mats.cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'automatisktBeslut=pa',
    });
    expect(res.status).toBe(403);
    expect((await autoDecideSetting(sql)).enabled).toBe(false);
  });

  it('answers bad setting input with a Swedish message by the field, never a 5xx, and changes nothing', async () => {
    await setAutoDecide(sql, false, 'test');
    for (const value of ['', 'ja', 'PA', 'på', 'pa ', '<script>', 'x'.repeat(5000)]) {
      const res = await post(app, mats, '/mv-admin/installningar', { automatisktBeslut: value });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Välj om rena ansökningar ska beslutas automatiskt eller inte.');
    }
    expect((await post(app, mats, '/mv-admin/installningar')).status).toBe(400);
    expect((await autoDecideSetting(sql)).enabled).toBe(false);
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 50 }), async (value) => {
      const res = await post(app, mats, '/mv-admin/installningar', { automatisktBeslut: value });
      expect(res.status).toBeLessThan(500);
    }), { numRuns: 30 });
    await setAutoDecide(sql, false, 'test');
  });

  it('saves the setting with who and when, access-logged', async () => {
    const before = await lastLogId(sql);
    const res = await post(app, mats, '/mv-admin/installningar', { automatisktBeslut: 'pa' });
    expect(res.status).toBe(303);
    const setting = await autoDecideSetting(sql);
    expect(setting).toMatchObject({ enabled: true, updatedBy: MATS, updatedByName: 'Mats Systemadmin' });
    expect(await accessLogSince(sql, before)).toContainEqual(expect.objectContaining({
      actor_hsa_id: MATS, action: 'change_setting', object_type: 'setting', object_id: 'auto_decide', outcome: 'ok', detail: { before: false, after: true },
    }));
    await setAutoDecide(sql, false, 'test');
  });

  it('shows an unknown import as not found and "Kör nu" without a schedule as a Swedish message', async () => {
    expect((await get(app, mats, '/mv-admin/inlasning/999999999')).status).toBe(404);
    const other = createApp({ ...deps, feedScheduleId: `finns-inte-${process.pid}` });
    const page = await get(other, mats, '/mv-admin/inlasning');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Det finns inget schema.');
    const run = await post(other, mats, '/mv-admin/inlasning/kor-nu');
    expect(run.status).toBe(200);
    expect(await run.text()).toContain('Det finns inget schema för inläsningen');
  });
});
