/**
 * The rule maintainers' actions (issues 7 and 11): candidates saved, copied and deleted; a
 * candidate simulated against the live population (the rule-simulation workflow); a candidate or
 * an amount correction published (published_rule_sets, which the worker picks up). Each answers a
 * typed value or a refusal in Swedish; the web tier access-logs them.
 */
import type { Client } from '@temporalio/client';
import {
  RULE_SIMULATION_WORKFLOW, simulationQuery, simulationWorkflowId, TASK_QUEUE, type RuleSimulationWorkflow, type SimulationProgress,
} from '../contract/index.js';
import type { Sql } from '../db/sql.js';
import { stockholmDate } from '../domain/stockholm-time.js';
import { loadRuleSetsFromJson, ruleSetToJson, shippedRuleSets, type RuleSet, type RuleSetJson } from '../rules/index.js';
import { publishedRuleSetRows } from '../rules/store.js';
import type { ServiceDeps } from './examinations.js';
import { ok, refused, type Refusal, type Result } from './result.js';
import { checkCandidate, checkSummary, testCandidate, type CheckReport, type TestReport } from './rule-checks.js';

export type InstalledSet = { set: RuleSet; source: 'shipped' | 'published'; publishedBy?: string; publishedAt?: Date };

/** Every installed set, oldest first; a published document that no longer validates is skipped (and reported by check). */
export async function installedSets(sql: Sql): Promise<InstalledSet[]> {
  const published: InstalledSet[] = [];
  for (const row of await publishedRuleSetRows(sql)) {
    try {
      const [set] = loadRuleSetsFromJson([row.content]);
      published.push({ set: set!, source: 'published', publishedBy: row.publishedBy, publishedAt: row.publishedAt });
    } catch {
      // reported by "Kontrollera"
    }
  }
  const labels = new Set(published.map((p) => p.set.label));
  const all: InstalledSet[] = [...shippedRuleSets().filter((s) => !labels.has(s.label)).map((set) => ({ set, source: 'shipped' as const })), ...published];
  return all.sort((a, b) => a.set.effectiveFrom.localeCompare(b.set.effectiveFrom) || a.set.label.localeCompare(b.set.label));
}

const NO_CANDIDATE = 'Kandidaten finns inte.';
type Doc = RuleSetJson & { manifest: Record<string, unknown>; parameters: Record<string, unknown> };

/** A candidate is stored only when it passes the check, so its pages can always compile it. */
async function invalid(content: RuleSetJson, label: string): Promise<Result<never> | null> {
  const check = await checkCandidate(content, label);
  return check.ok ? null : refused('INVALID_RULE_SET', checkSummary(check), 'content');
}

export async function createCandidate(deps: Pick<ServiceDeps, 'sql'>, input: { content: RuleSetJson; label: string; by: string }): Promise<Result<{ id: number }>> {
  const bad = await invalid(input.content, input.label);
  if (bad) return bad;
  const [row] = await deps.sql`insert into rule_candidates (content, label, created_by)
    values (${deps.sql.json(input.content as never)}, ${input.label}, ${input.by}) returning id`;
  return ok({ id: Number(row!.id) });
}

/** A candidate that copies an installed set, with another LMA change date if one is given. */
export async function copyCandidate(
  deps: Pick<ServiceDeps, 'sql'>, input: { source: string; lmaChangeDate?: string | undefined; by: string },
): Promise<Result<{ id: number }>> {
  const source = (await installedSets(deps.sql)).find((s) => s.set.label === input.source);
  if (!source) return refused('UNKNOWN_SOURCE', 'Välj en uppsättning att kopiera.', 'source');
  const json = ruleSetToJson(source.set) as Doc;
  const changed = input.lmaChangeDate;
  if (changed) {
    json.parameters.lmaChangeDate = changed;
    json.manifest.description = `Kandidat: ${source.set.label} med LMA-ändringen ${changed}. ${String(json.manifest.description)}`;
  } else {
    json.manifest.description = `Kandidat: kopia av ${source.set.label}. ${String(json.manifest.description)}`;
  }
  return createCandidate(deps, { content: json, label: source.set.label, by: input.by });
}

