/**
 * The case officer's application page on an application of 5 000 items (issue 12): the server
 * time of a page of 50 items, across pages and filters (all, proposed refusals, changed by the
 * officer, undecided, by reason code), measured at the Hono app layer with app.request and a real
 * session. The application is built through the services against a real worker (registered 32
 * at a time, created, some people made folkbokförda or bevispersoner in the feed before
 * submission, submitted), and some items are decided so every filter has rows. Goal: p95 ≤ 200 ms.
 *
 *   npm run bench -- officer-page [EXAMS] [REQUESTS]
 */
import { Readable } from 'node:stream';
import { importFeedStream } from '../activities/feed-import.js';
import { seedOrganisationsAndUsers } from '../db/seed.js';
import type { PersonRecord } from '../domain/person.js';
import { addDays, firstDayOfQuarter, parseQuarter } from '../domain/quarters.js';
import { createWorker } from '../scripts/worker.js';
import { applicableQuarter, applicationStatus, createApplication, decideItems, registerExam, submitApplication } from '../services/index.js';
import { createApp } from '../web/app.js';
import { createSession, sessionCookieName } from '../web/session.js';
import { applicationWorkflowId } from '../contract/index.js';
import { percentile, seconds, withBenchDatabase, withBenchTemporal } from './_services.js';

