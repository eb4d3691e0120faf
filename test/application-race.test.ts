/**
 * Deletions racing the creation of a 1 000-exam application (issue 11, item 2): the exam's own
 * workflow decides whether it is in the application, so a deleted exam is never decided or paid,
 * and nobody is compensated twice. Real Temporal dev server and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { COMPENSATED } from '../domain/exam-states.js';
import { addDays } from '../domain/quarters.js';
import {
  applicableQuarter, applicationStatus, confirmDecision, createApplication, deleteExam, registerExam, submitApplication, type ServiceDeps,
} from '../services/index.js';
import { applicationWorkflowId, examinationWorkflowId, examQuery } from '../contract/index.js';
import { addPeople, datePreviousQuarter, inParallel, testRegion, until } from './lifecycle-support.js';
import { appSql, startWorker, temporalClient } from './support.js';

const sql = appSql();
const taskQueue = `test-race-${process.pid}`;
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


describe('deletions racing the creation of an application', () => {
  it('no deleted exam is decided, and nobody is compensated twice (1 000 exams)', async () => {
    const org = await testRegion(sql, 'Region Kapplöpning');
    const actor = { hsaId: `SE${org.replace('-', '')}-USR1`, orgNumber: org };
    const dossiers = await addPeople(sql, org, 1000);
    await inParallel(dossiers, 16, async (d) => {
      const r = await registerExam(deps, { dossierNumber: d, examDate: datePreviousQuarter(), actor });
      expect(r.ok && r.value.state).toBe('Ansökningsbar');
    });
    const quarter = applicableQuarter();

    // Small batches, so that creation is still under way while the deletions arrive.
    expect((await createApplication(deps, { quarter, actor, batchSize: 50 })).ok).toBe(true);
    const victims = dossiers.filter((_, i) => i % 7 === 3); // spread over every batch
    const deleted: string[] = [];
    await inParallel(victims, 8, async (d) => {
      const r = await deleteExam(deps, { dossierNumber: d, actor });
      if (r.ok) {
        deleted.push(d);
        // Registered again at once (another date): a new exam, not in the application being made.
        const again = await registerExam(deps, { dossierNumber: d, examDate: addDays(datePreviousQuarter(), 1), actor });
        expect(again.ok).toBe(true);
      } else {
        expect(r.error.code).toBe('IN_APPLICATION');
      }
    });
    const view = await until(async () => {
      const s = await applicationStatus(deps, org, quarter);
      return s.ok ? s.value : null;
    }, (v) => v?.state === 'Utkast', 180_000);
    expect(deleted.length + view!.itemCount).toBeGreaterThanOrEqual(1000 - victims.length);

    // A large submission may outlast the web tier's wait; asking again answers the one submission.
    const submitted = await until(() => submitApplication(deps, { quarter, actor }), (r) => r.ok || r.error.code !== 'STILL_PROCESSING', 180_000);
    expect(submitted).toMatchObject({ ok: true });
    const wf = applicationWorkflowId(org, quarter);
    const decided = await until(() => confirmDecision(deps, { applicationWorkflowId: wf, actor: hanna, officerName: 'Hanna Handläggare' }),
      (r) => r.ok || r.error.code !== 'STILL_PROCESSING', 180_000);
    expect(decided.ok && decided.value.state).toBe('Beslutad');

    const items = await sql`select e.dossier_number, e.run_id, e.status, i.outcome, i.amount_sek from application_items i
      join applications a on a.id = i.application_id join examinations e on e.id = i.examination_id where a.workflow_id = ${wf}`;
    // No deleted exam is in the decision.
    expect(items.filter((i) => i.status === 'Borttagen')).toEqual([]);
    const deletedRuns = await sql`select run_id from examinations where dossier_number = any(${deleted}) and status = 'Borttagen'`;
    expect(deletedRuns).toHaveLength(deleted.length);
    const inDecision = new Set(items.map((i) => i.run_id as string));
    expect(deletedRuns.filter((r) => inDecision.has(r.run_id as string))).toEqual([]);
    // Every item granted with an amount; the total is their sum.
    expect(items.every((i) => i.outcome === 'Beviljad' && (i.amount_sek as number) > 0)).toBe(true);
    expect(decided.ok && decided.value.totalAmountSek).toBe(items.reduce((s, i) => s + (i.amount_sek as number), 0));
    // Each granted exam's own workflow says Beviljad, once it has heard the decision.
    await until(async () => {
      const states = await Promise.all(items.slice(0, 50).map((i) =>
        client.workflow.getHandle(examinationWorkflowId(i.dossier_number as string), i.run_id as string).query(examQuery).then((v) => v.state)));
      return states.filter((s) => s !== 'Beviljad').length;
    }, (n) => n === 0, 60_000);
    // Nobody has more than one compensated exam.
    const twice = await sql`select dossier_number from examinations where region_org_number = ${org} and status = any(${[...COMPENSATED]})
      group by dossier_number having count(*) > 1`;
    expect(twice).toEqual([]);
  }, 420_000);
});
