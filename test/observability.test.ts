/**
 * Issue 14, observability: JSON request logs with a request id and without personal data,
 * Prometheus metrics by route pattern on a port of their own, the probes /livez and /readyz, and
 * the worker's Temporal SDK metrics on WORKER_METRICS_ADDRESS.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { HTTPException } from 'hono/http-exception';
import { createApp, type AppOptions } from '../web/app.js';
import type { WebDeps } from '../web/deps.js';
import { feature } from '../web/routes.js';
import { seedOrganisationsAndUsers } from '../db/seed.js';
import { connect } from '../db/sql.js';
import { createLogger, scrub } from '../observability/log.js';
import { createHttpMetrics, HTTP_DURATION_METRIC, serveMetrics, type HttpMetrics } from '../observability/metrics.js';
import { bundlerLogger } from '../scripts/worker.js';
import { webConfig, workerConfig } from '../config/production.js';
import { freePort, repoRoot } from '../scripts/services.js';
import { addPeople, until } from './lifecycle-support.js';
import { adminSql, appSql, temporalClient } from './support.js';
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

describe('the metrics settings', () => {
  const GOOD = {
    DATABASE_URL: 'postgres://melker_web:s3cret-from-vault@db.example:5432/melker', TEMPORAL_ADDRESS: 'temporal.example:7233',
    OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'melker', OIDC_CLIENT_SECRET: 'x', PUBLIC_URL: 'https://melker.example',
  };
  const problems = (c: ReturnType<typeof webConfig> | ReturnType<typeof workerConfig>) => (c.ok ? [] : c.problems).join('\n');

  it('web: METRICS_PORT defaults to 9465 on 127.0.0.1, may be turned off with an empty value, and is never the public port', () => {
    const byDefault = webConfig(GOOD);
    expect(byDefault.ok && byDefault.config.metrics).toEqual({ host: '127.0.0.1', port: 9465 });
    const given = webConfig({ ...GOOD, METRICS_PORT: '9100', METRICS_HOST: '0.0.0.0' });
    expect(given.ok && given.config.metrics).toEqual({ host: '0.0.0.0', port: 9100 });
    const off = webConfig({ ...GOOD, METRICS_PORT: '' });
    expect(off.ok && off.config.metrics).toBeNull();
    expect(problems(webConfig({ ...GOOD, METRICS_PORT: 'nittio' }))).toContain('METRICS_PORT ska vara ett portnummer');
    expect(problems(webConfig({ ...GOOD, METRICS_PORT: '70000' }))).toContain('METRICS_PORT ska vara ett portnummer');
    expect(problems(webConfig({ ...GOOD, PORT: '8080', METRICS_PORT: '8080' }))).toContain('METRICS_PORT ska vara en annan port än PORT');
  });

  it('worker: WORKER_METRICS_ADDRESS defaults to 127.0.0.1:9464, takes IP:port, may be turned off with an empty value', () => {
    const byDefault = workerConfig(GOOD);
    expect(byDefault.ok && byDefault.config.metricsAddress).toBe('127.0.0.1:9464');
    for (const address of ['0.0.0.0:9464', '[::]:9464', '10.1.2.3:1']) {
      const c = workerConfig({ ...GOOD, WORKER_METRICS_ADDRESS: address });
      expect(c.ok && c.config.metricsAddress, address).toBe(address);
    }
    const off = workerConfig({ ...GOOD, WORKER_METRICS_ADDRESS: '' });
    expect(off.ok && off.config.metricsAddress).toBeNull();
    for (const bad of ['localhost:9464', '9464', '0.0.0.0', '0.0.0.0:99999', 'http://0.0.0.0:9464']) {
      expect(problems(workerConfig({ ...GOOD, WORKER_METRICS_ADDRESS: bad })), bad).toContain('WORKER_METRICS_ADDRESS ska vara IP-adress:port');
    }
  });
});

describe('the workflow bundler\'s logger', () => {
  it('passes warnings and errors on (webpack reports warnings as one info message) and keeps the rest quiet', () => {
    const lines: string[] = [];
    const logger = bundlerLogger(createLogger({ level: 'trace', destination: { write: (l: string) => void lines.push(l) } }));
    logger.info('Workflow bundle created', { size: '1.2MB' });
    logger.debug('resolving');
    logger.trace('a module');
    logger.log('INFO', 'also quiet');
    logger.info('asset workflow-bundle.js 1 MiB\n\nWARNING in ./workflows/exam.ts 3:0-20\nModule not found');
    logger.warn('a warning');
    logger.error('an error');
    const records = lines.map((l) => JSON.parse(l) as { level: string; msg: string });
    expect(records.map((r) => [r.level, r.msg.split('\n')[0]])).toEqual([
      ['warn', 'asset workflow-bundle.js 1 MiB'], ['warn', 'a warning'], ['error', 'an error'],
    ]);
  });
});

/** A production entry point as a process; `lines` are its stdout's JSON lines. */
function startProcess(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, script)], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    lines: () => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
    alive() {
      if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}:\n${stderr}\n${stdout}`);
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

describe('the worker process (npm run worker)', () => {
  it('logs JSON lines and serves the Temporal SDK\'s metrics on WORKER_METRICS_ADDRESS', async () => {
    const port = await freePort();
    const taskQueue = `observability-${process.pid}`;
    const worker = startProcess('scripts/worker.ts', {
      DATABASE_URL: inject('databaseUrl'), TEMPORAL_ADDRESS: inject('temporalAddress'), MELKER_TASK_QUEUE: taskQueue,
      WORKER_METRICS_ADDRESS: `127.0.0.1:${port}`,
    });
    try {
      const metrics = await until(async () => {
        worker.alive();
        try {
          const res = await fetch(`http://127.0.0.1:${port}/metrics`);
          return res.ok ? await res.text() : '';
        } catch {
          return '';
        }
      }, (text) => /temporal_\w*poll/.test(text), 120_000);
      expect(metrics).toMatch(new RegExp(`temporal_\\w+\\{[^}]*task_queue="${taskQueue}"`));
      await until(async () => worker.stdout(), (out) => out.includes('worker: polling task queue'), 30_000);
      expect(worker.lines().find((r) => r.msg === 'worker: polling task queue'))
        .toMatchObject({ level: 'info', process: 'worker', taskQueue, metrics: `http://127.0.0.1:${port}/metrics` });
      expect(worker.stderr()).toBe('');
    } finally {
      await worker.stop();
    }
  }, 180_000);
});

