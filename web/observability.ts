/**
 * The first middleware of every request (issue 14): gives it a request id, logs one JSON line
 * when it is answered and records its duration in the metrics.
 *
 * The request id is the caller's `X-Request-Id` when it is a short token of safe characters
 * (a load balancer's or a proxy's), else a new UUID; the response carries it back in
 * `X-Request-Id`, and every line logged through `c.var.log` has it as `reqId`.
 *
 * What a line holds: method, route pattern (`/lista/person/:dossier`), status, duration in ms and
 * the request id. Never the path or the query: paths hold dossier numbers and queries search text.
 */
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from '../observability/log.js';
import type { HttpMetrics } from '../observability/metrics.js';
import type { AppEnv } from './deps.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's request id when it is safe to log and echo, else a new one. */
export function requestIdOf(header: string | undefined): string {
  return header && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** Probes are asked every few seconds: their lines are debug, not info. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/livez', '/readyz', '/healthz']);

/**
 * The route pattern that answered (or would have, had a middleware not answered first: the guard
 * sending an anonymous visitor to login), from Hono's matched routes; `unmatched` for none.
 */
export function routePatternOf(c: Context<AppEnv>): string {
  const routes = matchedRoutes(c);
  const answered = routes[c.req.routeIndex];
  if (answered && answered.method !== 'ALL') return answered.path;
  return routes.find((r) => r.method !== 'ALL')?.path ?? 'unmatched';
}

export function observeRequests(options: { log: Logger; metrics: HttpMetrics }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = requestIdOf(c.req.header(REQUEST_ID_HEADER));
    const log = options.log.child({ reqId: requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    try {
      await next();
    } finally {
      const ms = performance.now() - started;
      // An error that escaped the app's error handler still answered 500 to the client.
      const status = c.finalized ? c.res.status : 500;
      const route = routePatternOf(c);
      if (c.finalized) c.res.headers.set(REQUEST_ID_HEADER, requestId);
      options.metrics.observe(route, c.req.method, status, ms / 1000);
      const fields = { method: c.req.method, route, status, ms: Math.round(ms * 10) / 10 };
      if (PROBE_PATHS.has(c.req.path)) log.debug(fields, 'request');
      else log.info(fields, 'request');
    }
  };
}
