/**
 * The authorization matrix: every route of the route table × every role → allow or deny, from an
 * explicit table of expectations. A route without an entry fails the test, so a new route cannot
 * ship without someone deciding who may reach it. Requests go through the whole app with real
 * sessions; path parameters are ids the role owns (or, for state-changing routes of other
 * features, ids that do not exist, so the matrix never changes anyone's data: a 404 from the
 * handler still shows the guard let the request through).
 *
 * Allow: neither 401/403 nor a redirect to login. Deny: anonymous → 401 or 302 to /auth/login;
 * logged in → 403.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { allRoutes, createApp } from '../../web/app.js';
import type { RouteSpec } from '../../web/routes.js';
import type { WebDeps } from '../../web/deps.js';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { addPeople } from '../lifecycle-support.js';
import { appSql, temporalClient } from '../support.js';
import { get, post, sessionOf, uniqueLocal, type Who } from './admin-support.js';

const ROLES = ['anonymous', 'ulla', 'rolf', 'none', 'anna', 'hanna', 'rita', 'mats', 'karl', 'elin', 'sam', 'malte'] as const;
type Role = (typeof ROLES)[number];
const LOGGED_IN: Role[] = ['ulla', 'rolf', 'none', 'anna', 'hanna', 'rita', 'mats', 'karl', 'elin', 'sam', 'malte'];
/** Kommun people (SPEC-KOMMUNER §10): Karl administers Stockholms kommun; Elin holds both kommun e-tjänster, Sam the school types, Malte (Malmö) every ersättningstyp. */
const ADMINS: Role[] = ['anna', 'karl'];
const UNACCOMPANIED: Role[] = ['elin'];
const COMPENSATION: Role[] = ['elin', 'sam', 'malte'];
const EVERYONE: Role[] = ['anonymous', ...LOGGED_IN];
/** Ulla holds all four permissions; Rolf "Se asylsökande…" and "Rapportera hälsoundersökning"; "none" holds none. */
const SEE_LIST: Role[] = ['ulla', 'rolf'];
const REPORT: Role[] = ['ulla', 'rolf'];
const APPLY: Role[] = ['ulla'];

