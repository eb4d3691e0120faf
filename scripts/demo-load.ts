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
import { TASK_QUEUE } from '../contract/index.js';
import { feedImportWorkflow } from '../workflows/feed-import.js';
import { addDays, firstDayOfQuarter, parseQuarter } from '../domain/quarters.js';
import { stockholmDate } from '../domain/stockholm-time.js';
import {
  applicableQuarter, applicationStatus, createApplication, recordInvitation, registerExam, submitApplication,
} from '../services/index.js';

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
  const activity = await seedDemoActivity(opts.sql, opts.client);
  console.log(`Demovärlden laddad: ${people} personer (${result.inserted} nya, ${result.rejected} avvisade), ` +
    `${activity.exams} hälsoundersökningar, ${activity.applications} inskickad ansökan på ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return feed;
}

/**
 * Something for every role to work with: examinations reported in the previous quarter (ready to
 * be applied for) and this quarter in each region, a few invitations, and one application from
 * Västra Götalandsregionen already submitted, waiting for the case officer.
 */
async function seedDemoActivity(sql: Sql, client: Client) {
  const deps = { client, sql, taskQueue: TASK_QUEUE };
  const quarter = applicableQuarter();
  const previous = firstDayOfQuarter(parseQuarter(quarter));
  const current = stockholmDate(Date.now());
  let exams = 0;
  const plan = [
    { region: '232100-0016', hsaId: 'SE2321000016-USR1', previous: 40, current: 10, invited: 5 },
    { region: '232100-0131', hsaId: 'SE2321000131-USR1', previous: 25, current: 5, invited: 0 },
    { region: '232100-0255', hsaId: 'SE2321000255-USR1', previous: 10, current: 5, invited: 0 },
  ];
  for (const p of plan) {
    const actor = { hsaId: p.hsaId, orgNumber: p.region };
    const candidates = await sql`select dossier_number from persons
      where region_org_number = ${p.region} and type_code in ('A', 'F') and not protected_identity
        and covered_from is not null and covered_from <= ${previous} and population_registered_from is null
      order by dossier_number limit ${p.previous + p.current + p.invited}`;
    const dossiers = candidates.map((r) => r.dossier_number as string);
    for (const [i, d] of dossiers.entries()) {
      if (i < p.previous) {
        const r = await registerExam(deps, { dossierNumber: d, examDate: addDays(previous, i % 60), actor });
        if (r.ok) exams++;
      } else if (i < p.previous + p.current) {
        const r = await registerExam(deps, { dossierNumber: d, examDate: current, actor });
        if (r.ok) exams++;
      } else {
        await recordInvitation(deps, { dossierNumber: d, invitedDate: current, actor });
      }
    }
  }
  const vera = { hsaId: 'SE2321000131-USR1', orgNumber: '232100-0131' };
  let applications = 0;
  if ((await createApplication(deps, { quarter, actor: vera })).ok) {
    for (let i = 0; i < 60; i++) {
      const s = await applicationStatus(deps, vera.orgNumber, quarter);
      if (s.ok && s.value.state === 'Utkast') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    if ((await submitApplication(deps, { quarter, actor: vera })).ok) applications++;
  }
  return { exams, applications };
}
