/**
 * The case officers' reads of applications: the worklist, one application and its decision, from
 * the projections (never workflow listings). Officers see every region.
 */
import type { Sql } from '../../../db/sql.js';
import type { DecisionDocument } from '../../../domain/decision-document.js';
import { stockholmDate } from '../../../domain/stockholm-time.js';

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

export type DecisionSummary = { outcome: string; summary: string; payoutSentence: string };

/** The decision's outcome, summary and payout sentence, without its item table. */
export async function decisionSummary(sql: Sql, applicationId: number): Promise<DecisionSummary | null> {
  const [row] = await sql`select content->>'outcome' as outcome, content->>'summary' as summary, content->'payout'->>'sentence' as payout
    from decisions where application_id = ${applicationId}`;
  return row ? { outcome: row.outcome as string, summary: row.summary as string, payoutSentence: (row.payout as string | null) ?? '' } : null;
}

export async function decisionContent(sql: Sql, applicationId: number): Promise<DecisionDocument | null> {
  const [row] = await sql`select content from decisions where application_id = ${applicationId}`;
  return row ? (row.content as DecisionDocument) : null;
}
