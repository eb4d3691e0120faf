/**
 * The Hono application. Every route comes from a feature in FEATURES, each declaring the
 * permission of each route (web/routes.ts); add a role's sub-app by adding its feature here.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AbuseGuard, type AbuseLimits } from './abuse.js';
import type { AppEnv, WebDeps } from './deps.js';
import { log as processLog, type Logger } from '../observability/log.js';
import { processMetrics, type HttpMetrics } from '../observability/metrics.js';
import { observeRequests, PROBE_PATHS, routePatternOf } from './observability.js';
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

type Reachability = 'ok' | 'unavailable';
/** Each check's limit: the probes answer within a second (Kubernetes' default probe timeout). */
export const PROBE_TIMEOUT_MS = 800;

/** Whether PostgreSQL answers `select 1` and Temporal its system info, each within PROBE_TIMEOUT_MS. */
async function dependencies(deps: WebDeps): Promise<{ database: Reachability; temporal: Reachability }> {
  const check = async (fn: () => Promise<unknown>): Promise<Reachability> => {
    try {
      await withTimeout(fn(), PROBE_TIMEOUT_MS);
      return 'ok';
    } catch {
      return 'unavailable';
    }
  };
  const { sql, temporal } = deps;
  const [database, temporalStatus] = await Promise.all([
    check(() => sql`select 1`),
    check(() => temporal.connection.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () => temporal.connection.workflowService.getSystemInfo({}))),
  ]);
  return { database, temporal: temporalStatus };
}

export const TEMPORAL_UNAVAILABLE_NOTE = 'Läsande sidor fungerar; åtgärder som går via Temporal är inte tillgängliga just nu.';
export const DATABASE_UNAVAILABLE_NOTE = 'Databasen svarar inte: e-tjänsten kan varken visa eller spara något just nu.';

/**
 * Probes (issue 14). `/livez`: the process answers (always 200). `/readyz`: 200 while PostgreSQL
 * answers, with Temporal's state beside it (the read-only pages work without Temporal), 503 when
 * the database does not. `/healthz`: both must answer (200), else 503.
 */
const health = feature('/', (r) => {
  r.get('/healthz', 'public', async (c) => {
    const { database, temporal } = await dependencies(c.var.deps);
    const word = (s: Reachability) => (s === 'ok' ? 'ok' : 'fel');
    const ok = database === 'ok' && temporal === 'ok';
    return c.json({ status: ok ? 'ok' : 'fel', database: word(database), temporal: word(temporal) }, ok ? 200 : 503);
  });
  r.get('/livez', 'public', (c) => c.json({ status: 'alive' }));
  r.get('/readyz', 'public', async (c) => {
    const { database, temporal } = await dependencies(c.var.deps);
    if (database !== 'ok') return c.json({ status: 'not_ready', database, temporal, note: DATABASE_UNAVAILABLE_NOTE }, 503);
    return c.json({ status: 'ready', database, temporal, ...(temporal === 'ok' ? {} : { note: TEMPORAL_UNAVAILABLE_NOTE }) });
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
  /** Where request lines go (default: the process logger, observability/log.ts). */
  log?: Logger;
  /** Where request durations go (default: the process's metrics, served by web/server.ts on METRICS_PORT). */
  metrics?: HttpMetrics;
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
  // Static files and the probes need no session (the probes must answer while the database is down).
  const session: MiddlewareHandler<AppEnv> = (c, next) =>
    c.req.path.startsWith('/static/') || PROBE_PATHS.has(c.req.path) ? next() : sessionMiddleware(c, next);
  const observe = observeRequests({ log: options.log ?? processLog, metrics: options.metrics ?? processMetrics() });

  app.use('*', observe, provideDeps, securityHeaders, noStore, requestBodyLimit, session, guard(routes), csrfProtection, rejectControlCharacters);
  for (const f of features) app.route(f.prefix, f.app);
  verifyRouteTable(app, routes);

  app.notFound((c) => renderError(c, 404));
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      const status = (err.status >= 400 && err.status < 600 ? err.status : 500) as ContentfulStatusCode;
      return renderError(c, status, err.message || undefined);
    }
    const reference = newReference();
    // The route pattern, not the path: paths hold dossier numbers (the logger scrubs the error).
    (c.get('log') ?? processLog).error({ err, reference, method: c.req.method, route: routePatternOf(c) }, 'unexpected error');
    return renderError(c, 500, undefined, reference);
  });
  return app;
}
