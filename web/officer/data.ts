/**
 * What the case officers' console reads: the projections (applications, items, examinations,
 * decisions, rule evaluations), never workflow listings. Officers see every region.
 */
import type { Sql } from '../../db/sql.js';
import type { DecisionDocument } from '../../domain/decision-document.js';
import { stockholmDate } from '../../domain/stockholm-time.js';

export const OFFICER_STATES = ['Inskickad', 'Under handläggning', 'Beslutad', 'Utbetald'] as const;
/** The worklist's default: what is waiting for a case officer. */
export const OPEN_STATES = ['Inskickad', 'Under handläggning'] as const;

export type WorklistFilter = { q?: string; region?: string; quarter?: string; state?: string };

export type WorklistRow = {
  id: number;
  workflowId: string;
  regionOrgNumber: string;
  regionName: string;
  quarter: string;
  status: string;
  itemCount: number;
  totalAmountSek: number;
  receivedDate: string;
  daysSinceReceived: number;
};

const day = (v: unknown) => (v == null ? null : stockholmDate(new Date(v as string | Date).getTime()));

export async function worklist(sql: Sql, f: WorklistFilter): Promise<WorklistRow[]> {
  const states = f.state === 'alla' ? [...OFFICER_STATES] : f.state ? [f.state] : [...OPEN_STATES];
  const rows = await sql`
    select a.id, a.workflow_id, a.region_org_number, o.name as region_name, a.quarter, a.status, a.item_count, a.total_amount_sek,
           a.submitted_at, (current_date - (a.submitted_at at time zone 'Europe/Stockholm')::date) as days
      from applications a join organisations o on o.org_number = a.region_org_number
     where a.submitted_at is not null and a.status in ${sql(states)}
       ${f.region ? sql`and a.region_org_number = ${f.region}` : sql``}
       ${f.quarter ? sql`and a.quarter = ${f.quarter}` : sql``}
       ${f.q ? sql`and exists (select 1 from application_items i join examinations e on e.id = i.examination_id
                                where i.application_id = a.id and e.dossier_number = ${f.q})` : sql``}
     order by a.submitted_at, a.id
     limit 500`;
  return rows.map((r) => ({
    id: Number(r.id), workflowId: r.workflow_id as string, regionOrgNumber: r.region_org_number as string, regionName: r.region_name as string,
    quarter: r.quarter as string, status: r.status as string, itemCount: Number(r.item_count), totalAmountSek: Number(r.total_amount_sek),
    receivedDate: day(r.submitted_at)!, daysSinceReceived: Number(r.days),
  }));
}

/** Regions and quarters that have submitted applications (the filter's choices). */
export async function filterChoices(sql: Sql) {
  const regions = await sql`select distinct o.org_number, o.name from applications a join organisations o on o.org_number = a.region_org_number
    where a.submitted_at is not null order by o.name`;
  const quarters = await sql`select distinct quarter from applications where submitted_at is not null order by quarter desc`;
  return {
    regions: regions.map((r) => ({ orgNumber: r.org_number as string, name: r.name as string })),
    quarters: quarters.map((r) => r.quarter as string),
  };
}

export type OfficerApplication = WorklistRow & {
  deadline: string;
  decidedAt: string | null;
  payoutDate: string | null;
};

export async function officerApplication(sql: Sql, id: number): Promise<OfficerApplication | null> {
  const [r] = await sql`
    select a.*, o.name as region_name, (current_date - (a.submitted_at at time zone 'Europe/Stockholm')::date) as days
      from applications a join organisations o on o.org_number = a.region_org_number
     where a.id = ${id} and a.submitted_at is not null`;
  if (!r) return null;
  return {
    id: Number(r.id), workflowId: r.workflow_id as string, regionOrgNumber: r.region_org_number as string, regionName: r.region_name as string,
    quarter: r.quarter as string, status: r.status as string, itemCount: Number(r.item_count), totalAmountSek: Number(r.total_amount_sek),
    receivedDate: day(r.submitted_at)!, daysSinceReceived: Number(r.days), deadline: r.deadline as string, decidedAt: day(r.decided_at),
    payoutDate: (r.payout_date as string | null) ?? null,
  };
}

export type Proposal = {
  eligible: boolean;
  reasons: { code: string; message: string }[];
  amountSek: number | null;
  coveredFrom: string | null;
  ruleSet: string;
  applicationDeadline?: string | null;
};

