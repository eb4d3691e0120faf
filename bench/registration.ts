/**
 * Registration through the web tier, as SPEC §9 measures it: the production web process
 * (`web/server.ts`, a process of its own) receives the form the browser posts from the list's row
 * panel — a session cookie, the CSRF token, the htmx headers — and registers through the service
 * module (update-with-start, rules, projection), answered by the worker in this process.
 * - throughput and p95 with `concurrency` users, beside bare `client.workflow.start` of the same
 *   workflow type in the same run (alternating rounds). Goal: ≥ 50/s, ratio ≥ 0.5.
 * - p95 when registrations arrive at the goal rate of 50/s (open loop). Goal: ≤ 300 ms.
 * The service-level figures (registerExam called in this process) are kept beside them.
 * Usage: npm run bench -- registration [COUNT=2000] [CONCURRENCY=16]
 */
import { Readable } from 'node:stream';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { importFeedStream } from '../activities/feed-import.js';
import { addDays, firstDayOfQuarter, parseQuarter } from '../domain/quarters.js';
import { createWorker } from '../scripts/worker.js';
import { applicableQuarter, registerExam } from '../services/index.js';
import { examinationWorkflow } from '../workflows/examination.js';
import { connect } from '../db/sql.js';
import { BUSY, NOT_DONE, STILL_PROCESSING, UNAVAILABLE } from '../services/temporal-errors.js';
import { freePort } from '../scripts/services.js';
import { ownAppRole, regionReporters, reportThroughWeb, startWebProcess } from './_processes.js';
import { percentile, processCpuMs, seconds, withBenchDatabase, withBenchTemporal } from './_services.js';

const count = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 16);
const rounds = 4;
const goalRate = 50;
const region = '232100-0016';
const taskQueue = 'bench-registration';

function person(i: number, block: number) {
  return {
    dossierNumber: `${block}-${String(i).padStart(6, '0')}`, givenName: 'Bench', familyName: `Person${i}`, birthDate: '1990-01-01',
    typeCode: 'A', regionOrgNumber: region, municipality: 'Huddinge', address: { street: 'Storgatan 1', postalCode: '141 35', city: 'Huddinge' },
    receptionUnit: null, protectedIdentity: false, populationRegisteredFrom: null, detentionFacility: null,
    events: [{ type: 'asylum-application', date: '2024-01-10' }],
  };
}

type Phase = { latencies: number[]; ms: number; n: number; serverCpuMs: number; ownCpuMs: number };
const phase = (): Phase => ({ latencies: [], ms: 0, n: 0, serverCpuMs: 0, ownCpuMs: 0 });

/** Runs fn for indexes [from, to) with `concurrency` callers, adding time, latencies and CPU to the phase. */
async function run(p: Phase, from: number, to: number, serverPid: number | undefined, fn: (i: number) => Promise<void>) {
  let next = from;
  const cpu0 = [processCpuMs(serverPid), process.cpuUsage()] as const;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < to; i = next++) {
      const s = performance.now();
      await fn(i);
      p.latencies.push(performance.now() - s);
    }
  }));
  p.ms += performance.now() - t0;
  p.n += to - from;
  const own = process.cpuUsage(cpu0[1]);
  p.ownCpuMs += (own.user + own.system) / 1000;
  p.serverCpuMs += (processCpuMs(serverPid) ?? NaN) - (cpu0[0] ?? NaN);
}
/** Waits until the task queue's workflow-task backlog is empty (the server refreshes that figure every few seconds); answers the time waited. */
async function drained(client: Client, taskQueue: string): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const { stats } = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace, taskQueue: { name: taskQueue }, taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, reportStats: true,
    });
    if (Number(stats?.approximateBacklogCount ?? 0) === 0) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
  }
}
const perSecond = (p: Phase) => p.n / (p.ms / 1000);
const round1 = (x: number) => Math.round(x * 10) / 10;

