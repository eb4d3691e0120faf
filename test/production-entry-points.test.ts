/**
 * Issue 14: the migrate step and the Schedules' bootstrap are entry points of their own. Migrate
 * runs with its own role and a lock timeout, and creates the Temporal namespace's search
 * attributes only where the operator allows it (else it checks them, as the worker does at start).
 * Each is run here as the process an operator starts, against the real test cluster and server.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import Long from 'long';
import postgres from 'postgres';
import { repoRoot } from '../scripts/services.js';
import { COVERAGE_SCHEDULE_ID } from '../scripts/schedule.js';
import { FEED_SCHEDULE_ID } from '../contract/index.js';

const bare = { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp' };

type Run = { status: number | null; stderr: string; stdout: string; ms: number };
/** Runs an entry point as its own process (asynchronously: the test's own connections stay served). */
function run(script: string, env: Record<string, string>, timeoutMs = 90_000): Promise<Run> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, script)], { env: { ...bare, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

const database = `melker_migrate_${process.pid}`;
const namespace = `melker-ep-${process.pid}`;
let migrationUrl: string;
let boot: postgres.Sql;
let connection: Connection;

beforeAll(async () => {
  const admin = new URL(inject('adminDatabaseUrl'));
  boot = postgres({ host: admin.hostname, port: Number(admin.port), user: decodeURIComponent(admin.username), password: decodeURIComponent(admin.password), database: 'postgres', max: 1, onnotice: () => {} });
  await boot.unsafe(`drop database if exists ${database} with (force)`);
  await boot.unsafe(`create database ${database}`);
  admin.pathname = `/${database}`;
  migrationUrl = admin.toString();
  connection = await Connection.connect({ address: inject('temporalAddress') });
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: { seconds: Long.fromNumber(86_400) } });
  // The dev server's namespace cache takes a moment to hear of a new namespace.
  for (let i = 0; ; i++) {
    try {
      await connection.operatorService.listSearchAttributes({ namespace });
      break;
    } catch (e) {
      if (i > 60) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}, 120_000);

afterAll(async () => {
  await boot.unsafe(`drop database if exists ${database} with (force)`).catch(() => {});
  await boot.end();
  await connection.close();
});

describe('npm run migrate', () => {
  it('without its settings exits non-zero and names them', async () => {
    const r = await run('db/migrate.ts', {});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Melker (migrering) startar inte');
    expect(r.stderr).toContain('MIGRATION_DATABASE_URL saknas');
  });

  it('refuses the application role and an unreadable lock timeout', async () => {
    const r = await run('db/migrate.ts', {
      MIGRATION_DATABASE_URL: 'postgres://melker_app:hemligt@db.example:5432/melker', MELKER_MIGRATION_LOCK_TIMEOUT: 'länge',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('använder applikationens roll melker_app');
    expect(r.stderr).toContain('MELKER_MIGRATION_LOCK_TIMEOUT ska vara en tid');
  });

  it('gives up after its lock timeout while another migrator holds the lock, changing nothing, and migrates once it is free', async () => {
    const holder = postgres(migrationUrl, { max: 1, onnotice: () => {} });
    try {
      await holder.reserve().then(async (session) => {
        await session`select pg_advisory_lock(424242)`;
        try {
          const blocked = await run('db/migrate.ts', { MIGRATION_DATABASE_URL: migrationUrl, MELKER_MIGRATION_LOCK_TIMEOUT: '1s' });
          expect(blocked.status).toBe(1);
          expect(blocked.stderr).toContain('Migreringen 0001_roles_and_organisations fick inte sina lås inom 1s');
          expect(blocked.ms).toBeLessThan(30_000);
          const [row] = await session`select count(*)::int as n from schema_migrations`;
          expect(row?.n).toBe(0);
        } finally {
          await session`select pg_advisory_unlock(424242)`;
          session.release();
        }
      });
      const ok = await run('db/migrate.ts', { MIGRATION_DATABASE_URL: migrationUrl, MELKER_MIGRATION_LOCK_TIMEOUT: '5s' });
      expect(ok.stderr).toMatch(/migrate: applied 0001_roles_and_organisations, 0002_/);
      expect(ok.status).toBe(0);
      const again = await run('db/migrate.ts', { MIGRATION_DATABASE_URL: migrationUrl });
      expect(again.stderr).toContain('the database schema is up to date');
      expect(again.status).toBe(0);
    } finally {
      await holder.end();
    }
  }, 180_000);

  it('only checks the search attributes unless the operator allows creating them, then creates them', async () => {
    const temporal = { TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: namespace };
    const checkOnly = await run('db/migrate.ts', { MIGRATION_DATABASE_URL: migrationUrl, ...temporal });
    expect(checkOnly.status).toBe(1);
    expect(checkOnly.stderr).toContain(`Temporal-namnrymden ${namespace} saknar sökattributen Region, Quarter, State`);
    expect(checkOnly.stderr).toContain(`temporal operator search-attribute create --namespace ${namespace} --name Region --type Keyword`);
    const before = (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
    expect(Object.keys(before)).not.toContain('Region');

    // The worker checks too, and does not start on a namespace that lacks them.
    const worker = await run('scripts/worker.ts', { DATABASE_URL: inject('databaseUrl'), ...temporal, MELKER_TASK_QUEUE: `ep-${process.pid}` });
    expect(worker.status).toBe(1);
    expect(worker.stderr).toContain('Melker (worker) startar inte');
    expect(worker.stderr).toContain('saknar sökattributen Region, Quarter, State');

    const create = await run('db/migrate.ts', { MIGRATION_DATABASE_URL: migrationUrl, ...temporal, MELKER_CREATE_SEARCH_ATTRIBUTES: 'true' });
    expect(create.stderr).toContain(`search attributes created in ${namespace}: Region, Quarter, State`);
    expect(create.status).toBe(0);
    const after = (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
    expect(Object.keys(after)).toEqual(expect.arrayContaining(['Region', 'Quarter', 'State']));
  }, 240_000);
});

describe('npm run schedules', () => {
  it('without its settings exits non-zero and names them', async () => {
    const r = await run('scripts/schedule.ts', { MELKER_FEED_SOURCE: 'flode.jsonl' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Melker (schemaläggning) startar inte');
    expect(r.stderr).toContain('TEMPORAL_ADDRESS saknas');
    expect(r.stderr).toContain('MELKER_FEED_SOURCE ska vara en absolut sökväg');
  });

  it('creates both Schedules in the namespace and task queue it is given, and follows a changed source', async () => {
    const env = { TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: namespace, MELKER_TASK_QUEUE: `ep-${process.pid}` };
    const first = await run('scripts/schedule.ts', { ...env, MELKER_FEED_SOURCE: '/srv/melker/flode.jsonl' });
    expect(first.stderr).toContain(`${FEED_SCHEDULE_ID} created, ${COVERAGE_SCHEDULE_ID} created`);
    expect(first.status).toBe(0);
    const again = await run('scripts/schedule.ts', { ...env, MELKER_FEED_SOURCE: '/srv/melker/flode.jsonl' });
    expect(again.stderr).toContain(`${FEED_SCHEDULE_ID} exists, ${COVERAGE_SCHEDULE_ID} exists`);
    const moved = await run('scripts/schedule.ts', { ...env, MELKER_FEED_SOURCE: '/srv/melker/nytt-flode.jsonl', MELKER_TASK_QUEUE: `ep2-${process.pid}` });
    expect(moved.stderr).toContain(`${FEED_SCHEDULE_ID} updated, ${COVERAGE_SCHEDULE_ID} updated`);

    const client = new Client({ connection, namespace });
    const feed = (await client.schedule.getHandle(FEED_SCHEDULE_ID).describe()).action as { args?: unknown[]; taskQueue?: string };
    expect(feed).toMatchObject({ args: ['/srv/melker/nytt-flode.jsonl'], taskQueue: `ep2-${process.pid}` });
    const coverage = (await client.schedule.getHandle(COVERAGE_SCHEDULE_ID).describe()).action as { taskQueue?: string };
    expect(coverage.taskQueue).toBe(`ep2-${process.pid}`);
  }, 180_000);
});
