/**
 * Registration through the service module (update-with-start, rules, projection):
 * - throughput and p95 with `concurrency` callers, beside bare `client.workflow.start` of the same
 *   workflow type in the same run (alternating rounds). Goal: ≥ 50/s, ratio ≥ 0.5.
 * - p95 when registrations arrive at the goal rate of 50/s (open loop). Goal: ≤ 300 ms (SPEC §9).
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

await withBenchDatabase(async (sql) => {
  await sql`insert into organisations (org_number, name, kind) values (${region}, 'Region Stockholm', 'region') on conflict do nothing`;
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(`${JSON.stringify(person(i, 50))}\n`, `${JSON.stringify(person(i, 51))}\n`, `${JSON.stringify(person(i, 53))}\n`);
  await importFeedStream(sql, Readable.from(lines), { source: 'bench' });
  await withBenchTemporal(async (client, address, serverPid) => {
    const { worker, connection } = await createWorker({ address, sql, taskQueue });
    const running = worker.run();
    const examDate = addDays(firstDayOfQuarter(parseQuarter(applicableQuarter())), 5);
    const actor = { hsaId: 'SE2321000016-USR1', orgNumber: region };

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

    // The two are measured in alternating rounds, so that a change in the machine's speed during
    // the run (a shared host) weighs on both alike.
    let drainedMs = 0;
    const service = phase();
    const bare = phase();
    for (let r = 0; r < rounds; r++) {
      const [from, to] = [Math.floor((r * count) / rounds), Math.floor(((r + 1) * count) / rounds)];
      await run(service, from, to, serverPid, async (i) => {
        const res = await registerExam({ client, sql, taskQueue }, { dossierNumber: `51-${String(i).padStart(6, '0')}`, examDate, actor });
        if (!res.ok) refused++;
      });
      await run(bare, from, to, serverPid, async (i) => {
        await client.workflow.start(examinationWorkflow, { taskQueue, workflowId: `bare-${i}`, args: [{ dossierNumber: `50-${String(i).padStart(6, '0')}`, regionOrgNumber: region }] });
      });
      // Let the worker take the first tasks of the workflows just started before the next round,
      // so that the baseline's left-over work does not slow the next round of registrations.
      drainedMs += await drained(client, taskQueue);
    }

    const cpu = (p: Phase) => `CPU per call: Temporal server ${(p.serverCpuMs / p.n).toFixed(1)} ms, this process (worker + client) ${(p.ownCpuMs / p.n).toFixed(1)} ms`;
    console.log(`registerExam (update-with-start, rules, projection): ${perSecond(service).toFixed(1)}/s, p95 ${percentile(service.latencies, 95).toFixed(0)} ms, refused ${refused}; ${cpu(service)}`);
    console.log(`bare client.workflow.start: ${perSecond(bare).toFixed(1)}/s, p95 ${percentile(bare.latencies, 95).toFixed(0)} ms; ${cpu(bare)}; backlog drained after its rounds in ${seconds(drainedMs)} s`);
    const [{ n }] = (await sql`select count(*)::int as n from examinations where dossier_number like '51-%' or dossier_number like '53-%'`) as unknown as [{ n: number }];
    console.log(`stored: ${n} examinations (of ${count + offered} accepted)`);
    worker.shutdown();
    await running;
    await connection.close();
    console.log(JSON.stringify({
      bench: 'registration', registrations: count, concurrency, perSecond: round1(perSecond(service)), p95Ms: Math.round(percentile(service.latencies, 95)),
      atGoalRate: { offeredPerSecond: goalRate, registrations: offered, achievedPerSecond: round1(offered / goalSeconds), p95Ms: Math.round(percentile(atGoal, 95)) },
      baselinePerSecond: round1(perSecond(bare)), baselineP95Ms: Math.round(percentile(bare.latencies, 95)),
      ratio: Math.round((perSecond(service) / perSecond(bare)) * 100) / 100,
      serverCpuMsPerCall: round1(service.serverCpuMs / service.n), baselineServerCpuMsPerCall: round1(bare.serverCpuMs / bare.n), stored: n, refused,
    }));
  });
});