const exams = Number(process.argv[2] ?? 5000);
const requests = Number(process.argv[3] ?? 50);
const region = '232100-0255';
const taskQueue = 'bench-officer-page';
const GOAL_P95_MS = 200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await withBenchDatabase(async (sql) => {
  await seedOrganisationsAndUsers(sql);
  await sql`insert into organisations (org_number, name, kind) values (${region}, 'Region Skåne', 'region') on conflict do nothing`;
  const dossier = (i: number) => `61-${String(i).padStart(6, '0')}`;
  const person = (i: number): PersonRecord => ({
    dossierNumber: dossier(i), givenName: 'Bench', familyName: `Granskning${i}`, birthDate: '1988-05-05', typeCode: 'A',
    regionOrgNumber: region, municipality: 'Malmö', address: { street: 'Södra Förstadsgatan 1', postalCode: '211 43', city: 'Malmö' },
    receptionUnit: null, protectedIdentity: false, populationRegisteredFrom: null, detentionFacility: null,
    events: [{ type: 'asylum-application', date: '2024-03-01' }],
  });
  await importFeedStream(sql, Readable.from(Array.from({ length: exams }, (_, i) => `${JSON.stringify(person(i))}\n`)), { source: 'bench' });

  await withBenchTemporal(async (client, address) => {
    const { worker, connection } = await createWorker({ address, sql, taskQueue });
    const running = worker.run();
    const deps = { client, sql, taskQueue };
    const actor = { hsaId: 'SE2321000255-USR1', orgNumber: region };
    const hanna = { hsaId: 'SE2021002163-HL1', orgNumber: '202100-2163' };
    const examDate = addDays(firstDayOfQuarter(parseQuarter(applicableQuarter())), 20);
    const quarter = applicableQuarter();
    const wf = applicationWorkflowId(region, quarter);
    const state = async () => {
      const s = await applicationStatus(deps, region, quarter).catch(() => null);
      return s?.ok ? s.value.state : null;
    };

    const t0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 32 }, async () => {
      for (let i = next++; i < exams; i = next++) {
        const r = await registerExam(deps, { dossierNumber: dossier(i), examDate, actor });
        if (!r.ok && r.error.code !== 'STILL_PROCESSING') throw new Error(r.error.message);
      }
    }));
    for (;;) {
      const [{ n }] = (await sql`select count(*)::int as n from examinations where region_org_number = ${region} and status = 'Ansökningsbar'`) as unknown as [{ n: number }];
      if (n === exams) break;
      await sleep(250);
    }
    const created = await createApplication(deps, { quarter, actor });
    if (!created.ok) throw new Error(created.error.message);
    while ((await state()) !== 'Utkast') await sleep(250);
    // 5 % proposed refusals, with two reason codes.
    const refusals = Math.max(6, Math.round(exams * 0.05));
    const changed = Array.from({ length: refusals }, (_, i) => (i % 2 === 0
      ? { ...person(i), populationRegisteredFrom: addDays(examDate, -20) }
      : { ...person(i), typeCode: 'B' as const }));
    await importFeedStream(sql, Readable.from(changed.map((p) => `${JSON.stringify(p)}\n`)), { source: 'bench-avslag' });
    const submitted = await submitApplication(deps, { quarter, actor });
    if (!submitted.ok && submitted.error.code !== 'STILL_PROCESSING') throw new Error(submitted.error.message);
    while ((await state()) !== 'Inskickad') await sleep(250);
    console.log(`set-up: ${exams} items submitted in ${seconds(performance.now() - t0)} s`);

    const [row] = await sql`select id from applications where workflow_id = ${wf}`;
    const applicationId = Number(row!.id);
    // Some items decided, so that "changed" and "undecided" both have rows.
    const ids = (await sql`select i.examination_id from application_items i where i.application_id = ${applicationId}
      and not coalesce((i.proposal->>'eligible')::boolean, false) order by i.examination_id limit 3`).map((r) => Number(r.examination_id));
    const decided = await decideItems(deps, { applicationWorkflowId: wf, examinationIds: ids, outcome: 'Beviljad', reason: 'Bench: beviljas i efterhand.', actor: hanna });
    if (!decided.ok) throw new Error(decided.error.message);

    const [user] = await sql<{ id: string }[]>`select id from users where hsa_id = ${hanna.hsaId}`;
    const webDeps = { sql, temporal: client, publicUrl: 'http://localhost:3999' };
    const session = await createSession(sql, user!.id);
    const cookie = `${sessionCookieName(webDeps)}=${session.token}`;
    const app = createApp(webDeps);

    const pages = Math.ceil(exams / 50);
    const views = [
      '', `?sida=2`, `?sida=${Math.max(1, Math.floor(pages / 2))}`, `?sida=${pages}`, '?visa=forslag-avslag', '?visa=forslag-avslag&sida=2',
      '?visa=andrade', '?visa=ej-beslutade', `?visa=ej-beslutade&sida=${Math.max(1, pages - 1)}`, '?skal=POPULATION_REGISTERED',
      '?visa=forslag-avslag&skal=NOT_COVERED_GROUP',
    ];
    const get = async (query: string) => {
      const s = performance.now();
      const res = await app.request(`/handlaggning/ansokan/${applicationId}${query}`, { headers: { Cookie: cookie } });
      const body = await res.text();
      const ms = performance.now() - s;
      if (res.status !== 200 || !body.includes('Visar ')) throw new Error(`${query}: status ${res.status}`);
      return { ms, bytes: body.length };
    };
    for (const v of views.slice(0, 3)) await get(v); // warm-up: rule descriptions cached, plans made
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < requests; i++) {
      const r = await get(views[i % views.length]!);
      times.push(r.ms);
      bytes = Math.max(bytes, r.bytes);
    }
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    console.log(`officer page on ${exams} items: ${requests} requests over ${views.length} views, p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, largest page ${Math.round(bytes / 1024)} KiB`);
    worker.shutdown();
    await running;
    await connection.close();
    console.log(JSON.stringify({
      bench: 'officer-page', exams, requests, views: views.length, p50Ms: Math.round(p50 * 10) / 10, p95Ms: Math.round(p95 * 10) / 10,
      maxMs: Math.round(Math.max(...times) * 10) / 10, largestPageKiB: Math.round(bytes / 1024), goalP95Ms: GOAL_P95_MS, ok: p95 <= GOAL_P95_MS,
    }));
  });
});
