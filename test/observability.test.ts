/**
 * Issue 14, observability: JSON request logs with a request id and without personal data,
 * Prometheus metrics by route pattern on a port of their own, the probes /livez and /readyz.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { HTTPException } from 'hono/http-exception';
import { createApp, type AppOptions } from '../web/app.js';
import type { WebDeps } from '../web/deps.js';
import { feature } from '../web/routes.js';
import { seedOrganisationsAndUsers } from '../db/seed.js';
import { connect } from '../db/sql.js';
import { createLogger, scrub } from '../observability/log.js';
import { createHttpMetrics, HTTP_DURATION_METRIC, serveMetrics, type HttpMetrics } from '../observability/metrics.js';
import { addPeople } from './lifecycle-support.js';
import { appSql, temporalClient } from './support.js';
import { get, sessionOf, type Who } from './web/admin-support.js';

const sql = appSql();
let client: Client;
let deps: WebDeps;
let dossier: string;
let person: { given_name: string; family_name: string };
let ulla: Who;

/** A logger whose lines the test reads, and an app that logs to it. */
function observedApp(options: { deps?: WebDeps; metrics?: HttpMetrics; extraFeatures?: AppOptions['extraFeatures'] } = {}) {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  const metrics = options.metrics ?? createHttpMetrics();
  const app = createApp(options.deps ?? deps, { log, metrics, extraFeatures: options.extraFeatures });
  return { app, metrics, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  deps = { sql, temporal: client, publicUrl: 'http://localhost:3999' };
  [dossier] = (await addPeople(sql, '232100-0016', 1)) as [string];
  const [row] = await sql<{ given_name: string; family_name: string }[]>`
    select given_name, family_name from persons where dossier_number = ${dossier}`;
  person = row!;
  ulla = await sessionOf(sql, deps, 'SE2321000016-USR1');
});
afterAll(async () => {
  await client.connection.close();
  await sql.end();
});

