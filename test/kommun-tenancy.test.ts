/**
 * Kommuner as tenants in the database (SPEC-KOMMUNER §10): the catalogue the migration and the
 * code hold agree, the database refuses what the administration must never store, the demo world
 * is seeded as the SPEC lists it, and ending an avtal ends the e-tjänst in the sessions using it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrganisationsAndUsers } from '../db/seed.js';
import type { Sql } from '../db/sql.js';
import { COMPENSATION_SERVICE, E_SERVICE_FOR, E_SERVICES, REGION_PERMISSIONS, REGION_SERVICE, UNACCOMPANIED_PERMISSION, UNACCOMPANIED_SERVICE } from '../domain/e-services.js';
import { addDays } from '../domain/civil-dates.js';
import { stockholmDate } from '../domain/stockholm-time.js';
import { shippedCompensationTypes } from '../rules/ersattning/types.js';
import { catalogueFor, publishCompensationType } from '../services/catalogue.js';
import { createSession, loadSessionUser } from '../web/session.js';
import { adminSql, appSql } from './support.js';

let sql: Sql;
let admin: Sql;
const today = stockholmDate(Date.now());
let n = 0;
const unique = () => `${process.pid % 10000}${++n}`.slice(-4).padStart(4, '0');

async function kommun(name: string, services: string[]): Promise<string> {
  for (;;) {
    const org = `212000-${String(Math.floor(Math.random() * 9000) + 1000)}`;
    const [taken] = await sql`insert into organisations (org_number, name, kind, county) values (${org}, ${name}, 'kommun', 'Testlän') on conflict do nothing returning org_number`;
    if (!taken) continue;
    for (const s of services) await sql`insert into agreements (org_number, e_service) values (${org}, ${s})`;
    return org;
  }
}
async function user(org: string, role = 'user'): Promise<string> {
  const [u] = await sql`insert into users (hsa_id, given_name, family_name, email, org_number, role)
    values (${`SE${org.replace('-', '')}-T${unique()}`}, 'Test', 'Person', 'test@kommun.example', ${org}, ${role}) returning id`;
  return String(u!.id);
}
const grant = (userId: string, service: string, permission: string) =>
  sql`insert into user_permissions (user_id, service, permission) values (${userId}, ${service}, ${permission})`;

beforeAll(async () => {
  sql = appSql();
  admin = adminSql();
  await seedOrganisationsAndUsers(sql);
});
afterAll(async () => {
  await sql.end();
  await admin.end();
});

describe('the permission catalogue', () => {
  it('holds the e-tjänster and fixed permissions the code names, and every shipped ersättningstyp', async () => {
    const services = await sql`select name, for_kind from e_services order by position`;
    expect(services.map((s) => [s.name, s.for_kind])).toEqual(E_SERVICES.map((s) => [s, E_SERVICE_FOR[s]]));
    const fixed = await sql`select e_service, permission from permission_catalogue where source = 'fixed' order by e_service, position`;
    expect(fixed.map((r) => `${r.e_service}: ${r.permission}`).sort()).toEqual(
      [...REGION_PERMISSIONS.map((p) => `${REGION_SERVICE}: ${p}`), `${UNACCOMPANIED_SERVICE}: ${UNACCOMPANIED_PERMISSION}`].sort());
    const shipped = await sql`select permission, to_char(valid_from, 'YYYY-MM-DD') as valid_from, to_char(valid_to, 'YYYY-MM-DD') as valid_to
      from permission_catalogue where source = 'shipped' order by position`;
    expect(shipped.map((r) => [r.permission, r.valid_from, r.valid_to])).toEqual(shippedCompensationTypes().map((t) => [t.name, t.effectiveFrom, t.lastDay]));
    expect(shipped.map((r) => r.permission)).toContain('Asylsökande i förskola');
  });

  it('does not offer a discontinued type, and the database refuses to grant it; a holder keeps it', async () => {
    const org = await kommun('Testkommun Upphörd', [COMPENSATION_SERVICE]);
    const u = await user(org);
    const discontinued = 'Kostnader för ekonomiskt bistånd till personer med tillstånd av medicinska skäl';
    const offered = (await catalogueFor(sql, [COMPENSATION_SERVICE])).map((e) => e.permission);
    expect(offered).not.toContain(discontinued);
    expect(offered).toContain('Asylsökande i grundskola');
    await expect(grant(u, COMPENSATION_SERVICE, discontinued)).rejects.toThrow(/kan inte ges i dag/);

    // A type that ends today: granted today, and kept when its end has passed.
    const code = `upphor-${unique()}`;
    const name = `Testtyp som upphör ${code}`;
    expect((await publishCompensationType(sql, { code, name, kind: 'faktiska-kostnader', legalBasis: 'testgrund', effectiveFrom: '2020-01-01', lastDay: today }, 'SE2021002163-RF1')).ok).toBe(true);
    await grant(u, COMPENSATION_SERVICE, name);
    await admin`update permission_catalogue set valid_to = ${addDays(today, -1)} where permission = ${name}`;
    await sql`update user_permissions set granted_at = granted_at where user_id = ${u}`; // an unrelated update is fine
    expect((await sql`select permission from user_permissions where user_id = ${u}`).map((r) => r.permission)).toEqual([name]);
    expect((await catalogueFor(sql, [COMPENSATION_SERVICE])).map((e) => e.permission)).not.toContain(name);
    expect((await catalogueFor(sql, [COMPENSATION_SERVICE], [name])).find((e) => e.permission === name)).toMatchObject({ grantable: false });
    await sql`delete from user_permissions where user_id = ${u}`;
    await expect(grant(u, COMPENSATION_SERVICE, name)).rejects.toThrow(/kan inte ges i dag/);
  });

  it('offers a published type from its first day, not before, and nobody holds it until granted', async () => {
    const org = await kommun('Testkommun Ny typ', [COMPENSATION_SERVICE]);
    const u = await user(org);
    const future = `framtida-${unique()}`;
    const futureName = `Testtyp framtida ${future}`;
    expect((await publishCompensationType(sql, { code: future, name: futureName, kind: 'faktiska-kostnader', legalBasis: 'testgrund', effectiveFrom: addDays(today, 1), lastDay: null }, 'SE2021002163-RF1')).ok).toBe(true);
    expect((await catalogueFor(sql, [COMPENSATION_SERVICE])).map((e) => e.permission)).not.toContain(futureName);
    await expect(grant(u, COMPENSATION_SERVICE, futureName)).rejects.toThrow(/kan inte ges i dag/);

    const now = `idag-${unique()}`;
    const nowName = `Testtyp från i dag ${now}`;
    expect((await publishCompensationType(sql, { code: now, name: nowName, kind: 'faktiska-kostnader', legalBasis: 'testgrund', effectiveFrom: today, lastDay: null }, 'SE2021002163-RF1')).ok).toBe(true);
    expect((await catalogueFor(sql, [COMPENSATION_SERVICE])).find((e) => e.permission === nowName)).toMatchObject({ grantable: true });
    expect((await sql`select count(*)::int as n from user_permissions where permission = ${nowName}`)[0]!.n).toBe(0);
    await grant(u, COMPENSATION_SERVICE, nowName);

    const again = await publishCompensationType(sql, { code: now, name: 'Annat namn', kind: 'faktiska-kostnader', legalBasis: 'testgrund', effectiveFrom: today, lastDay: null }, 'SE2021002163-RF1');
    expect(again).toMatchObject({ ok: false, error: { code: 'EXISTS' } });
    const bad = await publishCompensationType(sql, { code: 'Fel Kod', name: 'x', kind: 'annan', legalBasis: '', effectiveFrom: '2026-02-30', lastDay: null }, 'SE2021002163-RF1');
    expect(bad.ok).toBe(false);
  });
});

describe('the database keeps tenants apart', () => {
  it('refuses a kommun org number outside 212000-NNNN', async () => {
    await expect(sql`insert into organisations (org_number, name, kind) values ('556677-0001', 'Fel kommun', 'kommun')`).rejects.toThrow(/organisations_kommun_org_number/);
  });

  it('refuses an avtal for an e-tjänst of another kind of organisation', async () => {
    const org = await kommun('Testkommun Avtal', []);
    await expect(sql`insert into agreements (org_number, e_service) values (${org}, ${REGION_SERVICE})`).rejects.toThrow(/inte för den här sortens organisation/);
  });

  it('refuses region permissions to kommun users, kommun permissions to region users, and any permission without an avtal', async () => {
    const malmoLike = await kommun('Testkommun Bara ersättning', [COMPENSATION_SERVICE]);
    const u = await user(malmoLike);
    await expect(grant(u, REGION_SERVICE, 'Se asylsökande m.fl. i länet')).rejects.toThrow(/inget aktivt avtal/);
    await expect(grant(u, UNACCOMPANIED_SERVICE, UNACCOMPANIED_PERMISSION)).rejects.toThrow(/inget aktivt avtal/);
    await grant(u, COMPENSATION_SERVICE, 'Asylsökande i förskola');
    const [anna] = await sql`select id from users where hsa_id = 'SE2321000016-USR1'`;
    await expect(grant(String(anna!.id), UNACCOMPANIED_SERVICE, UNACCOMPANIED_PERMISSION)).rejects.toThrow(/inget aktivt avtal/);
    await expect(grant(u, COMPENSATION_SERVICE, 'Behörighet som inte finns')).rejects.toThrow(/kan inte ges i dag|user_permissions_in_catalogue/);
    const a = await user(malmoLike, 'admin');
    await expect(grant(a, COMPENSATION_SERVICE, 'Asylsökande i förskola')).rejects.toThrow(/only region users/);
  });
});

describe('the demo world', () => {
  const held = async (hsaId: string) => (await sql`select p.service, p.permission from user_permissions p join users u on u.id = p.user_id where u.hsa_id = ${hsaId} order by p.service, p.permission`)
    .map((r) => `${r.service}: ${r.permission}`);
  const inForce = shippedCompensationTypes().filter((t) => t.effectiveFrom <= today && (t.lastDay === null || today <= t.lastDay)).map((t) => t.name);

  it('has the three kommuner with their avtal', async () => {
    const rows = await sql`select o.org_number, o.name, o.kind, array_agg(a.e_service order by a.e_service) as services
      from organisations o join agreements a on a.org_number = o.org_number and a.active
      where o.org_number in ('212000-0142', '212000-1355', '212000-1124') group by o.org_number, o.name, o.kind order by o.org_number`;
    expect(rows.map((r) => [r.org_number, r.name, r.kind, r.services])).toEqual([
      ['212000-0142', 'Stockholms kommun', 'kommun', [COMPENSATION_SERVICE, UNACCOMPANIED_SERVICE]],
      ['212000-1124', 'Malmö kommun', 'kommun', [COMPENSATION_SERVICE]],
      ['212000-1355', 'Göteborgs kommun', 'kommun', [COMPENSATION_SERVICE, UNACCOMPANIED_SERVICE]],
    ]);
  });

  it('gives Elin and Greta the unaccompanied permission and every type in force, Sam the five school types, Malte every type in force', async () => {
    expect(inForce).toHaveLength(9);
    const every = inForce.map((p) => `${COMPENSATION_SERVICE}: ${p}`).sort();
    expect(await held('SE2120000142-HLG1')).toEqual([...every, `${UNACCOMPANIED_SERVICE}: ${UNACCOMPANIED_PERMISSION}`].sort());
    expect(await held('SE2120001355-HLG1')).toEqual([...every, `${UNACCOMPANIED_SERVICE}: ${UNACCOMPANIED_PERMISSION}`].sort());
    expect(await held('SE2120001124-HLG1')).toEqual(every);
    expect(await held('SE2120000142-HLG2')).toEqual([
      'Asylsökande elever som påbörjat nationellt program efter 18 års ålder', 'Asylsökande i förskola', 'Asylsökande i förskoleklass',
      'Asylsökande i grundskola', 'Asylsökande i gymnasieskola',
    ].map((p) => `${COMPENSATION_SERVICE}: ${p}`));
    expect(await held('SE2120000142-ADM1')).toEqual([]);
  });
});

describe('sessions follow the avtal', () => {
  it('ending one of two avtal takes that e-tjänst away; ending the last ends the session', async () => {
    const org = await kommun('Testkommun Sessioner', [UNACCOMPANIED_SERVICE, COMPENSATION_SERVICE]);
    const u = await user(org);
    await grant(u, UNACCOMPANIED_SERVICE, UNACCOMPANIED_PERMISSION);
    await grant(u, COMPENSATION_SERVICE, 'Asylsökande i grundskola');
    const { token } = await createSession(sql, u);
    const before = await loadSessionUser(sql, token);
    expect(before?.user).toMatchObject({ orgKind: 'kommun', services: [UNACCOMPANIED_SERVICE, COMPENSATION_SERVICE] });
    expect(before?.user.permissions.sort()).toEqual([UNACCOMPANIED_PERMISSION, 'Asylsökande i grundskola'].sort());

    await sql`update agreements set active = false, ended_at = now() where org_number = ${org} and e_service = ${UNACCOMPANIED_SERVICE}`;
    const after = await loadSessionUser(sql, token);
    expect(after?.user).toMatchObject({ services: [COMPENSATION_SERVICE], permissions: ['Asylsökande i grundskola'] });

    await sql`update agreements set active = false, ended_at = now() where org_number = ${org} and e_service = ${COMPENSATION_SERVICE}`;
    expect(await loadSessionUser(sql, token)).toBeNull();
  });
});
