/**
 * Administrera behörigheter för e-tjänster for a kommun (SPEC-KOMMUNER §10) through the app (no
 * browser): Karl Kommunadmin of Stockholms kommun manages his kommun's users in its two
 * e-tjänster; every e-tjänst and permission offered comes from the avtal and the catalogue; what
 * may not be granted today is refused beside the field and nothing is stored; another
 * organisation's people are 404 and logged; the forms are fuzzed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import { createApp } from '../../web/app.js';
import type { WebDeps } from '../../web/deps.js';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { addDays } from '../../domain/civil-dates.js';
import { COMPENSATION_SERVICE, REGION_SERVICE, UNACCOMPANIED_PERMISSION, UNACCOMPANIED_SERVICE } from '../../domain/e-services.js';
import { stockholmDate } from '../../domain/stockholm-time.js';
import { catalogueFor, publishCompensationType } from '../../services/catalogue.js';
import { changeUserPermissions } from '../../services/users.js';
import { appSql, temporalClient } from '../support.js';
import { accessLogSince, get, lastLogId, post, sessionOf, uniqueLocal, type Who } from './admin-support.js';

const sql = appSql();
let client: Client;
let deps: WebDeps;
let app: ReturnType<typeof createApp>;
let karl: Who;
let malmoAdmin: Who;
const KARL = 'SE2120000142-ADM1';
const MALMO_ADMIN = `SE2120001124-${uniqueLocal('ADM')}`;
const today = stockholmDate(Date.now());
const enc = encodeURIComponent;

/** The options of the select `id` in `html`, without the "Alla …" option. */
function optionsOf(html: string, id: string): string[] {
  const select = html.match(new RegExp(`<select[^>]*id="${id}"[^>]*>([\\s\\S]*?)</select>`))?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]!).filter((v) => v !== '')
    .map((v) => v.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
}
const checkboxesOf = (html: string) => [...html.matchAll(/type="checkbox"[^>]*value="([^"]*)"/g)].map((m) => m[1]!);

async function idOf(hsaId: string): Promise<string> {
  const [u] = await sql<{ id: string }[]>`select id from users where hsa_id = ${hsaId}`;
  return String(u!.id);
}
async function addUser(who: Who, org: string, fields: Partial<Record<'givenName' | 'familyName' | 'email', string>> = {}) {
  const hsaId = `SE${org.replace('-', '')}-${uniqueLocal('K')}`;
  const res = await post(app, who, '/admin/anvandare/ny', {
    givenName: 'Kim', familyName: 'Kommunsson', email: 'kim.kommunsson@kommun.example', ...fields, hsaId,
  });
  expect(res.status).toBe(303);
  return { id: res.headers.get('Location')!.match(/anvandare\/(\d+)/)![1]!, hsaId };
}
const held = async (id: string) =>
  (await sql<{ service: string; permission: string }[]>`select service, permission from user_permissions where user_id = ${id} order by service, permission`)
    .map((r) => `${r.service}: ${r.permission}`);
const inForce = async () => (await catalogueFor(sql, [COMPENSATION_SERVICE])).map((e) => e.permission);

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  deps = { sql, temporal: client, publicUrl: 'http://localhost:3999' };
  app = createApp(deps);
  karl = await sessionOf(sql, deps, KARL);
  await sql`insert into users (hsa_id, given_name, family_name, email, org_number, role)
    values (${MALMO_ADMIN}, 'Maja', 'Malmöadmin', 'maja.malmoadmin@malmo.example', '212000-1124', 'admin')`;
  malmoAdmin = await sessionOf(sql, deps, MALMO_ADMIN);
});
afterAll(async () => {
  await client.connection.close();
  await sql.end();
});

