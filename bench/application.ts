/**
 * An application of 5 000 exams: created (gathered, re-checked, included in batches) and submitted
 * (rules again per item, decision proposals), through the service module against a real worker.
 * Goal (SPEC §9): ≤ 60 s with visible progress.
 */
import { Readable } from 'node:stream';
import { importFeedStream } from '../activities/feed-import.js';
import { addDays, firstDayOfQuarter, parseQuarter } from '../domain/quarters.js';
import { createWorker } from '../scripts/worker.js';
import { applicableQuarter, applicationStatus, createApplication, registerExam, submitApplication } from '../services/index.js';
import { seconds, withBenchDatabase, withBenchTemporal } from './_services.js';

const exams = Number(process.argv[2] ?? 5000);
const region = '232100-0255';
const taskQueue = 'bench-application';

await withBenchDatabase(async (sql) => {
  await sql`insert into organisations (org_number, name, kind) values (${region}, 'Region Skåne', 'region') on conflict do nothing`;
  const lines = Array.from({ length: exams }, (_, i) => `${JSON.stringify({
    dossierNumber: `60-${String(i).padStart(6, '0')}`, givenName: 'Bench', familyName: `Ansökan${i}`, birthDate: '1988-05-05', typeCode: 'A',
    regionOrgNumber: region, municipality: 'Malmö', address: { street: 'Södra Förstadsgatan 1', postalCode: '211 43', city: 'Malmö' },
    receptionUnit: null, protectedIdentity: false, populationRegisteredFrom: null, detentionFacility: null,
    events: [{ type: 'asylum-application', date: '2024-03-01' }],
  })}\n`);
  await importFeedStream(sql, Readable.from(lines), { source: 'bench' });
  await withBenchTemporal(async (client, address) => {
    const { worker, connection } = await createWorker({ address, sql, taskQueue });
    const running = worker.run();
    const deps = { client, sql, taskQueue };
    const actor = { hsaId: 'SE2321000255-USR1', orgNumber: region };
    const examDate = addDays(firstDayOfQuarter(parseQuarter(applicableQuarter())), 20);

    const t0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 32 }, async () => {
      for (let i = next++; i < exams; i = next++) {
        const r = await registerExam(deps, { dossierNumber: `60-${String(i).padStart(6, '0')}`, examDate, actor });
        if (!r.ok) throw new Error(r.error.message);
      }
    }));
    console.log(`set-up: ${exams} exams registered in ${seconds(performance.now() - t0)} s (not part of the figure)`);

    const quarter = applicableQuarter();
    const c0 = performance.now();
    const created = await createApplication(deps, { quarter, actor });
    if (!created.ok) throw new Error(created.error.message);
    let lastShown = -1;
    for (;;) {
      const s = await applicationStatus(deps, region, quarter);
      if (s.ok) {
        if (s.value.progress.done !== lastShown) {
          lastShown = s.value.progress.done;
          console.log(`  progress ${s.value.progress.done}/${s.value.progress.total} at ${seconds(performance.now() - c0)} s`);
        }
        if (s.value.state === 'Utkast') break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const createMs = performance.now() - c0;
    const s0 = performance.now();
    const submitted = await submitApplication(deps, { quarter, actor });
    if (!submitted.ok) throw new Error(submitted.error.message);
    const submitMs = performance.now() - s0;
    const [{ n }] = (await sql`select count(*)::int as n from examinations where region_org_number = ${region} and status = 'Inskickad'`) as unknown as [{ n: number }];
    console.log(`created in ${seconds(createMs)} s, submitted in ${seconds(submitMs)} s; ${submitted.value.itemCount} items, ${n} exams Inskickad`);
    worker.shutdown();
    await running;
    await connection.close();
    console.log(JSON.stringify({
      bench: 'application', exams, items: submitted.value.itemCount, inskickad: n,
      createSeconds: seconds(createMs), submitSeconds: seconds(submitMs), seconds: seconds(createMs + submitMs), goalSeconds: 60,
    }));
  });
});
