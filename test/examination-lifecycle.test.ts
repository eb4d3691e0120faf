import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { deleteExam, recordInvitation, registerExam, REPORT_REFUSED, type ServiceDeps } from '../services/index.js';
import { formatQuarter, quarterOf } from '../domain/quarters.js';
import { examinationWorkflowId, examQuery, QuarterKey, RegionKey, StateKey } from '../contract/index.js';
import { addPeople, datePreviousQuarter, dateTwoQuartersAgo, testRegion, today } from './lifecycle-support.js';
import { appSql, startWorker, temporalClient } from './support.js';
import { recordHistory } from './histories.js';

const sql = appSql();
const taskQueue = `test-exam-${process.pid}`;
let client: Client;
let deps: ServiceDeps;
let worker: Awaited<ReturnType<typeof startWorker>>;
let region: string;
const actor = () => ({ hsaId: 'SE2321009001-TEST1', orgNumber: region });

beforeAll(async () => {
  client = await temporalClient();
  worker = await startWorker(sql, taskQueue);
  deps = { client, sql, taskQueue };
  region = await testRegion(sql, 'Region Provlän');
});
afterAll(async () => {
  await worker.stop();
  await client.connection.close();
  await sql.end();
});

async function projection(dossier: string) {
  return sql`select status, exam_date, quarter, invited_date from examinations where dossier_number = ${dossier} order by id`;
}

