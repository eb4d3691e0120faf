/**
 * Server-side sessions in PostgreSQL. The cookie carries a random token, the table its SHA-256.
 * A new token at login (never reuse the pre-login one), deleted at logout, ended by an idle
 * timeout and an absolute lifetime. The user and their permissions are read from the database on
 * every request, so a revoked permission, a deactivated user or an organisation whose avtal has ended
 * takes effect on the next request.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Sql } from '../db/sql.js';
import type { EService, OrganisationKind } from '../domain/e-services.js';
import type { AppEnv, SessionOptions, SessionUser, UserRole, WebDeps } from './deps.js';

export const DEFAULT_IDLE_MINUTES = 30;
export const DEFAULT_ABSOLUTE_HOURS = 10;
/** How long a started login (the pre-session) may take at the IdP. */
const LOGIN_STATE_SECONDS = 10 * 60;
/** last_seen_at is written at most this often, so reads stay reads. */
const TOUCH_AFTER_SECONDS = 30;

export type LoginState = { state: string; nonce: string; codeVerifier: string; returnTo: string };

export function isHttps(deps: Pick<WebDeps, 'publicUrl'>): boolean {
  return (deps.publicUrl ?? '').startsWith('https:');
}

/** `__Host-` needs Secure, Path=/ and no Domain; only possible under https. */
export function sessionCookieName(deps: Pick<WebDeps, 'publicUrl'>): string {
  return isHttps(deps) ? '__Host-melker_session' : 'melker_session';
}

/** MELKER_SESSION_IDLE_MINUTES and MELKER_SESSION_MAX_HOURS, when set. */
export function sessionOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SessionOptions {
  const num = (v: string | undefined) => (v && Number(v) > 0 ? Number(v) : undefined);
  const opts: SessionOptions = {};
  const idle = num(env.MELKER_SESSION_IDLE_MINUTES);
  const max = num(env.MELKER_SESSION_MAX_HOURS);
  if (idle) opts.idleMinutes = idle;
  if (max) opts.absoluteHours = max;
  return opts;
}

