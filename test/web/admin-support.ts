/** Helpers for the administration tests: sessions of the demo people and form requests against the app. */
import type { Hono } from 'hono';
import type { Sql } from '../../db/sql.js';
import type { AppEnv, WebDeps } from '../../web/deps.js';
import { createSession, sessionCookieName } from '../../web/session.js';

export type Who = { cookie: string; csrf: string; userId: string };

export async function sessionOf(sql: Sql, deps: WebDeps, hsaId: string): Promise<Who> {
  const [u] = await sql<{ id: string }[]>`select id from users where hsa_id = ${hsaId}`;
  if (!u) throw new Error(`no user ${hsaId}`);
  const s = await createSession(sql, String(u.id));
  return { cookie: `${sessionCookieName(deps)}=${s.token}`, csrf: s.csrfToken, userId: String(u.id) };
}

export function get(app: Hono<AppEnv>, who: Who | null, path: string, headers: Record<string, string> = {}) {
  return app.request(path, { headers: { ...(who ? { Cookie: who.cookie } : {}), ...headers } });
}

/** A form POST with the session's CSRF token (fields may repeat: pass [name, value] pairs). */
export function post(app: Hono<AppEnv>, who: Who | null, path: string, fields: Record<string, string> | [string, string][] = {}) {
  const body = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields));
  if (who) body.set('_csrf', who.csrf);
  return app.request(path, {
    method: 'POST',
    headers: { ...(who ? { Cookie: who.cookie } : {}), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
}

let counter = 0;
/** A local part no other test in this run uses. */
export function uniqueLocal(prefix = 'T'): string {
  counter++;
  return `${prefix}${process.pid}${Date.now().toString(36).toUpperCase()}${counter}`;
}

export async function accessLogSince(sql: Sql, id: number) {
  return sql<{ id: string; actor_hsa_id: string | null; action: string; object_type: string | null; object_id: string | null; outcome: string; detail: Record<string, unknown> }[]>`
    select id, actor_hsa_id, action, object_type, object_id, outcome, detail from access_log where id > ${id} order by id`;
}

export async function lastLogId(sql: Sql): Promise<number> {
  const [row] = await sql<{ id: string | null }[]>`select max(id) as id from access_log`;
  return Number(row?.id ?? 0);
}
