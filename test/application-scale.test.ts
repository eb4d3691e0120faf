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
import { applicationWorkflowId, examQuery } from '../contract/index.js';
import { addPeople, datePreviousQuarter, inParallel, testRegion, until } from './lifecycle-support.js';
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


describe('an application of 5 000 exams', () => {
  it('is decided in bulk and item by item, confirmed and paid', async () => {
    const org = await testRegion(sql, 'Region Skala');
    const actor = { hsaId: `SE${org.replace('-', '')}-USR1`, orgNumber: org };
    const dossiers = await addPeople(sql, org, 5000);
    // A registration that outlasts the web tier's wait is finished by its workflow; the rows say when.
    const refusedRegistrations: string[] = [];
    await inParallel(dossiers, 16, async (d) => {
      const r = await registerExam(deps, { dossierNumber: d, examDate: datePreviousQuarter(), actor });
      if (!r.ok && r.error.code !== 'STILL_PROCESSING') refusedRegistrations.push(`${r.error.code}: ${r.error.message}`);
    });
    expect(refusedRegistrations).toEqual([]);
    await until(async () => (await sql`select count(*)::int as n from examinations where region_org_number = ${org} and status = 'Ansökningsbar'`)[0]!.n,
      (n) => n === 5000, 120_000);
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
    // Answered, or (on a busy machine) "still being processed" after the web tier's wait: the officer reloads.
    if (bulk.ok) expect(bulk.value.changed).toBe(2500);
    else expect(bulk.error.code).toBe('STILL_PROCESSING');
    const refusedStored = await until(async () => (await sql`select count(*)::int as n from application_items i join applications a on a.id = i.application_id
      where a.workflow_id = ${wf} and i.outcome = 'Avslagen' and i.outcome_reason = 'Journal saknas för urvalet.'`)[0]!.n, (n) => n === 2500, 120_000);
    expect(refusedStored).toBe(2500);
    console.log(`bulk refusal of 2 500 items: ${bulk.ok ? 'answered' : bulk.error.code}`);
    // More item decisions than one run takes: the review continues as a new run, nothing is lost.
    const oneByOne = ids.slice(2500, 2500 + UPDATES_PER_RUN + 50);
    // An officer told "still being processed" reloads the page to see the decision; one told
    // "try again" (not done, busy, service unreachable) waits a moment and tries again.
    const tryAgain = ['STILL_PROCESSING', 'NOT_DONE', 'UNAVAILABLE', 'BUSY'];
    const answers: string[] = [];
    const outcomeOf = async (id: number) => (await sql`select i.outcome from application_items i join applications a on a.id = i.application_id
      where a.workflow_id = ${wf} and i.examination_id = ${id}`)[0]?.outcome as string | null;
    await inParallel(oneByOne, 4, async (id) => {
      for (;;) {
        const r = await decideItem(deps, { applicationWorkflowId: wf, examinationId: id, outcome: 'Beviljad', actor: hanna });
        answers.push(r.ok ? 'ok' : r.error.code);
        if (r.ok || !tryAgain.includes(r.error.code)) break;
        if (r.error.code === 'STILL_PROCESSING') {
          const seen = await until(() => outcomeOf(id), (o) => o === 'Beviljad', 60_000).catch(() => null);
          if (seen) break;
        } else {
          await new Promise((res) => setTimeout(res, 1000));
        }
      }
    });
    expect(answers.filter((a) => a !== 'ok' && !tryAgain.includes(a))).toEqual([]);
    console.log(`single decisions: ${oneByOne.length} items, ${answers.length} answers (${answers.filter((a) => a !== 'ok').join(', ') || 'all ok at once'})`);
    // The rest by the proposal ("Godkänn förslaget").
    const rest = await decideItems(deps, { applicationWorkflowId: wf, examinationIds: ids.slice(2500 + oneByOne.length), outcome: 'Förslag', actor: hanna });
    if (!rest.ok) expect(rest.error.code).toBe('STILL_PROCESSING');
    await until(async () => (await sql`select count(*)::int as n from application_items i join applications a on a.id = i.application_id
      where a.workflow_id = ${wf} and i.outcome is null`)[0]!.n, (n) => n === 0, 120_000);
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
    // A worker busy with 10 000 signals may answer a query late: ask again.
    await until(() => Promise.all(granted.map((g) => client.workflow.getHandle(g.workflow_id as string, g.run_id as string).query(examQuery)))
      .then((views) => views.every((v) => v.state === 'Beviljad'), () => false), (ok) => ok, 180_000);
    // Payout as the timer makes it on the payout date (the dev server cannot skip time).
    const activities = createActivities({ sql, client, ruleSets: () => loadRuleSets() });
    await activities.recordPayout({ applicationId: Number(decision!.id), workflowId: wf, payoutDate: decision!.payout_date as string });
    await activities.notifyExams({ applicationId: Number(decision!.id), workflowId: wf, kind: 'paid', actor: 'system', payoutDate: decision!.payout_date as string });
    const states = await sql`select status, count(*)::int as n from examinations where region_org_number = ${org} group by status order by status`;
    expect(states.map((s) => [s.status, s.n])).toEqual([['Avslagen', 2500], ['Utbetald', 2500]]);
  }, 900_000);
});
