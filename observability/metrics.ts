/**
 * Prometheus metrics of the web tier (issue 14), with prom-client: the duration of every HTTP
 * request, labelled by route pattern (`/lista/person/:dossier`, never the path, which holds
 * dossier numbers), method and status, and the default process metrics (CPU, memory, event loop
 * lag, garbage collection).
 *
 * The production web process serves them on a port of their own (`METRICS_PORT`, see
 * `serveMetrics`), never on the public port: the endpoint needs no session, so it must be reachable
 * only inside the cluster. The worker's metrics are the Temporal SDK's own (scripts/worker.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const HTTP_DURATION_METRIC = 'http_request_duration_seconds';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export type HttpMetrics = {
  registry: Registry;
  /** Records one answered request; `route` is a route pattern or `unmatched`. */
  observe(route: string, method: string, status: number, seconds: number): void;
};

/** A registry of its own with the request histogram; `defaultMetrics` adds the process metrics. */
export function createHttpMetrics(options: { defaultMetrics?: boolean } = {}): HttpMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: HTTP_DURATION_METRIC,
    help: 'Time from request to response of the web tier, by route pattern, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return {
    registry,
    observe(route, method, status, seconds) {
      duration.observe({ route, method: METHODS.has(method) ? method : 'OTHER', status: String(status) }, seconds);
    },
  };
}

let shared: HttpMetrics | undefined;
/** The process's metrics (with the process metrics), created on first use. */
export function processMetrics(): HttpMetrics {
  shared ??= createHttpMetrics({ defaultMetrics: true });
  return shared;
}

export type MetricsServer = { server: Server; port: number; close: () => Promise<void> };

/** `GET /metrics` of `registry` on a port of its own; anything else is 404. */
export function serveMetrics(registry: Registry, options: { port: number; hostname: string }): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Finns inte: mätvärdena finns på /metrics.\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }).end(req.method === 'HEAD' ? undefined : text),
      () => res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Mätvärdena kunde inte tas fram.\n'),
    );
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, () => {
      server.off('error', reject);
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}
