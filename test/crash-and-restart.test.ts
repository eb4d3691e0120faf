/**
 * Nothing is lost or duplicated when the worker is killed, the Temporal server restarts or
 * PostgreSQL goes away in the middle of the work (SPEC §9): during creation of an application,
 * a registration load and the submission of a 1 000-exam application. Users whose action failed
 * or ran out of time try again, as they would; every action they were told went through holds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { connect } from '../db/sql.js';
import { migrate } from '../db/migrate.js';
import { removePostgresCluster, repoRoot, restartPostgres, startPostgres, startTemporal, stopPostgres, type TemporalHandle } from '../scripts/services.js';
import {
  applicableQuarter, applicationStatus, confirmDecision, createApplication, registerExam, submitApplication, type ServiceDeps,
} from '../services/index.js';
import type { Result } from '../services/result.js';
import { applicationQuery, applicationWorkflowId, examinationWorkflowId, examQuery, StateKey } from '../contract/index.js';
import { addPeople, datePreviousQuarter, testRegion, today, until } from './lifecycle-support.js';
import { appSql, startWorker, temporalClient } from './support.js';

const sql = appSql();
let client: Client;

beforeAll(async () => {
  client = await temporalClient();
});
afterAll(async () => {
  await client.connection.close();
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

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A Temporal dev server of the test's own on a SQLite file, with a worker process on it: it can
 * be stopped and started again on the same port, and keeps its state in the file meanwhile.
 * The client is the web tier's kind (a native connection), so it lives through the restart.
 */
async function restartableTemporal(name: string) {
  const dbFile = join(repoRoot, '.data', 'test', `${name}-${process.pid}.db`);
  const files = [dbFile, `${dbFile}-wal`, `${dbFile}-shm`];
  for (const f of files) rmSync(f, { force: true });
  let server: TemporalHandle = await startTemporal({ dbFile, uiPort: null });
  const port = Number(server.address.split(':')[1]);
  const connection = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection });
  const taskQueue = `test-${name}-${process.pid}`;
  const worker = workerProcess(taskQueue, server.address);
  return {
    client,
    taskQueue,
    /**
     * Stops the server (SIGTERM, or killed outright with SIGKILL), leaves it down for a while and
     * starts it again on the same port and file.
     */
    async restart(opts: { downMs: number; signal: 'SIGTERM' | 'SIGKILL' }) {
      if (opts.signal === 'SIGKILL' && server.process && server.process.exitCode === null) {
        const exited = new Promise((r) => server.process!.once('exit', r));
        server.process.kill('SIGKILL');
        await exited;
      }
      await server.stop();
      await pause(opts.downMs);
      server = await startTemporal({ dbFile, port, uiPort: null });
      expect(server.address).toBe(`127.0.0.1:${port}`);
    },
    async close() {
      if (worker.exitCode === null) {
        const exited = new Promise((r) => worker.once('exit', r));
        worker.kill('SIGTERM');
        await exited;
      }
      await connection.close();
      await server.stop();
      for (const f of files) rmSync(f, { force: true });
    },
  };
}

/** Answers a user may meet while the system is in trouble; the user tries again after a pause. */
const TRY_AGAIN = new Set(['STILL_PROCESSING', 'UNAVAILABLE', 'NOT_STORED', 'NOT_DONE', 'REPORT_IN_PROGRESS']);

/**
 * A user's action, tried again after a pause while it answers "try again" or fails outright (a
 * connection error), until it answers something else. Answers every code met on the way.
 */
async function asAUser<T>(action: () => Promise<Result<T>>, opts: { pauseMs?: number; timeoutMs?: number } = {}) {
  const codes: string[] = [];
  const end = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    let code: string;
    try {
      const r = await action();
      if (r.ok) return { result: r, codes };
      code = r.error.code;
      if (!TRY_AGAIN.has(code)) return { result: r, codes: [...codes, code] };
    } catch (err) {
      // An infrastructure failure the web tier shows as an error page.
      code = `ERROR ${err instanceof Error ? err.name : typeof err}`;
    }
    codes.push(code);
    if (Date.now() > end) throw new Error(`still not done after ${opts.timeoutMs ?? 120_000} ms: ${codes.join(', ')}`);
    await pause(opts.pauseMs ?? 1000);
  }
}

type Registration = { dossierNumber: string; examDate: string };
/**
 * Registrations by `concurrency` users at once, each tried again until it is settled: answered
 * ok, or refused as already registered (an earlier attempt went through; checked by the caller).
 */