/** Who may reach each route ("METHOD path" as in the route table). Every route must be here. */
const EXPECTED: Record<string, Role[]> = {
  'GET /healthz': EVERYONE,
  'GET /livez': EVERYONE,
  'GET /readyz': EVERYONE,
  'GET /static/:file': EVERYONE,
  'GET /auth/login': EVERYONE,
  'GET /auth/callback': EVERYONE,
  'POST /auth/logout': LOGGED_IN,
  'GET /auth/utloggad': EVERYONE,
  'GET /': EVERYONE,

  'GET /lista': SEE_LIST,
  'GET /lista/export.csv': SEE_LIST,
  'GET /lista/export.xlsx': SEE_LIST,
  'GET /lista/person/:dossier': SEE_LIST,
  'GET /lista/person/:dossier/atgarder': REPORT,
  'GET /lista/person/:dossier/rad': SEE_LIST,
  'POST /lista/person/:dossier/kallelse': REPORT,
  'POST /lista/person/:dossier/rapport': REPORT,
  'GET /lista/person/:dossier/ta-bort': REPORT,
  'POST /lista/person/:dossier/ta-bort': REPORT,

  'GET /ansokan': APPLY,
  'POST /ansokan': APPLY,
  'GET /ansokan/:ref': APPLY,
  'GET /ansokan/:ref/forlopp': APPLY,
  'GET /ansokan/:ref/poster/:examinationId/ta-bort': APPLY,
  'POST /ansokan/:ref/poster/:examinationId/ta-bort': APPLY,
  'POST /ansokan/:ref/lagg-till': APPLY,
  'GET /ansokan/:ref/skicka-in': APPLY,
  'POST /ansokan/:ref/skicka-in': APPLY,
  'GET /ansokan/:ref/beslut': APPLY,

  'GET /admin': ADMINS,
  'GET /admin/anvandare': ADMINS,
  'GET /admin/anvandare/ny': ADMINS,
  'POST /admin/anvandare/ny': ADMINS,
  'GET /admin/anvandare/:id{[0-9]+}': ADMINS,
  'GET /admin/anvandare/:id{[0-9]+}/andra': ADMINS,
  'POST /admin/anvandare/:id{[0-9]+}/andra': ADMINS,
  'GET /admin/anvandare/:id{[0-9]+}/behorigheter': ADMINS,
  'POST /admin/anvandare/:id{[0-9]+}/behorigheter': ADMINS,
  'GET /admin/anvandare/:id{[0-9]+}/ta-bort': ADMINS,
  'POST /admin/anvandare/:id{[0-9]+}/ta-bort': ADMINS,

  'GET /mv-admin': ['mats'],
  'GET /mv-admin/regioner': ['mats'],
  'GET /mv-admin/regioner/ny': ['mats'],
  'POST /mv-admin/regioner/ny': ['mats'],
  'GET /mv-admin/regioner/:org{[0-9]{6}-[0-9]{4}}': ['mats'],
  'GET /mv-admin/regioner/:org{[0-9]{6}-[0-9]{4}}/andra': ['mats'],
  'POST /mv-admin/regioner/:org{[0-9]{6}-[0-9]{4}}/andra': ['mats'],
  'POST /mv-admin/regioner/:org{[0-9]{6}-[0-9]{4}}/avtal': ['mats'],
  'GET /mv-admin/regioner/:org{[0-9]{6}-[0-9]{4}}/administratorer/ny': ['mats'],
  'POST /mv-admin/regioner/:org{[0-9]{6}-[0-9]{4}}/administratorer/ny': ['mats'],
  'GET /mv-admin/regioner/:org{[0-9]{6}-[0-9]{4}}/administratorer/:id{[0-9]+}/ta-bort': ['mats'],
  'POST /mv-admin/regioner/:org{[0-9]{6}-[0-9]{4}}/administratorer/:id{[0-9]+}/ta-bort': ['mats'],
  'GET /mv-admin/kommuner': ['mats'],
  'GET /mv-admin/kommuner/ny': ['mats'],
  'POST /mv-admin/kommuner/ny': ['mats'],
  'GET /mv-admin/kommuner/:kommun{212000-[0-9]{4}}': ['mats'],
  'GET /mv-admin/kommuner/:kommun{212000-[0-9]{4}}/andra': ['mats'],
  'POST /mv-admin/kommuner/:kommun{212000-[0-9]{4}}/andra': ['mats'],
  'POST /mv-admin/kommuner/:kommun{212000-[0-9]{4}}/avtal': ['mats'],
  'GET /mv-admin/kommuner/:kommun{212000-[0-9]{4}}/administratorer/ny': ['mats'],
  'POST /mv-admin/kommuner/:kommun{212000-[0-9]{4}}/administratorer/ny': ['mats'],
  'GET /mv-admin/kommuner/:kommun{212000-[0-9]{4}}/administratorer/:id{[0-9]+}/ta-bort': ['mats'],
  'POST /mv-admin/kommuner/:kommun{212000-[0-9]{4}}/administratorer/:id{[0-9]+}/ta-bort': ['mats'],
  'GET /mv-admin/inlasning': ['mats'],
  'GET /mv-admin/inlasning/status': ['mats'],
  'POST /mv-admin/inlasning/kor-nu': ['mats'],
  'GET /mv-admin/inlasning/:id{[0-9]{1,15}}': ['mats'],
  'GET /mv-admin/installningar': ['mats'],
  'POST /mv-admin/installningar': ['mats'],
  'GET /mv-admin/atkomstlogg': ['mats'],
  'GET /mv-admin/atkomstlogg/export': ['mats'],

  'GET /ensamkommande': UNACCOMPANIED,
  'GET /statlig-ersattning': COMPENSATION,

  'GET /handlaggning': ['hanna'],
  'GET /handlaggning/ansokan/:id': ['hanna'],
  'GET /handlaggning/ansokan/:id/tidslinje': ['hanna'],
  'POST /handlaggning/ansokan/:id/poster': ['hanna'],
  'POST /handlaggning/ansokan/:id/poster/:examinationId': ['hanna'],
  'GET /handlaggning/ansokan/:id/poster/:examinationId/varfor': ['hanna'],
  'GET /handlaggning/ansokan/:id/beslut': ['hanna'],
  'POST /handlaggning/ansokan/:id/beslut': ['hanna'],
  'GET /handlaggning/undersokning/:runId': ['hanna'],
  'GET /handlaggning/undersokning/:runId/tidslinje': ['hanna'],
  'GET /handlaggning/oversikt': ['hanna'],

  'GET /regler': ['rita'],
  'POST /regler/kontroll': ['rita'],
  'POST /regler/test': ['rita'],
  'GET /regler/uppsattning/:label': ['rita'],
  'GET /regler/uppsattning/:label/belopp': ['rita'],
  'POST /regler/uppsattning/:label/belopp': ['rita'],
  'POST /regler/kandidat/kopia': ['rita'],
  'POST /regler/kandidat': ['rita'],
  'GET /regler/kandidat/:id': ['rita'],
  'POST /regler/kandidat/:id': ['rita'],
  'POST /regler/kandidat/:id/kontroll': ['rita'],
  'POST /regler/kandidat/:id/test': ['rita'],
  'POST /regler/kandidat/:id/simulering': ['rita'],
  'GET /regler/simulering/:id': ['rita'],
  'GET /regler/simulering/:id/status': ['rita'],
  'POST /regler/kandidat/:id/publicera': ['rita'],
  'GET /regler/kandidat/:id/ta-bort': ['rita'],
  'POST /regler/kandidat/:id/ta-bort': ['rita'],
};

