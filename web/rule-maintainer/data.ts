/**
 * The rule maintainers' data: installed sets (shipped folders + published documents), candidates,
 * simulations and their changed outcomes, and publication.
 */
import type { Sql } from '../../db/sql.js';
import { loadRuleSetsFromJson, shippedRuleSets, type RuleSet, type RuleSetJson } from '../../rules/index.js';
import { publishedRuleSetRows } from '../../rules/store.js';

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

export async function publishedDocuments(sql: Sql) {
  return (await publishedRuleSetRows(sql)).map((r) => ({ label: `${r.id}@${r.version}`, content: r.content }));
}

/** `publishedAs`: the rule set the candidate was published as (it is then kept for good). */
export type Candidate = { id: number; label: string; content: RuleSetJson; createdBy: string; createdAt: Date; updatedAt: Date; publishedAs: string | null };

const toCandidate = (r: Record<string, unknown>): Candidate => ({
  id: Number(r.id), label: r.label as string, content: r.content as RuleSetJson, createdBy: r.created_by as string,
  createdAt: r.created_at as Date, updatedAt: r.updated_at as Date, publishedAs: (r.published_as as string | null) ?? null,
});

export async function candidates(sql: Sql): Promise<Candidate[]> {
  return (await sql`select * from rule_candidates order by id desc limit 50`).map(toCandidate);
}

export async function candidate(sql: Sql, id: number): Promise<Candidate | null> {
  const [row] = await sql`select * from rule_candidates where id = ${id}`;
  return row ? toCandidate(row) : null;
}

export async function saveCandidate(sql: Sql, c: { id?: number; label: string; content: RuleSetJson; by: string }): Promise<number> {
  if (c.id !== undefined) {
    await sql`update rule_candidates set content = ${sql.json(c.content as never)}, label = ${c.label}, updated_at = now() where id = ${c.id}`;
    return c.id;
  }
  const [row] = await sql`insert into rule_candidates (content, label, created_by) values (${sql.json(c.content as never)}, ${c.label}, ${c.by}) returning id`;
  return Number(row!.id);
}

export type DeleteOutcome = 'deleted' | 'not_found' | 'published' | 'simulating';

/**
 * Deletes an unpublished candidate and its simulations. A published one is refused (its rule set
 * must stay explainable), and so is one whose simulation is still running.
 */
export async function deleteCandidate(sql: Sql, id: number): Promise<DeleteOutcome> {
  return sql.begin(async (tx) => {
    const [row] = await tx`select published_as from rule_candidates where id = ${id} for update`;
    if (!row) return 'not_found';
    if (row.published_as) return 'published';
    const [running] = await tx`select 1 from rule_simulations where candidate_id = ${id} and status = 'Pågår' limit 1`;
    if (running) return 'simulating';
    await tx`delete from rule_candidates where id = ${id} and published_as is null`;
    return 'deleted';
  });
}

export async function markPublished(sql: Sql, candidateId: number, label: string): Promise<void> {
  await sql`update rule_candidates set published_as = ${label} where id = ${candidateId} and published_as is null`;
}

export type Simulation = {
  id: number;
  candidateId: number;
  workflowId: string;
  candidateLabel: string;
  currentLabels: string[];
  today: string;
  status: 'Pågår' | 'Klar' | 'Misslyckad';
  counts: { changed?: number; skipped?: number; byKind?: Record<string, number>; persons?: { total: number }; examinations?: { total: number } } | null;
  startedBy: string;
  startedAt: Date;
};

const toSimulation = (r: Record<string, unknown>): Simulation => ({
  id: Number(r.id), candidateId: Number(r.candidate_id), workflowId: r.workflow_id as string, candidateLabel: r.candidate_label as string,
  currentLabels: (r.current_labels as string[]) ?? [], today: r.today as string, status: r.status as Simulation['status'],
  counts: (r.counts as Simulation['counts']) ?? null, startedBy: r.started_by as string, startedAt: r.started_at as Date,
});

export async function simulationsOf(sql: Sql, candidateId: number): Promise<Simulation[]> {
  return (await sql`select * from rule_simulations where candidate_id = ${candidateId} order by id desc`).map(toSimulation);
}

