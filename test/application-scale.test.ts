/**
 * An application of 5 000 exams is fully decidable within Temporal's limits (issue 11, item 9):
 * 2 500 items changed in one bulk decision, hundreds decided item by item (the review continues
 * as a new run), confirmed and paid. Real Temporal dev server and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { createActivities } from '../activities/index.js';
import { loadRuleSets } from '../rules/index.js';
import {
  applicableQuarter, applicationStatus, confirmDecision, createApplication, decideItem, decideItems, registerExam, submitApplication,
  type ServiceDeps,
} from '../services/index.js';
import { UPDATES_PER_RUN } from '../workflows/application.js';
import { applicationWorkflowId, examQuery } from '../workflows/messages.js';
import { addPeople, datePreviousQuarter, testRegion, until } from './lifecycle-support.js';
import { appSql, startWorker, temporalClient } from './support.js';

const sql = appSql();
const taskQueue = `test-scale-${process.pid}`;
let client: Client;
let deps: ServiceDeps;
let worker: Awaited<ReturnType<typeof startWorker>>;
const hanna = { hsaId: 'SE2021002163-HL1', orgNumber: '202100-2163' };

beforeAll(async () => {
  client = await temporalClient();
  worker = await startWorker(sql, taskQueue);
  deps = { client, sql, taskQueue };
});
afterAll(async () => {
  await worker.stop();
  await client.connection.close();
  await sql.end();
});

async function inParallel<T>(items: T[], n: number, fn: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(Array.from({ length: n }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  }));
}

describe('an application of 5 000 exams', () => {
  it('is decided in bulk and item by item, confirmed and paid', async () => {
    const org = await testRegion(sql, 'Region Skala');
    const actor = { hsaId: `SE${org.replace('-', '')}-USR1`, orgNumber: org };
    const dossiers = await addPeople(sql, org, 5000);
    await inParallel(dossiers, 16, async (d) => {
      const r = await registerExam(deps, { dossierNumber: d, examDate: datePreviousQuarter(), actor });
      expect(r.ok).toBe(true);
    });
    const quarter = applicableQuarter();
    const wf = applicationWorkflowId(org, quarter);
    const firstRun = (await createApplication(deps, { quarter, actor })).ok && (await client.workflow.getHandle(wf).describe()).runId;
    await until(async () => {
      const s = await applicationStatus(deps, org, quarter);
      return s.ok ? s.value.state : null;
    }, (s) => s === 'Utkast', 240_000);
    const submitted = await until(() => submitApplication(deps, { quarter, actor }), (r) => r.ok || r.error.code !== 'STILL_PROCESSING', 120_000);
    expect(submitted.ok).toBe(true);
    await until(async () => (await applicationStatus(deps, org, quarter)).ok && (await applicationStatus(deps, org, quarter) as { value: { state: string } }).value.state,
      (s) => s === 'Inskickad', 60_000);

    const ids = (await sql`select i.examination_id from application_items i join applications a on a.id = i.application_id
      where a.workflow_id = ${wf} order by i.examination_id`).map((r) => Number(r.examination_id));
    expect(ids).toHaveLength(5000);
    // 2 500 refused in one action, with one reason.
    const refusedIds = ids.slice(0, 2500);
    const bulk = await decideItems(deps, { applicationWorkflowId: wf, examinationIds: refusedIds, outcome: 'Avslagen', reason: 'Journal saknas för urvalet.', actor: hanna });
    expect(bulk).toMatchObject({ ok: true });
    expect(bulk.ok && bulk.value.changed).toBe(2500);
    // More item decisions than one run takes: the review continues as a new run, nothing is lost.
    const oneByOne = ids.slice(2500, 2500 + UPDATES_PER_RUN + 50);
    await inParallel(oneByOne, 4, async (id) => {
      const r = await decideItem(deps, { applicationWorkflowId: wf, examinationId: id, outcome: 'Beviljad', actor: hanna });
      expect(r.ok).toBe(true);
    });
    // The rest by the proposal ("Godkänn förslaget").
    const rest = await decideItems(deps, { applicationWorkflowId: wf, examinationIds: ids.slice(2500 + oneByOne.length), outcome: 'Förslag', actor: hanna });
    expect(rest.ok).toBe(true);
    await until(async () => (await client.workflow.getHandle(wf).describe()).runId, (runId) => runId !== firstRun, 30_000);

    const decided = await until(() => confirmDecision(deps, { applicationWorkflowId: wf, actor: hanna, officerName: 'Hanna Handläggare' }),
      (r) => r.ok || r.error.code !== 'STILL_PROCESSING', 180_000);
    expect(decided.ok && decided.value.state).toBe('Beslutad');
    const [decision] = await sql`select d.total_amount_sek, d.payout_date, a.id from decisions d join applications a on a.id = d.application_id where a.workflow_id = ${wf}`;
    expect(decision!.total_amount_sek).toBe(2500 * 2175);
    const outcomes = await sql`select outcome, count(*)::int as n from application_items i join applications a on a.id = i.application_id
      where a.workflow_id = ${wf} group by outcome order by outcome`;
    expect(outcomes.map((o) => [o.outcome, o.n])).toEqual([['Avslagen', 2500], ['Beviljad', 2500]]);

    // The exams hear the decision in the background; pay once the last of them has.
    const granted = await sql`select e.workflow_id, e.run_id from application_items i join examinations e on e.id = i.examination_id
      join applications a on a.id = i.application_id where a.workflow_id = ${wf} and i.outcome = 'Beviljad' order by e.id desc limit 20`;
    await until(async () => (await Promise.all(granted.map((g) => client.workflow.getHandle(g.workflow_id as string, g.run_id as string)
      .query(examQuery)))).every((v) => v.state === 'Beviljad'), (ok) => ok, 120_000);
    // Payout as the timer makes it on the payout date (the dev server cannot skip time).
    const activities = createActivities({ sql, client, ruleSets: () => loadRuleSets() });
    await activities.recordPayout({ applicationId: Number(decision!.id), workflowId: wf, payoutDate: decision!.payout_date as string });
    await activities.notifyExams({ applicationId: Number(decision!.id), workflowId: wf, kind: 'paid', actor: 'system', payoutDate: decision!.payout_date as string });
    const states = await sql`select status, count(*)::int as n from examinations where region_org_number = ${org} group by status order by status`;
    expect(states.map((s) => [s.status, s.n])).toEqual([['Avslagen', 2500], ['Utbetald', 2500]]);
  }, 900_000);
});