/** The stored rule evaluation of an item without its trace: enough for the deciding reason. */
export type EvaluationSummary = {
  ruleSet: string;
  evaluatedAt: Date;
  facts: Record<string, unknown>;
};
export type Evaluation = EvaluationSummary & { trace: TraceRule[] };
export type TraceCondition = {
  fact?: string;
  operator?: string;
  value?: unknown;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
  all?: TraceCondition[];
  any?: TraceCondition[];
  not?: TraceCondition;
};
export type TraceRule = { name: string; result: boolean; conditions: TraceCondition; event: { type: string; params?: Record<string, unknown> } };

export type OfficerItem = {
  examinationId: number;
  runId: string;
  dossierNumber: string;
  name: string;
  examDate: string;
  examStatus: string;
  amountSek: number | null;
  proposal: Proposal | null;
  outcome: 'Beviljad' | 'Avslagen' | null;
  outcomeReason: string | null;
  evaluation: EvaluationSummary | null;
};

/** The application page's views of its items (the `visa` parameter). */
export const ITEM_VIEWS = ['alla', 'forslag-avslag', 'andrade', 'ej-beslutade'] as const;
export type ItemView = (typeof ITEM_VIEWS)[number];
export const ITEMS_PER_PAGE = 50;
/** At most this many exams in one bulk action by selection (5 000 is an application's scale). */
export const MAX_SELECTION = 10_000;

export type ItemFilter = { view: ItemView; reason: string | null; page: number };

/** The rules' proposal of an item as an outcome; an item without a proposal counts as a proposed refusal, as the decision does. */
const eligible = (sql: Sql) => sql`coalesce((i.proposal->>'eligible')::boolean, false)`;

function itemConditions(sql: Sql, applicationId: number, f: Pick<ItemFilter, 'view' | 'reason'>) {
  return sql`i.application_id = ${applicationId}
    ${f.view === 'forslag-avslag' ? sql`and not ${eligible(sql)}` : sql``}
    ${f.view === 'andrade' ? sql`and i.outcome is not null and i.outcome <> (case when ${eligible(sql)} then 'Beviljad' else 'Avslagen' end)` : sql``}
    ${f.view === 'ej-beslutade' ? sql`and i.outcome is null` : sql``}
    ${f.reason ? sql`and i.proposal->'reasons' @> ${sql.json([{ code: f.reason }])}` : sql``}`;
}

type ItemRow = Record<string, unknown>;
function toItem(r: ItemRow): OfficerItem {
  return {
    examinationId: Number(r.examination_id), runId: r.run_id as string, dossierNumber: r.dossier_number as string,
    name: r.protected_identity ? 'Skyddade personuppgifter' : `${r.given_name as string} ${r.family_name as string}`,
    examDate: r.exam_date as string, examStatus: r.exam_status as string,
    amountSek: r.amount_sek == null ? null : Number(r.amount_sek), proposal: (r.proposal as Proposal | null) ?? null,
    outcome: (r.outcome as OfficerItem['outcome']) ?? null, outcomeReason: (r.outcome_reason as string | null) ?? null,
    evaluation: r.rule_set ? { ruleSet: r.rule_set as string, evaluatedAt: r.evaluated_at as Date, facts: r.facts as Record<string, unknown> } : null,
  };
}

export type ItemPage = { items: OfficerItem[]; total: number; page: number; pageCount: number; undecided: number };

/**
 * One page of an application's items in a view, sorted by name: the page is cut before the
 * stored rule evaluations are joined, so a 5 000-item application reads 50 evaluations, not
 * 5 000 — and only their facts; a trace is read when the officer opens it (itemEvaluation).
 */
export async function officerItemPage(sql: Sql, applicationId: number, f: ItemFilter): Promise<ItemPage> {
  const [{ total, undecided }] = (await sql`select count(*)::int as total, count(*) filter (where i.outcome is null)::int as undecided
    from application_items i where ${itemConditions(sql, applicationId, f)}`) as unknown as [{ total: number; undecided: number }];
  const pageCount = Math.max(1, Math.ceil(total / ITEMS_PER_PAGE));
  const page = Math.min(Math.max(1, f.page), pageCount);
  const rows = await sql`
    with shown as (
      select i.application_id, i.examination_id, i.amount_sek, i.proposal, i.outcome, i.outcome_reason, e.run_id, e.dossier_number, e.exam_date,
             e.status as exam_status, p.given_name, p.family_name, p.protected_identity
        from application_items i
        join examinations e on e.id = i.examination_id
        join persons p on p.dossier_number = e.dossier_number
       where ${itemConditions(sql, applicationId, f)}
       order by p.family_name, p.given_name, e.dossier_number
       limit ${ITEMS_PER_PAGE} offset ${(page - 1) * ITEMS_PER_PAGE})
    select s.*, v.rule_set, v.evaluated_at, v.facts
      from shown s
      left join lateral (select rule_set, evaluated_at, facts from rule_evaluations
                          where subject_type = 'application_item' and subject_id = s.application_id || ':' || s.examination_id
                          order by evaluated_at desc limit 1) v on true
     order by s.family_name, s.given_name, s.dossier_number`;
  return { items: rows.map(toItem), total, page, pageCount, undecided };
}