describe('the web process (npm run web)', () => {
  it('logs JSON lines with request ids and serves /metrics on METRICS_PORT only', async () => {
    // The web process refuses the development password: a login role of its own in melker_app.
    const admin = adminSql();
    const role = `melker_obs_${process.pid}`;
    const password = randomBytes(18).toString('base64url');
    await admin.unsafe(`do $$ begin if not exists (select from pg_roles where rolname = '${role}') then create role ${role} login; end if; end $$`);
    await admin.unsafe(`alter role ${role} login password '${password}'`);
    await admin.unsafe(`grant melker_app to ${role}`);
    await admin.end();
    const url = new URL(inject('databaseUrl'));
    url.username = role;
    url.password = password;
    const [port, metricsPort] = [await freePort(), await freePort()];
    const web = startProcess('web/server.ts', {
      DATABASE_URL: url.toString(), TEMPORAL_ADDRESS: inject('temporalAddress'), PORT: String(port), HOST: '127.0.0.1',
      PUBLIC_URL: 'https://melker.test.example', OIDC_ISSUER: 'https://idp.test.example', OIDC_CLIENT_ID: 'melker', OIDC_CLIENT_SECRET: 'x',
      METRICS_PORT: String(metricsPort),
    });
    try {
      await until(async () => (web.alive(), web.stdout()), (out) => out.includes(`web: listening on 127.0.0.1:${port}`), 60_000);
      expect(web.lines()[0]).toMatchObject({ level: 'info', process: 'web', metrics: `http://127.0.0.1:${metricsPort}/metrics` });

      const res = await fetch(`http://127.0.0.1:${port}/lista/person/${dossier}?q=${encodeURIComponent(person.family_name)}`, { headers: { 'X-Request-Id': 'proc-1' }, redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('X-Request-Id')).toBe('proc-1');
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);

      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toContain(`${HTTP_DURATION_METRIC}_count{route="/lista/person/:dossier",method="GET",status="302"} 1`);
      expect(metrics).toContain(`${HTTP_DURATION_METRIC}_count{route="/readyz",method="GET",status="200"} 1`);
      expect(metrics).toContain('process_resident_memory_bytes');

      await until(async () => web.lines(), (lines) => lines.some((l) => l.reqId === 'proc-1'), 10_000);
      expect(web.lines().find((l) => l.reqId === 'proc-1')).toMatchObject({ msg: 'request', route: '/lista/person/:dossier', status: 302, process: 'web' });
      expect(web.stdout()).not.toContain(dossier);
      expect(web.stdout()).not.toContain(person.family_name);
      expect(web.stderr()).toBe('');
    } finally {
      await web.stop();
    }
  }, 120_000);
});
