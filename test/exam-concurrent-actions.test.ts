/**
 * Found by the model-based test (issue 14 session): an invitation and a report of the same person
 * sent at the same moment could land their projections in the wrong order, leaving the row
 * "Kallad" while the workflow was "Ansökningsbar" — and an application takes only rows that are
 * Ansökningsbar, so the exam would never be applied for. Every exam's row must equal its
 * workflow's state after any mix of concurrent actions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { addDays } from '../domain/quarters.js';
import { deleteExam, recordInvitation, registerExam, type ServiceDeps } from '../services/index.js';
import { examQuery } from '../contract/index.js';
import { addPeople, datePreviousQuarter, testRegion, until } from './lifecycle-support.js';
import { appSql, startWorker, temporalClient } from './support.js';

const sql = appSql();
const taskQueue = `test-concurrent-${process.pid}`;
let clients: [Client, Client];
let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  clients = [await temporalClient(), await temporalClient()];
  // Fault injection: an invitation's projection is slow (as under load), so a report sent right
  // after it finishes first unless the workflow takes the actions in turn.
  worker = await startWorker(sql, taskQueue, {
    wrapActivities: (a) => ({
      ...a,
      async projectExamination(p) {
        if (p.status === 'Kallad') await new Promise((r) => setTimeout(r, 1500));
        return a.projectExamination(p);
      },
    }),
  });
});
afterAll(async () => {
  await worker.stop();
  for (const c of clients) await c.connection.close();
  await sql.end();
});

async function mismatches(region: string) {
  const rows = await sql`select workflow_id, run_id, status from examinations where region_org_number = ${region} order by id`;
  const out: string[] = [];
  for (const row of rows) {
    const state = (await clients[0].workflow.getHandle(row.workflow_id as string, row.run_id as string).query(examQuery)).state;
    if (state !== row.status) out.push(`${row.workflow_id}: workflow ${state}, projection ${row.status}`);
  }
  return out;
}

describe('concurrent actions on one exam', () => {
  it('an invitation, a report and a deletion sent at once leave every row equal to its workflow', async () => {
    const region = await testRegion(sql, 'Region Samtidig');
    const actor = { hsaId: `SE${region.replace('-', '')}-USR1`, orgNumber: region };
    const people = await addPeople(sql, region, 12);
    const deps: [ServiceDeps, ServiceDeps] = [{ client: clients[0], sql, taskQueue }, { client: clients[1], sql, taskQueue }];
    const examDate = datePreviousQuarter();
    await Promise.all(people.map(async (dossierNumber, i) => {
      const invite = () => recordInvitation(deps[1], { dossierNumber, invitedDate: addDays(examDate, -10), actor });
      const report = () => registerExam(deps[0], { dossierNumber, examDate, actor });
      if (i % 3 === 2) {
        await invite();
        await Promise.all([report(), deleteExam(deps[1], { dossierNumber, actor })]);
      } else {
        // The invitation first, the report a moment later: both in flight at once.
        const invited = invite();
        await new Promise((r) => setTimeout(r, 200));
        await Promise.all([invited, report()]);
      }
    }));
    // Signals and projections settle; then every row must equal its workflow.
    const left = await until(() => mismatches(region), (m) => m.length === 0, 10_000).catch(() => null);
    expect(left ?? await mismatches(region)).toEqual([]);
  }, 120_000);
});