describe('request logs', () => {
  it('are one JSON line per request with the request id, the route pattern, status and duration, and no personal data', async () => {
    const { app, lines, records } = observedApp();
    const search = `${person.family_name} 19900101-1234`;
    const res = await get(app, ulla, `/lista/person/${dossier}?q=${encodeURIComponent(search)}`, { 'X-Request-Id': 'lb-4711.abc_DEF' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(person.family_name); // the page shows the person; the log must not
    expect(res.headers.get('X-Request-Id')).toBe('lb-4711.abc_DEF');

    const line = records().find((r) => r.msg === 'request');
    expect(line).toMatchObject({
      level: 'info', reqId: 'lb-4711.abc_DEF', method: 'GET', route: '/lista/person/:dossier', status: 200,
    });
    expect(typeof line!.ms).toBe('number');
    expect(typeof line!.time).toBe('string');
    const text = lines.join('');
    for (const secret of [dossier, person.family_name, person.given_name, '19900101-1234', '199001011234', 'q=']) {
      expect(text, secret).not.toContain(secret);
    }
    // Every line the request wrote has its id.
    for (const r of records()) expect(r.reqId).toBe('lb-4711.abc_DEF');
  });

  it('give a new UUID when the incoming X-Request-Id is missing or unsafe, and return it', async () => {
    const { app, records } = observedApp();
    for (const incoming of [undefined, 'has space', 'a/b', 'x'.repeat(65), '<script>', 'ok"quote']) {
      const res = await get(app, null, '/livez', incoming === undefined ? {} : { 'X-Request-Id': incoming });
      const id = res.headers.get('X-Request-Id');
      expect(id, String(incoming)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(records().at(-1)).toMatchObject({ reqId: id, route: '/livez', status: 200, level: 'debug' });
    }
    const ids = records().map((r) => r.reqId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('name the route pattern of a request the guard answers, and `unmatched` for an unknown path', async () => {
    const { app, records } = observedApp();
    const toLogin = await get(app, null, `/lista/person/${dossier}`);
    expect(toLogin.status).toBe(302);
    const missing = await get(app, null, `/finns-inte/${dossier}`);
    expect(missing.status).toBe(404);
    const [first, second] = records().filter((r) => r.msg === 'request');
    expect(first).toMatchObject({ route: '/lista/person/:dossier', status: 302 });
    expect(second).toMatchObject({ route: 'unmatched', status: 404 });
    expect(JSON.stringify(records())).not.toContain(dossier);
  });

  it('log an unexpected error with the request id, the error reference and the route, scrubbed of dossier numbers', async () => {
    const boom = feature('/prov-fel', (r) => {
      r.get('/:dossier', 'public', (c) => {
        throw new Error(`projection of ${c.req.param('dossier')} failed`);
      });
      r.get('/http/:dossier', 'public', () => {
        throw new HTTPException(409);
      });
    });
    const { app, records } = observedApp({ extraFeatures: [boom] });
    const res = await get(app, null, `/prov-fel/${dossier}`, { 'X-Request-Id': 'err-1' });
    expect(res.status).toBe(500);
    const error = records().find((r) => r.level === 'error');
    expect(error).toMatchObject({ reqId: 'err-1', route: '/prov-fel/:dossier', msg: 'unexpected error' });
    expect(typeof error!.reference).toBe('string');
    expect(await res.text()).toContain(String(error!.reference));
    expect((error!.err as { message: string }).message).toBe('projection of [dossiernummer borttaget] failed');
    expect(records().find((r) => r.msg === 'request')).toMatchObject({ reqId: 'err-1', status: 500 });
    expect(JSON.stringify(records())).not.toContain(dossier);
  });
});

describe('scrub', () => {
  it('removes dossier and personal identity numbers, keeps organisation numbers, dates and plain ids', () => {
    expect(scrub('examination-12-345678 run 5f0c')).toBe('examination-[dossiernummer borttaget] run 5f0c');
    expect(scrub('pnr 19900101-1234, 900101+1234, 199001611234')).toBe('pnr [nummer borttaget], [nummer borttaget], [nummer borttaget]');
    expect(scrub('application-232100-0016-2026Q1 on 2026-12-02')).toBe('application-232100-0016-2026Q1 on 2026-12-02');
  });
});

describe('metrics', () => {
  it('count requests by route pattern, method and status, never by path, and are served only on their own port', async () => {
    const { app, metrics } = observedApp();
    expect((await get(app, ulla, `/lista/person/${dossier}`)).status).toBe(200);
    expect((await get(app, ulla, `/lista/person/${dossier}`)).status).toBe(200);
    expect((await get(app, null, `/lista/person/${dossier}`)).status).toBe(302);
    // The public app has no /metrics: it needs no session, so it is never on the public port.
    expect((await get(app, null, '/metrics')).status).toBe(404);

    const served = await serveMetrics(metrics.registry, { port: 0, hostname: '127.0.0.1' });
    try {
      const res = await fetch(`http://127.0.0.1:${served.port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      expect(text).toContain(`# TYPE ${HTTP_DURATION_METRIC} histogram`);
      expect(text).toContain(`${HTTP_DURATION_METRIC}_count{route="/lista/person/:dossier",method="GET",status="200"} 2`);
      expect(text).toContain(`${HTTP_DURATION_METRIC}_count{route="/lista/person/:dossier",method="GET",status="302"} 1`);
      expect(text).toContain(`${HTTP_DURATION_METRIC}_count{route="unmatched",method="GET",status="404"} 1`);
      expect(text).not.toContain(dossier);
      expect((await fetch(`http://127.0.0.1:${served.port}/annat`)).status).toBe(404);
    } finally {
      await served.close();
    }
  });

  it('include the default process metrics in the process registry', async () => {
    const withDefaults = createHttpMetrics({ defaultMetrics: true });
    const text = await withDefaults.registry.metrics();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('probes', () => {
  it('/livez answers 200 even when neither the database nor Temporal answers', async () => {
    const deadSql = connect('postgres://melker_app:x@127.0.0.1:1/none', { max: 1, connect_timeout: 1 });
    const deadTemporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const { app } = observedApp({ deps: { sql: deadSql, temporal: deadTemporal } });
    const res = await get(app, null, '/livez');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'alive' });
    await deadSql.end();
    await deadTemporal.connection.close();
  });

  it('/readyz is 200 with database and Temporal ok', async () => {
    const { app } = observedApp();
    const res = await get(app, null, '/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', database: 'ok', temporal: 'ok' });
  });

  it('/readyz stays 200 when Temporal is down, and says that only the read-only pages work', async () => {
    const deadTemporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const { app } = observedApp({ deps: { sql, temporal: deadTemporal } });
    const t0 = Date.now();
    const res = await get(app, null, '/readyz');
    expect(Date.now() - t0, 'within a probe timeout of 1 s').toBeLessThan(1000);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready', database: 'ok', temporal: 'unavailable',
      note: 'Läsande sidor fungerar; åtgärder som går via Temporal är inte tillgängliga just nu.',
    });
    // The client retries a refused call with a backoff past its deadline: closing the connection
    // before the last retry fires would make that retry throw.
    await new Promise((r) => setTimeout(r, 1500));
    await deadTemporal.connection.close();
  });

  it('/readyz is 503 when the database does not answer, even with a session cookie', async () => {
    const deadSql = connect('postgres://melker_app:x@127.0.0.1:1/none', { max: 1, connect_timeout: 1 });
    const { app } = observedApp({ deps: { sql: deadSql, temporal: client } });
    const res = await get(app, ulla, '/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'not_ready', database: 'unavailable', temporal: 'ok' });
    await deadSql.end();
  });
});
