/**
 * An application's items as the officer reviews them: one page of a view with the facts of each
 * item's stored rule evaluation, the counts of the views, and the checks of a bulk selection.
 */
import type { Sql } from '../../../db/sql.js';
import type { EvaluationSummary } from './evaluations.js';

export type Proposal = {
  eligible: boolean;
  reasons: { code: string; message: string }[];
  amountSek: number | null;
  coveredFrom: string | null;
  ruleSet: string;
  applicationDeadline?: string | null;
};

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
