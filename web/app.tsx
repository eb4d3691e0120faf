/**
 * The Hono application. Every route comes from a feature in FEATURES, each declaring the
 * permission of each route (web/routes.ts); add a role's sub-app by adding its feature here.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AbuseGuard, type AbuseLimits } from './abuse.js';
import type { AppEnv, WebDeps } from './deps.js';
import { authFeature, newReference } from './auth/routes.js';
import { renderVisitorStart } from './auth/pages.js';
import { navFor, renderError, renderPage, tabsFor } from './layout.js';
import { feature, guard, routeMatcher, verifyRouteTable, type Feature, type RouteSpec } from './routes.js';
import { csrfProtection, noStore, rejectControlCharacters, requestBodyLimit, securityHeaders } from './security.js';
import { sessionMiddleware } from './session.js';
import { staticFiles } from './static.js';
import { listFeature } from './region/routes/list.js';
import { applicationsFeature } from './region/routes/applications.js';
import { adminFeature } from './admin/routes.js';
import { mvAdminFeature } from './mv-admin/routes/index.js';
import { officerFeature } from './officer/routes.js';
import { unaccompaniedFeature } from './kommun-ensamkommande/routes.js';
import { compensationFeature } from './kommun-ersattning/routes.js';
import { ruleMaintainerFeature } from './rule-maintainer/routes.js';

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error('timeout')), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

const health = feature('/healthz', (r) => {
  r.get('/', 'public', async (c) => {
    const { sql, temporal } = c.var.deps;
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await withTimeout(fn(), 2000);
        return 'ok' as const;
      } catch {
        return 'fel' as const;
      }
    };
    const [database, temporalStatus] = await Promise.all([
      check(() => sql`select 1`),
      check(() => temporal.connection.workflowService.getSystemInfo({})),
    ]);
    const ok = database === 'ok' && temporalStatus === 'ok';
    return c.json({ status: ok ? 'ok' : 'fel', database, temporal: temporalStatus }, ok ? 200 : 503);
  });
});

/** `/`: visitors get the login button, logged-in users their first tab. */
const start = feature('/', (r) => {
  r.get('/', 'public', (c) => {
    const user = c.var.user;
    if (!user) return renderVisitorStart(c);
    const [first] = tabsFor(c);
    if (first) return c.redirect(first.href, 302);
    const tabs = navFor(user);
    return renderPage(c, { title: 'Startsida' }, (
      <>
        <p>Välkommen, {user.givenName} {user.familyName}.</p>
        {tabs.length === 0 && <p>Du har inga behörigheter i e-tjänsten ännu. Kontakta din organisations administratör.</p>}
      </>
    ));
  });
});

/** Every feature of the app, in mounting order. */
export const FEATURES: readonly Feature[] = [
  health, staticFiles, authFeature, start,
  listFeature, applicationsFeature, adminFeature, mvAdminFeature, officerFeature, ruleMaintainerFeature,
  unaccompaniedFeature, compensationFeature,
];

/** The route table: every route with its permission (drives the guard and the authorization tests). */
export function allRoutes(): RouteSpec[] {
  return FEATURES.flatMap((f) => f.routes);
}

export type AppOptions = {
  /** Limits on anonymous clients (tests set a low login limit or their own clock). */
  abuse?: AbuseLimits;
  /** Features mounted after FEATURES (tests use this for probe routes). */
  extraFeatures?: readonly Feature[];
};

export function createApp(deps: WebDeps, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  const features = [...FEATURES, ...(options.extraFeatures ?? [])];
  const routes = features.flatMap((f) => f.routes);
  const match = routeMatcher(routes);
  const routeExists = (method: string, path: string) => match(method, path).length > 0;
  const abuse = new AbuseGuard(options.abuse);
  const provideDeps: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set('deps', deps);
    c.set('abuse', abuse);
    c.set('routeExists', routeExists);
    c.set('user', null);
    c.set('session', null);
    await next();
  };
  const session: MiddlewareHandler<AppEnv> = (c, next) =>
    c.req.path.startsWith('/static/') || c.req.path === '/healthz' ? next() : sessionMiddleware(c, next);

  app.use('*', provideDeps, securityHeaders, noStore, requestBodyLimit, session, guard(routes), csrfProtection, rejectControlCharacters);
  for (const f of features) app.route(f.prefix, f.app);
  verifyRouteTable(app, routes);

  app.notFound((c) => renderError(c, 404));
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      const status = (err.status >= 400 && err.status < 600 ? err.status : 500) as ContentfulStatusCode;
      return renderError(c, status, err.message || undefined);
    }
    const reference = newReference();
    console.error(`[${reference}] ${c.req.method} ${c.req.path}:`, err);
    return renderError(c, 500, undefined, reference);
  });
  return app;
}
