/**
 * The region administrator's pages through the app (no browser): Anna Admin of Region Stockholm
 * manages her region's users and their permissions; everything is scoped to her region and
 * access-logged; every form is fuzzed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import { createApp } from '../../web/app.js';
import type { WebDeps } from '../../web/deps.js';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { appSql, temporalClient } from '../support.js';
import { accessLogSince, get, lastLogId, post, sessionOf, uniqueLocal, type Who } from './admin-support.js';

const sql = appSql();
let client: Client;
let deps: WebDeps;
let app: ReturnType<typeof createApp>;
let anna: Who;
const ANNA = 'SE2321000016-ADM1';
const ALL = ['Se asylsökande m.fl. i länet', 'Rapportera hälsoundersökning', 'Skapa ny ansökan om ersättning', 'Skicka in ansökan om ersättning'];

async function idOf(hsaId: string): Promise<string> {
  const [u] = await sql<{ id: string }[]>`select id from users where hsa_id = ${hsaId}`;
  return String(u!.id);
}
async function addUser(fields: Partial<Record<'givenName' | 'familyName' | 'hsaId' | 'email', string>> = {}) {
  const hsaId = fields.hsaId ?? `SE2321000016-${uniqueLocal('A')}`;
  const res = await post(app, anna, '/admin/anvandare/ny', {
    givenName: 'Test', familyName: 'Testsson', email: 'test.testsson@regionstockholm.example', ...fields, hsaId,
  });
  return { res, hsaId };
}
const userCount = async () => Number((await sql`select count(*)::int as n from users`)[0]!.n);

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  deps = { sql, temporal: client, publicUrl: 'http://localhost:3999' };
  app = createApp(deps);
  anna = await sessionOf(sql, deps, ANNA);
});
afterAll(async () => {
  await client.connection.close();
  await sql.end();
});

describe('the user list', () => {
  it('shows the region\'s users with their columns, never another region\'s users or the administrators, and logs the view', async () => {
    const before = await lastLogId(sql);
    const res = await get(app, anna, '/admin/anvandare');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const h of ['Förnamn', 'Efternamn', 'HSA-id', 'E-post', 'E-tjänst', 'Behörigheter']) expect(html).toContain(h);
    expect(html).toContain('Filtrera e-tjänster');
    expect(html).toContain('Filtrera behörigheter');
    expect(html).toContain('Lägg till användare');
    expect(html).toMatch(new RegExp(`<a class="table__anchor" href="/admin/anvandare/${await idOf('SE2321000016-USR1')}">Ulla</a>`));
    expect(html).toContain('SE2321000016-USR2');
    expect(html).not.toContain('SE2321000131-USR1'); // Vera, Västra Götaland
    expect(html).not.toContain(ANNA); // administrators are not users
    expect(html).toContain('E-tjänst för landsting');
    const logs = await accessLogSince(sql, before);
    expect(logs).toContainEqual(expect.objectContaining({ actor_hsa_id: ANNA, action: 'view', object_type: 'user_list', object_id: '232100-0016' }));
  });

  it('searches any character sequence in any column', async () => {
    const byEmail = await (await get(app, anna, '/admin/anvandare?sok=rapportor%40')).text();
    expect(byEmail).toContain('SE2321000016-USR2');
    expect(byEmail).not.toContain('SE2321000016-USR1');
    const byHsaPart = await (await get(app, anna, '/admin/anvandare?sok=0016-usr1')).text();
    expect(byHsaPart).toContain('SE2321000016-USR1');
    expect(byHsaPart).not.toContain('SE2321000016-USR2');
    const byPermission = await (await get(app, anna, '/admin/anvandare?sok=skicka%20in')).text();
    expect(byPermission).toContain('SE2321000016-USR1');
    expect(byPermission).not.toContain('SE2321000016-USR2');
    const none = await (await get(app, anna, '/admin/anvandare?sok=%25%25zzq')).text();
    expect(none).toContain('Inga användare matchar sökningen.');
  });

  it('filters by e-tjänst and by permission', async () => {
    const { hsaId } = await addUser({ givenName: 'Utan', familyName: 'Behörighet' });
    const all = await (await get(app, anna, '/admin/anvandare')).text();
    expect(all).toContain(hsaId);
    const service = await (await get(app, anna, `/admin/anvandare?etjanst=${encodeURIComponent('E-tjänst för landsting')}`)).text();
    expect(service).not.toContain(hsaId);
    expect(service).toContain('SE2321000016-USR2');
    const send = await (await get(app, anna, `/admin/anvandare?behorighet=${encodeURIComponent('Skicka in ansökan om ersättning')}`)).text();
    expect(send).toContain('SE2321000016-USR1');
    expect(send).not.toContain('SE2321000016-USR2');
  });

  it('sorts on every column both ways, marking the column with aria-sort', async () => {
    for (const col of ['fornamn', 'efternamn', 'hsaid', 'epost', 'etjanst', 'behorigheter']) {
      for (const dir of ['stigande', 'fallande']) {
        const html = await (await get(app, anna, `/admin/anvandare?sortera=${col}&ordning=${dir}`)).text();
        expect(html.match(/aria-sort="(ascending|descending)"/g), `${col} ${dir}`).toHaveLength(1);
        expect(html).toContain(`aria-sort="${dir === 'stigande' ? 'ascending' : 'descending'}"`);
      }
    }
    const asc = await (await get(app, anna, '/admin/anvandare?sortera=fornamn&ordning=stigande')).text();
    const desc = await (await get(app, anna, '/admin/anvandare?sortera=fornamn&ordning=fallande')).text();
    expect(asc.indexOf('>Rolf<')).toBeLessThan(asc.indexOf('>Ulla<'));
    expect(desc.indexOf('>Ulla<')).toBeLessThan(desc.indexOf('>Rolf<'));
  });
});

describe('Lägg till användare', () => {
  it('saves a user of the region without permissions and logs it', async () => {
    const before = await lastLogId(sql);
    const { res, hsaId } = await addUser({ givenName: 'Nora', familyName: 'Ny', email: 'nora.ny@regionstockholm.example' });
    expect(res.status).toBe(303);
    const [u] = await sql`select * from users where hsa_id = ${hsaId}`;
    expect(u).toMatchObject({ given_name: 'Nora', family_name: 'Ny', org_number: '232100-0016', role: 'user', active: true });
    expect(res.headers.get('Location')).toBe(`/admin/anvandare/${u!.id}?meddelande=skapad`);
    expect(await sql`select * from user_permissions where user_id = ${u!.id}`).toHaveLength(0);
    const view = await (await get(app, anna, res.headers.get('Location')!)).text();
    expect(view).toContain('Aktuella behörigheter');
    expect(view).toContain('Användaren har inga behörigheter ännu.');
    expect(await accessLogSince(sql, before)).toContainEqual(expect.objectContaining({ actor_hsa_id: ANNA, action: 'create', object_type: 'user', object_id: hsaId, outcome: 'ok' }));
  });

  it('requires every field and shows each error beside its field, storing nothing', async () => {
    const before = await userCount();
    const res = await post(app, anna, '/admin/anvandare/ny', { givenName: ' ', familyName: '', hsaId: '', email: '' });
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const [field, message] of [['givenName', 'Ange förnamn.'], ['familyName', 'Ange efternamn.'], ['hsaId', 'Ange HSA-id.'], ['email', 'Ange e-postadress.']]) {
      expect(html).toContain(`<span class="label__message label__message--error" id="${field}-fel">${message}</span>`);
      expect(html).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true" aria-describedby="[^"]*${field}-fel"`));
    }
    expect(await userCount()).toBe(before);
  });

  it('checks the HSA-id format and the e-mail format', async () => {
    const res = await post(app, anna, '/admin/anvandare/ny', { givenName: 'A', familyName: 'B', hsaId: '2321000016-ABC', email: 'inte-en-adress' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Ange HSA-id i formatet SE, organisationsnumret med tio siffror');
    expect(html).toContain('Ange en giltig e-postadress');
  });

  it('refuses a private care provider\'s HSA-id with a clear message', async () => {
    const before = await userCount();
    const { res } = await addUser({ hsaId: 'SE5566778899-USR9' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('HSA-id:t är utfärdat för organisationsnummer 556677-8899, som inte är Region Stockholm.');
    expect(html).toContain('privata vårdgivare');
    expect(await userCount()).toBe(before);
  });

  it('refuses another region\'s HSA-id', async () => {
    const { res } = await addUser({ hsaId: 'SE2321000131-NY1' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('HSA-id:t hör till Västra Götalandsregionen (232100-0131), inte till Region Stockholm.');
  });

  it('refuses a duplicate HSA-id, and an administrator\'s HSA-id', async () => {
    const dup = await addUser({ hsaId: 'SE2321000016-USR2' });
    expect(dup.res.status).toBe(400);
    expect(await dup.res.text()).toContain('Det finns redan en användare med HSA-id SE2321000016-USR2.');
    const admin = await addUser({ hsaId: ANNA });
    expect(admin.res.status).toBe(400);
    expect(await admin.res.text()).toContain('En administratör kan inte samtidigt vara användare');
  });
});

describe('the user view and its changes', () => {
  it('sets permissions: choose the e-tjänst, tick, Klar; logged with before and after', async () => {
    const { res, hsaId } = await addUser({ givenName: 'Pia', familyName: 'Behörig' });
    const id = res.headers.get('Location')!.match(/anvandare\/(\d+)/)![1]!;
    const choose = await (await get(app, anna, `/admin/anvandare/${id}/behorigheter`)).text();
    expect(choose).toContain('Välj e-tjänst');
    expect(choose).not.toContain('type="checkbox"');
    const form = await (await get(app, anna, `/admin/anvandare/${id}/behorigheter?etjanst=${encodeURIComponent('E-tjänst för landsting')}`)).text();
    expect(form.match(/type="checkbox"/g)).toHaveLength(4);
    expect(form).toContain('>Klar</button>');
    const before = await lastLogId(sql);
    const done = await post(app, anna, `/admin/anvandare/${id}/behorigheter`, [
      ['etjanst', 'E-tjänst för landsting'], ['behorighet', ALL[0]!], ['behorighet', ALL[1]!],
    ]);
    expect(done.status).toBe(303);
    const rows = await sql`select permission from user_permissions where user_id = ${id} order by permission`;
    expect(rows.map((r) => r.permission).sort()).toEqual([ALL[0], ALL[1]].sort());
    const view = await (await get(app, anna, done.headers.get('Location')!)).text();
    expect(view).toContain('<h3>E-tjänst för landsting</h3>');
    expect(view).toContain(`<li>${ALL[1]}</li>`);
    const logs = await accessLogSince(sql, before);
    expect(logs).toContainEqual(expect.objectContaining({
      action: 'update', object_type: 'user_permissions', object_id: hsaId,
      detail: expect.objectContaining({ before: [], after: [ALL[0], ALL[1]] }),
    }));
  });

  it('refuses unknown permissions or e-tjänster without changing anything', async () => {
    const rolfId = await idOf('SE2321000016-USR2');
    const res = await post(app, anna, `/admin/anvandare/${rolfId}/behorigheter`, [['etjanst', 'E-tjänst för landsting'], ['behorighet', 'Allt']]);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Välj bland behörigheterna i listan.');
    const res2 = await post(app, anna, `/admin/anvandare/${rolfId}/behorigheter`, [['etjanst', 'Annan tjänst']]);
    expect(res2.status).toBe(400);
    expect(await sql`select 1 from user_permissions where user_id = ${rolfId}`).toHaveLength(2);
  });

  it('changes the user\'s details (Spara) and logs before and after', async () => {
    const { res, hsaId } = await addUser({ givenName: 'Eva', familyName: 'Gammal' });
    const id = res.headers.get('Location')!.match(/anvandare\/(\d+)/)![1]!;
    const form = await (await get(app, anna, `/admin/anvandare/${id}/andra`)).text();
    expect(form).toContain('value="Gammal"');
    expect(form).toContain('>Avbryt</a>');
    const bad = await post(app, anna, `/admin/anvandare/${id}/andra`, { givenName: 'Eva', familyName: '', email: 'eva@x.example' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Ange efternamn.');
    const before = await lastLogId(sql);
    const ok = await post(app, anna, `/admin/anvandare/${id}/andra`, { givenName: 'Eva', familyName: 'Ny', email: 'eva.ny@regionstockholm.example' });
    expect(ok.status).toBe(303);
    expect((await sql`select family_name, email, hsa_id from users where id = ${id}`)[0]).toEqual({ family_name: 'Ny', email: 'eva.ny@regionstockholm.example', hsa_id: hsaId });
    expect(await accessLogSince(sql, before)).toContainEqual(expect.objectContaining({
      action: 'update', object_type: 'user', object_id: hsaId,
      detail: { before: { givenName: 'Eva', familyName: 'Gammal', email: 'test.testsson@regionstockholm.example' }, after: { givenName: 'Eva', familyName: 'Ny', email: 'eva.ny@regionstockholm.example' } },
    }));
  });

  it('removes a user after the confirmation; the user\'s session ends at once', async () => {
    const { res, hsaId } = await addUser({ givenName: 'Bo', familyName: 'Borta' });
    const id = res.headers.get('Location')!.match(/anvandare\/(\d+)/)![1]!;
    await post(app, anna, `/admin/anvandare/${id}/behorigheter`, [['etjanst', 'E-tjänst för landsting'], ['behorighet', ALL[0]!]]);
    const bo = await sessionOf(sql, deps, hsaId);
    const confirm = await (await get(app, anna, `/admin/anvandare/${id}/ta-bort`)).text();
    expect(confirm).toContain('Är du säker på att du vill ta bort denna användare?');
    expect(confirm).toContain('>OK</button>');
    expect(confirm).toContain(`href="/admin/anvandare/${id}">Avbryt</a>`);
    const before = await lastLogId(sql);
    const done = await post(app, anna, `/admin/anvandare/${id}/ta-bort`);
    expect(done.status).toBe(303);
    expect(done.headers.get('Location')).toBe('/admin/anvandare?meddelande=borttagen');
    expect(await sql`select 1 from users where id = ${id}`).toHaveLength(0);
    expect(await accessLogSince(sql, before)).toContainEqual(expect.objectContaining({ action: 'delete', object_type: 'user', object_id: hsaId, outcome: 'ok' }));
    const after = await get(app, bo, '/lista');
    expect(after.status).toBe(302); // logged out: sent to login
    expect((await get(app, anna, `/admin/anvandare/${id}`)).status).toBe(404);
  });
});

describe('the access log', () => {
  it('has a view row for every page that shows a user', async () => {
    const rolfId = await idOf('SE2321000016-USR2');
    for (const path of ['', '/andra', '/behorigheter', '/ta-bort']) {
      const before = await lastLogId(sql);
      expect((await get(app, anna, `/admin/anvandare/${rolfId}${path}`)).status).toBe(200);
      expect(await accessLogSince(sql, before), path).toContainEqual(expect.objectContaining({
        actor_hsa_id: ANNA, action: 'view', object_type: 'user', object_id: 'SE2321000016-USR2', outcome: 'ok',
      }));
    }
  });

  it('has a failed row for a refused form, without the refused values', async () => {
    const before = await lastLogId(sql);
    await addUser({ hsaId: 'SE5566778899-USR9' });
    const logs = await accessLogSince(sql, before);
    expect(logs).toContainEqual(expect.objectContaining({ action: 'create', object_type: 'user', outcome: 'failed', detail: { fields: ['hsaId'] } }));
  });
});

describe('scope and roles', () => {
  it('answers 404 for another region\'s user and logs the denial, without changing anything', async () => {
    const veraId = await idOf('SE2321000131-USR1');
    for (const [method, path] of [['GET', ''], ['GET', '/andra'], ['GET', '/behorigheter'], ['GET', '/ta-bort'], ['POST', '/ta-bort'], ['POST', '/behorigheter'], ['POST', '/andra']] as const) {
      const before = await lastLogId(sql);
      const res = method === 'GET' ? await get(app, anna, `/admin/anvandare/${veraId}${path}`) : await post(app, anna, `/admin/anvandare/${veraId}${path}`, { etjanst: 'E-tjänst för landsting' });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await accessLogSince(sql, before)).toContainEqual(expect.objectContaining({
        actor_hsa_id: ANNA, action: 'access', object_type: 'user', object_id: 'SE2321000131-USR1', outcome: 'denied',
      }));
    }
    expect(await sql`select 1 from users where id = ${veraId}`).toHaveLength(1);
    expect(await sql`select 1 from user_permissions where user_id = ${veraId}`).toHaveLength(4);
  });

  it('never gives an administrator user permissions: an administrator is not in the list and cannot be opened', async () => {
    const annaId = await idOf(ANNA);
    expect((await get(app, anna, `/admin/anvandare/${annaId}/behorigheter`)).status).toBe(404);
    const res = await post(app, anna, `/admin/anvandare/${annaId}/behorigheter`, [['etjanst', 'E-tjänst för landsting'], ['behorighet', ALL[0]!]]);
    expect(res.status).toBe(404);
    expect(await sql`select 1 from user_permissions where user_id = ${annaId}`).toHaveLength(0);
  });

  it('cannot give an administrator permissions or two people one HSA-id, even past the app (database)', async () => {
    const annaId = await idOf(ANNA);
    await expect(sql`insert into user_permissions (user_id, permission) values (${annaId}, ${ALL[0]!})`).rejects.toThrow(/only region users/);
    const ullaId = await idOf('SE2321000016-USR1');
    await expect(sql`update users set role = 'admin' where id = ${ullaId}`).rejects.toThrow(/cannot get role admin/);
    await expect(sql`insert into users (hsa_id, given_name, family_name, email, org_number, role)
      values ('SE2321000016-usr1', 'Ulla', 'Kopia', 'k@x.example', '232100-0016', 'admin')`).rejects.toThrow(/users_hsa_id_upper_key/);
    const dup = await addUser({ hsaId: 'SE2321000016-usr2' });
    expect(dup.res.status).toBe(400);
    expect(await dup.res.text()).toContain('Det finns redan en användare med HSA-id SE2321000016-usr2.');
  });

  it('keeps users out of the administration (403, logged)', async () => {
    const ulla = await sessionOf(sql, deps, 'SE2321000016-USR1');
    const before = await lastLogId(sql);
    expect((await get(app, ulla, '/admin/anvandare')).status).toBe(403);
    expect(await accessLogSince(sql, before)).toContainEqual(expect.objectContaining({ actor_hsa_id: 'SE2321000016-USR1', action: 'access', outcome: 'denied' }));
  });
});

describe('a revoked permission', () => {
  it('is denied on Rolf\'s very next request while he is still logged in', async () => {
    const rolf = await sessionOf(sql, deps, 'SE2321000016-USR2');
    const rolfId = rolf.userId;
    const allowed = async () => [200, 400, 404].includes((await get(app, rolf, '/lista')).status);
    expect(await allowed()).toBe(true);
    try {
      const res = await post(app, anna, `/admin/anvandare/${rolfId}/behorigheter`, [
        ['etjanst', 'E-tjänst för landsting'], ['behorighet', 'Rapportera hälsoundersökning'],
      ]);
      expect(res.status).toBe(303);
      expect((await get(app, rolf, '/lista')).status).toBe(403);
      // And given back: allowed again on the next request.
      await post(app, anna, `/admin/anvandare/${rolfId}/behorigheter`, [
        ['etjanst', 'E-tjänst för landsting'], ['behorighet', 'Se asylsökande m.fl. i länet'], ['behorighet', 'Rapportera hälsoundersökning'],
      ]);
      expect(await allowed()).toBe(true);
    } finally {
      await sql`insert into user_permissions (user_id, permission) values
        (${rolfId}, 'Se asylsökande m.fl. i länet'), (${rolfId}, 'Rapportera hälsoundersökning') on conflict do nothing`;
    }
  });
});

describe('fuzzing the forms', () => {
  const text = fc.oneof(fc.string({ maxLength: 120 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', ' ', '\u0000', 'SE2321000016-', '=1+2', 'a@b.se'));
  const hsa = fc.oneof(text, fc.stringMatching(/^SE\d{10}-[A-Za-z0-9]{0,6}$/), fc.constantFrom('SE2321000016-ÅÄÖ', 'SE2321000016-A B'));

  it('Lägg till användare: never 5xx; invalid input stores nothing and says why beside the field', async () => {
    await fc.assert(fc.asyncProperty(text, text, hsa, text, async (givenName, familyName, hsaId, email) => {
      const before = await userCount();
      const res = await post(app, anna, '/admin/anvandare/ny', { givenName, familyName, hsaId, email });
      expect(res.status).toBeLessThan(500);
      if (res.status === 400) {
        const html = await res.text();
        expect(html).toContain('Formuläret innehåller fel');
        expect(html).toMatch(/aria-invalid="true"/);
        expect(html).toMatch(/class="label__message label__message--error" id="\w+-fel">[^<]*(Ange|får vara|otillåtna|HSA-id|Det finns|administratör)/);
        expect(await userCount()).toBe(before);
      } else {
        expect(res.status).toBe(303);
        const [u] = await sql`select * from users where hsa_id = ${hsaId.trim()}`;
        expect(u).toMatchObject({ org_number: '232100-0016', role: 'user' });
        await sql`delete from users where id = ${u!.id}`;
      }
    }), { numRuns: 60 });
  });

  it('Ändra användare and the permissions form: never 5xx; invalid input changes nothing', async () => {
    const { res } = await addUser({ givenName: 'Fuzz', familyName: 'Mål' });
    const id = res.headers.get('Location')!.match(/anvandare\/(\d+)/)![1]!;
    const snapshot = async () => (await sql`select u.given_name, u.family_name, u.email, array(select permission from user_permissions where user_id = u.id order by 1) as p from users u where id = ${id}`)[0];
    await fc.assert(fc.asyncProperty(text, text, text, fc.array(fc.oneof(text, fc.constantFrom(...ALL)), { maxLength: 5 }), text,
      async (givenName, familyName, email, permissions, service) => {
        const before = await snapshot();
        const edit = await post(app, anna, `/admin/anvandare/${id}/andra`, { givenName, familyName, email });
        expect(edit.status).toBeLessThan(500);
        if (edit.status === 400) {
          expect(await edit.text()).toMatch(/class="label__message label__message--error"/);
          expect(await snapshot()).toEqual(before);
        }
        const mid = await snapshot();
        const perm = await post(app, anna, `/admin/anvandare/${id}/behorigheter`, [['etjanst', service], ...permissions.map((p) => ['behorighet', p] as [string, string])]);
        expect(perm.status).toBeLessThan(500);
        if (perm.status === 400) {
          expect(await perm.text()).toMatch(/Välj (en e-tjänst|bland behörigheterna)/);
          expect(await snapshot()).toEqual(mid);
        }
      }), { numRuns: 40 });
  });

  it('query strings of the list never cause a 5xx', async () => {
    await fc.assert(fc.asyncProperty(text, text, text, text, async (sok, etjanst, behorighet, sortera) => {
      const qs = new URLSearchParams({ sok, etjanst, behorighet, sortera, ordning: sortera });
      const res = await get(app, anna, `/admin/anvandare?${qs}`);
      // A control character in the query is refused with a Swedish message (issue 14); else the list.
      if (/[\u0000-\u001f\u007f]/.test([...qs.keys(), ...qs.values()].join(''))) {
        expect(res.status).toBe(400);
        expect(await res.text()).toContain('innehåller otillåtna tecken (styrtecken');
      } else expect(res.status).toBe(200);
    }), { numRuns: 40 });
  });
});