describe('the user list of a kommun', () => {
  it('shows the kommun\'s users with their e-tjänster and permissions, never another organisation\'s, and logs the view', async () => {
    const before = await lastLogId(sql);
    const res = await get(app, karl, '/admin/anvandare');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('SE2120000142-HLG1'); // Elin
    expect(html).toContain('SE2120000142-HLG2'); // Sam
    expect(html).not.toContain('SE2120001355-HLG1'); // Greta, Göteborg
    expect(html).not.toContain('SE2321000016-USR1'); // Ulla, a region's user
    expect(html).not.toContain(KARL);
    expect(html).toContain(UNACCOMPANIED_PERMISSION);
    expect(html).toContain('Asylsökande i grundskola');
    const logs = await accessLogSince(sql, before);
    expect(logs).toContainEqual(expect.objectContaining({ actor_hsa_id: KARL, action: 'view', object_type: 'user_list', object_id: '212000-0142' }));
  });

  it('offers the kommun\'s two e-tjänster, and the permissions of the e-tjänst chosen', async () => {
    const all = await (await get(app, karl, '/admin/anvandare')).text();
    expect(optionsOf(all, 'etjanst')).toEqual([UNACCOMPANIED_SERVICE, COMPENSATION_SERVICE]);
    expect(optionsOf(all, 'behorighet')).toEqual([UNACCOMPANIED_PERMISSION, ...(await inForce())]);

    const unaccompanied = await (await get(app, karl, `/admin/anvandare?etjanst=${enc(UNACCOMPANIED_SERVICE)}`)).text();
    expect(optionsOf(unaccompanied, 'behorighet')).toEqual([UNACCOMPANIED_PERMISSION]);
    expect(unaccompanied).toContain('SE2120000142-HLG1');
    expect(unaccompanied).not.toContain('SE2120000142-HLG2'); // Sam holds only school types

    const compensation = await (await get(app, karl, `/admin/anvandare?etjanst=${enc(COMPENSATION_SERVICE)}`)).text();
    expect(optionsOf(compensation, 'behorighet')).toEqual(await inForce());
    expect(compensation).toContain('SE2120000142-HLG2');
  });

  it('filters by permission, and drops a permission that is not of the chosen e-tjänst', async () => {
    const school = await (await get(app, karl, `/admin/anvandare?behorighet=${enc('Asylsökande i förskola')}`)).text();
    expect(school).toContain('SE2120000142-HLG2');
    const mismatch = await (await get(app, karl, `/admin/anvandare?etjanst=${enc(UNACCOMPANIED_SERVICE)}&behorighet=${enc('Asylsökande i förskola')}`)).text();
    expect(mismatch).not.toMatch(/<option value="Asylsökande i förskola" selected/);
    expect(mismatch).toContain('SE2120000142-HLG1');
  });

  it('offers Malmö\'s administrator only Ansök om statlig ersättning, in the filter and in the permissions form', async () => {
    const html = await (await get(app, malmoAdmin, '/admin/anvandare')).text();
    expect(optionsOf(html, 'etjanst')).toEqual([COMPENSATION_SERVICE]);
    expect(optionsOf(html, 'behorighet')).not.toContain(UNACCOMPANIED_PERMISSION);
    expect(html).toContain('SE2120001124-HLG1'); // Malte
    const malteId = await idOf('SE2120001124-HLG1');
    const form = await (await get(app, malmoAdmin, `/admin/anvandare/${malteId}/behorigheter`)).text();
    expect(form).toContain(`>${COMPENSATION_SERVICE}</a>`);
    expect(form).not.toContain(`>${UNACCOMPANIED_SERVICE}</a>`);
    // An e-tjänst without avtal is refused even when forged, and nothing is stored.
    const { id } = await addUser(malmoAdmin, '212000-1124');
    const forged = await post(app, malmoAdmin, `/admin/anvandare/${id}/behorigheter`, [['etjanst', UNACCOMPANIED_SERVICE], ['behorighet', UNACCOMPANIED_PERMISSION]]);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('Välj en e-tjänst.');
    expect(await held(id)).toEqual([]);
  });
});