const HSA: Record<Exclude<Role, 'anonymous' | 'none'>, string> = {
  ulla: 'SE2321000016-USR1', rolf: 'SE2321000016-USR2', anna: 'SE2321000016-ADM1',
  hanna: 'SE2021002163-HL1', rita: 'SE2021002163-RF1', mats: 'SE2021002163-ADM1',
  karl: 'SE2120000142-ADM1', elin: 'SE2120000142-HLG1', sam: 'SE2120000142-HLG2', malte: 'SE2120001124-HLG1',
};

const manifest = JSON.parse(readFileSync(new URL('../../rules/sets/lma-2022-07-01/manifest.json', import.meta.url), 'utf8')) as { id: string; version: string };
/** A rule set every installation has. */
const SHIPPED_RULE_SET = `${manifest.id}@${manifest.version}`;

const sql = appSql();
let client: Client;
let deps: WebDeps;
let app: ReturnType<typeof createApp>;
let noneHsaId: string;
let dossier: string;
let matrixRegion: string;
let matrixKommun: string;

const key = (r: RouteSpec) => `${r.method} ${r.path}`;
const routes = allRoutes();

async function sessionFor(role: Role): Promise<Who | null> {
  if (role === 'anonymous') return null;
  return sessionOf(sql, deps, role === 'none' ? noneHsaId : HSA[role]);
}

/** A throwaway user of Anna's region (admin routes may change or remove it). */
async function throwawayUser(): Promise<string> {
  const [u] = await sql<{ id: string }[]>`
    insert into users (hsa_id, given_name, family_name, email, org_number, role)
    values (${`SE2321000016-${uniqueLocal('MX')}`}, 'Matris', 'Målsson', 'matris@regionstockholm.example', '232100-0016', 'user')
    returning id`;
  return String(u!.id);
}
async function throwawayAdmin(): Promise<string> {
  const [u] = await sql<{ id: string }[]>`
    insert into users (hsa_id, given_name, family_name, email, org_number, role)
    values (${`SE${matrixRegion.replace('-', '')}-${uniqueLocal('MA')}`}, 'Matris', 'Admin', 'matris@region.example', ${matrixRegion}, 'admin')
    returning id`;
  return String(u!.id);
}