async function registerAsUsers(deps: ServiceDeps, registrations: Registration[], actor: { hsaId: string; orgNumber: string }, concurrency = 16) {
  const queue = [...registrations];
  const outcomes = new Map<string, { ok: boolean; code: string | null; codes: string[] }>();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      const { dossierNumber, examDate } = r;
      const { result, codes } = await asAUser(() => registerExam(deps, { dossierNumber, examDate, actor }), { timeoutMs: 180_000 });
      outcomes.set(dossierNumber, { ok: result.ok, code: result.ok ? null : result.error.code, codes });
    }
  }));
  return outcomes;
}

/** How often each code was met, for the log. */
function tally(lists: Iterable<string[]>) {
  const n: Record<string, number> = {};
  for (const codes of lists) for (const c of codes) n[c] = (n[c] ?? 0) + 1;
  return n;
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
      for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
    }
  });

  it('registers every person exactly once when the Temporal server restarts during a registration load', async () => {
    const temporal = await restartableTemporal('restart-load');
    try {
      const deps: ServiceDeps = { client: temporal.client, sql, taskQueue: temporal.taskQueue };
      const region = await testRegion(sql, 'Region Omstart Last');
      const actor = { hsaId: 'SE2321009400-USR1', orgNumber: region };
      const dossiers = await addPeople(sql, region, 400);
      // Half from the quarter that can be applied for (Ansökningsbar at once), half from today (Rapporterad).
      const registrations = dossiers.map((d, i) => ({ dossierNumber: d, examDate: i % 2 ? today() : datePreviousQuarter() }));
      const expected = Object.fromEntries(registrations.map((r) => [r.dossierNumber, r.examDate === today() ? 'Rapporterad' : 'Ansökningsbar']));
      const stored = async () => (await sql`select count(*)::int as n from examinations where region_org_number = ${region}`)[0]!.n as number;

      const t0 = Date.now();
      const registering = registerAsUsers(deps, registrations, actor);
      await until(stored, (n) => n >= 120, 120_000);
      const atRestart = await stored();
      const tStop = Date.now();
      // Down for longer than a web request waits: the calls in flight run out of time.
      await temporal.restart({ downMs: 12_000, signal: 'SIGTERM' });
      console.log(`restart-load: ${atRestart} stored after ${tStop - t0} ms; server back after ${Date.now() - tStop} ms`);
      const outcomes = await registering;
      const afterAll = await stored();
      console.log(`restart-load: ${outcomes.size} registrations in ${Date.now() - t0} ms; ${atRestart} stored when the server stopped;`,
        `answers on the way: ${JSON.stringify(tally([...outcomes.values()].map((o) => o.codes)))}`);
      expect(atRestart).toBeLessThan(dossiers.length - 50); // the restart came in the middle
      expect(afterAll).toBe(dossiers.length);

      // Every registration settled: answered ok, or an earlier attempt had gone through.
      const unsettled = [...outcomes].filter(([, o]) => !o.ok && o.code !== 'ALREADY_EXAMINED');
      expect(unsettled).toEqual([]);
      expect([...outcomes.values()].some((o) => o.codes.length > 0)).toBe(true); // users did meet the restart

      // Exactly one examination row per person, in the state its exam date gives.
      const rows = await sql`select dossier_number, workflow_id, run_id, status from examinations where region_org_number = ${region} order by dossier_number`;
      expect(Object.fromEntries(rows.map((r) => [r.dossier_number, r.status]))).toEqual(expected);
      expect(rows).toHaveLength(dossiers.length);
      const stateOf = new Map(rows.map((r) => [r.dossier_number as string, r.status as string]));
      for (const [d, o] of outcomes) if (o.ok) expect(stateOf.get(d)).toBe(expected[d]);

      // The exam workflow of each row is the person's current run, and its state is the row's.
      const mismatches: unknown[] = [];
      const queue = [...rows];
      await Promise.all(Array.from({ length: 16 }, async () => {
        for (let r = queue.shift(); r; r = queue.shift()) {
          expect(r.workflow_id).toBe(examinationWorkflowId(r.dossier_number as string));
          const current = await temporal.client.workflow.getHandle(r.workflow_id as string).describe();
          const view = await temporal.client.workflow.getHandle(r.workflow_id as string, r.run_id as string).query(examQuery);
          if (current.runId !== r.run_id || view.state !== r.status || current.status.name !== 'RUNNING') {
            mismatches.push({ dossier: r.dossier_number, row: r.status, workflow: view.state, runs: [r.run_id, current.runId], status: current.status.name });
          }
        }
      }));
      expect(mismatches).toEqual([]);

      // One running exam workflow per person; any other run is a refused attempt that ended with nothing.
      const runs = new Map<string, { running: number; other: string[] }>();
      for await (const w of temporal.client.workflow.list({ query: `WorkflowType = 'examinationWorkflow' AND Region = '${region}'` })) {
        const entry = runs.get(w.workflowId) ?? { running: 0, other: [] };
        if (w.status.name === 'RUNNING') entry.running++;
        else entry.other.push(`${w.status.name}:${w.typedSearchAttributes.get(StateKey) ?? ''}`);
        runs.set(w.workflowId, entry);
      }
      expect(runs.size).toBe(dossiers.length);
      expect([...runs.values()].filter((r) => r.running !== 1)).toEqual([]);
      const ended = [...runs.values()].flatMap((r) => r.other);
      console.log(`restart-load: ${ended.length} ended runs beside the live ones ${JSON.stringify(ended.slice(0, 5))}`);
    } finally {
      await temporal.close();
    }
  }, 300_000);

  it('submits a 1 000-exam application exactly once when the Temporal server restarts while it is sent in', async () => {
    const temporal = await restartableTemporal('restart-submit');
    try {
      const deps: ServiceDeps = { client: temporal.client, sql, taskQueue: temporal.taskQueue };
      const region = await testRegion(sql, 'Region Omstart Ansökan');
      const actor = { hsaId: 'SE2321009500-USR1', orgNumber: region };
      const officer = { hsaId: 'SE2021002163-HL1', orgNumber: '202100-2163' };
      const quarter = applicableQuarter();
      const wf = applicationWorkflowId(region, quarter);
      const h = temporal.client.workflow.getHandle(wf);
      const dossiers = await addPeople(sql, region, 1000);
      const t0 = Date.now();
      const registered = await registerAsUsers(deps, dossiers.map((d) => ({ dossierNumber: d, examDate: datePreviousQuarter() })), actor, 24);
      expect([...registered.values()].filter((o) => !o.ok)).toEqual([]);
      expect((await createApplication(deps, { quarter, actor })).ok).toBe(true);
      const draft = await until(() => h.query(applicationQuery), (v) => v.state === 'Utkast', 180_000);
      expect(draft.itemCount).toBe(1000);
      console.log(`restart-submit: 1000 registered and a draft made in ${Date.now() - t0} ms`);

      // The user submits; the server restarts while the exams are being sent in.
      const inState = (state: string) => temporal.client.workflow.count(`WorkflowType = 'examinationWorkflow' AND Region = '${region}' AND State = '${state}'`).then((c) => c.count);
      const t1 = Date.now();
      const submitting = asAUser(() => submitApplication(deps, { quarter, actor }), { pauseMs: 2000, timeoutMs: 240_000 });
      await pause(1000);
      const atRestart = await h.query(applicationQuery);
      const sentAtRestart = await inState('Inskickad');
      // Killed outright, and down for longer than a web request waits and the activity's heartbeat timeout.
      await temporal.restart({ downMs: 12_000, signal: 'SIGKILL' });
      const submitted = await submitting;
      console.log(`restart-submit: submitted in ${Date.now() - t1} ms; at the restart the application was ${atRestart.state}`,
        `and ${sentAtRestart} exams had heard it; answers on the way: ${JSON.stringify(tally([submitted.codes]))}`);
      // The restart came in the middle: before the application was sent in, or before its exams had all heard it.
      expect(atRestart.state === 'Utkast' || sentAtRestart < 1000).toBe(true);
      expect(submitted.result.ok).toBe(true);

      // Submitted once, with every item once.
      const view = await h.query(applicationQuery);
      expect(view).toMatchObject({ state: 'Inskickad', itemCount: 1000 });
      expect(view.history.filter((e) => e.to === 'Inskickad')).toHaveLength(1);
      const [counts] = await sql`select count(*)::int as items, count(distinct i.examination_id)::int as exams, min(a.status) as status
        from application_items i join applications a on a.id = i.application_id where a.workflow_id = ${wf}`;
      expect(counts).toEqual({ items: 1000, exams: 1000, status: 'Inskickad' });
      const projected = await sql`select status, count(*)::int as n from examinations where region_org_number = ${region} group by status`;
      expect(projected.map((r) => [r.status, r.n])).toEqual([['Inskickad', 1000]]);
      // Each exam workflow holds the exam as sent in (at the latest a moment after the answer).
      await until(() => inState('Inskickad'), (n) => n === 1000, 60_000);
      const rows = await sql`select workflow_id, run_id from examinations where region_org_number = ${region}`;
      const states: Record<string, number> = {};
      const queue = [...rows];
      await Promise.all(Array.from({ length: 16 }, async () => {
        for (let r = queue.shift(); r; r = queue.shift()) {
          const { state } = await temporal.client.workflow.getHandle(r.workflow_id as string, r.run_id as string).query(examQuery);
          states[state] = (states[state] ?? 0) + 1;
        }
      }));
      expect(states).toEqual({ Inskickad: 1000 });

      // The officer confirms the proposal the same way: one decision, every item granted.
      const confirmed = await asAUser(() => confirmDecision(deps, { applicationWorkflowId: wf, actor: officer, officerName: 'Hanna Handläggare' }),
        { pauseMs: 2000, timeoutMs: 180_000 });
      expect(confirmed.result.ok && confirmed.result.value.state).toBe('Beslutad');
      const decisions = await sql`select d.total_amount_sek from decisions d join applications a on a.id = d.application_id where a.workflow_id = ${wf}`;
      expect(decisions.map((d) => d.total_amount_sek)).toEqual([1000 * 2175]);
      const outcomes = await sql`select i.outcome, count(*)::int as n from application_items i join applications a on a.id = i.application_id
        where a.workflow_id = ${wf} group by i.outcome`;
      expect(outcomes.map((o) => [o.outcome, o.n])).toEqual([['Beviljad', 1000]]);
      // Each exam hears the decision in the background.
      await until(() => inState('Beviljad'), (n) => n === 1000, 120_000);
      console.log(`restart-submit: whole test ${Date.now() - t0} ms`);
    } finally {
      await temporal.close();
    }
  }, 420_000);

  it('stores every accepted registration exactly once when PostgreSQL stops and starts again during registrations, and takes new ones after it', async () => {
    // A cluster of the test's own: stopping the shared one would break other test runs on the machine.
    const dataDir = join(repoRoot, '.data', 'test', `pg-restart-${process.pid}`);
    const removeCluster = () => removePostgresCluster(dataDir);
    removeCluster();
    const pg = await startPostgres({ dataDir });
    const admin = connect(pg.adminUrl, { max: 1 });
    await migrate(admin);
    await admin.end();
    // The pool the web tier and the worker share, as in production: it must find the server again by itself.
    const own = connect(pg.url, { max: 5 });
    const taskQueue = `test-pgdown-${process.pid}`;
    const deps: ServiceDeps = { client, sql: own, taskQueue };
    const worker = await startWorker(own, taskQueue);
    try {
      const region = await testRegion(own, 'Region Avbrott');
      const actor = { hsaId: 'SE2321009300-USR1', orgNumber: region };
      const storedRows = async () => new Map((await own`select dossier_number, count(*)::int as n from examinations
        where region_org_number = ${region} group by dossier_number`).map((r) => [r.dossier_number as string, r.n as number]));
      const dossiers = await addPeople(own, region, 60);
      const later = await addPeople(own, region, 20);
      const registering = registerMany(deps, dossiers, actor, today());
      await until(async () => (await storedRows()).size, (n) => n >= 10);
      stopPostgres(dataDir);
      await pause(3000);
      restartPostgres(dataDir);

      // Registrations made once the database is back (it answers again when restartPostgres returns)
      // are accepted at the first attempt, while the ones caught by the outage are still finishing.
      await pause(2000);
      const answers = await Promise.all(later.map(async (d) => {
        const t0 = Date.now();
        const r = await registerExam(deps, { dossierNumber: d, examDate: today(), actor })
          .catch((err: unknown) => ({ ok: false as const, error: { code: err instanceof Error ? err.message : String(err) } }));
        return { dossierNumber: d, answer: r.ok ? 'ok' : r.error.code, ms: Date.now() - t0 };
      }));
      console.log(`pg-restart: registrations 2 s after the restart: ${JSON.stringify(answers.map((a) => `${a.answer} ${a.ms} ms`))}`);
      expect.soft(answers.filter((a) => a.answer !== 'ok')).toEqual([]);

      const accepted = await registering;
      expect(accepted.length).toBeGreaterThanOrEqual(10);
      let stored = await storedRows();
      for (const d of accepted) expect(stored.get(d)).toBe(1);
      expect([...stored.values()].every((n) => n === 1)).toBe(true);
      console.log(`pg-restart: ${accepted.length} of ${dossiers.length} accepted across the restart`);
      // ... and the users whose registration failed meanwhile get theirs through by trying again.
      const retried = await registerAsUsers(deps, dossiers.filter((d) => !accepted.includes(d)).map((d) => ({ dossierNumber: d, examDate: today() })), actor);
      expect([...retried].filter(([, o]) => !o.ok && o.code !== 'ALREADY_EXAMINED')).toEqual([]);
      stored = await storedRows();
      expect(Object.fromEntries(stored)).toEqual(Object.fromEntries([...dossiers, ...later].map((d) => [d, 1])));
      const states = await own`select status, count(*)::int as n from examinations where region_org_number = ${region} group by status`;
      expect(states.map((r) => [r.status, r.n])).toEqual([['Rapporterad', 80]]);
    } finally {
      await worker.stop();
      await own.end({ timeout: 5 });
      await pg.stop();
      removeCluster();
    }
  }, 180_000);
});