describe('examination lifecycle (real Temporal and PostgreSQL)', () => {
  it('an exam in a past quarter becomes Ansökningsbar at once, and the list sees it before the answer returns', async () => {
    const [dossier] = await addPeople(sql, region, 1);
    const r = await registerExam(deps, { dossierNumber: dossier!, examDate: datePreviousQuarter(), actor: actor() });
    expect(r.ok && r.value.state).toBe('Ansökningsbar');
    expect((await projection(dossier!)).map((e) => e.status)).toEqual(['Ansökningsbar']);
  });

  it('an exam in the current quarter stays Rapporterad', async () => {
    const [dossier] = await addPeople(sql, region, 1);
    const r = await registerExam(deps, { dossierNumber: dossier!, examDate: today(), actor: actor() });
    expect(r.ok && r.value.state).toBe('Rapporterad');
    await recordHistory(examinationWorkflowId(dossier!), 'examination-reported');
    const desc = await client.workflow.getHandle(examinationWorkflowId(dossier!)).describe();
    expect(desc.status.name).toBe('RUNNING');
    expect(desc.searchAttributes.State).toEqual(['Rapporterad']);
    expect((await projection(dossier!))[0]).toMatchObject({ status: 'Rapporterad', exam_date: today() });
  });

  it('Temporal shows each exam under the right Region, Quarter and State, whichever way it got there', async () => {
    const attributes = async (dossier: string) => {
      const { typedSearchAttributes: a } = await client.workflow.getHandle(examinationWorkflowId(dossier)).describe();
      return { region: a.get(RegionKey), quarter: a.get(QuarterKey), state: a.get(StateKey) };
    };
    const [past, invited] = await addPeople(sql, region, 2);
    const [refusedPerson] = await addPeople(sql, region, 1, { typeCode: 'AB' });
    expect((await registerExam(deps, { dossierNumber: past!, examDate: datePreviousQuarter(), actor: actor() })).ok).toBe(true);
    expect(await attributes(past!)).toEqual({ region, quarter: formatQuarter(quarterOf(datePreviousQuarter())), state: 'Ansökningsbar' });

    expect((await recordInvitation(deps, { dossierNumber: invited!, invitedDate: today(), actor: actor() })).ok).toBe(true);
    expect(await attributes(invited!)).toEqual({ region, quarter: undefined, state: 'Kallad' });
    expect((await registerExam(deps, { dossierNumber: invited!, examDate: today(), actor: actor() })).ok).toBe(true);
    expect(await attributes(invited!)).toEqual({ region, quarter: formatQuarter(quarterOf(today())), state: 'Rapporterad' });
    expect((await deleteExam(deps, { dossierNumber: invited!, actor: actor() })).ok).toBe(true);
    expect((await attributes(invited!)).state).toBe('Borttagen');

    // A refused first report leaves a closed workflow that must not look like a registration.
    expect((await registerExam(deps, { dossierNumber: refusedPerson!, examDate: today(), actor: actor() })).ok).toBe(false);
    expect(await attributes(refusedPerson!)).toEqual({ region, quarter: undefined, state: 'Ny' });
  });

  it('refuses a second report of the same person with ALREADY_EXAMINED', async () => {
    const [dossier] = await addPeople(sql, region, 1);
    expect((await registerExam(deps, { dossierNumber: dossier!, examDate: today(), actor: actor() })).ok).toBe(true);
    const again = await registerExam(deps, { dossierNumber: dossier!, examDate: today(), actor: actor() });
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_EXAMINED' } });
    expect(await projection(dossier!)).toHaveLength(1);
  });

  it('goes from Kallad to Rapporterad and keeps the invitation date', async () => {
    const [dossier] = await addPeople(sql, region, 1);
    const invited = await recordInvitation(deps, { dossierNumber: dossier!, invitedDate: today(), actor: actor() });
    expect(invited.ok && invited.value.state).toBe('Kallad');
    expect((await projection(dossier!))[0]).toMatchObject({ status: 'Kallad', invited_date: today() });
    const reported = await registerExam(deps, { dossierNumber: dossier!, examDate: today(), actor: actor() });
    expect(reported.ok && reported.value.history.map((h) => h.to)).toEqual(['Kallad', 'Rapporterad']);
    expect((await projection(dossier!))[0]).toMatchObject({ status: 'Rapporterad', invited_date: today() });
  });

  it('deletes a registration (Borttagen) and lets the region register the person again', async () => {
    const [dossier] = await addPeople(sql, region, 1);
    await recordInvitation(deps, { dossierNumber: dossier!, invitedDate: today(), actor: actor() });
    await registerExam(deps, { dossierNumber: dossier!, examDate: today(), actor: actor() });
    const deleted = await deleteExam(deps, { dossierNumber: dossier!, actor: actor() });
    expect(deleted.ok && deleted.value.state).toBe('Borttagen');
    const again = await registerExam(deps, { dossierNumber: dossier!, examDate: datePreviousQuarter(), actor: actor() });
    expect(again.ok && again.value.state).toBe('Ansökningsbar');
    expect((await projection(dossier!)).map((e) => e.status)).toEqual(['Borttagen', 'Ansökningsbar']);
    const [deletedRun] = await sql`select run_id from examinations where dossier_number = ${dossier!} and status = 'Borttagen'`;
    await recordHistory(examinationWorkflowId(dossier!), 'examination-kallad-deleted', deletedRun!.run_id as string);
  });

  it('explains a refusal for an AB person and stores nothing', async () => {
    const [dossier] = await addPeople(sql, region, 1, { typeCode: 'AB' });
    const refusals = async () => (await sql`select count(*)::int as n from rule_evaluations
      where purpose = 'report' and result->'reasons' @> '[{"code":"NOT_COVERED_GROUP"}]'`)[0]!.n as number;
    const before = await refusals();
    const r = await registerExam(deps, { dossierNumber: dossier!, examDate: today(), actor: actor() });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('NOT_COVERED_GROUP');
    expect(r.error.message.startsWith(REPORT_REFUSED)).toBe(true);
    expect(r.error.message.length).toBeGreaterThan(REPORT_REFUSED.length + 20);
    expect(await projection(dossier!)).toHaveLength(0);
    expect(await refusals()).toBe(before + 1); // the refusal itself is kept, with its rule trace
  });

  it('refuses a report from another region (OTHER_REGION)', async () => {
    const other = await testRegion(sql, 'Region Grannlän');
    const [dossier] = await addPeople(sql, other, 1);
    const r = await registerExam(deps, { dossierNumber: dossier!, examDate: today(), actor: actor() });
    expect(r).toMatchObject({ ok: false, error: { code: 'OTHER_REGION' } });
  });

  it('a migrated registration whose deadline has passed becomes Förfallen', async () => {
    const [dossier] = await addPeople(sql, region, 1);
    const examDate = dateTwoQuartersAgo();
    const r = await registerExam(deps, { dossierNumber: dossier!, examDate, actor: actor(), asOf: examDate });
    expect(r.ok && r.value.history.map((h) => h.to)).toEqual(['Rapporterad', 'Ansökningsbar', 'Förfallen']);
    expect((await projection(dossier!))[0]!.status).toBe('Förfallen');
    const handle = client.workflow.getHandle(examinationWorkflowId(dossier!));
    expect((await handle.result()).state).toBe('Förfallen');
    await recordHistory(examinationWorkflowId(dossier!), 'examination-forfallen');
  });

  it('refuses a report whose application deadline has already passed (DEADLINE_PASSED)', async () => {
    const [dossier] = await addPeople(sql, region, 1);
    const r = await registerExam(deps, { dossierNumber: dossier!, examDate: dateTwoQuartersAgo(), actor: actor() });
    expect(r).toMatchObject({ ok: false, error: { code: 'DEADLINE_PASSED' } });
  });

  it('answers the state and history by query', async () => {
    const [dossier] = await addPeople(sql, region, 1);
    await registerExam(deps, { dossierNumber: dossier!, examDate: datePreviousQuarter(), actor: actor() });
    const view = await client.workflow.getHandle(examinationWorkflowId(dossier!)).query(examQuery);
    expect(view.history.map((h) => [h.to, h.actor])).toEqual([['Rapporterad', 'SE2321009001-TEST1'], ['Ansökningsbar', 'system']]);
  });

  it('refuses a badly written date beside the field without starting anything', async () => {
    const [dossier] = await addPeople(sql, region, 1);
    const r = await registerExam(deps, { dossierNumber: dossier!, examDate: '2026-13-01', actor: actor() });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_DATE', field: 'examDate' } });
    await expect(client.workflow.getHandle(examinationWorkflowId(dossier!)).describe()).rejects.toThrow();
  });
});
