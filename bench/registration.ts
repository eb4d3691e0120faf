/**
 * Registration throughput through the service module (update-with-start, rules, projection) beside
 * bare `client.workflow.start` of the same workflow type in the same run. Goal: ≥ 50/s, ratio ≥ 0.5.
 */
import { Readable } from 'node:stream';
import { importFeedStream } from '../activities/feed-import.js';
import { addDays, firstDayOfQuarter, parseQuarter } from '../domain/quarters.js';
import { createWorker } from '../scripts/worker.js';
import { applicableQuarter, registerExam } from '../services/index.js';
import { examinationWorkflow } from '../workflows/examination.js';
import { percentile, seconds, withBenchDatabase, withBenchTemporal } from './_services.js';

const count = Number(process.argv[2] ?? 1000);
const concurrency = Number(process.argv[3] ?? 32);
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

async function run(n: number, fn: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < n; i = next++) {
      const s = performance.now();
      await fn(i);
      latencies.push(performance.now() - s);
    }
  }));
  const ms = performance.now() - t0;
  return { perSecond: n / (ms / 1000), p95: percentile(latencies, 95), ms };
}

await withBenchDatabase(async (sql) => {
  await sql`insert into organisations (org_number, name, kind) values (${region}, 'Region Stockholm', 'region') on conflict do nothing`;
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(`${JSON.stringify(person(i, 50))}\n`, `${JSON.stringify(person(i, 51))}\n`);
  await importFeedStream(sql, Readable.from(lines), { source: 'bench' });
  await withBenchTemporal(async (client, address) => {
    const { worker, connection } = await createWorker({ address, sql, taskQueue });
    const running = worker.run();
    const examDate = addDays(firstDayOfQuarter(parseQuarter(applicableQuarter())), 5);
    const actor = { hsaId: 'SE2321000016-USR1', orgNumber: region };

    // Warm up the worker's workflow cache and connections.
    await run(Math.min(20, count), async (i) => {
      await client.workflow.start(examinationWorkflow, { taskQueue, workflowId: `warm-${i}`, args: [{ dossierNumber: `52-${i}`, regionOrgNumber: region }] });
    });
    let refused = 0;
    const service = await run(count, async (i) => {
      const r = await registerExam({ client, sql, taskQueue }, { dossierNumber: `51-${String(i).padStart(6, '0')}`, examDate, actor });
      if (!r.ok) refused++;
    });
    console.log(`registerExam (update-with-start, rules, projection): ${service.perSecond.toFixed(1)}/s, p95 ${service.p95.toFixed(0)} ms, refused ${refused}`);
    // Then the baseline, after the service phase, so that no backlog of its workflows' first
    // tasks on the same worker slows the phase measured above.
    const bare = await run(count, async (i) => {
      await client.workflow.start(examinationWorkflow, { taskQueue, workflowId: `bare-${i}`, args: [{ dossierNumber: `50-${String(i).padStart(6, '0')}`, regionOrgNumber: region }] });
    });
    console.log(`bare client.workflow.start: ${bare.perSecond.toFixed(1)}/s, p95 ${bare.p95.toFixed(0)} ms`);
    const [{ n }] = (await sql`select count(*)::int as n from examinations where dossier_number like '51-%'`) as unknown as [{ n: number }];
    console.log(`stored: ${n} examinations in ${seconds(service.ms)} s`);
    worker.shutdown();
    await running;
    await connection.close();
    console.log(JSON.stringify({
      bench: 'registration', registrations: count, concurrency, perSecond: Math.round(service.perSecond * 10) / 10, p95Ms: Math.round(service.p95),
      baselinePerSecond: Math.round(bare.perSecond * 10) / 10, ratio: Math.round((service.perSecond / bare.perSecond) * 100) / 100, stored: n, refused,
    }));
  });
});
