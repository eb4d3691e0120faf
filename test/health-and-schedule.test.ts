import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { createApp } from '../web/app.js';
import { ensureFeedSchedule } from '../scripts/schedule.js';
import { FEED_SCHEDULE_ID } from '../contract/index.js';
import { appSql, temporalClient } from './support.js';
import { connect } from '../db/sql.js';

const sql = appSql();
let client: Client;
beforeAll(async () => {
  client = await temporalClient();
});
afterAll(async () => {
  await client.connection.close();
  await sql.end();
});

describe('/healthz', () => {
  it('reports the database and Temporal as reachable', async () => {
    const res = await createApp({ sql, temporal: client }).request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok', temporal: 'ok' });
  });

  it('answers 503 and names the database when it cannot be reached', async () => {
    const dead = connect('postgres://melker_app:x@127.0.0.1:1/none', { max: 1, connect_timeout: 1 });
    const res = await createApp({ sql: dead, temporal: client }).request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ database: 'fel', temporal: 'ok' });
    await dead.end();
  });
});

describe('the daily feed schedule', () => {
  it('is created once at 02:00 Europe/Stockholm and left alone on the next start', async () => {
    expect(await ensureFeedSchedule(client, '/tmp/feed.jsonl')).toBe('created');
    expect(await ensureFeedSchedule(client, '/tmp/feed.jsonl')).toBe('exists');
    const d = await client.schedule.getHandle(FEED_SCHEDULE_ID).describe();
    expect(d.spec.timezone).toBe('Europe/Stockholm');
    expect(d.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 2, end: 2, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
    expect(d.action).toMatchObject({ workflowType: 'feedImportWorkflow' });
  });

  it('follows a changed MELKER_FEED_SOURCE on the next start (issue 14)', async () => {
    await ensureFeedSchedule(client, '/tmp/feed.jsonl');
    expect(await ensureFeedSchedule(client, 'https://folkbokforing.example/flode.jsonl')).toBe('updated');
    const d = await client.schedule.getHandle(FEED_SCHEDULE_ID).describe();
    expect(d.action).toMatchObject({ workflowType: 'feedImportWorkflow', args: ['https://folkbokforing.example/flode.jsonl'] });
    expect(d.spec.timezone).toBe('Europe/Stockholm');
    expect(await ensureFeedSchedule(client, 'https://folkbokforing.example/flode.jsonl')).toBe('exists');
  });
});