await withBenchDatabase(async (sql, adminUrl) => {
  await sql`insert into organisations (org_number, name, kind) values (${region}, 'Region Stockholm', 'region') on conflict do nothing`;
  const lines = [];
  for (let i = 0; i < count; i++) {
    for (const block of [50, 51, 53, 54, 55]) lines.push(`${JSON.stringify(person(i, block))}\n`);
  }
  for (let i = 0; i < 10; i++) lines.push(`${JSON.stringify(person(i, 56))}\n`);
  await importFeedStream(sql, Readable.from(lines), { source: 'bench' });
  await withBenchTemporal(async (client, address, serverPid) => {
    const { worker, connection } = await createWorker({ address, sql, taskQueue });
    const running = worker.run();
    const examDate = addDays(firstDayOfQuarter(parseQuarter(applicableQuarter())), 5);
    const actor = { hsaId: 'SE2321000016-USR1', orgNumber: region };

    // The web tier: the production web process with a database role of its own, and logged-in users.
    const admin = connect(adminUrl, { max: 1 });
    const webDatabaseUrl = await ownAppRole(admin, adminUrl, 'melker_bench_web');
    await admin.end();
    const web = await startWebProcess({ databaseUrl: webDatabaseUrl, temporalAddress: address, taskQueue }, await freePort());
    const users = await regionReporters(sql, region, concurrency, 'BANK');
    let webFailed = 0;
    const webFailures = new Map<string, number>();
    const throughWeb = async (dossier: string) => {
      const res = await reportThroughWeb(web.base, users[Number(dossier.slice(-6)) % users.length]!, dossier, examDate);
      if (!res.ok) {
        webFailed++;
        const known = Object.entries({ STILL_PROCESSING, UNAVAILABLE, NOT_DONE, BUSY }).find(([, text]) => res.text.includes(text.slice(0, 40)));
        const key = `${res.status} ${known?.[0] ?? (/redan rapporterad/.test(res.text) ? 'ALREADY_EXAMINED' : res.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 100))}`;
        webFailures.set(key, (webFailures.get(key) ?? 0) + 1);
      }
    };
    // Warm the web process (its Temporal connection, the rule sets, the session path).
    for (let i = 0; i < 10; i++) await throughWeb(`56-${String(i).padStart(6, '0')}`);
    if (webFailed) throw new Error(`the web tier did not register the warm-up exams: ${[...webFailures.keys()].join('; ')}`);

    // Warm up the worker's workflow cache and connections.
    await run(phase(), 0, Math.min(20, count), serverPid, async (i) => {
      await client.workflow.start(examinationWorkflow, { taskQueue, workflowId: `warm-${i}`, args: [{ dossierNumber: `52-${i}`, regionOrgNumber: region }] });
    });
    let refused = 0;
    // At the goal rate: registrations arrive at 50/s whether or not earlier ones have been answered
    // (open loop, as from many users), and each one's time to answer is measured.
    const offered = Math.min(count, 1000);
    const atGoal: number[] = [];
    const g0 = performance.now();
    await Promise.all(Array.from({ length: offered }, async (_, i) => {
      await new Promise((r) => setTimeout(r, g0 + (i * 1000) / goalRate - performance.now()));
      const s = performance.now();
      const res = await registerExam({ client, sql, taskQueue }, { dossierNumber: `53-${String(i).padStart(6, '0')}`, examDate, actor });
      if (!res.ok) refused++;
      atGoal.push(performance.now() - s);
    }));
    const goalSeconds = (performance.now() - g0) / 1000;
    console.log(`registerExam at ${goalRate}/s offered: ${offered} in ${goalSeconds.toFixed(1)} s (${(offered / goalSeconds).toFixed(1)}/s), p50 ${percentile(atGoal, 50).toFixed(0)} ms, p95 ${percentile(atGoal, 95).toFixed(0)} ms`);
    await drained(client, taskQueue);

    const webAtGoal: number[] = [];
    const w0 = performance.now();
    await Promise.all(Array.from({ length: offered }, async (_, i) => {
      await new Promise((r) => setTimeout(r, w0 + (i * 1000) / goalRate - performance.now()));
      const s = performance.now();
      await throughWeb(`55-${String(i).padStart(6, '0')}`);
      webAtGoal.push(performance.now() - s);
    }));
    const webGoalSeconds = (performance.now() - w0) / 1000;
    console.log(`web tier at ${goalRate}/s offered: ${offered} in ${webGoalSeconds.toFixed(1)} s (${(offered / webGoalSeconds).toFixed(1)}/s), p50 ${percentile(webAtGoal, 50).toFixed(0)} ms, p95 ${percentile(webAtGoal, 95).toFixed(0)} ms`);
    await drained(client, taskQueue);

    // The two are measured in alternating rounds, so that a change in the machine's speed during
    // the run (a shared host) weighs on both alike.
    let drainedMs = 0;
    const service = phase();
    const viaWeb = phase();
    const bare = phase();
    for (let r = 0; r < rounds; r++) {
      const [from, to] = [Math.floor((r * count) / rounds), Math.floor(((r + 1) * count) / rounds)];
      await run(service, from, to, serverPid, async (i) => {
        const res = await registerExam({ client, sql, taskQueue }, { dossierNumber: `51-${String(i).padStart(6, '0')}`, examDate, actor });
        if (!res.ok) refused++;
      });
      await run(viaWeb, from, to, serverPid, (i) => throughWeb(`54-${String(i).padStart(6, '0')}`));
      await run(bare, from, to, serverPid, async (i) => {
        await client.workflow.start(examinationWorkflow, { taskQueue, workflowId: `bare-${i}`, args: [{ dossierNumber: `50-${String(i).padStart(6, '0')}`, regionOrgNumber: region }] });
      });
      // Let the worker take the first tasks of the workflows just started before the next round,
      // so that the baseline's left-over work does not slow the next round of registrations.
      drainedMs += await drained(client, taskQueue);
    }

    const cpu = (p: Phase) => `CPU per call: Temporal server ${(p.serverCpuMs / p.n).toFixed(1)} ms, this process (worker + client) ${(p.ownCpuMs / p.n).toFixed(1)} ms`;
    console.log(`registerExam (update-with-start, rules, projection): ${perSecond(service).toFixed(1)}/s, p95 ${percentile(service.latencies, 95).toFixed(0)} ms, refused ${refused}; ${cpu(service)}`);
    console.log(`web tier (HTTP form post with session and CSRF token → registerExam): ${perSecond(viaWeb).toFixed(1)}/s, p95 ${percentile(viaWeb.latencies, 95).toFixed(0)} ms, not registered ${webFailed}${webFailures.size ? ` (${[...webFailures].map(([k, v]) => `${v}× ${k}`).join('; ')})` : ''}`);
    console.log(`bare client.workflow.start: ${perSecond(bare).toFixed(1)}/s, p95 ${percentile(bare.latencies, 95).toFixed(0)} ms; ${cpu(bare)}; backlog drained after its rounds in ${seconds(drainedMs)} s`);
    const [{ n }] = (await sql`select count(*)::int as n from examinations where dossier_number like '51-%' or dossier_number like '53-%'`) as unknown as [{ n: number }];
    console.log(`stored: ${n} examinations (of ${count + offered} accepted)`);
    const [{ w }] = (await sql`select count(*)::int as w from examinations where dossier_number like '54-%' or dossier_number like '55-%'`) as unknown as [{ w: number }];
    console.log(`stored through the web tier: ${w} examinations (of ${count + offered} posted, ${webFailed} not registered)`);
    await web.stop();
    worker.shutdown();
    await running;
    await connection.close();
    const ratio = (p: Phase) => Math.round((perSecond(p) / perSecond(bare)) * 100) / 100;
    console.log(JSON.stringify({
      bench: 'registration', layer: 'web', registrations: count, concurrency,
      perSecond: round1(perSecond(viaWeb)), p95Ms: Math.round(percentile(viaWeb.latencies, 95)),
      atGoalRate: { offeredPerSecond: goalRate, registrations: offered, achievedPerSecond: round1(offered / webGoalSeconds), p95Ms: Math.round(percentile(webAtGoal, 95)) },
      baselinePerSecond: round1(perSecond(bare)), baselineP95Ms: Math.round(percentile(bare.latencies, 95)), ratio: ratio(viaWeb),
      storedThroughWeb: w, notRegisteredThroughWeb: webFailed,
      goals: { perSecond: 50, ratio: 0.5, p95MsAtGoalRate: 300 },
      services: {
        perSecond: round1(perSecond(service)), p95Ms: Math.round(percentile(service.latencies, 95)), ratio: ratio(service),
        atGoalRate: { achievedPerSecond: round1(offered / goalSeconds), p95Ms: Math.round(percentile(atGoal, 95)) }, stored: n, refused,
      },
      serverCpuMsPerCall: round1(service.serverCpuMs / service.n), baselineServerCpuMsPerCall: round1(bare.serverCpuMs / bare.n),
    }));
  });
});