describe('Lägg till användare in a kommun', () => {
  it('saves a user with the kommun\'s HSA-id and refuses a region\'s HSA-id beside the field', async () => {
    const form = await (await get(app, karl, '/admin/anvandare/ny')).text();
    expect(form).toContain('SE2120000142-ABC123');
    const { id, hsaId } = await addUser(karl, '212000-0142');
    expect((await sql`select org_number, role from users where id = ${id}`)[0]).toEqual({ org_number: '212000-0142', role: 'user' });
    const view = await (await get(app, karl, `/admin/anvandare/${id}?meddelande=skapad`)).text();
    expect(view).toContain(hsaId);
    expect(view).toContain('Användaren har inga behörigheter ännu.');

    const region = await post(app, karl, '/admin/anvandare/ny', {
      givenName: 'Fel', familyName: 'Organisation', hsaId: `SE2321000016-${uniqueLocal('X')}`, email: 'fel@kommun.example',
    });
    expect(region.status).toBe(400);
    expect(await region.text()).toMatch(/id="hsaId-fel">[^<]*HSA-id för Stockholms kommun börjar med SE2120000142-/);
  });

  it('requires every field', async () => {
    const res = await post(app, karl, '/admin/anvandare/ny', {});
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const f of ['givenName', 'familyName', 'hsaId', 'email']) expect(html).toContain(`id="${f}-fel"`);
  });

  it('keeps administrator and user apart: an administrator\'s HSA-id cannot be added as a user', async () => {
    const res = await post(app, karl, '/admin/anvandare/ny', { givenName: 'Karl', familyName: 'Kommunadmin', hsaId: KARL, email: 'karl@stockholm.example' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('En administratör kan inte samtidigt vara användare');
  });
});

describe('Ändra och lägg till behörigheter, per e-tjänst', () => {
  it('grants through the e-tjänst buttons and Klar, one e-tjänst at a time, and groups them per e-tjänst', async () => {
    const { id, hsaId } = await addUser(karl, '212000-0142', { givenName: 'Ebba', familyName: 'Behörig' });
    const choose = await (await get(app, karl, `/admin/anvandare/${id}/behorigheter`)).text();
    expect(choose).toContain(`>${UNACCOMPANIED_SERVICE}</a>`);
    expect(choose).toContain(`>${COMPENSATION_SERVICE}</a>`);
    expect(choose).not.toContain(`>${REGION_SERVICE}</a>`);
    expect(choose).not.toContain('type="checkbox"');

    const first = await (await get(app, karl, `/admin/anvandare/${id}/behorigheter?etjanst=${enc(UNACCOMPANIED_SERVICE)}`)).text();
    expect(checkboxesOf(first)).toEqual([UNACCOMPANIED_PERMISSION]);
    const before = await lastLogId(sql);
    const done1 = await post(app, karl, `/admin/anvandare/${id}/behorigheter`, [['etjanst', UNACCOMPANIED_SERVICE], ['behorighet', UNACCOMPANIED_PERMISSION]]);
    expect(done1.status).toBe(303);

    const second = await (await get(app, karl, `/admin/anvandare/${id}/behorigheter?etjanst=${enc(COMPENSATION_SERVICE)}`)).text();
    expect(checkboxesOf(second)).toEqual(await inForce());
    const done2 = await post(app, karl, `/admin/anvandare/${id}/behorigheter`, [
      ['etjanst', COMPENSATION_SERVICE], ['behorighet', 'Asylsökande i förskola'], ['behorighet', 'Asylsökande i grundskola'],
    ]);
    expect(done2.status).toBe(303);
    expect(await held(id)).toEqual([
      `${COMPENSATION_SERVICE}: Asylsökande i förskola`, `${COMPENSATION_SERVICE}: Asylsökande i grundskola`,
      `${UNACCOMPANIED_SERVICE}: ${UNACCOMPANIED_PERMISSION}`,
    ]);

    const view = await (await get(app, karl, done2.headers.get('Location')!)).text();
    const h1 = view.indexOf(`<h3>${UNACCOMPANIED_SERVICE}</h3>`);
    const h2 = view.indexOf(`<h3>${COMPENSATION_SERVICE}</h3>`);
    expect(h1).toBeGreaterThan(0);
    expect(h2).toBeGreaterThan(h1);
    expect(view.indexOf(`<li>${UNACCOMPANIED_PERMISSION}</li>`)).toBeGreaterThan(h1);
    expect(view.indexOf(`<li>${UNACCOMPANIED_PERMISSION}</li>`)).toBeLessThan(h2);
    expect(view.indexOf('<li>Asylsökande i grundskola</li>')).toBeGreaterThan(h2);

    // The list shows the e-tjänster and permissions of the user.
    const list = await (await get(app, karl, `/admin/anvandare?sok=${enc(hsaId)}`)).text();
    expect(list).toContain(`<li>${UNACCOMPANIED_SERVICE}</li>`);
    expect(list).toContain(`<li>${COMPENSATION_SERVICE}</li>`);
    expect(list).toContain('<li>Asylsökande i förskola</li>');

    // Unticking in one e-tjänst leaves the other alone.
    await post(app, karl, `/admin/anvandare/${id}/behorigheter`, [['etjanst', COMPENSATION_SERVICE], ['behorighet', 'Asylsökande i grundskola']]);
    expect(await held(id)).toEqual([`${COMPENSATION_SERVICE}: Asylsökande i grundskola`, `${UNACCOMPANIED_SERVICE}: ${UNACCOMPANIED_PERMISSION}`]);
    const logs = await accessLogSince(sql, before);
    expect(logs).toContainEqual(expect.objectContaining({
      action: 'update', object_type: 'user_permissions', object_id: hsaId,
      detail: expect.objectContaining({ service: COMPENSATION_SERVICE, added: [], removed: ['Asylsökande i förskola'] }),
    }));
  });

  it('does not offer a type published for tomorrow, refuses it forged beside the field and stores nothing; offers one published for today', async () => {
    const future = `framtida-${uniqueLocal('f').toLowerCase()}`;
    const futureName = `Testtyp framtida ${future}`;
    expect((await publishCompensationType(sql, { code: future, name: futureName, kind: 'faktiska-kostnader', legalBasis: 'testgrund', effectiveFrom: addDays(today, 1), lastDay: null }, 'SE2021002163-RF1')).ok).toBe(true);
    const { id } = await addUser(karl, '212000-0142');
    const form = await (await get(app, karl, `/admin/anvandare/${id}/behorigheter?etjanst=${enc(COMPENSATION_SERVICE)}`)).text();
    expect(checkboxesOf(form)).not.toContain(futureName);
    expect(optionsOf(await (await get(app, karl, '/admin/anvandare')).text(), 'behorighet')).not.toContain(futureName);

    const forged = await post(app, karl, `/admin/anvandare/${id}/behorigheter`, [
      ['etjanst', COMPENSATION_SERVICE], ['behorighet', 'Asylsökande i förskola'], ['behorighet', futureName],
    ]);
    expect(forged.status).toBe(400);
    const html = await forged.text();
    expect(html).toMatch(/id="behorighet-fel"><p>Välj bland behörigheterna i listan\./);
    expect(html).toContain('aria-describedby="behorighet-fel"');
    expect(await held(id)).toEqual([]);

    const now = `idag-${uniqueLocal('i').toLowerCase()}`;
    const nowName = `Testtyp från i dag ${now}`;
    expect((await publishCompensationType(sql, { code: now, name: nowName, kind: 'faktiska-kostnader', legalBasis: 'testgrund', effectiveFrom: today, lastDay: null }, 'SE2021002163-RF1')).ok).toBe(true);
    const again = await (await get(app, karl, `/admin/anvandare/${id}/behorigheter?etjanst=${enc(COMPENSATION_SERVICE)}`)).text();
    expect(checkboxesOf(again)).toContain(nowName);
    expect(optionsOf(await (await get(app, karl, `/admin/anvandare?etjanst=${enc(COMPENSATION_SERVICE)}`)).text(), 'behorighet')).toContain(nowName);
    const granted = await post(app, karl, `/admin/anvandare/${id}/behorigheter`, [['etjanst', COMPENSATION_SERVICE], ['behorighet', nowName]]);
    expect(granted.status).toBe(303);
    expect(await held(id)).toEqual([`${COMPENSATION_SERVICE}: ${nowName}`]);
  });

  it('refuses in the service too (not only in the form) what may not be granted today, naming the field', async () => {
    const code = `senare-${uniqueLocal('s').toLowerCase()}`;
    const name = `Testtyp senare ${code}`;
    expect((await publishCompensationType(sql, { code, name, kind: 'faktiska-kostnader', legalBasis: 'testgrund', effectiveFrom: addDays(today, 2), lastDay: null }, 'SE2021002163-RF1')).ok).toBe(true);
    const { id } = await addUser(karl, '212000-0142');
    const result = await changeUserPermissions(sql, id, COMPENSATION_SERVICE, ['Asylsökande i förskola', name]);
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_GRANTABLE', field: 'behorighet' } });
    expect(result.ok ? '' : result.error.message).toContain(`"${name}" kan inte ges i dag`);
    const malte = await idOf('SE2120001124-HLG1');
    const noAvtal = await changeUserPermissions(sql, malte, UNACCOMPANIED_SERVICE, [UNACCOMPANIED_PERMISSION]);
    expect(noAvtal).toMatchObject({ ok: false, error: { code: 'NOT_GRANTABLE' } });
    expect(await held(id)).toEqual([]);
    expect(await held(malte)).not.toContain(`${UNACCOMPANIED_SERVICE}: ${UNACCOMPANIED_PERMISSION}`);
  });

  it('shows a held discontinued type as held: it can be removed, never granted again', async () => {
    const code = `upphord-${uniqueLocal('u').toLowerCase()}`;
    const name = `Testtyp upphör i dag ${code}`;
    expect((await publishCompensationType(sql, { code, name, kind: 'faktiska-kostnader', legalBasis: 'testgrund', effectiveFrom: '2020-01-01', lastDay: today }, 'SE2021002163-RF1')).ok).toBe(true);
    const { id } = await addUser(karl, '212000-0142');
    await sql`insert into user_permissions (user_id, service, permission) values (${id}, ${COMPENSATION_SERVICE}, ${name})`;
    // From tomorrow it is discontinued; moving its end to yesterday puts the test there.
    await sql`update permission_catalogue set valid_to = ${addDays(today, -1)}::date, valid_from = '2020-01-01' where permission = ${name}`;

    const form = await (await get(app, karl, `/admin/anvandare/${id}/behorigheter?etjanst=${enc(COMPENSATION_SERVICE)}`)).text();
    expect(form).toMatch(new RegExp(`value="${name}" checked`));
    expect(form).toContain('kan inte ges på nytt');
    // Keeping it while adding another stores only the difference (a re-insert would be refused).
    const keep = await post(app, karl, `/admin/anvandare/${id}/behorigheter`, [['etjanst', COMPENSATION_SERVICE], ['behorighet', name], ['behorighet', 'Asylsökande i grundskola']]);
    expect(keep.status).toBe(303);
    expect(await held(id)).toEqual([`${COMPENSATION_SERVICE}: Asylsökande i grundskola`, `${COMPENSATION_SERVICE}: ${name}`]);
    const remove = await post(app, karl, `/admin/anvandare/${id}/behorigheter`, [['etjanst', COMPENSATION_SERVICE], ['behorighet', 'Asylsökande i grundskola']]);
    expect(remove.status).toBe(303);
    expect(await held(id)).toEqual([`${COMPENSATION_SERVICE}: Asylsökande i grundskola`]);
    const after = await (await get(app, karl, `/admin/anvandare/${id}/behorigheter?etjanst=${enc(COMPENSATION_SERVICE)}`)).text();
    expect(checkboxesOf(after)).not.toContain(name);
    const regrant = await post(app, karl, `/admin/anvandare/${id}/behorigheter`, [['etjanst', COMPENSATION_SERVICE], ['behorighet', name]]);
    expect(regrant.status).toBe(400);
    expect(await held(id)).toEqual([`${COMPENSATION_SERVICE}: Asylsökande i grundskola`]);
  });

  it('edits and removes a kommun user', async () => {
    const { id, hsaId } = await addUser(karl, '212000-0142', { familyName: 'Gammal' });
    const edit = await post(app, karl, `/admin/anvandare/${id}/andra`, { givenName: 'Kim', familyName: 'Ny', email: 'kim.ny@kommun.example' });
    expect(edit.status).toBe(303);
    expect((await sql`select family_name from users where id = ${id}`)[0]!.family_name).toBe('Ny');
    const confirm = await (await get(app, karl, `/admin/anvandare/${id}/ta-bort`)).text();
    expect(confirm).toContain('Är du säker på att du vill ta bort denna användare?');
    const removed = await post(app, karl, `/admin/anvandare/${id}/ta-bort`);
    expect(removed.status).toBe(303);
    expect(await sql`select 1 from users where hsa_id = ${hsaId}`).toHaveLength(0);
  });
});

describe('tenancy', () => {
  it('answers 404 for another kommun\'s or a region\'s user and logs it, changing nothing', async () => {
    const gretaId = await idOf('SE2120001355-HLG1');
    const ullaId = await idOf('SE2321000016-USR1');
    const malteId = await idOf('SE2120001124-HLG1');
    const before = await lastLogId(sql);
    const permsBefore = await held(gretaId);
    for (const [method, path] of [
      ['GET', `/admin/anvandare/${gretaId}`], ['GET', `/admin/anvandare/${gretaId}/behorigheter?etjanst=${enc(COMPENSATION_SERVICE)}`],
      ['POST', `/admin/anvandare/${gretaId}/behorigheter`], ['POST', `/admin/anvandare/${gretaId}/ta-bort`],
      ['GET', `/admin/anvandare/${ullaId}`], ['POST', `/admin/anvandare/${malteId}/andra`],
    ] as const) {
      const res = method === 'GET' ? await get(app, karl, path) : await post(app, karl, path, { etjanst: COMPENSATION_SERVICE, givenName: 'X', familyName: 'Y', email: 'x@y.se' });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect(await held(gretaId)).toEqual(permsBefore);
    expect(await sql`select 1 from users where id = ${gretaId}`).toHaveLength(1);
    const logs = await accessLogSince(sql, before);
    expect(logs).toContainEqual(expect.objectContaining({
      actor_hsa_id: KARL, action: 'access', object_type: 'user', object_id: 'SE2120001355-HLG1', outcome: 'denied',
      detail: expect.objectContaining({ reason: 'other_region' }),
    }));
  });

  it('gives Karl no user functions: no e-tjänst tabs, and the kommun e-tjänster are closed to him', async () => {
    const html = await (await get(app, karl, '/admin/anvandare')).text();
    expect(html).not.toContain('href="/ensamkommande"');
    expect(html).not.toContain('href="/statlig-ersattning"');
    for (const path of ['/ensamkommande', '/statlig-ersattning', '/lista']) {
      expect((await get(app, karl, path)).status, path).toBe(403);
    }
  });
});

describe('fuzzing the kommun forms', () => {
  const text = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', ' ', '\u0000', 'SE2120000142-', 'a@b.se'));
  const hsa = fc.oneof(text, fc.stringMatching(/^SE2120000142-[A-Za-z0-9]{0,6}$/), fc.stringMatching(/^SE212000\d{4}-[A-Za-z0-9]{1,6}$/));
  const userCount = async () => Number((await sql`select count(*)::int as n from users`)[0]!.n);

  it('Lägg till användare: never 5xx; a refusal stores nothing, a success is a user of the kommun', async () => {
    await fc.assert(fc.asyncProperty(text, text, hsa, text, async (givenName, familyName, hsaId, email) => {
      const before = await userCount();
      const res = await post(app, karl, '/admin/anvandare/ny', { givenName, familyName, hsaId, email });
      expect(res.status).toBeLessThan(500);
      if (res.status === 400) {
        expect(await res.text()).toMatch(/class="label__message label__message--error"/);
        expect(await userCount()).toBe(before);
      } else {
        expect(res.status).toBe(303);
        const [u] = await sql`select * from users where hsa_id = ${hsaId.trim()}`;
        expect(u).toMatchObject({ org_number: '212000-0142', role: 'user' });
        await sql`delete from users where id = ${u!.id}`;
      }
    }), { numRuns: 40 });
  });

  it('the permissions form: never 5xx; only permissions grantable today in the kommun\'s e-tjänster are ever stored', async () => {
    const future = `fuzz-framtida-${uniqueLocal('z').toLowerCase()}`;
    const futureName = `Testtyp fuzz ${future}`;
    await publishCompensationType(sql, { code: future, name: futureName, kind: 'faktiska-kostnader', legalBasis: 'testgrund', effectiveFrom: addDays(today, 3), lastDay: null }, 'SE2021002163-RF1');
    const { id } = await addUser(karl, '212000-0142');
    const known = [UNACCOMPANIED_PERMISSION, futureName, 'Se asylsökande m.fl. i länet', ...(await inForce())];
    const services = fc.oneof(fc.constantFrom(UNACCOMPANIED_SERVICE, COMPENSATION_SERVICE, REGION_SERVICE), text);
    await fc.assert(fc.asyncProperty(services, fc.array(fc.oneof(fc.constantFrom(...known), text), { maxLength: 5 }), async (service, ticked) => {
      const before = await held(id);
      const res = await post(app, karl, `/admin/anvandare/${id}/behorigheter`, [['etjanst', service], ...ticked.map((p) => ['behorighet', p] as [string, string])]);
      expect(res.status).toBeLessThan(500);
      const after = await held(id);
      if (res.status === 400) {
        expect(await res.text()).toMatch(/Välj (en e-tjänst|bland behörigheterna)/);
        expect(after).toEqual(before);
      } else {
        expect(res.status).toBe(303);
      }
      const grantable = new Set([`${UNACCOMPANIED_SERVICE}: ${UNACCOMPANIED_PERMISSION}`, ...(await inForce()).map((p) => `${COMPENSATION_SERVICE}: ${p}`)]);
      for (const g of after) expect(grantable.has(g), g).toBe(true);
    }), { numRuns: 50 });
  });

  it('query strings of the list never cause a 5xx', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(text, fc.constantFrom(UNACCOMPANIED_SERVICE, COMPENSATION_SERVICE)), text, text, async (etjanst, behorighet, sok) => {
      const qs = new URLSearchParams({ etjanst, behorighet, sok });
      const res = await get(app, karl, `/admin/anvandare?${qs}`);
      // A control character in the query is refused with a Swedish message (issue 14); else the list.
      if (/[\u0000-\u001f\u007f]/.test([...qs.keys(), ...qs.values()].join(''))) {
        expect(res.status).toBe(400);
        expect(await res.text()).toContain('innehåller otillåtna tecken (styrtecken');
      } else expect(res.status).toBe(200);
    }), { numRuns: 30 });
  });
});
