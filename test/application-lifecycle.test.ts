import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { lastBankingDayOfMonth } from '../domain/banking-days.js';
import {
  applicableQuarter, applicationStatus, confirmDecision, createApplication, decideItem, deadlineForQuarter, registerExam, removeItem,
  submitApplication, type ServiceDeps,
} from '../services/index.js';
import { applicationWorkflow } from '../workflows/application.js';
import { examinationWorkflow } from '../workflows/examination.js';
import { applicationWorkflowId, examQuery, submitUpdate, type ApplicationView } from '../contract/index.js';
import { addPeople, datePreviousQuarter, testRegion, today, until } from './lifecycle-support.js';
import { appSql, startWorker, temporalClient } from './support.js';
import { createActivities } from '../activities/index.js';
import { loadRuleSets } from '../rules/index.js';
import { recordHistory } from './histories.js';
import { examinationWorkflowId } from '../contract/index.js';

const sql = appSql();
const taskQueue = `test-app-${process.pid}`;
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

/** A region with `n` exams that can be applied for now. */
async function regionWithApplicableExams(name: string, n: number) {
  const region = await testRegion(sql, name);
  const actor = { hsaId: `SE${region.replace('-', '')}-USR1`, orgNumber: region };
  const dossiers = await addPeople(sql, region, n);
  for (const d of dossiers) {
    const r = await registerExam(deps, { dossierNumber: d, examDate: datePreviousQuarter(), actor });
    expect(r.ok && r.value.state).toBe('Ansökningsbar');
  }
  return { region, actor, dossiers };
}

async function draft(region: string, quarter = applicableQuarter()): Promise<ApplicationView> {
  return until(async () => {
    const s = await applicationStatus(deps, region, quarter);
    return s.ok ? s.value : null;
  }, (v) => v?.state === 'Utkast') as Promise<ApplicationView>;
}

const examStates = async (dossiers: string[]) =>
  (await sql`select status from examinations where dossier_number = any(${dossiers}) and status <> 'Borttagen' order by dossier_number`).map((r) => r.status);

