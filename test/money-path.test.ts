/**
 * The money path under concurrency, faults and time (issue 11): each defect the review found has
 * a test here that failed before its fix. Real Temporal dev server and PostgreSQL.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowUpdateStage, type Client } from '@temporalio/client';
import { importFeedStream } from '../activities/feed-import.js';
import { ENDED_UNCOMPENSATED } from '../domain/exam-states.js';
import type { PersonRecord } from '../domain/person.js';
import {
  addItems, applicableQuarter, applicationStatus, deadlineForQuarter, confirmDecision, createApplication, decideItem, decideItems, deleteExam, recordInvitation, registerExam,
  removeItem, submitApplication, type ServiceDeps,
} from '../services/index.js';
import { STILL_PROCESSING } from '../services/temporal-errors.js';
import { applicationWorkflow } from '../workflows/application.js';
import { recordHistory } from './histories.js';
import {
  applicationWorkflowId, confirmDecisionUpdate, decideItemUpdate, deleteUpdate, examinationWorkflowId, examQuery, reportUpdate, type ApplicationView,
} from '../contract/index.js';
import { addDays } from '../domain/quarters.js';
import { addPeople, datePreviousQuarter, testRegion, today, until } from './lifecycle-support.js';
import { adminSql, appSql, startWorker, temporalClient } from './support.js';

const sql = appSql();
const admin = adminSql();
const taskQueue = `test-money-${process.pid}`;
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
  await admin.end();
});

async function region(name: string) {
  const org = await testRegion(sql, name);
  return { org, actor: { hsaId: `SE${org.replace('-', '')}-USR1`, orgNumber: org } };
}

async function applicable(org: string, actor: { hsaId: string; orgNumber: string }, n: number, overrides: Partial<PersonRecord> = {}) {
  const dossiers = await addPeople(sql, org, n, overrides);
  for (const d of dossiers) {
    const r = await registerExam(deps, { dossierNumber: d, examDate: datePreviousQuarter(), actor });
    expect(r.ok && r.value.state).toBe('Ansökningsbar');
  }
  return dossiers;
}

async function draft(org: string): Promise<ApplicationView> {
  return until(async () => {
    const s = await applicationStatus(deps, org, applicableQuarter());
    return s.ok ? s.value : null;
  }, (v) => v?.state === 'Utkast', 120_000) as Promise<ApplicationView>;
}

const examState = async (dossier: string) => (await client.workflow.getHandle(examinationWorkflowId(dossier)).query(examQuery)).state;
const examId = async (dossier: string) => Number((await sql`select id from examinations where dossier_number = ${dossier} order by id desc limit 1`)[0]!.id);

async function move(dossier: string, toRegion: string) {
  const [row] = await sql`select record from persons where dossier_number = ${dossier}`;
  const record = { ...(row!.record as PersonRecord), regionOrgNumber: toRegion };
  await importFeedStream(sql, Readable.from([`${JSON.stringify(record)}\n`]), { source: 'test-move' });
}

describe('the rule and the database agree on which exams count', () => {
  it('the one-live-exam-per-person index leaves out exactly the exams that ended without compensation', async () => {
    const [index] = await admin`select pg_get_indexdef(indexrelid) as def from pg_index where indexrelid = 'examinations_one_live_per_person'::regclass`;
    const listed = [...String(index!.def).matchAll(/'([^']+)'::text/g)].map((m) => m[1]).sort();
    expect(listed).toEqual([...ENDED_UNCOMPENSATED].sort());
  });

  it('a grant of 0 kr cannot be stored', async () => {
    await expect(admin`select 1 from application_items where false`).resolves.toBeDefined();
    const [check] = await admin`select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'application_items_granted_amount_check'`;
    expect(String(check?.def)).toContain('amount_sek > 0');
  });
});

describe('the money path (real Temporal and PostgreSQL)', () => {
  it('registers a person again after their exam was refused (Avslagen), without hanging', async () => {
    const { org, actor } = await region('Region Omprövning');
    const [dossier] = await applicable(org, actor, 1);
    expect((await createApplication(deps, { quarter: applicableQuarter(), actor })).ok).toBe(true);
    await draft(org);
    expect((await submitApplication(deps, { quarter: applicableQuarter(), actor })).ok).toBe(true);
    const wf = applicationWorkflowId(org, applicableQuarter());
    const id = await examId(dossier!);
    expect((await decideItem(deps, { applicationWorkflowId: wf, examinationId: id, outcome: 'Avslagen', reason: 'Journalen saknas.', actor: hanna })).ok).toBe(true);
    expect((await confirmDecision(deps, { applicationWorkflowId: wf, actor: hanna, officerName: 'Hanna Handläggare' })).ok).toBe(true);
    await until(() => examState(dossier!), (s) => s === 'Avslagen');

    // The refused exam was not compensated: a new report is allowed, and it is stored.
    const again = await registerExam(deps, { dossierNumber: dossier!, examDate: addDays(datePreviousQuarter(), 5), actor });
    expect(again).toMatchObject({ ok: true, value: { state: 'Ansökningsbar' } });
    const rows = await sql`select status from examinations where dossier_number = ${dossier!} order by id`;
    expect(rows.map((r) => r.status)).toEqual(['Avslagen', 'Ansökningsbar']);
  }, 120_000);

  it('refuses an impossible date sent straight to the workflow (INVALID_DATE), and the person can still be registered', async () => {
    const { org, actor } = await region('Region Kalender');
    const [dossier] = await addPeople(sql, org, 1);
    const wf = await client.workflow.start('examinationWorkflow', { taskQueue, workflowId: examinationWorkflowId(dossier!), args: [{ dossierNumber: dossier!, regionOrgNumber: org }] });
    const refused = await client.withDeadline(Date.now() + 20_000, () => wf.executeUpdate(reportUpdate, { args: [{ examDate: '2026-02-31', actor }] })).catch((e: unknown) => e);
    expect(JSON.stringify((refused as { cause?: { details?: unknown } }).cause?.details)).toContain('INVALID_DATE');
    const ok = await registerExam(deps, { dossierNumber: dossier!, examDate: datePreviousQuarter(), actor });
    expect(ok.ok && ok.value.state).toBe('Ansökningsbar');
  }, 60_000);

  it('a deletion accepted while a report is evaluated is not overwritten by the report', async () => {
    const { org, actor } = await region('Region Ordning');
    const [dossier] = await addPeople(sql, org, 1);
    expect((await recordInvitation(deps, { dossierNumber: dossier!, invitedDate: addDays(today(), -30), actor })).ok).toBe(true);
    // Hold the report's write back for longer than a workflow task, so that the deletion reaches
    // the workflow while the report is still being evaluated.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const locked = admin.begin(async (tx) => {
      await tx`lock table rule_evaluations in exclusive mode`;
      await held;
    });
    await new Promise((r) => setTimeout(r, 200));
    const report = registerExam(deps, { dossierNumber: dossier!, examDate: datePreviousQuarter(), actor });
    await new Promise((r) => setTimeout(r, 1000));
    // Straight to the workflow, without the web tier's deadline: the deletion waits for the workflow.
    const started = Date.now();
    const deleting = client.workflow.getHandle(examinationWorkflowId(dossier!)).executeUpdate(deleteUpdate, { args: [{ actor }] })
      .then(() => ({ ok: true as const, at: Date.now() - started }), (e: unknown) => ({ ok: false as const, at: Date.now() - started, error: { code: JSON.stringify((e as { cause?: { details?: unknown } }).cause?.details) } }));
    await new Promise((r) => setTimeout(r, 20_000));
    release();
    await locked;
    const deletion = await deleting;
    console.log('deletion', deletion);
    await report;
    await until(() => client.workflow.getHandle(examinationWorkflowId(dossier!)).query(examQuery), (v) => v.history.length > 1);
    const state = await examState(dossier!);
    // The user is never told of a deletion that did not happen.
    if (deletion.ok) expect(state).toBe('Borttagen');
    else expect(deletion.error.code).toContain('REPORT_IN_PROGRESS');
    const [row] = await sql`select status from examinations where dossier_number = ${dossier!} order by id desc limit 1`;
    expect(row!.status).toBe(state);
  }, 60_000);

  it('keeps the invitation date when an exam is deleted and registered again with another date', async () => {
    const { org, actor } = await region('Region Kallelse');
    const [dossier] = await addPeople(sql, org, 1);
    const invited = addDays(datePreviousQuarter(), -3);
    expect((await recordInvitation(deps, { dossierNumber: dossier!, invitedDate: invited, actor })).ok).toBe(true);
    expect((await registerExam(deps, { dossierNumber: dossier!, examDate: datePreviousQuarter(), actor })).ok).toBe(true);
    expect((await deleteExam(deps, { dossierNumber: dossier!, actor })).ok).toBe(true);
    const again = await registerExam(deps, { dossierNumber: dossier!, examDate: addDays(datePreviousQuarter(), 2), actor });
    expect(again.ok && again.value.invitedDate).toBe(invited);
    const [row] = await sql`select to_char(invited_date, 'YYYY-MM-DD') as invited from examinations where dossier_number = ${dossier!} order by id desc limit 1`;
    expect(row!.invited).toBe(invited);
  }, 60_000);

  it('more officers acting at once than Temporal admits are told to try again, never given an error page; the rest are done', async () => {
    const { org, actor } = await region('Region Trängsel');
    const dossiers = await applicable(org, actor, 14);
    const quarter = applicableQuarter();
    await createApplication(deps, { quarter, actor });
    await draft(org);
    expect((await submitApplication(deps, { quarter, actor })).ok).toBe(true);
    const wf = applicationWorkflowId(org, quarter);
    const ids = await Promise.all(dossiers.map(examId));
    // The first decision is held in the database, so every other one queues in the workflow.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holding = sql.begin(async (tx) => {
      await tx`select 1 from application_items i join applications a on a.id = i.application_id where a.workflow_id = ${wf} for update of i`;
      locked();
      await released;
    });
    await isLocked;
    const answers = await Promise.all(ids.map((examinationId) =>
      decideItem(deps, { applicationWorkflowId: wf, examinationId, outcome: 'Beviljad', actor: hanna }).catch((err: Error) => ({ thrown: err.message }))));
    release();
    await holding;
    const codes = answers.map((a) => ('thrown' in a ? `thrown: ${a.thrown}` : a.ok ? 'ok' : a.error.code));
    expect(codes.filter((c) => c.startsWith('thrown'))).toEqual([]);
    expect(codes).toContain('BUSY');
    const busy = answers.find((a) => !('thrown' in a) && !a.ok && a.error.code === 'BUSY') as { error: { message: string } };
    expect(busy.error.message).toMatch(/inget har ändrats\. Vänta en liten stund och försök igen\./);
    // What was admitted is done once the database lets go; a refused officer's retry goes through.
    const admitted = ids.filter((_, i) => codes[i] !== 'BUSY');
    await until(async () => (await sql`select count(*)::int as n from application_items where examination_id = any(${admitted}) and outcome = 'Beviljad'`)[0]!.n,
      (n) => n === admitted.length, 60_000);
    const retried = ids[codes.indexOf('BUSY')]!;
    expect((await decideItem(deps, { applicationWorkflowId: wf, examinationId: retried, outcome: 'Beviljad', actor: hanna })).ok).toBe(true);
  }, 180_000);

  it('decisions that arrive while the review continues as a new run are taken by the new run, not refused', async () => {
    const { org, actor } = await region('Region Ny körning');
    const dossiers = await applicable(org, actor, 12);
    const quarter = applicableQuarter();
    const wf = applicationWorkflowId(org, quarter);
    // As createApplication starts it, with a run that continues as new after every two actions.
    await client.workflow.start(applicationWorkflow, {
      workflowId: wf, taskQueue,
      args: [{ regionOrgNumber: org, quarter, deadline: deadlineForQuarter(quarter), createdBy: actor.hsaId, updatesPerRun: 2 }],
    });
    await draft(org);
    expect((await submitApplication(deps, { quarter, actor })).ok).toBe(true);
    const firstRun = (await client.workflow.getHandle(wf).describe()).runId;
    const ids = await Promise.all(dossiers.map(examId));
    // Six decisions at once keep the run busy (it rolls over only between actions, once all have
    // finished); the next decision, sent as soon as they are answered, reaches the new run first.
    const decide = async (examinationId: number) => {
      const r = await decideItem(deps, { applicationWorkflowId: wf, examinationId, outcome: 'Beviljad', actor: hanna });
      return r.ok ? 'ok' : r.error.code;
    };
    const answers = await Promise.all(ids.slice(0, 6).map(decide));
    for (const id of ids.slice(6)) answers.push(await decide(id));
    expect(answers.filter((a) => !['ok', 'STILL_PROCESSING', 'BUSY'].includes(a))).toEqual([]);
    expect((await client.workflow.getHandle(wf).describe()).runId).not.toBe(firstRun);
    for (const [i, id] of ids.entries()) {
      if (answers[i] === 'BUSY') expect((await decideItem(deps, { applicationWorkflowId: wf, examinationId: id, outcome: 'Beviljad', actor: hanna })).ok).toBe(true);
    }
    await until(async () => (await sql`select count(*)::int as n from application_items where examination_id = any(${ids}) and outcome = 'Beviljad'`)[0]!.n,
      (n) => n === ids.length, 60_000);
    const decided = await confirmDecision(deps, { applicationWorkflowId: wf, actor: hanna, officerName: 'Hanna Handläggare' });
    expect(decided.ok && decided.value.totalAmountSek).toBe(12 * 2175);
    await recordHistory(wf, 'application-review-continued-as-new', firstRun);
  }, 180_000);

  it('"Godkänn förslaget för alla ej beslutade" keeps the decisions an officer has made', async () => {
    const { org, actor } = await region('Region Ej beslutade');
    const dossiers = await applicable(org, actor, 3);
    const quarter = applicableQuarter();
    await createApplication(deps, { quarter, actor });
    await draft(org);
    expect((await submitApplication(deps, { quarter, actor })).ok).toBe(true);
    const wf = applicationWorkflowId(org, quarter);
    const refusedId = await examId(dossiers[0]!);
    const reason = 'Journalen visar att undersökningen inte genomfördes.';
    expect((await decideItem(deps, { applicationWorkflowId: wf, examinationId: refusedId, outcome: 'Avslagen', reason, actor: hanna })).ok).toBe(true);
    const bulk = await decideItems(deps, { applicationWorkflowId: wf, examinationIds: 'all', outcome: 'Förslag', onlyUndecided: true, actor: hanna });
    expect(bulk.ok && bulk.value.changed).toBe(2);
    const outcomes = await sql`select i.examination_id, i.outcome, i.outcome_reason from application_items i join applications a on a.id = i.application_id
      where a.workflow_id = ${wf} order by i.examination_id`;
    expect(outcomes.map((o) => [Number(o.examination_id) === refusedId, o.outcome, o.outcome_reason]).sort())
      .toEqual([[false, 'Beviljad', null], [false, 'Beviljad', null], [true, 'Avslagen', reason]]);
    const decided = await confirmDecision(deps, { applicationWorkflowId: wf, actor: hanna, officerName: 'Hanna Handläggare' });
    expect(decided.ok && decided.value.totalAmountSek).toBe(2 * 2175);
  }, 120_000);

  it('refuses an item decision queued behind the confirmation of the decision', async () => {
    const { org, actor } = await region('Region Köordning');
    const dossiers = await applicable(org, actor, 2);
    await createApplication(deps, { quarter: applicableQuarter(), actor });
    await draft(org);
    expect((await submitApplication(deps, { quarter: applicableQuarter(), actor })).ok).toBe(true);
    const wf = applicationWorkflowId(org, applicableQuarter());
    const h = client.workflow.getHandle(wf);
    const confirm = await h.startUpdate(confirmDecisionUpdate, { args: [{ actor: hanna, officerName: 'Hanna Handläggare' }], waitForStage: WorkflowUpdateStage.ACCEPTED });
    const late = await h.executeUpdate(decideItemUpdate, { args: [{ examinationId: await examId(dossiers[0]!), outcome: 'Avslagen', reason: 'För sent', actor: hanna }] })
      .then(() => null, (e: unknown) => e);
    await confirm.result();
    expect(JSON.stringify((late as { cause?: { details?: unknown } } | null)?.cause?.details)).toContain('NOT_UNDER_REVIEW');
    const items = await sql`select outcome from application_items i join applications a on a.id = i.application_id where a.workflow_id = ${wf}`;
    expect(items.map((i) => i.outcome)).toEqual(['Beviljad', 'Beviljad']);
  }, 120_000);

  it('an item removed right after the draft is made stays out (removal is not overtaken by inclusion)', async () => {
    const { org, actor } = await region('Region Snabbhand');
    const dossiers = await applicable(org, actor, 150);
    await createApplication(deps, { quarter: applicableQuarter(), actor });
    await draft(org);
    // The exams told last (highest ids), removed as soon as the draft exists.
    const removed = dossiers.slice(-5);
    for (const d of removed) expect((await removeItem(deps, { quarter: applicableQuarter(), examinationId: await examId(d), actor })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 3000)); // give any late "included" time to arrive
    for (const d of removed) expect(await examState(d)).toBe('Ansökningsbar');
    for (const d of dossiers.slice(0, 10)) expect(await examState(d)).toBe('I ansökan');
  }, 120_000);

  it('a draft is brought up to date: an item removed right after the draft is made, and an exam registered since, are added back and submitted', async () => {
    const { org, actor } = await region('Region Uppdatera');
    const dossiers = await applicable(org, actor, 150);
    const quarter = applicableQuarter();
    await createApplication(deps, { quarter, actor });
    await draft(org);
    // Removed as soon as the draft exists (the removal may overtake the exams' "included") …
    const removed = dossiers.slice(-3);
    for (const d of removed) expect((await removeItem(deps, { quarter, examinationId: await examId(d), actor })).ok).toBe(true);
    // … and one exam registered after the draft was made.
    const [late] = await applicable(org, actor, 1);
    expect((await applicationStatus(deps, org, quarter)).ok && (await draft(org)).itemCount).toBe(147);

    // Added back one by one (a mistake undone), then the rest at once.
    const one = await addItems(deps, { quarter, examinationIds: [await examId(removed[0]!)], actor });
    expect(one).toMatchObject({ ok: true, value: { added: 1, itemCount: 148 } });
    const rest = await addItems(deps, { quarter, examinationIds: 'all', actor });
    expect(rest).toMatchObject({ ok: true, value: { added: 3, itemCount: 151 } });
    expect(await addItems(deps, { quarter, examinationIds: 'all', actor })).toMatchObject({ ok: true, value: { added: 0, itemCount: 151 } });
    // Another region's exam cannot be added by its id.
    const other = await region('Region Uppdatera B');
    const [foreign] = await applicable(other.org, other.actor, 1);
    expect(await addItems(deps, { quarter, examinationIds: [await examId(foreign!)], actor })).toMatchObject({ ok: true, value: { added: 0 } });

    // The exams added back are in the application in their workflows, as in their rows.
    for (const d of [...removed, late!]) expect(await until(() => examState(d), (s) => s === 'I ansökan', 30_000)).toBe('I ansökan');
    expect((await submitApplication(deps, { quarter, actor })).ok).toBe(true);
    for (const d of [...removed, late!]) expect(await until(() => examState(d), (s) => s === 'Inskickad', 60_000)).toBe('Inskickad');
    await recordHistory(applicationWorkflowId(org, quarter), 'application-added-back');
    await recordHistory(examinationWorkflowId(removed[0]!), 'examination-removed-and-added-back');
    const rows = await sql`select status, count(*)::int as n from examinations where region_org_number = ${org} group by status`;
    expect(rows.map((r) => [r.status, r.n])).toEqual([['Inskickad', 151]]);
    // Nothing can be added once the application is submitted.
    expect(await addItems(deps, { quarter, examinationIds: 'all', actor })).toMatchObject({ ok: false, error: { code: 'NOT_DRAFT' } });
  }, 180_000);

  it('granting a proposed refusal needs a reason too', async () => {
    const { org, actor } = await region('Region Avvikelse');
    const [dossier] = await applicable(org, actor, 1);
    await createApplication(deps, { quarter: applicableQuarter(), actor });
    await draft(org);
    // Folkbokförd before the exam, as the feed says after inclusion: the proposal is a refusal.
    const [row] = await sql`select record from persons where dossier_number = ${dossier!}`;
    const record = { ...(row!.record as PersonRecord), populationRegisteredFrom: addDays(datePreviousQuarter(), -20) };
    await importFeedStream(sql, Readable.from([`${JSON.stringify(record)}\n`]), { source: 'test-folkbokford' });
    expect((await submitApplication(deps, { quarter: applicableQuarter(), actor })).ok).toBe(true);
    const wf = applicationWorkflowId(org, applicableQuarter());
    const [item] = await sql`select proposal from application_items i join applications a on a.id = i.application_id where a.workflow_id = ${wf}`;
    expect((item!.proposal as { eligible: boolean }).eligible).toBe(false);
    const id = await examId(dossier!);
    expect(await decideItem(deps, { applicationWorkflowId: wf, examinationId: id, outcome: 'Beviljad', actor: hanna }))
      .toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
    expect((await decideItem(deps, { applicationWorkflowId: wf, examinationId: id, outcome: 'Beviljad', reason: 'Folkbokföringen registrerades i efterhand.', actor: hanna })).ok).toBe(true);
    const decided = await confirmDecision(deps, { applicationWorkflowId: wf, actor: hanna, officerName: 'Hanna Handläggare' });
    expect(decided.ok && decided.value.totalAmountSek).toBe(2175);
  }, 120_000);

  it('a person who moves stays in the application of the region that reported the exam', async () => {
    const { org, actor } = await region('Region Flytt A');
    const other = await region('Region Flytt B');
    const [dossier] = await applicable(org, actor, 1);
    await move(dossier!, other.org);
    await createApplication(deps, { quarter: applicableQuarter(), actor });
    const view = await draft(org);
    expect(view.itemCount).toBe(1);
    expect((await submitApplication(deps, { quarter: applicableQuarter(), actor })).ok).toBe(true);
    const [item] = await sql`select proposal from application_items i join applications a on a.id = i.application_id where a.workflow_id = ${applicationWorkflowId(org, applicableQuarter())}`;
    expect((item!.proposal as { eligible: boolean }).eligible).toBe(true);
  }, 120_000);

  it('the region that reports an invited exam owns it, even if another region invited the person', async () => {
    const a = await region('Region Kallar');
    const b = await region('Region Rapporterar');
    const [dossier] = await addPeople(sql, a.org, 1);
    expect((await recordInvitation(deps, { dossierNumber: dossier!, invitedDate: addDays(datePreviousQuarter(), -5), actor: a.actor })).ok).toBe(true);
    await move(dossier!, b.org);
    const reported = await registerExam(deps, { dossierNumber: dossier!, examDate: datePreviousQuarter(), actor: b.actor });
    expect(reported.ok && reported.value.regionOrgNumber).toBe(b.org);
    const [row] = await sql`select region_org_number from examinations where dossier_number = ${dossier!} order by id desc limit 1`;
    expect(row!.region_org_number).toBe(b.org);
  }, 60_000);

  it('a reason PostgreSQL cannot store (a NUL byte) is refused with a Swedish message, and the application stays usable', async () => {
    const { org, actor } = await region('Region Nolltecken');
    const [dossier] = await applicable(org, actor, 1);
    await createApplication(deps, { quarter: applicableQuarter(), actor });
    await draft(org);
    expect((await submitApplication(deps, { quarter: applicableQuarter(), actor })).ok).toBe(true);
    const wf = applicationWorkflowId(org, applicableQuarter());
    const id = await examId(dossier!);
    const bad = await decideItem(deps, { applicationWorkflowId: wf, examinationId: id, outcome: 'Avslagen', reason: 'Fel\u0000tecken', actor: hanna });
    expect(bad).toMatchObject({ ok: false, error: { code: 'NOT_STORED' } });
    expect(bad.ok ? '' : bad.error.message).toMatch(/tecken som inte kan sparas/);
    expect((await confirmDecision(deps, { applicationWorkflowId: wf, actor: hanna, officerName: 'Hanna Handläggare' })).ok).toBe(true);
  }, 120_000);

  it('a web request waits at most about ten seconds for a workflow, then says the action is being processed', async () => {
    const { org, actor } = await region('Region Väntan');
    const [dossier] = await addPeople(sql, org, 1);
    const started = Date.now();
    const r = await registerExam({ ...deps, taskQueue: `nobody-polls-${process.pid}` }, { dossierNumber: dossier!, examDate: datePreviousQuarter(), actor });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r).toMatchObject({ ok: false, error: { code: 'STILL_PROCESSING', message: STILL_PROCESSING } });
    await client.workflow.getHandle(examinationWorkflowId(dossier!)).terminate('test over');
  }, 60_000);
});
