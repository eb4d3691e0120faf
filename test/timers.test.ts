/**
 * The timers, for real, on Temporal's time-skipping test server (Java, from Maven Central;
 * scripts/setup.sh fetches it): a decided application waits until the last banking day of the
 * decision month, then pays, and the granted exams become Utbetald; a reported exam becomes
 * Ansökningsbar when its quarter ends and Förfallen the day after its application deadline. The
 * dev server used elsewhere cannot move its clock, so these are the tests on the test server.
 *
 * That server does not support update-with-start, so the exams are registered here with a start
 * and then the same report update the service sends; everything after goes through the services.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { lastBankingDayOfMonth } from '../domain/banking-days.js';
import { addDays, applicationWindow, firstDayOfNextQuarter, formatQuarter, quarterOf } from '../domain/quarters.js';
import { msUntilStockholmDate, stockholmDate } from '../domain/stockholm-time.js';
import { SEARCH_ATTRIBUTES } from '../scripts/services.js';
import { createWorker } from '../scripts/worker.js';
import {
  applicableQuarter, applicationStatus, confirmDecision, createApplication, decideItem, submitApplication, type ServiceDeps,
} from '../services/index.js';
import { applicationWorkflow } from '../workflows/application.js';
import { examinationWorkflow, INVITATION_DAYS } from '../workflows/examination.js';
import {
  applicationWorkflowId, examinationWorkflowId, inviteUpdate, QuarterKey, RegionKey, reportUpdate, StateKey, type Actor, type ExamState,
} from '../contract/index.js';
import { addPeople, datePreviousQuarter, testRegion, until } from './lifecycle-support.js';
import { appSql } from './support.js';

const sql = appSql();
const taskQueue = `test-payout-${process.pid}`;
const hanna = { hsaId: 'SE2021002163-HL1', orgNumber: '202100-2163' };
let env: TestWorkflowEnvironment;
let deps: ServiceDeps;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: fileURLToPath(new URL('../scripts/temporal-test-server/run.sh', import.meta.url)) } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default', searchAttributes: Object.fromEntries(Object.keys(SEARCH_ATTRIBUTES).map((k) => [k, 2 /* KEYWORD */])),
  });
  const { worker, connection } = await createWorker({ address: env.address, sql, taskQueue });
  const running = worker.run();
  stopWorker = async () => {
    worker.shutdown();
    await running;
    await connection.close();
  };
  deps = { client: env.client, sql, taskQueue };
}, 60_000);
afterAll(async () => {
  await stopWorker?.();
  await env?.teardown();
  await sql.end();
});

/** Registers an exam as registerExam does, in two calls instead of update-with-start. */
async function report(dossierNumber: string, regionOrgNumber: string, examDate: string, actor: Actor, expected: ExamState = 'Ansökningsbar') {
  const handle = await env.client.workflow.start(examinationWorkflow, {
    taskQueue, workflowId: examinationWorkflowId(dossierNumber), args: [{ dossierNumber, regionOrgNumber }],
    typedSearchAttributes: [{ key: RegionKey, value: regionOrgNumber }, { key: StateKey, value: expected }, { key: QuarterKey, value: formatQuarter(quarterOf(examDate)) }],
  });
  return handle.executeUpdate(reportUpdate, { args: [{ examDate, actor }] });
}

const examStates = async (dossiers: string[]) =>
  (await sql`select status from examinations where dossier_number = any(${dossiers}) order by dossier_number`).map((r) => r.status);

