/**
 * The feed import survives a killed worker (issue 11, item 10; SPEC §9): it heartbeats, resumes
 * where it was and finishes exactly once; and the stored coverage dates follow the rule set in
 * force today.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { importFeedStream } from '../activities/feed-import.js';
import { generatePeople } from '../domain/demo-world.js';
import { addDays } from '../domain/quarters.js';
import type { PersonRecord } from '../domain/person.js';
import { coverageDate, loadRuleSets, ruleSetToJson, type RuleSetJson } from '../rules/index.js';
import { repoRoot } from '../scripts/services.js';
import { coverageRecomputeWorkflow, feedImportWorkflow } from '../workflows/feed-import.js';
import { person } from './fixtures/person.js';
import { testRegion, today, until } from './lifecycle-support.js';
import { appSql, startWorker, temporalClient } from './support.js';

const sql = appSql();
let client: Client;

beforeAll(async () => {
  client = await temporalClient();
});
afterAll(async () => {
  await client.connection.close();
  await sql.end();
});

function workerProcess(taskQueue: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/worker.ts')], {
    env: { ...process.env, DATABASE_URL: inject('databaseUrl'), TEMPORAL_ADDRESS: inject('temporalAddress'), MELKER_TASK_QUEUE: taskQueue },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

async function writeLines(file: string, lines: Iterable<string>) {
  const out = createWriteStream(file);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** The latest heartbeat details the server holds for the workflow's running activity, if any. */
async function heartbeatOf(handle: WorkflowHandle): Promise<{ line?: number } | null> {
  const d = await handle.describe();
  const payload = d.raw.pendingActivities?.[0]?.heartbeatDetails?.payloads?.[0];
  return payload ? defaultPayloadConverter.fromPayload(payload) : null;
}