/** The whole stored rule evaluation of an item ("Hela regelbedömningen"), or null. */
export async function itemEvaluation(sql: Sql, applicationId: number, examinationId: number): Promise<Evaluation | null> {
  const [r] = await sql`select rule_set, evaluated_at, facts, trace from rule_evaluations
    where subject_type = 'application_item' and subject_id = ${`${applicationId}:${examinationId}`}
    order by evaluated_at desc limit 1`;
  return r ? { ruleSet: r.rule_set as string, evaluatedAt: r.evaluated_at as Date, facts: r.facts as Record<string, unknown>, trace: r.trace as TraceRule[] } : null;
}

/** One item of an application, or null. */
export async function officerItem(sql: Sql, applicationId: number, examinationId: number): Promise<OfficerItem | null> {
  const [r] = await sql`
    select i.examination_id, i.amount_sek, i.proposal, i.outcome, i.outcome_reason, e.run_id, e.dossier_number, e.exam_date, e.status as exam_status,
           p.given_name, p.family_name, p.protected_identity, null as rule_set
      from application_items i
      join examinations e on e.id = i.examination_id
      join persons p on p.dossier_number = e.dossier_number
     where i.application_id = ${applicationId} and i.examination_id = ${examinationId}`;
  return r ? toItem(r) : null;
}

export type ItemSummary = {
  total: number;
  proposedRefusals: number;
  undecided: number;
  /** decided by the officer otherwise than the rules proposed */
  changed: number;
  /** granted as things stand: the officer's outcome where given, the proposal elsewhere */
  granted: number;
  grantedSek: number;
  /** the reason codes of the proposed refusals, with how many items carry each */
  reasons: { code: string; count: number }[];
};

export async function itemSummary(sql: Sql, applicationId: number): Promise<ItemSummary> {
  const [[t], reasons] = await Promise.all([sql`
    select count(*)::int as total,
           count(*) filter (where not ${eligible(sql)})::int as proposed_refusals,
           count(*) filter (where i.outcome is null)::int as undecided,
           count(*) filter (where i.outcome is not null and i.outcome <> (case when ${eligible(sql)} then 'Beviljad' else 'Avslagen' end))::int as changed,
           count(*) filter (where coalesce(i.outcome, case when ${eligible(sql)} then 'Beviljad' else 'Avslagen' end) = 'Beviljad')::int as granted,
           coalesce(sum(i.amount_sek) filter (where coalesce(i.outcome, case when ${eligible(sql)} then 'Beviljad' else 'Avslagen' end) = 'Beviljad'), 0)::bigint as granted_sek
      from application_items i where i.application_id = ${applicationId}`, sql`
    select r->>'code' as code, count(*)::int as n
      from application_items i, jsonb_array_elements(coalesce(i.proposal->'reasons', '[]'::jsonb)) r
     where i.application_id = ${applicationId}
     group by 1 order by 2 desc, 1`]);
  return {
    total: t!.total as number, proposedRefusals: t!.proposed_refusals as number, undecided: t!.undecided as number, changed: t!.changed as number,
    granted: t!.granted as number, grantedSek: Number(t!.granted_sek), reasons: reasons.map((r) => ({ code: r.code as string, count: r.n as number })),
  };
}

/** The items of an application among `examinationIds`, with their proposals (a bulk action's selection, checked). */
export async function selectedItems(sql: Sql, applicationId: number, examinationIds: number[]): Promise<{ examinationId: number; eligible: boolean }[]> {
  if (examinationIds.length === 0) return [];
  const rows = await sql`select i.examination_id, ${eligible(sql)} as eligible from application_items i
    where i.application_id = ${applicationId} and i.examination_id = any(${examinationIds}::bigint[])`;
  return rows.map((r) => ({ examinationId: Number(r.examination_id), eligible: r.eligible as boolean }));
}