describe('timers (Temporal time-skipping test server)', () => {
  it('waits for the last banking day of the decision month, then pays: granted exams become Utbetald', async () => {
    const region = await testRegion(sql, 'Region Utbetalning');
    const actor = { hsaId: `SE${region.replace('-', '')}-USR1`, orgNumber: region };
    const dossiers = await addPeople(sql, region, 2);
    for (const d of dossiers) expect((await report(d, region, datePreviousQuarter(), actor)).state).toBe('Ansökningsbar');

    const quarter = applicableQuarter();
    expect((await createApplication(deps, { quarter, actor })).ok).toBe(true);
    await until(async () => {
      const s = await applicationStatus(deps, region, quarter);
      return s.ok ? s.value.state : null;
    }, (state) => state === 'Utkast');
    expect((await submitApplication(deps, { quarter, actor })).ok).toBe(true);

    const wf = applicationWorkflowId(region, quarter);
    const exams = await sql`select id from examinations where dossier_number = any(${dossiers}) order by dossier_number`;
    expect((await decideItem(deps, { applicationWorkflowId: wf, examinationId: Number(exams[0]!.id), outcome: 'Beviljad', actor: hanna })).ok).toBe(true);
    expect((await decideItem(deps, { applicationWorkflowId: wf, examinationId: Number(exams[1]!.id), outcome: 'Avslagen', reason: 'Ingen hälsoundersökning enligt 3 §.', actor: hanna })).ok).toBe(true);
    const decided = await confirmDecision(deps, { applicationWorkflowId: wf, actor: hanna, officerName: 'Hanna Handläggare' });
    expect(decided.ok && decided.value.state).toBe('Beslutad');

    // The payout date is the last banking day of the month of the decision (the server's today).
    const decisionDay = stockholmDate(await env.currentTimeMs());
    const [y, m] = decisionDay.split('-').map(Number);
    const payoutDate = decided.ok ? decided.value.payoutDate! : '';
    // (After the month's last banking day, e.g. on a closing weekend, it is next month's.)
    const expected = lastBankingDayOfMonth(y!, m!) >= decisionDay ? lastBankingDayOfMonth(y!, m!) : lastBankingDayOfMonth(m === 12 ? y! + 1 : y!, m === 12 ? 1 : m! + 1);
    expect(payoutDate).toBe(expected);
    // Nothing is paid before the timer fires.
    await until(() => examStates(dossiers), (s) => s[0] === 'Beviljad');
    expect(await examStates(dossiers)).toEqual(['Beviljad', 'Avslagen']);
    expect((await sql`select status from applications where workflow_id = ${wf}`)[0]!.status).toBe('Beslutad');

    // Waiting for the application's result lets the test server skip time to the payout date.
    const paid = await env.client.workflow.getHandle<typeof applicationWorkflow>(wf).result();
    expect(paid.state).toBe('Utbetald');
    expect(paid.history.at(-1)).toMatchObject({ to: 'Utbetald', actor: 'system', cause: `Utbetalning ${payoutDate}` });
    expect(stockholmDate(Date.parse(paid.history.at(-1)!.at))).toBe(payoutDate);
    expect(stockholmDate(await env.currentTimeMs()) >= payoutDate).toBe(true);

    const grantedExam = await env.client.workflow.getHandle<typeof examinationWorkflow>(examinationWorkflowId(dossiers[0]!)).result();
    expect(grantedExam.history.map((h) => h.to)).toEqual(['Rapporterad', 'Ansökningsbar', 'I ansökan', 'Inskickad', 'Beviljad', 'Utbetald']);
    expect(grantedExam.history.at(-1)!.cause).toBe(`Utbetalt ${payoutDate}`);
    expect(await examStates(dossiers)).toEqual(['Utbetald', 'Avslagen']);
    const [row] = await sql`select a.status, d.payout_date from applications a join decisions d on d.application_id = a.id where a.workflow_id = ${wf}`;
    expect(row).toMatchObject({ status: 'Utbetald', payout_date: payoutDate });
  }, 180_000);

  it('an exam reported this quarter becomes Ansökningsbar when the quarter ends, and Förfallen after the deadline', async () => {
    const region = await testRegion(sql, 'Region Kvartalsskifte');
    const actor = { hsaId: `SE${region.replace('-', '')}-USR1`, orgNumber: region };
    const [dossier] = await addPeople(sql, region, 1);
    const examDate = stockholmDate(await env.currentTimeMs());
    expect((await report(dossier!, region, examDate, actor, 'Rapporterad')).state).toBe('Rapporterad');
    const status = async () => (await sql`select status from examinations where dossier_number = ${dossier!}`)[0]!.status as string;

    const opens = firstDayOfNextQuarter(examDate);
    await env.sleep(msUntilStockholmDate(await env.currentTimeMs(), opens) - 60_000);
    expect(await status()).toBe('Rapporterad'); // a minute before the quarter ends
    await env.sleep(2 * 60_000);
    expect(await until(status, (s) => s === 'Ansökningsbar')).toBe('Ansökningsbar');

    const { deadline } = applicationWindow(examDate);
    await env.sleep(msUntilStockholmDate(await env.currentTimeMs(), deadline) + 12 * 3600_000);
    expect(await status()).toBe('Ansökningsbar'); // the deadline day itself still counts
    const lapsed = await env.client.workflow.getHandle<typeof examinationWorkflow>(examinationWorkflowId(dossier!)).result();
    expect(lapsed.state).toBe('Förfallen');
    expect(lapsed.history.map((h) => [h.to, h.actor])).toEqual([['Rapporterad', actor.hsaId], ['Ansökningsbar', 'system'], ['Förfallen', 'system']]);
    expect(stockholmDate(Date.parse(lapsed.history.at(-1)!.at))).toBe(addDays(deadline, 1));
    expect(await status()).toBe('Förfallen');
  }, 180_000);

  it('an invitation never followed by a report ends as Förfallen the day after 365 days, and its date is kept', async () => {
    const region = await testRegion(sql, 'Region Kallelse');
    const actor = { hsaId: `SE${region.replace('-', '')}-USR1`, orgNumber: region };
    const [dossier] = await addPeople(sql, region, 1);
    const invitedDate = stockholmDate(await env.currentTimeMs());
    const handle = await env.client.workflow.start(examinationWorkflow, {
      taskQueue, workflowId: examinationWorkflowId(dossier!), args: [{ dossierNumber: dossier!, regionOrgNumber: region }],
      typedSearchAttributes: [{ key: RegionKey, value: region }, { key: StateKey, value: 'Kallad' }],
    });
    expect((await handle.executeUpdate(inviteUpdate, { args: [{ invitedDate, actor }] })).state).toBe('Kallad');
    const row = async () => (await sql`select status, invited_date from examinations where dossier_number = ${dossier!}`)[0]!;

    // Still invited on the 365th day after the invitation …
    const lastDay = addDays(invitedDate, INVITATION_DAYS);
    await env.sleep(msUntilStockholmDate(await env.currentTimeMs(), lastDay) + 12 * 3600_000);
    expect((await row()).status).toBe('Kallad');
    // … and ended the day after, with the invitation date still recorded.
    const ended = await handle.result();
    expect(ended.state).toBe('Förfallen');
    expect(ended.history.map((h) => [h.to, h.actor])).toEqual([['Kallad', actor.hsaId], ['Förfallen', 'system']]);
    expect(stockholmDate(Date.parse(ended.history.at(-1)!.at))).toBe(addDays(lastDay, 1));
    const stored = await until(row, (r) => r.status === 'Förfallen');
    expect(stored.status).toBe('Förfallen');
    expect(String(stored.invited_date instanceof Date ? stockholmDate(stored.invited_date.getTime()) : stored.invited_date)).toBe(invitedDate);
  }, 180_000);
});
