/**
 * Published rule sets (issue 7): the worker's registry evaluates with shipped + published sets,
 * an exam dated before a published set's effective date keeps the old version, and a candidate
 * is simulated against the live population as a Temporal workflow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { ruleSetRegistry } from '../activities/rule-sets.js';
import { loadAllRuleSets } from '../rules/store.js';
import { addDays } from '../domain/quarters.js';
import { evaluate, loadRuleSets, ruleSetToJson, type RuleSetJson } from '../rules/index.js';
import { registerExam, type ServiceDeps } from '../services/index.js';
import { simulationQuery, simulationWorkflowId } from '../contract/index.js';
import { ruleSimulationWorkflow } from '../workflows/simulation.js';
import { addPeople, datePreviousQuarter, testRegion, today } from './lifecycle-support.js';
import { appSql, startWorker, temporalClient } from './support.js';
import { recordHistory } from './histories.js';

const sql = appSql();
const taskQueue = `test-rules-${process.pid}`;
let client: Client;
let deps: ServiceDeps;
let worker: Awaited<ReturnType<typeof startWorker>>;

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

/** The current set with the LMA change date moved, as a candidate document. */
function movedChangeDate(changeDate: string, manifest: Record<string, unknown> = {}): RuleSetJson {
  const current = loadRuleSets().find((s) => s.id === 'lma-2022-07-01')!;
  const json = ruleSetToJson(current) as RuleSetJson & { manifest: Record<string, unknown>; parameters: Record<string, unknown> };
  json.parameters.lmaChangeDate = changeDate;
  json.manifest = { ...json.manifest, ...manifest };
  json.cases = {}; // the shipped cases expect the old date
  return json;
}

describe('published rule sets', () => {
  it('are used beside the shipped ones from their effective date; an exam before it keeps the old version', async () => {
    const effective = addDays(today(), 30);
    const id = `lma-test-${process.pid}`;
    const content = movedChangeDate('2022-09-01', { id, version: '1', effectiveFrom: effective });
    const registry = await ruleSetRegistry(sql, { refreshMs: 60_000 });
    try {
      expect(registry.current().map((s) => s.label)).not.toContain(`${id}@1`);
      await sql`insert into published_rule_sets (id, version, effective_from, content, published_by)
        values (${id}, '1', ${effective}, ${sql.json(content as never)}, 'SE2021002163-RF1')`;
      const sets = await registry.refresh();
      expect(sets.map((s) => s.label)).toContain(`${id}@1`);
      expect((await loadAllRuleSets(sql)).map((s) => s.label)).toEqual(sets.map((s) => s.label));

      const [dossier] = await addPeople(sql, '232100-0016', 1, { typeCode: 'M', events: [{ type: 'temporary-protection-application', date: '2022-07-15' }] });
      const person = (await sql`select record from persons where dossier_number = ${dossier!}`)[0]!.record;
      const before = await evaluate({ person, examDate: today(), reportingRegion: '232100-0016', today: today() }, { sets });
      expect(before).toMatchObject({ ruleSet: 'lma-2022-07-01@1', coveredFrom: '2022-07-15' });
      const after = await evaluate({ person, examDate: effective, reportingRegion: '232100-0016', today: effective }, { sets });
      expect(after).toMatchObject({ ruleSet: `${id}@1`, coveredFrom: '2022-09-01' });

      // Through the real worker (its registry reloads the published sets): the stored evaluation
      // of an exam dated today names the old version.
      const region = await testRegion(sql, 'Region Publicering');
      const [d] = await addPeople(sql, region, 1);
      const r = await registerExam(deps, { dossierNumber: d!, examDate: datePreviousQuarter(), actor: { hsaId: 'SE2321009999-USR1', orgNumber: region } });
      expect(r.ok).toBe(true);
      const [stored] = await sql`select v.rule_set from rule_evaluations v join examinations e on v.subject_id = e.run_id
        where e.dossier_number = ${d!} and v.subject_type = 'examination'`;
      expect(stored!.rule_set).toBe('lma-2022-07-01@1');
    } finally {
      registry.stop();
      await sql`delete from published_rule_sets where id = ${id}`;
    }
  });
});

describe('simulation workflow', () => {
  it('lists the changed coverage dates of M persons when the change date moves, with progress', async () => {
    const region = await testRegion(sql, 'Region Simulering');
    const moved = await addPeople(sql, region, 3, { typeCode: 'M', events: [{ type: 'temporary-protection-application', date: '2022-07-20' }] });
    const unchanged = await addPeople(sql, region, 2, { typeCode: 'M', events: [{ type: 'temporary-protection-application', date: '2023-01-10' }] });
    const candidate = movedChangeDate('2022-09-01');
    const [c] = await sql`insert into rule_candidates (content, label, created_by) values (${sql.json(candidate as never)}, 'lma-2022-07-01@1', 'test') returning id`;
    const [s] = await sql`insert into rule_simulations (candidate_id, workflow_id, candidate, candidate_label, today, started_by)
      values (${c!.id}, ${`pending-${c!.id}`}, ${sql.json(candidate as never)}, 'lma-2022-07-01@1', ${today()}, 'test') returning id`;
    const simulationId = Number(s!.id);
    const handle = await client.workflow.start(ruleSimulationWorkflow, {
      taskQueue, workflowId: simulationWorkflowId(simulationId), args: [{ simulationId, batchSize: 200 }], // several batches over the shared test population
    });
    const result = await handle.result();
    expect(result.state).toBe('Klar');
    expect(result.persons.done).toBe(result.persons.total);
    expect(result.byKind.coveredFrom).toBeGreaterThanOrEqual(3);
    expect((await handle.query(simulationQuery)).state).toBe('Klar');
    const changes = await sql`select dossier_number, old, new from rule_simulation_changes
      where simulation_id = ${simulationId} and subject_type = 'person' and dossier_number = any(${[...moved, ...unchanged]})`;
    expect(changes.map((r) => r.dossier_number).sort()).toEqual([...moved].sort());
    expect(changes[0]).toMatchObject({ old: { coveredFrom: '2022-07-20' }, new: { coveredFrom: '2022-09-01' } });
    const [row] = await sql`select status, counts from rule_simulations where id = ${simulationId}`;
    expect(row).toMatchObject({ status: 'Klar', counts: { changed: result.changed } });
    await recordHistory(handle.workflowId, 'simulation-completed');
  }, 300_000); // the simulation compares the whole shared test population, which grows with the suite
});
