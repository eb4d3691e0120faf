/** An examination found by its workflow run, with the application it was last part of. */
import type { Sql } from '../../../db/sql.js';

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
