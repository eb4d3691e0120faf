/**
 * The rule maintainers' reads: published documents (for the check), candidates, simulations and
 * their changed outcomes, and the open items an amount correction would change. The installed
 * sets are read by services/rule-maintenance.ts (publishing needs them too); writes go there.
 */
import type { Sql } from '../../db/sql.js';
import { amountForExamYear, ruleSetInForce, type RuleSet, type RuleSetJson } from '../../rules/index.js';
import { publishedRuleSetRows } from '../../rules/store.js';

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

/** One application's items of one exam year whose amount the correction changes. */
export type PreviewRow = {
  applicationId: number; regionName: string; quarter: string; status: string; year: number; items: number; before: number; after: number;
};

/**
 * The open applications' items whose amount changes: those whose exam date the corrected set
 * would be in force on (among `installed` with the correction added), with the amount it gives.
 */
export function previewRows(groups: OpenItemGroup[], installed: RuleSet[], corrected: RuleSet): PreviewRow[] {
  const sets = [...installed.filter((s) => s.label !== corrected.label), corrected];
  const rows = new Map<string, PreviewRow>();
  for (const g of groups) {
    const inForce = ruleSetInForce(sets, g.examDate);
    if (inForce !== corrected) continue;
    const y = Number(g.examDate.slice(0, 4));
    const after = amountForExamYear(corrected, y);
    if (after === null || after === g.amountSek) continue;
    const key = `${g.applicationId}:${y}:${g.amountSek}`;
    const row = rows.get(key);
    if (row) row.items += g.items;
    else rows.set(key, { applicationId: g.applicationId, regionName: g.regionName, quarter: g.quarter, status: g.status, year: y, items: g.items, before: g.amountSek, after });
  }
  return [...rows.values()];
}
