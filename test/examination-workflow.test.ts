import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { importFeedStream } from '../activities/feed-import.js';
import { examinationWorkflow } from '../workflows/examination.js';
import { person } from './fixtures/person.js';
import { appSql, startWorker, temporalClient } from './support.js';

const sql = appSql();
const taskQueue = `test-exam-${process.pid}`;
let client: Client;
let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  client = await temporalClient();
  worker = await startWorker(sql, taskQueue);
  await importFeedStream(sql, Readable.from([JSON.stringify(person({ dossierNumber: '71-000001' }))]), { source: 'test' });
});
afterAll(async () => {
  await worker.stop();
  await client.connection.close();
  await sql.end();
});

describe('the first examination workflow, end to end', () => {
  it('runs on the real Temporal server and writes the examination to the database', async () => {
    const workflowId = 'examination-71-000001-test';
    const result = await client.workflow.execute(examinationWorkflow, {
      taskQueue,
      workflowId,
      args: [{ dossierNumber: '71-000001', regionOrgNumber: '232100-0016', examDate: '2026-03-02', registeredBy: 'SE2321000016-USR1' }],
    });
    expect(result.state).toBe('Rapporterad');
    const [row] = await sql`select status, exam_date, registered_by from examinations where workflow_id = ${workflowId}`;
    expect(row).toEqual({ status: 'Rapporterad', exam_date: '2026-03-02', registered_by: 'SE2321000016-USR1' });
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    expect(history.events?.some((e) => e.activityTaskCompletedEventAttributes)).toBe(true);
  });
});
