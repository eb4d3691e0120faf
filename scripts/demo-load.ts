/**
 * First start: the SPEC §7 organisations and identities, and a demo feed imported through the
 * same feed workflow the daily schedule runs.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Sql } from '../db/sql.js';
import { seedOrganisationsAndUsers } from '../db/seed.js';
import { DEMO_SEED } from '../domain/demo-world.js';
import { writeDemoFeed } from './demo.js';
import { TASK_QUEUE } from '../workflows/config.js';
import { feedImportWorkflow } from '../workflows/feed-import.js';

export async function loadDemoWorldIfEmpty(opts: { sql: Sql; adminUrl?: string; client: Client; dataDir: string }): Promise<string> {
  const dir = join(opts.dataDir, 'demo');
  mkdirSync(dir, { recursive: true });
  const feed = join(dir, 'feed.jsonl');
  const [{ n }] = (await opts.sql`select count(*)::int as n from organisations`) as unknown as [{ n: number }];
  if (n > 0 && existsSync(feed)) return feed;
  const t0 = Date.now();
  await seedOrganisationsAndUsers(opts.sql);
  const people = await writeDemoFeed(feed, { seed: DEMO_SEED });
  const result = await opts.client.workflow.execute(feedImportWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: `feed-import-demo-${Date.now()}`,
    args: [feed],
  });
  console.log(`Demovärlden laddad: ${people} personer (${result.inserted} nya, ${result.rejected} avvisade) på ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return feed;
}