export async function updateCandidate(deps: Pick<ServiceDeps, 'sql'>, input: { id: number; content: RuleSetJson; label: string }): Promise<Result<{ id: number }>> {
  const bad = await invalid(input.content, input.label);
  if (bad) return bad;
  const rows = await deps.sql`update rule_candidates set content = ${deps.sql.json(input.content as never)}, label = ${input.label}, updated_at = now()
    where id = ${input.id} returning id`;
  return rows.length === 1 ? ok({ id: input.id }) : refused('NOT_FOUND', NO_CANDIDATE);
}

/**
 * Deletes an unpublished candidate and its simulations. A published one is refused (its rule set
 * must stay explainable), and so is one whose simulation is still running.
 */
export async function deleteCandidate(deps: Pick<ServiceDeps, 'sql'>, id: number): Promise<Result<{ id: number }>> {
  return deps.sql.begin(async (tx) => {
    const [row] = await tx`select published_as from rule_candidates where id = ${id} for update`;
    if (!row) return refused('NOT_FOUND', NO_CANDIDATE);
    if (row.published_as) {
      return refused('PUBLISHED', `Kandidat ${id} är publicerad som ${String(row.published_as)} och kan inte tas bort. Publicerade regler finns kvar så att beslut alltid kan förklaras.`);
    }
    const [running] = await tx`select 1 from rule_simulations where candidate_id = ${id} and status = 'Pågår' limit 1`;
    if (running) return refused('SIMULATING', `Kandidat ${id} kan inte tas bort medan en simulering av den pågår. Vänta tills simuleringen är klar och försök igen.`);
    await tx`delete from rule_candidates where id = ${id} and published_as is null`;
    return ok({ id });
  });
}

/**
 * Simulates the candidate as it is now: the simulation row keeps a copy of it (later edits do
 * not change a simulation) and names the workflow that fills in its changed outcomes.
 */
export async function startSimulation(deps: ServiceDeps, input: { candidateId: number; by: string }): Promise<Result<{ simulationId: number; workflowId: string }>> {
  const id = await deps.sql.begin(async (tx) => {
    const [row] = await tx`insert into rule_simulations (candidate_id, workflow_id, candidate, candidate_label, today, started_by)
      select id, ${`pending-${input.candidateId}-${Date.now()}-${Math.random()}`}, content, label, ${stockholmDate(Date.now())}, ${input.by}
      from rule_candidates where id = ${input.candidateId} returning id`;
    if (!row) return null;
    await tx`update rule_simulations set workflow_id = ${simulationWorkflowId(Number(row.id))} where id = ${row.id}`;
    return Number(row.id);
  });
  if (id === null) return refused('NOT_FOUND', NO_CANDIDATE);
  const workflowId = simulationWorkflowId(id);
  await deps.client.workflow.start<RuleSimulationWorkflow>(RULE_SIMULATION_WORKFLOW, {
    workflowId, taskQueue: deps.taskQueue ?? TASK_QUEUE, args: [{ simulationId: id }],
  });
  return ok({ simulationId: id, workflowId });
}

/** A running simulation's progress (its query). Throws when the workflow cannot answer yet: the caller sets the deadline. */
export function simulationProgress(client: Client, workflowId: string): Promise<SimulationProgress> {
  return client.workflow.getHandle(workflowId).query(simulationQuery);
}

/** A refused publication, with the check or test report that refused it. */
export type PublishRefusal = Refusal & { check?: CheckReport; test?: TestReport };
export type PublishResult<T> = { ok: true; value: T } | { ok: false; error: PublishRefusal };

const taken = (label: string) => refused('EXISTS', `${label} finns redan. Ange ett annat namn eller en högre version.`, 'id');

/** Stores a set that passed its check and its tests; false when its label was taken meanwhile. */
async function store(sql: Sql, set: RuleSet, json: RuleSetJson, by: string, candidateId?: number): Promise<boolean> {
  return sql.begin(async (tx) => {
    const rows = await tx`insert into published_rule_sets (id, version, effective_from, content, published_by)
      values (${set.id}, ${set.version}, ${set.effectiveFrom}, ${tx.json(json as never)}, ${by}) on conflict (id, version) do nothing returning id`;
    if (rows.length !== 1) return false;
    if (candidateId !== undefined) await tx`update rule_candidates set published_as = ${set.label} where id = ${candidateId} and published_as is null`;
    return true;
  });
}