export function sessionTimes(opts: SessionOptions = {}) {
  return {
    idleSeconds: Math.round((opts.idleMinutes ?? DEFAULT_IDLE_MINUTES) * 60),
    absoluteSeconds: Math.round((opts.absoluteHours ?? DEFAULT_ABSOLUTE_HOURS) * 3600),
  };
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function setSessionCookie(c: Context<AppEnv>, token: string) {
  const deps = c.var.deps;
  setCookie(c, sessionCookieName(deps), token, {
    httpOnly: true, sameSite: 'Lax', path: '/', secure: isHttps(deps),
  });
}

export function clearSessionCookie(c: Context<AppEnv>) {
  const deps = c.var.deps;
  deleteCookie(c, sessionCookieName(deps), { httpOnly: true, sameSite: 'Lax', path: '/', secure: isHttps(deps) });
}

function sessionToken(c: Context<AppEnv>): string | undefined {
  const token = getCookie(c, sessionCookieName(c.var.deps));
  return token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : undefined;
}

/** Starts a login: a short-lived pre-session holding state, nonce and PKCE verifier. */
export async function startLogin(c: Context<AppEnv>, login: LoginState): Promise<void> {
  const token = randomToken();
  await c.var.deps.sql`
    insert into sessions (id, csrf_token, login_state, expires_at)
    values (${hashToken(token)}, ${randomToken()}, ${c.var.deps.sql.json(login)},
            now() + make_interval(secs => ${LOGIN_STATE_SECONDS}))`;
  setSessionCookie(c, token);
}

/** Takes (and removes) the pre-session of this browser; null when missing or expired. */
export async function takeLoginState(c: Context<AppEnv>): Promise<LoginState | null> {
  const token = sessionToken(c);
  if (!token) return null;
  const [row] = await c.var.deps.sql<{ login_state: LoginState; valid: boolean }[]>`
    delete from sessions where id = ${hashToken(token)} and user_id is null
    returning login_state, expires_at > now() as valid`;
  return row?.valid ? row.login_state : null;
}

/**
 * Creates a logged-in session and returns its cookie token; `replacing` (the pre-login token) is
 * removed in the same transaction, so the id always changes at login.
 */
export async function createSession(
  sql: Sql, userId: string, opts: SessionOptions = {}, replacing?: string,
): Promise<{ token: string; csrfToken: string }> {
  const { absoluteSeconds, idleSeconds } = sessionTimes(opts);
  const token = randomToken();
  const csrfToken = randomToken();
  await sql.begin(async (tx) => {
    if (replacing) await tx`delete from sessions where id = ${hashToken(replacing)}`;
    // Housekeeping: expired rows of anyone.
    await tx`delete from sessions where expires_at < now() or last_seen_at < now() - make_interval(secs => ${idleSeconds})`;
    await tx`
      insert into sessions (id, user_id, csrf_token, expires_at)
      values (${hashToken(token)}, ${userId}, ${csrfToken}, now() + make_interval(secs => ${absoluteSeconds}))`;
  });
  return { token, csrfToken };
}

/** Starts the logged-in session with a fresh token and CSRF token (no session fixation). */
export async function startSession(c: Context<AppEnv>, userId: string): Promise<void> {
  const { token } = await createSession(c.var.deps.sql, userId, c.var.deps.session, sessionToken(c));
  setSessionCookie(c, token);
}

/** Ends the session server-side and clears the cookie. */
export async function endSession(c: Context<AppEnv>): Promise<void> {
  const token = sessionToken(c);
  if (token) await c.var.deps.sql`delete from sessions where id = ${hashToken(token)}`;
  clearSessionCookie(c);
}

type Row = {
  id: string; csrf_token: string; touch: boolean; user_id: string; hsa_id: string; given_name: string;
  family_name: string; org_number: string; org_name: string; org_kind: OrganisationKind; role: UserRole;
  permissions: string[]; services: EService[];
};

/**
 * The session's user, or null. A session lasts while the organisation is Migrationsverket or has
 * an active avtal for some e-tjänst; permissions count only in e-tjänster with an active avtal, so
 * ending one avtal takes that e-tjänst away on the next request (and the session with it when it
 * was the organisation's last).
 */
export async function loadSessionUser(sql: Sql, token: string, opts: SessionOptions = {}) {
  const { idleSeconds } = sessionTimes(opts);
  const [row] = await sql<Row[]>`
    select s.id, s.csrf_token, s.last_seen_at < now() - make_interval(secs => ${TOUCH_AFTER_SECONDS}) as touch,
           u.id as user_id, u.hsa_id, u.given_name, u.family_name, u.org_number, o.name as org_name, o.kind as org_kind, u.role,
           array(select p.permission from user_permissions p
                   join agreements a on a.org_number = u.org_number and a.e_service = p.service and a.active
                 where p.user_id = u.id order by p.permission) as permissions,
           array(select e.name from e_services e
                   join agreements a on a.org_number = u.org_number and a.e_service = e.name and a.active
                 where u.role = 'admin' or (u.role = 'user' and exists (
                   select 1 from user_permissions p where p.user_id = u.id and p.service = e.name))
                 order by e.position) as services
    from sessions s
    join users u on u.id = s.user_id
    join organisations o on o.org_number = u.org_number
    where s.id = ${hashToken(token)} and u.active
      and (o.kind = 'migrationsverket' or exists (select 1 from agreements a where a.org_number = o.org_number and a.active))
      and s.expires_at > now() and s.last_seen_at > now() - make_interval(secs => ${idleSeconds})`;
  if (!row) return null;
  if (row.touch) await sql`update sessions set last_seen_at = now() where id = ${row.id}`;
  const user: SessionUser = {
    id: String(row.user_id), hsaId: row.hsa_id, givenName: row.given_name, familyName: row.family_name,
    orgNumber: row.org_number, orgName: row.org_name, orgKind: row.org_kind, role: row.role,
    permissions: row.permissions, services: row.services,
  };
  return { user, session: { id: row.id, csrfToken: row.csrf_token } };
}

/** Puts `user` and `session` on the context (null when anonymous or expired). */
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('user', null);
  c.set('session', null);
  const token = sessionToken(c);
  if (token) {
    const loaded = await loadSessionUser(c.var.deps.sql, token, c.var.deps.session);
    if (loaded) {
      c.set('user', loaded.user);
      c.set('session', loaded.session);
    }
  }
  await next();
};
