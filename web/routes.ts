/**
 * The route table: every route with the permission it needs. One list drives the guard (what a
 * request may reach) and the authorization tests (what each role may reach). A request that
 * matches no entry is answered 404; the app refuses to start when a handler is registered
 * without an entry (see `verifyRouteTable`).
 *
 * Feature sub-apps declare routes and permissions together:
 *
 *   export const listFeature = feature('/lista', (r) => {
 *     r.get('/', 'Se asylsökande m.fl. i länet', (c) => renderPage(c, { title: '…' }, <p>…</p>));
 *   });
 *
 * and are added to FEATURES in web/app.tsx.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { TrieRouter } from 'hono/router/trie-router';
import type { H } from 'hono/types';
import { logRequest } from './access-log.js';
import { UNACCOMPANIED_PERMISSION, type EService } from '../domain/e-services.js';
import { REGION_PERMISSIONS, type AppEnv, type RegionPermission, type SessionUser, type StaffRole } from './deps.js';

/** A user who holds any permission in force in the e-tjänst (the e-tjänst's start pages). */
export type ServiceRequirement = `e-tjänst:${EService}`;
/**
 * What a route requires: anyone, any logged-in user, a region permission, the kommun permission
 * `Administrera barn utan vårdnadshavare`, any permission of an e-tjänst, or a staff role.
 */
export type Permission = 'public' | 'authenticated' | RegionPermission | typeof UNACCOMPANIED_PERMISSION | ServiceRequirement | StaffRole;
/** A list means: any one of them suffices. */
export type Requirement = Permission | readonly Permission[];
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RouteSpec = { method: Method; path: string; permission: Requirement };

export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'officer', 'rule_maintainer', 'sysadmin'];

export function isRegionPermission(p: string): p is RegionPermission {
  return (REGION_PERMISSIONS as readonly string[]).includes(p);
}

/** Whether `user` (null: anonymous) meets `requirement`. Administrators never hold user permissions. */
export function allows(user: SessionUser | null, requirement: Requirement): boolean {
  if (Array.isArray(requirement)) return requirement.some((p) => allows(user, p));
  const permission = requirement as Permission;
  if (permission === 'public') return true;
  if (!user) return false;
  if (permission === 'authenticated') return true;
  if (isRegionPermission(permission) || permission === UNACCOMPANIED_PERMISSION) return user.role === 'user' && user.permissions.includes(permission);
  if (permission.startsWith('e-tjänst:')) return user.role === 'user' && (user.services as string[]).includes(permission.slice('e-tjänst:'.length));
  return user.role === permission;
}

export type Feature = { prefix: string; app: Hono<AppEnv>; routes: RouteSpec[] };

type Register = <P extends string>(path: P, permission: Requirement, ...handlers: H<AppEnv, P>[]) => void;
export type RouteRegistrar = { get: Register; post: Register; put: Register; patch: Register; delete: Register };

export function joinPath(prefix: string, path: string): string {
  const base = prefix.replace(/\/+$/, '');
  if (path === '/' || path === '') return base || '/';
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}

/** A sub-app mounted at `prefix` whose every route is registered with its permission. */
export function feature(prefix: string, build: (r: RouteRegistrar) => void): Feature {
  const app = new Hono<AppEnv>();
  const routes: RouteSpec[] = [];
  const register = (method: Method): Register => (path, permission, ...handlers) => {
    if (!handlers.length) throw new Error(`${method} ${path}: no handler`);
    routes.push({ method, path: joinPath(prefix, path), permission });
    app.on(method, path, ...(handlers as [H<AppEnv, typeof path>]));
  };
  build({ get: register('GET'), post: register('POST'), put: register('PUT'), patch: register('PATCH'), delete: register('DELETE') });
  return { prefix, app, routes };
}

/** Throws when a handler is registered in `app` without an entry in `routes` (deny by default). */
export function verifyRouteTable(app: Hono<AppEnv>, routes: readonly RouteSpec[]): void {
  const known = new Set(routes.map((r) => `${r.method} ${r.path}`));
  const missing = app.routes
    .filter((r) => r.method !== 'ALL' && !known.has(`${r.method} ${r.path}`))
    .map((r) => `${r.method} ${r.path}`);
  if (missing.length) throw new Error(`Routes without a permission in the route table: ${[...new Set(missing)].join(', ')}`);
}

/** The entries matching a request (HEAD counts as GET). */
export function routeMatcher(routes: readonly RouteSpec[]) {
  const router = new TrieRouter<RouteSpec>();
  for (const r of routes) router.add(r.method, r.path, r);
  return (method: string, path: string): RouteSpec[] =>
    router.match(method === 'HEAD' ? 'GET' : method, path)[0].map(([r]) => r);
}

export function loginUrl(returnTo: string): string {
  return `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}

/**
 * Lets a request through only when the user meets every route-table entry its path matches.
 * Anonymous GETs are sent to login; other denials answer 401/403 and are access-logged.
 */
export function guard(routes: readonly RouteSpec[]): MiddlewareHandler<AppEnv> {
  const match = routeMatcher(routes);
  return async (c, next) => {
    const matched = match(c.req.method, c.req.path);
    if (!matched.length) return c.notFound();
    const user = c.var.user;
    if (matched.every((r) => allows(user, r.permission))) return next();

    await c.var.abuse.logDenial(c, {
      action: 'access', objectType: 'route', objectId: `${c.req.method} ${c.req.path}`, outcome: 'denied',
      detail: { reason: user ? 'forbidden' : 'not_authenticated', required: matched.map((r) => r.permission) },
    });
    if (!user) {
      const url = new URL(c.req.url);
      const target = loginUrl(url.pathname + url.search);
      if (c.req.header('HX-Request')) {
        c.header('HX-Redirect', target);
        throw new HTTPException(401);
      }
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect(target, 302);
      throw new HTTPException(401);
    }
    throw new HTTPException(403);
  };
}

const digits = (s: string) => s.replace(/\D/g, '');

/**
 * For region users' routes: the object must belong to the user's own region. Anything else is
 * answered as if it did not exist (404), and the attempt is access-logged.
 */
export async function requireSameRegion(
  c: Context<AppEnv>, orgNumber: string, object?: { type: string; id: string },
): Promise<void> {
  const user = c.var.user;
  if (user && digits(orgNumber) !== '' && digits(user.orgNumber) === digits(orgNumber)) return;
  await logRequest(c, {
    action: 'access', objectType: object?.type ?? null, objectId: object?.id ?? null, outcome: 'denied',
    detail: { reason: 'other_region', path: c.req.path },
  });
  throw new HTTPException(404);
}