/**
 * Publishes a candidate as `id@version` (id defaults to `lma-<date>`), in force from a date after
 * today. It must pass the check and all its own cases; published sets are never changed again.
 */
export async function publishCandidate(
  deps: Pick<ServiceDeps, 'sql'>, input: { candidateId: number; effectiveFrom: string; id: string; version: string; by: string },
): Promise<PublishResult<{ label: string; lmaChangeDate: unknown }>> {
  const { effectiveFrom, version } = input;
  if (!(effectiveFrom > stockholmDate(Date.now()))) {
    return refused('NOT_IN_FUTURE', 'Ange ett datum efter i dag: publicerade regler gäller bara framåt.', 'effectiveFrom');
  }
  const setId = input.id || `lma-${effectiveFrom}`;
  const label = `${setId}@${version}`;
  const [row] = await deps.sql`select content from rule_candidates where id = ${input.candidateId}`;
  if (!row) return refused('NOT_FOUND', NO_CANDIDATE);
  if ((await installedSets(deps.sql)).some((s) => s.set.label === label)) return taken(label);

  const [candidate] = loadRuleSetsFromJson([row.content as RuleSetJson]);
  const json = ruleSetToJson(candidate!) as Doc;
  json.manifest = { ...json.manifest, id: setId, version, effectiveFrom };
  // The set's own cases that name its label expect the label it is published under.
  for (const file of Object.values(json.cases) as { cases?: { expected?: Record<string, unknown> }[] }[]) {
    for (const tc of file.cases ?? []) if (tc.expected?.ruleSet === candidate!.label) tc.expected.ruleSet = label;
  }
  const check = await checkCandidate(json, label);
  if (!check.ok) {
    const message = check.stopped ?? `Kandidaten klarar inte kontrollen (${check.problems.length} fel): ${check.problems.slice(0, 2).join('; ')}`;
    return { ok: false, error: { code: 'CHECK_FAILED', message, reasons: [{ code: 'CHECK_FAILED', message }], check } };
  }
  const test = await testCandidate(json);
  if (test.failed > 0) {
    const message = test.stopped ?? `${test.failed} testfall misslyckades. Rätta reglerna eller testfallen innan du publicerar.`;
    return { ok: false, error: { code: 'TESTS_FAILED', message, reasons: [{ code: 'TESTS_FAILED', message }], check, test } };
  }
  const [set] = loadRuleSetsFromJson([json]);
  if (!(await store(deps.sql, set!, json, input.by, input.candidateId))) return taken(label);
  return ok({ label, lmaChangeDate: json.parameters.lmaChangeDate ?? null });
}

/** An amount correction (forms: readCorrection) is published only when the set's cases still pass with it. */
export async function testCorrection(json: RuleSetJson): Promise<Result<null>> {
  const test = await testCandidate(json);
  if (test.failed === 0) return ok(null);
  if (test.stopped) return refused('TESTS_FAILED', test.stopped);
  const first = test.failures[0]!;
  return refused('TESTS_FAILED', `${test.failed} av uppsättningens testfall misslyckas med de rättade beloppen, till exempel ${first.file}: ${first.name}: ${first.details.join('; ')}. Rätta testfallen i en kandidat i stället.`);
}

/** Publishes an amount correction: the next version of a set, with the same id and effective date. */
export async function publishCorrection(deps: Pick<ServiceDeps, 'sql'>, input: { json: RuleSetJson; by: string }): Promise<Result<{ label: string }>> {
  const tested = await testCorrection(input.json);
  if (!tested.ok) return tested;
  const [set] = loadRuleSetsFromJson([input.json]);
  if (!(await store(deps.sql, set!, input.json, input.by))) {
    return refused('ALREADY_PUBLISHED', `${set!.label} har redan publicerats av någon annan. Ladda om sidan och utgå från den senaste versionen.`);
  }
  return ok({ label: set!.label });
}