describe('application lifecycle (real Temporal and PostgreSQL)', () => {
  it('is created, trimmed, submitted once from two clients, decided with one rejection, and waits for payout', async () => {
    const { region, actor, dossiers } = await regionWithApplicableExams('Region Ansökan', 3);
    const quarter = applicableQuarter();

    const created = await createApplication(deps, { quarter, actor });
    expect(created).toMatchObject({ ok: true, value: { deadline: deadlineForQuarter(quarter) } });
    const view = await draft(region);
    expect(view).toMatchObject({ itemCount: 3, totalAmountSek: 3 * 2175, progress: { total: 3, done: 3 } });
    expect(await examStates(dossiers)).toEqual(['I ansökan', 'I ansökan', 'I ansökan']);

    // Only one application per region and quarter.
    expect(await createApplication(deps, { quarter, actor })).toMatchObject({ ok: false, error: { code: 'APPLICATION_EXISTS' } });

    // Remove one item: its exam can be applied for again.
    const [removedExam] = await sql`select id from examinations where dossier_number = ${dossiers[2]!}`;
    const trimmed = await removeItem(deps, { quarter, examinationId: Number(removedExam!.id), actor });
    expect(trimmed.ok && trimmed.value.itemCount).toBe(2);
    expect(await examStates(dossiers)).toEqual(['I ansökan', 'I ansökan', 'Ansökningsbar']);

    // Two clients press "Skicka in" at the same time: one submission.
    const other = await temporalClient();
    const [a, b] = await Promise.all([
      submitApplication(deps, { quarter, actor }),
      submitApplication({ ...deps, client: other }, { quarter, actor }),
    ]);
    await other.connection.close();
    expect(a.ok && b.ok).toBe(true);
    const afterSubmit = a.ok ? a.value : null;
    expect(afterSubmit!.history.filter((h) => h.to === 'Inskickad')).toHaveLength(1);
    const [app] = await sql`select id, status, submitted_by from applications where workflow_id = ${applicationWorkflowId(region, quarter)}`;
    expect(app).toMatchObject({ status: 'Inskickad', submitted_by: actor.hsaId });
    expect(await examStates(dossiers)).toEqual(['Inskickad', 'Inskickad', 'Ansökningsbar']);
    const proposals = await sql`select proposal from application_items where application_id = ${app!.id}`;
    expect(proposals.every((p) => (p.proposal as { eligible: boolean }).eligible)).toBe(true);

    // The case officer rejects one item; a rejection needs a reason.
    const wf = applicationWorkflowId(region, quarter);
    const [first, second] = await sql`select e.id from examinations e where e.dossier_number = any(${dossiers.slice(0, 2)}) order by e.dossier_number`;
    expect(await decideItem(deps, { applicationWorkflowId: wf, examinationId: Number(second!.id), outcome: 'Avslagen', reason: '  ', actor: hanna }))
      .toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED', field: 'reason' } });
    expect((await decideItem(deps, { applicationWorkflowId: wf, examinationId: Number(second!.id), outcome: 'Avslagen', reason: 'Undersökningen gjordes inte enligt 3 §.', actor: hanna })).ok).toBe(true);
    expect((await decideItem(deps, { applicationWorkflowId: wf, examinationId: Number(first!.id), outcome: 'Beviljad', actor: hanna })).ok).toBe(true);
    const decided = await confirmDecision(deps, { applicationWorkflowId: wf, actor: hanna, officerName: 'Hanna Handläggare' });
    expect(decided.ok && decided.value).toMatchObject({ state: 'Beslutad', totalAmountSek: 2175 });
    expect(await examStates(dossiers)).toEqual(['Beviljad', 'Avslagen', 'Ansökningsbar']);

    // Payout on the last banking day of the decision month, by timer.
    const [y, m] = today().split('-').map(Number);
    const expectedPayout = lastBankingDayOfMonth(y!, m!) >= today() ? lastBankingDayOfMonth(y!, m!) : undefined;
    const [decision] = await sql`select payout_date, total_amount_sek, content from decisions where application_id = ${app!.id}`;
    if (expectedPayout) expect(decision!.payout_date).toBe(expectedPayout);
    expect(decision!.total_amount_sek).toBe(2175);
    const text = JSON.stringify(decision!.content);
    for (const heading of ['Beslutet grundar sig på', 'Övriga bestämmelser', 'Återbetalningsskyldighet', 'Undersökningen gjordes inte enligt 3 §.']) {
      expect(text).toContain(heading);
    }
    const history = await client.workflow.getHandle(wf).fetchHistory();
    const timer = history.events!.filter((e) => e.timerStartedEventAttributes).at(-1);
    expect(timer).toBeDefined();
    await recordHistory(wf, 'application-decided');

    // The payout step the timer runs on the payout date, called directly here (the dev server cannot
    // skip time; test/timers.test.ts lets the timer itself fire on the time-skipping test
    // server): granted exams become Utbetald, and their workflows end.
    const activities = createActivities({ sql, client, ruleSets: () => loadRuleSets() });
    // The exams hear about the decision in the background; pay once they have.
    await until(() => client.workflow.getHandle(examinationWorkflowId(dossiers[0]!)).query(examQuery), (v) => v.state === 'Beviljad');
    await activities.recordPayout({ applicationId: Number(app!.id), workflowId: wf, payoutDate: decision!.payout_date as string });
    await activities.notifyExams({ applicationId: Number(app!.id), workflowId: wf, kind: 'paid', actor: 'system', payoutDate: decision!.payout_date as string });
    expect(await examStates(dossiers)).toEqual(['Utbetald', 'Avslagen', 'Ansökningsbar']);
    const paidExam = await client.workflow.getHandle<typeof examinationWorkflow>(examinationWorkflowId(dossiers[0]!)).result();
    await recordHistory(examinationWorkflowId(dossiers[0]!), 'examination-decided');
    expect(paidExam.history.map((h) => h.to)).toEqual(['Rapporterad', 'Ansökningsbar', 'I ansökan', 'Inskickad', 'Beviljad', 'Utbetald']);
    const rejectedExam = await client.workflow.getHandle<typeof examinationWorkflow>(examinationWorkflowId(dossiers[1]!)).result();
    expect(rejectedExam.state).toBe('Avslagen');
    expect((await sql`select status from applications where id = ${app!.id}`)[0]!.status).toBe('Utbetald');
  }, 180_000);

  it('decides a clean application automatically when configured', async () => {
    const { region, actor, dossiers } = await regionWithApplicableExams('Region Automatik', 2);
    expect((await createApplication(deps, { quarter: applicableQuarter(), actor, autoDecide: true })).ok).toBe(true);
    await draft(region);
    const submitted = await submitApplication(deps, { quarter: applicableQuarter(), actor });
    expect(submitted.ok && submitted.value.state).toBe('Beslutad');
    expect(await examStates(dossiers)).toEqual(['Beviljad', 'Beviljad']);
    await recordHistory(applicationWorkflowId(region, applicableQuarter()), 'application-auto-decided');
  });

  it('refuses a submission after the deadline (APPLICATION_LATE); the draft lapses and so do its exams', async () => {
    const { region, actor, dossiers } = await regionWithApplicableExams('Region Sen', 1);
    const quarter = applicableQuarter();
    // An application whose deadline was yesterday (created by the workflow API, as a late draft).
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await client.workflow.start(applicationWorkflow, {
      taskQueue, workflowId: applicationWorkflowId(region, quarter),
      args: [{ regionOrgNumber: region, quarter, deadline: yesterday, createdBy: actor.hsaId }],
    });
    await draft(region);
    const late = await submitApplication(deps, { quarter, actor });
    expect(late).toMatchObject({ ok: false, error: { code: 'APPLICATION_LATE' } });
    // A draft past its deadline ends as Förfallen, and its exams with it; nothing is left waiting.
    const wf = applicationWorkflowId(region, quarter);
    const ended = await client.workflow.getHandle<typeof applicationWorkflow>(wf).result();
    expect(ended.state).toBe('Förfallen');
    expect((await sql`select status from applications where workflow_id = ${wf}`)[0]!.status).toBe('Förfallen');
    const exam = await client.workflow.getHandle<typeof examinationWorkflow>(examinationWorkflowId(dossiers[0]!)).result();
    expect(exam.state).toBe('Förfallen');
    expect(await examStates(dossiers)).toEqual(['Förfallen']);
    expect(await submitApplication(deps, { quarter, actor })).toMatchObject({ ok: false, error: { code: 'APPLICATION_LATE' } });
  });

  it('refuses an application for the current quarter and for one whose deadline has passed', async () => {
    const region = await testRegion(sql, 'Region Tidig');
    const actor = { hsaId: 'SE2321009999-USR1', orgNumber: region };
    const current = `${today().slice(0, 4)}-Q${Math.floor((Number(today().slice(5, 7)) - 1) / 3) + 1}`;
    expect(await createApplication(deps, { quarter: current, actor })).toMatchObject({ ok: false, error: { code: 'APPLICATION_TOO_EARLY', field: 'quarter' } });
    expect(await createApplication(deps, { quarter: '2020-Q1', actor })).toMatchObject({ ok: false, error: { code: 'DEADLINE_PASSED' } });
    expect(await createApplication(deps, { quarter: 'nästa', actor })).toMatchObject({ ok: false, error: { code: 'INVALID_QUARTER' } });
  });

  it('refuses a submission from another region', async () => {
    const { region, actor } = await regionWithApplicableExams('Region Egen', 1);
    await createApplication(deps, { quarter: applicableQuarter(), actor });
    await draft(region);
    const intruder = { hsaId: 'SE2321000131-USR1', orgNumber: '232100-0131' };
    const h = client.workflow.getHandle(applicationWorkflowId(region, applicableQuarter()));
    await expect(h.executeUpdate(submitUpdate, { args: [{ actor: intruder }] })).rejects.toThrow();
    expect((await draft(region)).state).toBe('Utkast');
  });
});
