/**
 * What the application tab reads: the projections (never workflow listings), every query
 * filtered by the user's region.
 */
import type { Sql } from '../../../db/sql.js';
import type { DecisionDocument } from '../../../domain/decision-document.js';
import { stockholmDate } from '../../../domain/stockholm-time.js';

export type ApplicationRow = {
  id: number;
  workflowId: string;
  regionOrgNumber: string;
  quarter: string;
  status: string;
  deadline: string;
  itemCount: number;
  totalAmountSek: number;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  payoutDate: string | null;
};

export type ApplicationItemRow = {
  examinationId: number;
  dossierNumber: string;
  name: string;
  examDate: string;
  amountSek: number | null;
  outcome: 'Beviljad' | 'Avslagen' | null;
  outcomeReason: string | null;
};

const day = (v: unknown) => (v == null ? null : stockholmDate(new Date(v as string | Date).getTime()));

function toApplication(r: Record<string, unknown>): ApplicationRow {
  return {
    id: Number(r.id), workflowId: r.workflow_id as string, regionOrgNumber: r.region_org_number as string, quarter: r.quarter as string,
    status: r.status as string, deadline: r.deadline as string, itemCount: Number(r.item_count), totalAmountSek: Number(r.total_amount_sek),
    createdAt: day(r.created_at)!, submittedAt: day(r.submitted_at), decidedAt: day(r.decided_at), payoutDate: (r.payout_date as string | null) ?? null,
  };
}

export async function regionApplications(sql: Sql, region: string): Promise<ApplicationRow[]> {
  const rows = await sql`select * from applications where region_org_number = ${region} order by quarter desc`;
  return rows.map(toApplication);
}

export async function applicationByQuarter(sql: Sql, region: string, quarter: string): Promise<ApplicationRow | null> {
  const [row] = await sql`select * from applications where region_org_number = ${region} and quarter = ${quarter}`;
  return row ? toApplication(row) : null;
}

/** Any region's application by number: the caller must check the region before showing it. */
export async function applicationById(sql: Sql, id: number): Promise<ApplicationRow | null> {
  const [row] = await sql`select * from applications where id = ${id}`;
  return row ? toApplication(row) : null;
}

export async function applicationItems(sql: Sql, app: ApplicationRow, examinationId?: number): Promise<ApplicationItemRow[]> {
  const rows = await sql`
    select i.examination_id, i.amount_sek, i.outcome, i.outcome_reason, e.dossier_number, e.exam_date,
           p.given_name, p.family_name, p.protected_identity
    from application_items i
    join applications a on a.id = i.application_id
    join examinations e on e.id = i.examination_id
    join persons p on p.dossier_number = e.dossier_number
    where i.application_id = ${app.id} and a.region_org_number = ${app.regionOrgNumber}
      ${examinationId === undefined ? sql`` : sql`and i.examination_id = ${examinationId}`}
    order by p.family_name, p.given_name, e.dossier_number`;
  return rows.map((r) => ({
    examinationId: Number(r.examination_id), dossierNumber: r.dossier_number as string,
    name: r.protected_identity ? 'Skyddade personuppgifter' : `${r.given_name} ${r.family_name}`,
    examDate: r.exam_date as string, amountSek: r.amount_sek == null ? null : Number(r.amount_sek),
    outcome: (r.outcome as ApplicationItemRow['outcome']) ?? null, outcomeReason: (r.outcome_reason as string | null) ?? null,
  }));
}

export async function applicationItem(sql: Sql, app: ApplicationRow, examinationId: number): Promise<ApplicationItemRow | null> {
  const [item] = await applicationItems(sql, app, examinationId);
  return item ?? null;
}

export async function decisionOf(sql: Sql, app: ApplicationRow): Promise<DecisionDocument | null> {
  const [row] = await sql`select d.content from decisions d join applications a on a.id = d.application_id
    where d.application_id = ${app.id} and a.region_org_number = ${app.regionOrgNumber}`;
  return row ? (row.content as DecisionDocument) : null;
}

/** Exams in a state, of one quarter, in the region; protected identities never count. */
export async function countExams(sql: Sql, region: string, quarter: string, status: string): Promise<number> {
  const [row] = await sql`select count(*)::int as n from examinations e join persons p on p.dossier_number = e.dossier_number
    where e.region_org_number = ${region} and e.quarter = ${quarter} and e.status = ${status} and not p.protected_identity`;
  return Number(row!.n);
}

export type OutsideExamRow = { examinationId: number; dossierNumber: string; name: string; examDate: string };

/**
 * The quarter's Ansökningsbar exams that no application holds (removed from the draft, or reported
 * after it was made), as the draft can add them; protected identities are left out as in the counts.
 */
export async function outsideExams(sql: Sql, region: string, quarter: string, limit = 200): Promise<OutsideExamRow[]> {
  const rows = await sql`select e.id, e.dossier_number, e.exam_date, p.given_name, p.family_name
    from examinations e join persons p on p.dossier_number = e.dossier_number
    where e.region_org_number = ${region} and e.quarter = ${quarter} and e.status = 'Ansökningsbar' and not p.protected_identity
    order by p.family_name, p.given_name, e.dossier_number limit ${limit}`;
  return rows.map((r) => ({
    examinationId: Number(r.id), dossierNumber: r.dossier_number as string, name: `${r.given_name} ${r.family_name}`, examDate: r.exam_date as string,
  }));
}