describe('a feed import whose worker is SIGKILLed', () => {
  const block = 71; // dossier block of this test
  // 90 000 lines: several seconds of import even on a fast machine; on a slow one (2 cores
  // shared with PostgreSQL and Temporal, ~3 000 lines/s) the rest after the kill still fits the minute.
  const count = 90_000;
  const dossier = (i: number) => `${block}-${String(i).padStart(6, '0')}`;

  it('resumes on a fresh worker and finishes exactly once within a minute, nothing lost or duplicated', async () => {
    const region = await testRegion(sql, 'Region Flödeskrasch');
    const dir = join(repoRoot, '.data', 'test');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `feed-crash-${process.pid}.jsonl`);
    const taskQueue = `test-feed-crash-${process.pid}`;
    let worker: ChildProcess | undefined;
    try {
      // Fictitious people; every 15th is already stored, every 30th of all of them has moved
      // since; every 10 000th line is broken. So the run inserts, updates, leaves unchanged and
      // rejects, all spread over the feed: a restart from the start would count them wrongly.
      const lines: string[] = [];
      const stored: string[] = [];
      const hashOf = (line: string) => createHash('sha1').update(line).digest('base64url');
      const expectedHashes = new Map<string, string>(); // what persons must hold afterwards
      let i = 0;
      for (const p of generatePeople({ seed: 4711, regions: ['232100-0016'], perRegion: count })) {
        i++;
        const person = { ...p, dossierNumber: dossier(i), regionOrgNumber: region };
        const original = JSON.stringify(person);
        if (i % 15 === 0) {
          stored.push(original);
          expectedHashes.set(person.dossierNumber, hashOf(original));
          if (i % 30 === 0) person.address = { ...person.address, street: `Flyttgatan ${i % 97 + 1}` };
        }
        const line = i % 10_000 === 0 ? original.slice(0, 40) : JSON.stringify(person);
        if (i % 10_000 !== 0) expectedHashes.set(person.dossierNumber, hashOf(line));
        lines.push(line);
      }
      const rejected = count / 10_000;
      const brokenStored = count / 30_000; // broken lines of people already stored (and moved)
      const updated = count / 30 - brokenStored;
      const unchanged = count / 15 - count / 30;
      const inserted = count - rejected - updated - unchanged;
      await writeLines(file, lines);
      const before = await importFeedStream(sql, Readable.from(stored.map((l) => `${l}\n`)), { source: 'test' });
      expect(before.inserted).toBe(count / 15);

      const t0 = Date.now();
      const at = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
      worker = workerProcess(taskQueue);
      const handle = await client.workflow.start(feedImportWorkflow, { taskQueue, workflowId: `feed-crash-${process.pid}-${Date.now()}`, args: [file] });
      const storedCount = async () =>
        (await sql`select count(*)::int as n from persons where dossier_number >= ${`${block}-`} and dossier_number < ${`${block + 1}-`}`)[0]!.n as number;
      // The import's own row holds the lines committed so far (cheap to poll, unlike the persons).
      const committed = async () => ((await sql`select lines from feed_imports where source = ${file}`)[0]?.lines ?? 0) as number;
      await until(committed, (n) => n > 0, 120_000);
      console.log(`${at()}: the first batch is written`);
      // Killed in the middle: 40 % of the feed written and the heartbeat showing progress.
      await until(committed, (n) => n >= count * 0.4, 120_000);
      const beat = await until(() => heartbeatOf(handle), (h) => (h?.line ?? 0) > 0, 30_000);
      worker.kill('SIGKILL');
      await once(worker, 'exit');
      const killedAt = Date.now();
      const atKill = await storedCount();
      expect(atKill).toBeLessThan(count - rejected);
      console.log(`${at()}: killed the worker at ${atKill} stored persons (heartbeat at line ${beat!.line})`);

      worker = workerProcess(taskQueue);
      const result = await Promise.race([
        handle.result(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the import did not finish within 60 s of the kill')), 60_000)),
      ]);
      console.log(`${at()}: the import finished ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);
      const expected = { lines: count, inserted, updated, unchanged, rejected };
      expect(result).toMatchObject(expected);
      expect(result.resumedFrom).toBeGreaterThan(0); // carried on, not started again
      expect(result.errors.map((e) => e.line)).toEqual(Array.from({ length: rejected }, (_, k) => (k + 1) * 10_000).slice(0, 50));

      // One feed_imports row for the run, finished, with the counts of an uninterrupted run.
      const rows = await sql`select finished_at, lines, inserted, updated, unchanged, rejected, jsonb_array_length(errors) as errors
        from feed_imports where source = ${file}`;
      expect(rows).toHaveLength(1);
      expect(rows[0]!.finished_at).not.toBeNull();
      expect({ ...rows[0], finished_at: undefined }).toEqual({ ...expected, finished_at: undefined, errors: rejected });

      // Every person stored once, as the feed has them.
      const [check] = await sql`select count(*)::int as n, count(*) filter (where street like 'Flyttgatan %')::int as moved
        from persons where region_org_number = ${region}`;
      expect(check).toEqual({ n: count - rejected + brokenStored, moved: updated });
      const hashes = await sql`select dossier_number, record_hash from persons where region_org_number = ${region}`;
      expect(hashes).toHaveLength(expectedHashes.size);
      expect(hashes.filter((r) => expectedHashes.get(r.dossier_number as string) !== r.record_hash)).toEqual([]);
    } finally {
      if (worker) await stopProcess(worker, 'SIGTERM');
      rmSync(file, { force: true });
      await sql`delete from persons where region_org_number = ${region}`;
    }
  }, 200_000);
});

describe('a feed import that fails or is resumed', () => {
  const feedLines = (block: number, n: number) =>
    Array.from({ length: n }, (_, i) => JSON.stringify(person({ dossierNumber: `${block}-${String(i + 1).padStart(6, '0')}`, familyName: `Återupptagen${i}` })));
  /** The lines, then (with `failAfter`) an error from the stream itself. */
  function stream(lines: string[], failAfter?: number) {
    return Readable.from((async function* () {
      for (const [i, l] of lines.entries()) {
        if (i === failAfter) throw new Error('the feed connection broke');
        yield `${l}\n`;
      }
    })());
  }
  const counts = (r: { lines: number; inserted: number; updated: number; unchanged: number; rejected: number }) =>
    ({ lines: r.lines, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected });

  it('reports a missing file as the import failing, never as an unhandled error', async () => {
    const { createReadStream } = await import('node:fs');
    await expect(importFeedStream(sql, createReadStream('/nonexistent/feed.jsonl'), { source: 'test-missing' })).rejects.toThrow(/ENOENT/);
  });

  it('fails with the error of a stream that breaks mid-way, or of a failed batch, and leaves no write running', async () => {
    const lines = feedLines(73, 5000);
    await expect(importFeedStream(sql, stream(lines, 4500), { source: 'test-broken' })).rejects.toThrow('the feed connection broke');
    let calls = 0;
    const failing = async (p: PersonRecord) => {
      if (++calls === 2500) throw new Error('rules unavailable');
      return coverageDate(p);
    };
    await expect(importFeedStream(sql, stream(feedLines(74, 5000)), { source: 'test-failing', coverage: failing })).rejects.toThrow('rules unavailable');
    // The first batch (2000 records) of the second import was committed; the failed one was not.
    const [{ n }] = (await sql`select count(*)::int as n from persons where dossier_number like '74-%'`) as unknown as [{ n: number }];
    expect(n).toBe(2000);
    await sql`delete from persons where dossier_number like '73-%' or dossier_number like '74-%'`;
  });

  it('resumes a keyed import after its last committed batch with the counts of one uninterrupted run', async () => {
    const lines = feedLines(75, 7000);
    lines[999] = '{"dossierNumber": "75-001000"'; // rejected before the break
    lines[5999] = '{"dossierNumber": "75-006000"'; // rejected after it
    lines[3500] = lines[3499]!; // a second line for the same person: the later one wins
    const runKey = `test-resume-${process.pid}`;
    await expect(importFeedStream(sql, stream(lines, 4500), { source: 'test-resume', runKey })).rejects.toThrow('the feed connection broke');
    const [partial] = await sql`select lines, finished_at from feed_imports where run_key = ${runKey}`;
    expect(partial).toEqual({ lines: 4001, finished_at: null }); // two batches of 2000 records committed

    const resumed = await importFeedStream(sql, stream(lines), { source: 'test-resume', runKey });
    expect(resumed.resumedFrom).toBe(4001);
    // The same feed into an empty block, uninterrupted.
    const fresh = await importFeedStream(sql, stream(lines.map((l) => l.replaceAll('"75-', '"76-'))), { source: 'test-resume-fresh' });
    expect(counts(resumed)).toEqual(counts(fresh));
    expect(resumed.errors.map((e) => e.line)).toEqual(fresh.errors.map((e) => e.line));
    expect(counts(resumed)).toEqual({ lines: 7000, inserted: 6997, updated: 0, unchanged: 0, rejected: 2 });
    // A third attempt of a finished import reads nothing and reports the same.
    const again = await importFeedStream(sql, stream(lines), { source: 'test-resume', runKey });
    expect(counts(again)).toEqual(counts(resumed));
    expect([...await sql`select count(*)::int as n from feed_imports where run_key = ${runKey}`]).toEqual([{ n: 1 }]);
    await sql`delete from persons where dossier_number like '75-%' or dossier_number like '76-%'`;
  });
});

describe('the stored coverage dates', () => {
  const taskQueue = `test-coverage-${process.pid}`;

  /** The current set with the LMA change date moved, published from `effectiveFrom`. */
  function movedChangeDate(id: string, effectiveFrom: string): RuleSetJson {
    const current = loadRuleSets().find((s) => s.id === 'lma-2022-07-01')!;
    const json = ruleSetToJson(current) as RuleSetJson & { manifest: Record<string, unknown>; parameters: Record<string, unknown> };
    json.parameters.lmaChangeDate = '2022-09-01';
    json.manifest = { ...json.manifest, id, version: '1', effectiveFrom };
    json.cases = {}; // the shipped cases expect the old date
    return json;
  }

  it('follow the rule set in force on the day the recompute runs', async () => {
    const worker = await startWorker(sql, taskQueue);
    const region = await testRegion(sql, 'Region Täckning');
    const id = `lma-cov-${process.pid}`;
    const effective = addDays(today(), 30);
    const people = [
      person({ dossierNumber: '72-000001', regionOrgNumber: region, typeCode: 'M', events: [{ type: 'temporary-protection-application', date: '2022-07-15' }] }),
      person({ dossierNumber: '72-000002', regionOrgNumber: region, events: [{ type: 'asylum-application', date: '2024-01-10' }] }),
      person({ dossierNumber: '72-000003', regionOrgNumber: region, typeCode: 'M', events: [{ type: 'temporary-protection-application', date: '2022-03-01' }] }),
    ];
    const stored = async () => Object.fromEntries((await sql`select dossier_number, covered_from, covered_from_rule_set, search_text
      from persons where region_org_number = ${region} order by 1`).map((r) => [r.dossier_number, [r.covered_from, r.covered_from_rule_set]]));
    const recompute = (t?: string) =>
      client.workflow.execute(coverageRecomputeWorkflow, { taskQueue, workflowId: `coverage-${process.pid}-${Date.now()}`, args: [t ? { today: t } : {}] });
    try {
      // Imported in June 2022, by the set then in force: a massflykting only from the grant.
      await importFeedStream(sql, Readable.from(people.map((p) => `${JSON.stringify(p)}\n`)), {
        source: 'test-coverage', coverage: (p) => coverageDate(p, { today: '2022-06-01' }),
      });
      expect(await stored()).toEqual({
        '72-000001': [null, 'lma-2018-01-01@1'], '72-000002': ['2024-01-10', 'lma-2018-01-01@1'], '72-000003': [null, 'lma-2018-01-01@1'],
      });

      const now = await recompute();
      expect(now).toMatchObject({ ruleSet: 'lma-2022-07-01@1', today: today() });
      expect(now.relabelled).toBeGreaterThanOrEqual(3);
      expect(await stored()).toEqual({
        '72-000001': ['2022-07-15', 'lma-2022-07-01@1'], '72-000002': ['2024-01-10', 'lma-2022-07-01@1'], '72-000003': ['2022-07-01', 'lma-2022-07-01@1'],
      });
      const [searched] = await sql`select search_text from persons where dossier_number = '72-000003'`;
      expect(searched!.search_text).toContain('2022-07-01');
      expect(await recompute()).toMatchObject({ relabelled: 0, changed: 0 }); // nothing left to do

      // A set published for a later day changes nothing before that day, and everything on it.
      await sql`insert into published_rule_sets (id, version, effective_from, content, published_by)
        values (${id}, '1', ${effective}, ${sql.json(movedChangeDate(id, effective) as never)}, 'SE2021002163-RF1')`;
      expect(await recompute()).toMatchObject({ ruleSet: 'lma-2022-07-01@1', relabelled: 0 });
      expect(await recompute(effective)).toMatchObject({ ruleSet: `${id}@1` });
      expect(await stored()).toEqual({
        '72-000001': ['2022-09-01', `${id}@1`], '72-000002': ['2024-01-10', `${id}@1`], '72-000003': ['2022-09-01', `${id}@1`],
      });
    } finally {
      await sql`delete from published_rule_sets where id = ${id}`;
      await recompute(); // everyone else back to the set in force today
      await sql`delete from persons where region_org_number = ${region}`;
      await worker.stop();
    }
  });
});