/** The `:name` and `:name{regex}` parameters of a route path (the regex may hold braces itself). */
function pathParams(path: string): { name: string; whole: string }[] {
  const out: { name: string; whole: string }[] = [];
  for (let i = path.indexOf(':'); i >= 0; i = path.indexOf(':', i + 1)) {
    const name = /^\w+/.exec(path.slice(i + 1))![0];
    let end = i + 1 + name.length;
    if (path[end] === '{') {
      let depth = 0;
      do {
        if (path[end] === '{') depth++;
        else if (path[end] === '}') depth--;
        end++;
      } while (depth > 0 && end < path.length);
    }
    out.push({ name, whole: path.slice(i, end) });
    i = end - 1;
  }
  return out;
}

/** The concrete path of a route for a request by `role`. */
async function concretePath(route: RouteSpec): Promise<string> {
  const mutating = route.method !== 'GET';
  const values: Record<string, () => Promise<string> | string> = {
    file: () => 'melker.css',
    dossier: () => (mutating ? '99-999999' : dossier),
    ref: () => (mutating ? '1999-Q1' : '2026-Q1'),
    examinationId: () => '999999999',
    runId: async () => (mutating ? 'finns-inte' : ((await sql`select run_id from examinations limit 1`)[0]?.run_id as string | undefined) ?? 'finns-inte'),
    org: () => matrixRegion,
    kommun: () => matrixKommun,
    label: () => SHIPPED_RULE_SET,
    id: async () => {
      if (route.path.startsWith('/admin/')) return throwawayUser();
      if (route.path.startsWith('/mv-admin/')) return throwawayAdmin();
      if (mutating) return '999999999';
      return ((await sql`select id from applications where status <> 'Utkast' limit 1`)[0]?.id as string | undefined) ?? '999999999';
    },
  };
  const segments: string[] = [];
  for (const { name, whole } of pathParams(route.path)) {
    const make = values[name];
    if (!make) throw new Error(`${key(route)}: no value for the path parameter :${name} — add one to concretePath`);
    segments.push(whole, encodeURIComponent(await make()));
  }
  let path = route.path;
  for (let i = 0; i < segments.length; i += 2) path = path.replace(segments[i]!, segments[i + 1]!);
  return path;
}

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  deps = { sql, temporal: client, publicUrl: 'http://localhost:3999', taskQueue: `matrix-${process.pid}` };
  app = createApp(deps);
  noneHsaId = `SE2321000016-${uniqueLocal('NONE')}`;
  await sql`insert into users (hsa_id, given_name, family_name, email, org_number, role)
    values (${noneHsaId}, 'Nils', 'Utanbehörighet', 'nils@regionstockholm.example', '232100-0016', 'user')`;
  [dossier] = (await addPeople(sql, '232100-0016', 1)) as [string];
  matrixRegion = `232100-8${String(process.pid % 1000).padStart(3, '0')}`;
  await sql`insert into organisations (org_number, name, kind, county) values (${matrixRegion}, 'Region Matris', 'region', 'Matrislän')
    on conflict (org_number) do nothing`;
  matrixKommun = `212000-9${String(process.pid % 1000).padStart(3, '0')}`;
  await sql`insert into organisations (org_number, name, kind, county) values (${matrixKommun}, 'Matris kommun', 'kommun', 'Matrislän')
    on conflict (org_number) do nothing`;
});
afterAll(async () => {
  await client.connection.close();
  await sql.end();
});

