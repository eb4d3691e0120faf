/**
 * The examination actions the web tier and the command-line tools share. Each answers a typed
 * value or a refusal in Swedish; state changes go through the examination workflow's updates.
 */
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { Sql } from '../db/sql.js';
import {
  deleteUpdate, EXAMINATION_WORKFLOW, examinationWorkflowId, inviteUpdate, QuarterKey, RegionKey, reportUpdate, StateKey, TASK_QUEUE,
  type Actor, type ExaminationWorkflow, type ExamState, type ExamView,
} from '../contract/index.js';
import { ENDED_UNCOMPENSATED, statesAfterReport } from '../domain/exam-states.js';
import { isoDate } from '../domain/person.js';
import { formatQuarter, quarterOf } from '../domain/quarters.js';
import { stockholmDate } from '../domain/stockholm-time.js';
import { ok, refused, type Result } from './result.js';
import { refusalFrom, withinDeadline } from './temporal-errors.js';

export type ServiceDeps = { client: Client; sql: Sql; taskQueue?: string };

export const REPORT_REFUSED = 'Det går ej att rapportera hälsoundersökning för denna individ.';
const dossierSchema = z.string().regex(/^\d{1,2}-\d{6}$/);

async function personRegion(sql: Sql, dossierNumber: string): Promise<string | null> {
  const [row] = await sql`select region_org_number from persons where dossier_number = ${dossierNumber}`;
  return (row?.region_org_number as string | undefined) ?? null;
}

/** The invitation the region recorded in an earlier, ended registration of the person: it is kept. */
async function earlierInvitation(sql: Sql, dossierNumber: string, regionOrgNumber: string): Promise<string | null> {
  const [row] = await sql`select to_char(invited_date, 'YYYY-MM-DD') as invited_date from examinations
    where dossier_number = ${dossierNumber} and region_org_number = ${regionOrgNumber} and invited_date is not null order by id desc limit 1`;
  return (row?.invited_date as string | undefined) ?? null;
}

/**
 * Starts the person's examination workflow if none runs. Its search attributes say what the
 * action is expected to make of it, so the workflow publishes them only when it turns out otherwise.
 */
function startOperation(deps: ServiceDeps, dossierNumber: string, regionOrgNumber: string, expected: { state: ExamState; quarter?: string }, invitedDate: string | null) {
  return new WithStartWorkflowOperation<ExaminationWorkflow>(EXAMINATION_WORKFLOW, {
    workflowId: examinationWorkflowId(dossierNumber),
    taskQueue: deps.taskQueue ?? TASK_QUEUE,
    args: [{ dossierNumber, regionOrgNumber, ...(invitedDate ? { invitedDate } : {}) }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    typedSearchAttributes: [
      { key: RegionKey, value: regionOrgNumber }, { key: StateKey, value: expected.state },
      ...(expected.quarter ? [{ key: QuarterKey, value: expected.quarter }] : []),
    ],
  });
}

function checkInput(dossierNumber: string, date: string, field: string, label: string): Result<never> | null {
  if (!dossierSchema.safeParse(dossierNumber).success) return refused('INVALID_DOSSIER', 'Dossiernumret ska skrivas NN-NNNNNN.', 'dossierNumber');
  if (!isoDate.safeParse(date).success) return refused('INVALID_DATE', `Ange ${label} som ÅÅÅÅ-MM-DD, till exempel 2026-03-15.`, field);
  return null;
}

/** Reports a completed health examination (registers it, or completes an invitation). */
export async function registerExam(
  deps: ServiceDeps,
  input: { dossierNumber: string; examDate: string; actor: Actor; asOf?: string },
): Promise<Result<ExamView>> {
  const bad = checkInput(input.dossierNumber, input.examDate, 'examDate', 'datum för hälsoundersökningen');
  if (bad) return bad;
  const region = await personRegion(deps.sql, input.dossierNumber);
  if (!region) return refused('NOT_FOUND', 'Personen finns inte i registret.', 'dossierNumber');
  const invited = await earlierInvitation(deps.sql, input.dossierNumber, region);
  try {
    const view = await withinDeadline(deps.client, () => deps.client.workflow.executeUpdateWithStart(reportUpdate, {
      args: [{ examDate: input.examDate, actor: input.actor, ...(input.asOf ? { asOf: input.asOf } : {}) }],
      startWorkflowOperation: startOperation(deps, input.dossierNumber, region, {
        state: statesAfterReport(input.examDate, stockholmDate(Date.now())).at(-1)!, quarter: formatQuarter(quarterOf(input.examDate)),
      }, invited),
    }));
    return ok(view);
  } catch (err) {
    const r = refusalFrom(err, REPORT_REFUSED);
    return r.ok ? r : { ok: false, error: { ...r.error, field: 'examDate' } };
  }
}

/** Records the date the person was invited (kallad) to the examination. */
export async function recordInvitation(
  deps: ServiceDeps,
  input: { dossierNumber: string; invitedDate: string; actor: Actor },
): Promise<Result<ExamView>> {
  const bad = checkInput(input.dossierNumber, input.invitedDate, 'invitedDate', 'datum för kallelsen');
  if (bad) return bad;
  const region = await personRegion(deps.sql, input.dossierNumber);
  if (!region || region !== input.actor.orgNumber) return refused('NOT_FOUND', 'Personen finns inte i länet.', 'dossierNumber');
  try {
    return ok(await withinDeadline(deps.client, () => deps.client.workflow.executeUpdateWithStart(inviteUpdate, {
      args: [{ invitedDate: input.invitedDate, actor: input.actor }],
      startWorkflowOperation: startOperation(deps, input.dossierNumber, region, { state: 'Kallad' }, null),
    })));
  } catch (err) {
    const r = refusalFrom(err);
    return r.ok ? r : { ok: false, error: { ...r.error, field: 'invitedDate' } };
  }
}

/** Deletes the region's live registration of the person (before submission). */
export async function deleteExam(deps: ServiceDeps, input: { dossierNumber: string; actor: Actor }): Promise<Result<ExamView>> {
  if (!dossierSchema.safeParse(input.dossierNumber).success) return refused('INVALID_DOSSIER', 'Dossiernumret ska skrivas NN-NNNNNN.', 'dossierNumber');
  const [live] = await deps.sql`select run_id, region_org_number from examinations
    where dossier_number = ${input.dossierNumber} and status <> all(${[...ENDED_UNCOMPENSATED]}) order by id desc limit 1`;
  if (!live || live.region_org_number !== input.actor.orgNumber) return refused('NOT_FOUND', 'Det finns ingen registrering att ta bort.');
  try {
    const handle = deps.client.workflow.getHandle(examinationWorkflowId(input.dossierNumber), live.run_id as string);
    return ok(await withinDeadline(deps.client, () => handle.executeUpdate(deleteUpdate, { args: [{ actor: input.actor }] })));
  } catch (err) {
    return refusalFrom(err);
  }
}
