/** Region users with sessions and form posts for app.request tests of the application tab. */
import type { Hono } from 'hono';
import type { Sql } from '../../db/sql.js';
import type { AppEnv, RegionPermission, WebDeps } from '../../web/deps.js';
import { createSession, sessionCookieName } from '../../web/session.js';
import { CSRF_FIELD } from '../../web/security.js';

export const ALL_PERMISSIONS: RegionPermission[] = [
  'Se asylsökande m.fl. i länet', 'Rapportera hälsoundersökning', 'Skapa ny ansökan om ersättning', 'Skicka in ansökan om ersättning',
];

export type TestSession = { cookie: string; csrf: string; hsaId: string; orgNumber: string };

/** A region user registered in the database with exactly `permissions`, logged in. */
export async function regionUser(sql: Sql, deps: WebDeps, region: string, local: string, permissions: RegionPermission[]): Promise<TestSession> {
  const hsaId = `SE${region.replace('-', '')}-${local}`;
  const [u] = await sql<{ id: string }[]>`
    insert into users (hsa_id, given_name, family_name, email, org_number, role)
    values (${hsaId}, 'Test', ${local}, ${`${local.toLowerCase()}@test.example`}, ${region}, 'user')
    on conflict (hsa_id) do update set active = true returning id`;
  await sql`delete from user_permissions where user_id = ${u!.id}`;
  for (const p of permissions) await sql`insert into user_permissions (user_id, permission) values (${u!.id}, ${p})`;
  return sessionOf(sql, deps, hsaId);
}

export async function sessionOf(sql: Sql, deps: WebDeps, hsaId: string): Promise<TestSession> {
  const [u] = await sql<{ id: string; org_number: string }[]>`select id, org_number from users where hsa_id = ${hsaId}`;
  const s = await createSession(sql, u!.id);
  return { cookie: `${sessionCookieName(deps)}=${s.token}`, csrf: s.csrfToken, hsaId, orgNumber: u!.org_number };
}

export function get(app: Hono<AppEnv>, s: TestSession | null, path: string, headers: Record<string, string> = {}) {
  return app.request(path, { headers: { ...(s ? { Cookie: s.cookie } : {}), ...headers } });
}

/** A form POST with the session's CSRF token (unless `fields` overrides it). */
export function post(app: Hono<AppEnv>, s: TestSession, path: string, fields: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { Cookie: s.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ [CSRF_FIELD]: s.csrf, ...fields }).toString(),
  });
}

export async function lastLog(sql: Sql, hsaId: string) {
  const [row] = await sql`select * from access_log where actor_hsa_id = ${hsaId} order by id desc limit 1`;
  return row ?? null;
}
