/**
 * Nothing is lost or duplicated when the worker is killed, the Temporal server restarts or
 * PostgreSQL goes away in the middle of the work (SPEC §9).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { repoRoot, restartPostgres, startTemporal, stopPostgres } from '../scripts/services.js';
import { applicableQuarter, applicationStatus, createApplication, registerExam, submitApplication, type ServiceDeps } from '../services/index.js';
import { applicationQuery, applicationWorkflowId } from '../workflows/messages.js';
import { addPeople, datePreviousQuarter, testRegion, today, until } from './lifecycle-support.js';
import { appSql, startWorker, temporalClient } from './support.js';

const sql = appSql();
let client: Client;

beforeAll(async () => {
  client = await temporalClient();
});
afterAll(async () => {
  await client.connection.close();
  // Connections that lived through the PostgreSQL restart are not waited for.
  await sql.end({ timeout: 5 });
});

function workerProcess(taskQueue: string, address = inject('temporalAddress')): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/worker.ts')], {
    env: { ...process.env, DATABASE_URL: inject('databaseUrl'), TEMPORAL_ADDRESS: address, MELKER_TASK_QUEUE: taskQueue },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function registerMany(deps: ServiceDeps, dossiers: string[], actor: { hsaId: string; orgNumber: string }, examDate: string) {
  const queue = [...dossiers];
  const accepted: string[] = [];
  await Promise.all(Array.from({ length: 16 }, async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      try {
        const r = await registerExam(deps, { dossierNumber: d, examDate, actor });
        if (r.ok) accepted.push(d);
      } catch {
        // an infrastructure failure: not accepted, and the caller was told so
      }
    }
  }));
  return accepted;
}

describe('crash safety', () => {
  it('creates exactly 1 000 items when the worker is SIGKILLed in the middle of creating the application', async () => {
    const taskQueue = `test-crash-${process.pid}`;
    const deps: ServiceDeps = { client, sql, taskQueue };
    const region = await testRegion(sql, 'Region Krasch');
    const actor = { hsaId: 'SE2321009100-USR1', orgNumber: region };
    const dossiers = await addPeople(sql, region, 1000);
    const registering = await startWorker(sql, taskQueue);
    const t0 = Date.now();
    expect(await registerMany(deps, dossiers, actor, datePreviousQuarter())).toHaveLength(1000);
    console.log(`registered 1000 exams in ${Date.now() - t0} ms`);
    await registering.stop();

    let worker = workerProcess(taskQueue);
    expect((await createApplication(deps, { quarter: applicableQuarter(), actor, batchSize: 50 })).ok).toBe(true);
    const handle = client.workflow.getHandle(applicationWorkflowId(region, applicableQuarter()));
    await until(() => handle.query(applicationQuery), (v) => v.progress.done >= 200, 120_000);
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    const atKill = await handle.query(applicationQuery).catch(() => null);
    expect(atKill === null || atKill.state === 'Skapas').toBe(true);

    worker = workerProcess(taskQueue);
    try {
      const done = await until(() => handle.query(applicationQuery), (v) => v.state === 'Utkast', 180_000);
      expect(done).toMatchObject({ itemCount: 1000, progress: { total: 1000, done: 1000 } });
      const [counts] = await sql`select count(*)::int as items, count(distinct examination_id)::int as exams
        from application_items i join applications a on a.id = i.application_id where a.workflow_id = ${handle.workflowId}`;
      expect(counts).toEqual({ items: 1000, exams: 1000 });
      const states = await sql`select status, count(*)::int as n from examinations where region_org_number = ${region} group by status`;
      expect(states).toEqual([{ status: 'I ansökan', n: 1000 }]);
    } finally {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
    }
  }, 400_000);
});

describe('restarts', () => {
  it('carries on after the Temporal server restarts in the middle of a lifecycle', async () => {
    const dbFile = join(repoRoot, '.data', 'test', `restart-temporal-${process.pid}.db`);
    let server = await startTemporal({ dbFile, uiPort: null });
    const port = Number(server.address.split(':')[1]);
    const connection = await Connection.connect({ address: server.address });
    const own = new Client({ connection });
    const taskQueue = `test-restart-${process.pid}`;
    const worker = workerProcess(taskQueue, server.address);
    try {
      const deps: ServiceDeps = { client: own, sql, taskQueue };
      const region = await testRegion(sql, 'Region Omstart');
      const actor = { hsaId: 'SE2321009200-USR1', orgNumber: region };
      const dossiers = await addPeople(sql, region, 3);
      expect(await registerMany(deps, dossiers, actor, datePreviousQuarter())).toHaveLength(3);

      await server.stop();
      server = await startTemporal({ dbFile, port, uiPort: null });
      expect(server.address).toBe(`127.0.0.1:${port}`);

      expect((await until(() => createApplication(deps, { quarter: applicableQuarter(), actor }).catch(() => null), (r) => r !== null, 60_000))!.ok).toBe(true);
      await until(() => applicationStatus(deps, region, applicableQuarter()).catch(() => null), (s) => !!s?.ok && s.value.state === 'Utkast', 60_000);
      const submitted = await submitApplication(deps, { quarter: applicableQuarter(), actor });
      expect(submitted.ok && submitted.value).toMatchObject({ state: 'Inskickad', itemCount: 3 });
      const states = await sql`select status from examinations where region_org_number = ${region}`;
      expect(states.map((s) => s.status)).toEqual(['Inskickad', 'Inskickad', 'Inskickad']);
    } finally {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
      await connection.close();
      await server.stop();
    }
  });

  it('stores every accepted registration exactly once when PostgreSQL stops and starts again during registrations', async () => {
    const taskQueue = `test-pgdown-${process.pid}`;
    const deps: ServiceDeps = { client, sql, taskQueue };
    const region = await testRegion(sql, 'Region Avbrott');
    const actor = { hsaId: 'SE2321009300-USR1', orgNumber: region };
    const dossiers = await addPeople(sql, region, 60);
    const worker = await startWorker(sql, taskQueue);
    try {
      const registering = registerMany(deps, dossiers, actor, today());
      await until(async () => (await sql`select count(*)::int as n from examinations where region_org_number = ${region}`)[0]!.n as number, (n) => n >= 10);
      stopPostgres(inject('pgDataDir'));
      await new Promise((r) => setTimeout(r, 3000));
      restartPostgres(inject('pgDataDir'));
      const accepted = await registering;
      expect(accepted.length).toBeGreaterThanOrEqual(10);
      const rows = await sql`select dossier_number, count(*)::int as n from examinations where region_org_number = ${region} group by dossier_number`;
      const stored = new Map(rows.map((r) => [r.dossier_number as string, r.n as number]));
      for (const d of accepted) expect(stored.get(d)).toBe(1);
      expect([...stored.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