describe('the expectation table', () => {
  it('has an entry for every route in the route table', () => {
    const missing = routes.map(key).filter((k) => !(k in EXPECTED));
    expect(missing, 'routes without an entry in EXPECTED: decide who may reach them and add them').toEqual([]);
  });

  it('has no entries for routes that no longer exist, and names only known roles', () => {
    const existing = new Set(routes.map(key));
    expect(Object.keys(EXPECTED).filter((k) => !existing.has(k))).toEqual([]);
    for (const roles of Object.values(EXPECTED)) for (const r of roles) expect(ROLES).toContain(r);
  });
});

describe.each(routes.map((r) => [key(r), r] as const))('%s', (name, route) => {
  it.each(ROLES.map((role) => [role]))('as %s', async (role) => {
    const expected = EXPECTED[name];
    expect(expected, `no entry for ${name} in EXPECTED`).toBeDefined();
    const who = await sessionFor(role);
    const path = await concretePath(route);
    const res = route.method === 'GET' ? await get(app, who, path) : await post(app, who, path);
    const location = res.headers.get('Location') ?? '';
    const toLogin = res.status === 302 && location.startsWith('/auth/login');
    const what = `${role} ${route.method} ${path} → ${res.status} ${location}`;
    if (expected!.includes(role)) {
      expect([401, 403].includes(res.status) || toLogin, `allowed, but ${what}`).toBe(false);
    } else if (role === 'anonymous') {
      expect(res.status === 401 || toLogin, `anonymous must be sent to login: ${what}`).toBe(true);
    } else {
      expect(res.status, `must be forbidden: ${what}`).toBe(403);
    }
    await res.arrayBuffer();
  });
});

describe('another organisation\'s objects', () => {
  it('are answered 404 (as if they did not exist) and the attempt is logged', async () => {
    const vera = (await sessionOf(sql, deps, 'SE2321000131-USR1'))!;
    const anna = (await sessionFor('anna'))!;
    const karl = (await sessionFor('karl'))!;
    const idOf = async (hsaId: string) => String((await sql`select id from users where hsa_id = ${hsaId}`)[0]!.id);
    const veraId = await idOf('SE2321000131-USR1');
    const gretaId = await idOf('SE2120001355-HLG1');
    const elinId = await idOf('SE2120000142-HLG1');
    const ullaId = await idOf('SE2321000016-USR1');
    const cases: [Who, 'GET' | 'POST', string][] = [
      [vera, 'GET', `/lista/person/${dossier}`],
      [vera, 'GET', `/lista/person/${dossier}/ta-bort`],
      [vera, 'GET', `/lista/person/${dossier}/atgarder`],
      [anna, 'GET', `/admin/anvandare/${veraId}`],
      [anna, 'GET', `/admin/anvandare/${veraId}/behorigheter`],
      [anna, 'POST', `/admin/anvandare/${veraId}/ta-bort`],
      // A kommun's administrator and another kommun's (or a region's) people, both ways.
      [karl, 'GET', `/admin/anvandare/${gretaId}`],
      [karl, 'GET', `/admin/anvandare/${gretaId}/behorigheter`],
      [karl, 'POST', `/admin/anvandare/${gretaId}/ta-bort`],
      [karl, 'GET', `/admin/anvandare/${ullaId}`],
      [anna, 'GET', `/admin/anvandare/${elinId}`],
      [anna, 'POST', `/admin/anvandare/${elinId}/andra`],
    ];
    for (const [who, method, path] of cases) {
      const [{ max }] = (await sql`select coalesce(max(id), 0)::bigint as max from access_log`) as unknown as [{ max: string }];
      const res = method === 'GET' ? await get(app, who, path) : await post(app, who, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      const denied = await sql`select 1 from access_log where id > ${max} and outcome = 'denied' and action = 'access'`;
      expect(denied.length, `denial logged for ${method} ${path}`).toBeGreaterThan(0);
    }
    expect(await sql`select 1 from users where id = ${veraId}`).toHaveLength(1);
    expect(await sql`select 1 from users where id = ${gretaId}`).toHaveLength(1);
  });
});
