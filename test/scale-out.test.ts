/**
 * Issue 14, "Scale-out, shown": two web processes and two worker processes — the production entry
 * points, each a process of its own on its own port — against one Temporal dev server and one
 * PostgreSQL. Region users' registrations are spread over both web processes; one worker is
 * SIGKILLed in the middle. Every accepted registration is stored exactly once and every exam
 * workflow reaches the state its row shows, with no workflow task failing and no update pending.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { examQuery, examinationWorkflowId } from '../contract/index.js';
import { ownAppRole, regionReporters, reportThroughWeb, startWebProcess, startWorkerProcess, type Proc } from '../bench/_processes.js';
import { freePort } from '../scripts/services.js';
import { addPeople, datePreviousQuarter, inParallel, testRegion, until } from './lifecycle-support.js';
import { adminSql, appSql, temporalClient } from './support.js';

const REGISTRATIONS = 360;
const USERS = 12;
const sql = appSql();
const admin = adminSql();
let client: Client;
const procs: Proc[] = [];

beforeAll(async () => {
  client = await temporalClient();
});
afterAll(async () => {
  for (const p of procs) await p.stop('SIGKILL').catch(() => {});
  await client.connection.close();
  await sql.end();
  await admin.end();
});

it('two web and two worker processes: a worker killed mid-load loses and duplicates no registration', async () => {
  const region = await testRegion(sql, 'Region Skalning');
  const people = await addPeople(sql, region, REGISTRATIONS);
  const taskQueue = `scale-out-${process.pid}`;
  const databaseUrl = await ownAppRole(admin, inject('databaseUrl'), `melker_scale_${process.pid}`);
  const settings = { databaseUrl, temporalAddress: inject('temporalAddress'), taskQueue };

  const [w1, w2] = await Promise.all([startWorkerProcess(settings), startWorkerProcess(settings)]);
  const webs = await Promise.all([startWebProcess(settings, await freePort()), startWebProcess(settings, await freePort())]);
  procs.push(w1!, w2!, ...webs);
  const users = await regionReporters(sql, region, USERS, `SKAL${process.pid % 1000}`);
  const examDate = datePreviousQuarter();

  // Each user posts from the list's row panel, on the web process their load balancer gave them;
  // an answer that is not "reported" (still processing, try again) is tried again, as a user would.
  const outcome = new Map<string, 'reported' | 'already'>();
  const perWeb = [0, 0];
  let retries = 0;
  let posted = 0;
  let killedAt = -1;
  const t0 = Date.now();
  await inParallel(people.map((d, i) => [d, i] as const), USERS, async ([dossier, i]) => {
    const web = i % 2;
    perWeb[web]!++;
    for (let attempt = 0; ; attempt++) {
      const res = await reportThroughWeb(webs[web]!.base, users[i % USERS]!, dossier, examDate);
      posted++;
      if (posted === Math.floor(REGISTRATIONS / 3) && killedAt < 0) {
        killedAt = posted;
        w1!.child.kill('SIGKILL');
      }
      if (res.ok) {
        outcome.set(dossier, attempt === 0 ? 'reported' : 'already');
        return;
      }
      // An earlier attempt that outlasted the web tier's wait may have landed meanwhile.
      if (res.status === 409 && /redan rapporterad/.test(res.text)) {
        outcome.set(dossier, 'already');
        return;
      }
      expect(res.status, res.text.slice(0, 400)).toBeLessThan(500);
      if (attempt > 30) throw new Error(`${dossier} not registered after ${attempt} attempts: ${res.status}`);
      retries++;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  });
  const loadSeconds = (Date.now() - t0) / 1000;
  expect(await w1!.exited).toBe(-1);

  // Stored exactly once: one live examination row per person, with the date reported.
  const rows = await sql<{ dossier_number: string; status: string; exam_date: string; n: number }[]>`
    select dossier_number, min(status) as status, min(exam_date)::text as exam_date, count(*)::int as n
    from examinations where dossier_number = any(${people}) group by dossier_number`;
  const duplicates = rows.filter((r) => r.n > 1).length;
  const lost = people.filter((d) => !rows.some((r) => r.dossier_number === d)).length;

  // Every workflow reached the state its row shows (the surviving worker finished what the killed one held).
  const mismatched: string[] = [];
  await inParallel(rows, 16, async (row) => {
    const view = await until(
      () => client.workflow.getHandle(examinationWorkflowId(row.dossier_number)).query(examQuery),
      (v) => v.state === row.status, 60_000,
    ).catch(() => null);
    if (!view || view.state !== row.status || view.examDate !== examDate) mismatched.push(row.dossier_number);
  });
  const failingTasks: string[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'examinationWorkflow' AND Region = '${region}' AND ExecutionStatus = 'Running'` })) {
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    const events = history.events ?? [];
    const completedUpdates = new Set(events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes).map((e) => e.workflowExecutionUpdateCompletedEventAttributes!.meta?.updateId));
    const accepted = events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes!.protocolInstanceId);
    if (accepted.some((id) => !completedUpdates.has(id))) failingTasks.push(`${wf.workflowId}: update pending`);
    const lastTask = [...events].reverse().find((e) => e.workflowTaskCompletedEventAttributes || e.workflowTaskFailedEventAttributes);
    if (lastTask?.workflowTaskFailedEventAttributes) failingTasks.push(`${wf.workflowId}: workflow task failing`);
  }

  const figures = {
    registrations: REGISTRATIONS, webProcesses: 2, workerProcesses: 2, perWebProcess: perWeb, workerKilledAfterPosts: killedAt,
    stored: rows.length, duplicates, lost, retries, reportedFirstTime: [...outcome.values()].filter((o) => o === 'reported').length,
    landedBeforeRetry: [...outcome.values()].filter((o) => o === 'already').length, workflowsNotInRowState: mismatched.length,
    failingOrPending: failingTasks.length, loadSeconds,
  };
  console.log(`scale-out: ${JSON.stringify(figures)}`);
  expect(outcome.size).toBe(REGISTRATIONS);
  expect(lost).toBe(0);
  expect(duplicates).toBe(0);
  expect(rows.every((r) => r.exam_date === examDate)).toBe(true);
  expect(mismatched).toEqual([]);
  expect(failingTasks).toEqual([]);
  expect(perWeb[0]).toBeGreaterThan(0);
  expect(perWeb[1]).toBeGreaterThan(0);
  // The web processes stayed up through the kill, and the surviving worker is still polling.
  for (const p of [...webs, w2!]) expect(p.child.exitCode).toBeNull();
}, 600_000);