export async function simulation(sql: Sql, id: number): Promise<Simulation | null> {
  const [row] = await sql`select * from rule_simulations where id = ${id}`;
  return row ? toSimulation(row) : null;
}

/** A new simulation row; its workflow id follows from its number. */
export async function createSimulation(sql: Sql, c: Candidate, today: string, by: string, workflowIdOf: (id: number) => string): Promise<number> {
  return sql.begin(async (tx) => {
    const [row] = await tx`insert into rule_simulations (candidate_id, workflow_id, candidate, candidate_label, today, started_by)
      values (${c.id}, ${`pending-${c.id}-${Date.now()}-${Math.random()}`}, ${tx.json(c.content as never)}, ${c.label}, ${today}, ${by}) returning id`;
    const id = Number(row!.id);
    await tx`update rule_simulations set workflow_id = ${workflowIdOf(id)} where id = ${id}`;
    return id;
  });
}

export type ChangeRow = {
  subjectType: 'person' | 'examination';
  subjectId: string;
  dossierNumber: string;
  examDate: string | null;
  kinds: string[];
  old: { coveredFrom: string | null; eligible?: boolean; reasons?: string[]; amountSek?: number | null; ruleSet: string };
  new: ChangeRow['old'];
};

export async function simulationChanges(sql: Sql, simulationId: number, opts: { kind?: string; limit: number }): Promise<{ rows: ChangeRow[]; total: number }> {
  const filter = opts.kind ? sql`and ${opts.kind} = any(kinds)` : sql``;
  const [count] = await sql`select count(*)::int as n from rule_simulation_changes where simulation_id = ${simulationId} ${filter}`;
  const rows = await sql`select * from rule_simulation_changes where simulation_id = ${simulationId} ${filter}
    order by subject_type desc, dossier_number, subject_id limit ${opts.limit}`;
  return {
    total: Number(count!.n),
    rows: rows.map((r) => ({
      subjectType: r.subject_type as ChangeRow['subjectType'], subjectId: r.subject_id as string, dossierNumber: r.dossier_number as string,
      examDate: (r.exam_date as string | null) ?? null, kinds: r.kinds as string[], old: r.old as ChangeRow['old'], new: r.new as ChangeRow['new'],
    })),
  };
}

export async function publish(sql: Sql, p: { id: string; version: string; effectiveFrom: string; content: RuleSetJson; by: string }): Promise<boolean> {
  const rows = await sql`insert into published_rule_sets (id, version, effective_from, content, published_by)
    values (${p.id}, ${p.version}, ${p.effectiveFrom}, ${sql.json(p.content as never)}, ${p.by}) on conflict (id, version) do nothing returning id`;
  return rows.length === 1;
}

/** Items of open applications with the same exam date and amount, counted (an amount correction's preview). */
export type OpenItemGroup = {
  applicationId: number; regionOrgNumber: string; regionName: string; quarter: string; status: string; examDate: string; amountSek: number; items: number;
};

/**
 * Items of applications not yet decided (Skapas, Utkast, Inskickad, Under handläggning) that
 * carry an amount and are not rejected, grouped by application, exam date and amount. Decided
 * applications are left out: they keep the amounts they recorded.
 */
export async function openItemAmounts(sql: Sql): Promise<OpenItemGroup[]> {
  const rows = await sql`select a.id, a.region_org_number, coalesce(o.name, a.region_org_number) as region_name, a.quarter, a.status,
      e.exam_date::text as exam_date, i.amount_sek, count(*)::int as n
    from application_items i
      join applications a on a.id = i.application_id
      join examinations e on e.id = i.examination_id
      left join organisations o on o.org_number = a.region_org_number
    where a.status in ('Skapas', 'Utkast', 'Inskickad', 'Under handläggning') and i.amount_sek is not null
      and i.outcome is distinct from 'Avslagen' and e.exam_date is not null
    group by a.id, a.region_org_number, o.name, a.quarter, a.status, e.exam_date, i.amount_sek
    order by a.quarter, region_name, a.id, e.exam_date`;
  return rows.map((r) => ({
    applicationId: Number(r.id), regionOrgNumber: r.region_org_number as string, regionName: r.region_name as string, quarter: r.quarter as string,
    status: r.status as string, examDate: r.exam_date as string, amountSek: Number(r.amount_sek), items: Number(r.n),
  }));
}