/** The undecided items of a view ("Godkänn förslaget för alla ej beslutade"). */
export async function undecidedIds(sql: Sql, applicationId: number, f: Pick<ItemFilter, 'view' | 'reason'>): Promise<number[]> {
  const rows = await sql`select i.examination_id from application_items i where ${itemConditions(sql, applicationId, f)} and i.outcome is null`;
  return rows.map((r) => Number(r.examination_id));
}

/** The decision's outcome, summary and payout sentence, without its item table. */
export async function decisionSummary(sql: Sql, applicationId: number): Promise<{ outcome: string; summary: string; payoutSentence: string } | null> {
  const [row] = await sql`select content->>'outcome' as outcome, content->>'summary' as summary, content->'payout'->>'sentence' as payout
    from decisions where application_id = ${applicationId}`;
  return row ? { outcome: row.outcome as string, summary: row.summary as string, payoutSentence: (row.payout as string | null) ?? '' } : null;
}

export async function decisionContent(sql: Sql, applicationId: number): Promise<DecisionDocument | null> {
  const [row] = await sql`select content from decisions where application_id = ${applicationId}`;
  return row ? (row.content as DecisionDocument) : null;
}

export type OfficerExam = {
  id: number;
  workflowId: string;
  runId: string;
  dossierNumber: string;
  name: string;
  regionName: string;
  status: string;
  examDate: string | null;
  quarter: string | null;
  applicationId: number | null;
};

export async function examinationByRun(sql: Sql, runId: string): Promise<OfficerExam | null> {
  const [r] = await sql`
    select e.id, e.workflow_id, e.run_id, e.dossier_number, e.status, e.exam_date, e.quarter, o.name as region_name,
           p.given_name, p.family_name, p.protected_identity,
           (select i.application_id from application_items i where i.examination_id = e.id order by i.application_id desc limit 1) as application_id
      from examinations e join persons p on p.dossier_number = e.dossier_number
      join organisations o on o.org_number = e.region_org_number
     where e.run_id = ${runId}`;
  if (!r) return null;
  return {
    id: Number(r.id), workflowId: r.workflow_id as string, runId: r.run_id as string, dossierNumber: r.dossier_number as string,
    name: r.protected_identity ? 'Skyddade personuppgifter' : `${r.given_name} ${r.family_name}`, regionName: r.region_name as string,
    status: r.status as string, examDate: (r.exam_date as string | null) ?? null, quarter: (r.quarter as string | null) ?? null,
    applicationId: r.application_id == null ? null : Number(r.application_id),
  };
}

/** Names of the people behind HSA-ids (timelines show who acted). */
export async function actorNames(sql: Sql, hsaIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(hsaIds.filter((h) => h !== 'system'))];
  if (ids.length === 0) return new Map();
  const rows = await sql`select hsa_id, given_name, family_name from users where hsa_id = any(${ids})`;
  return new Map(rows.map((r) => [r.hsa_id as string, `${r.given_name} ${r.family_name}`]));
}

export type DashboardRow = { regionName: string; quarter: string; status: string; exams: number; amountSek: number };

/** Examinations per region, quarter and state, with the amounts of their application items. */
export async function dashboardRows(sql: Sql, quarter?: string): Promise<DashboardRow[]> {
  const rows = await sql`
    select o.name as region_name, e.quarter, e.status, count(*)::int as exams,
           coalesce(sum(case when i.outcome = 'Avslagen' then 0 else i.amount_sek end), 0)::int as amount
      from examinations e
      join organisations o on o.org_number = e.region_org_number
      left join lateral (select amount_sek, outcome from application_items where examination_id = e.id order by application_id desc limit 1) i on true
     where e.quarter is not null ${quarter ? sql`and e.quarter = ${quarter}` : sql``}
     group by o.name, e.quarter, e.status
     order by o.name, e.quarter, e.status`;
  return rows.map((r) => ({ regionName: r.region_name as string, quarter: r.quarter as string, status: r.status as string, exams: Number(r.exams), amountSek: Number(r.amount) }));
}

export async function examQuarters(sql: Sql): Promise<string[]> {
  const rows = await sql`select distinct quarter from examinations where quarter is not null order by quarter desc limit 40`;
  return rows.map((r) => r.quarter as string);
}
