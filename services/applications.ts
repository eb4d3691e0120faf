/**
 * Application actions shared by the web tier and the command-line tools: create, remove an item,
 * submit (region users) and decide (case officers). State lives in the application workflow.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  addItemsUpdate, APPLICATION_WORKFLOW, applicationQuery, applicationWorkflowId, confirmDecisionUpdate, decideItemsUpdate, decideItemUpdate, QuarterKey, RegionKey,
  removeItemUpdate, StateKey, submitUpdate, TASK_QUEUE, type Actor, type ApplicationView, type ApplicationWorkflow, type BulkDecision,
} from '../contract/index.js';
import { addQuarters, deadlineOfApplicationQuarter, formatQuarter, parseQuarter, quarterOf } from '../domain/quarters.js';
import { stockholmDate } from '../domain/stockholm-time.js';
import type { ServiceDeps } from './examinations.js';
import { ok, refused, type Result } from './result.js';
import { refusalFrom, withinDeadline } from './temporal-errors.js';

const quarterPattern = /^\d{4}-Q[1-4]$/;

/** The quarter whose exams can be applied for today: the one before the current quarter. */
export function applicableQuarter(today: string = stockholmDate(Date.now())): string {
  return formatQuarter(addQuarters(quarterOf(today), -1));
}

/**
 * The application deadline for exams of a quarter: the last day of the following quarter, moved
 * off weekends, holidays and eves (deadlineOfApplicationQuarter), e.g. `2027-01-04` for 2026-Q3.
 */
export function deadlineForQuarter(quarter: string): string {
  return deadlineOfApplicationQuarter(addQuarters(parseQuarter(quarter), 1));
}

export async function createApplication(
  deps: ServiceDeps,
  input: { quarter: string; actor: Actor; autoDecide?: boolean; batchSize?: number },
): Promise<Result<{ workflowId: string; quarter: string; deadline: string }>> {
  if (!quarterPattern.test(input.quarter)) return refused('INVALID_QUARTER', 'Välj ett kvartal, till exempel 2026-Q2.', 'quarter');
  const today = stockholmDate(Date.now());
  const allowed = applicableQuarter(today);
  if (input.quarter > allowed) {
    return refused('APPLICATION_TOO_EARLY', `Hälsoundersökningar från ${input.quarter} kan sökas först när kvartalet är slut. Nu kan ${allowed} sökas.`, 'quarter');
  }
  // Compared with the deadline itself, not the quarter: the one before the applicable quarter can
  // still be applied for in the first days of a quarter while its deadline has been moved off
  // nyårsafton, a weekend or a holiday (2026-Q3 until 2027-01-04).
  const deadline = deadlineForQuarter(input.quarter);
  if (today > deadline) {
    return refused('DEADLINE_PASSED', `Sista dag för ansökan för ${input.quarter} var ${deadline}. Nu kan ${allowed} sökas.`, 'quarter');
  }
  const workflowId = applicationWorkflowId(input.actor.orgNumber, input.quarter);
  // Migrationsverket's setting (Inställningar) as it is when the application is submitted, unless the caller decides.
  const autoDecide = input.autoDecide ?? 'setting';
  try {
    await deps.client.workflow.start<ApplicationWorkflow>(APPLICATION_WORKFLOW, {
      workflowId,
      taskQueue: deps.taskQueue ?? TASK_QUEUE,
      args: [{ regionOrgNumber: input.actor.orgNumber, quarter: input.quarter, deadline, createdBy: input.actor.hsaId,
        ...(autoDecide ? { autoDecide } : {}), ...(input.batchSize ? { batchSize: input.batchSize } : {}) }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: RegionKey, value: input.actor.orgNumber }, { key: QuarterKey, value: input.quarter }, { key: StateKey, value: 'Skapas' }],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      return refused('APPLICATION_EXISTS', `Det finns redan en ansökan för ${input.quarter}. Endast en ansökan per kvartal kan göras.`, 'quarter');
    }
    throw err;
  }
  return ok({ workflowId, quarter: input.quarter, deadline });
}

function handle(deps: ServiceDeps, regionOrgNumber: string, quarter: string) {
  return deps.client.workflow.getHandle(applicationWorkflowId(regionOrgNumber, quarter));
}

export async function applicationStatus(deps: ServiceDeps, regionOrgNumber: string, quarter: string): Promise<Result<ApplicationView>> {
  try {
    return ok(await handle(deps, regionOrgNumber, quarter).query(applicationQuery));
  } catch (err) {
    return refusalFrom(err);
  }
}

export async function removeItem(deps: ServiceDeps, input: { quarter: string; examinationId: number; actor: Actor }): Promise<Result<ApplicationView>> {
  if (!quarterPattern.test(input.quarter) || !Number.isSafeInteger(input.examinationId)) return refused('NOT_FOUND', 'Ansökan eller undersökningen finns inte.');
  try {
    return ok(await withinDeadline(deps.client, () =>
      handle(deps, input.actor.orgNumber, input.quarter).executeUpdate(removeItemUpdate, { args: [{ examinationId: input.examinationId, actor: input.actor }] })));
  } catch (err) {
    return refusalFrom(err);
  }
}

/**
 * Brings a draft up to date: the quarter's exams that are Ansökningsbar now (`all`, or the listed
 * ones — e.g. removed by mistake) are added. The rules are checked again for each.
 */
export async function addItems(
  deps: ServiceDeps, input: { quarter: string; examinationIds: number[] | 'all'; actor: Actor },
): Promise<Result<ApplicationView & { added: number }>> {
  if (!quarterPattern.test(input.quarter)) return refused('NOT_FOUND', 'Ansökan finns inte.');
  if (input.examinationIds !== 'all' && (input.examinationIds.length === 0 || !input.examinationIds.every(Number.isSafeInteger))) {
    return refused('NONE_SELECTED', 'Välj minst en undersökning.', 'examinationIds');
  }
  try {
    return ok(await withinDeadline(deps.client, () =>
      handle(deps, input.actor.orgNumber, input.quarter).executeUpdate(addItemsUpdate, { args: [{ examinationIds: input.examinationIds, actor: input.actor }] })));
  } catch (err) {
    return refusalFrom(err);
  }
}

/**
 * Submits the draft. A repeated submission (double click, a second client) gives the same single
 * submission: the workflow takes one action at a time and answers a submitted draft as it is. No
 * update id is fixed, so a submission that failed can be tried again.
 */
export async function submitApplication(deps: ServiceDeps, input: { quarter: string; actor: Actor }): Promise<Result<ApplicationView>> {
  if (!quarterPattern.test(input.quarter)) return refused('NOT_FOUND', 'Ansökan finns inte.');
  const h = handle(deps, input.actor.orgNumber, input.quarter);
  try {
    return ok(await withinDeadline(deps.client, () => h.executeUpdate(submitUpdate, { args: [{ actor: input.actor }] })));
  } catch (err) {
    const r = refusalFrom(err);
    if (r.ok || r.error.code !== 'NOT_FOUND') return r;
    // The workflow has ended: a lapsed draft says why.
    const [app] = await deps.sql`select status, to_char(deadline, 'YYYY-MM-DD') as deadline from applications where workflow_id = ${h.workflowId}`;
    if (app?.status === 'Förfallen') return refused('APPLICATION_LATE', `Sista dag för ansökan var ${app.deadline}. Utkastet skickades inte in och har förfallit.`);
    return refused('NOT_FOUND', 'Ansökan finns inte.');
  }
}

export async function decideItem(
  deps: ServiceDeps,
  input: { applicationWorkflowId: string; examinationId: number; outcome: 'Beviljad' | 'Avslagen'; reason?: string; actor: Actor },
): Promise<Result<ApplicationView>> {
  if (input.outcome === 'Avslagen' && !input.reason?.trim()) return refused('REASON_REQUIRED', 'Ange skäl för avslaget.', 'reason');
  if (input.outcome !== 'Beviljad' && input.outcome !== 'Avslagen') return refused('INVALID_OUTCOME', 'Välj bevilja eller avslå.', 'outcome');
  try {
    return ok(await withinDeadline(deps.client, () => deps.client.workflow.getHandle(input.applicationWorkflowId).executeUpdate(decideItemUpdate, {
      args: [{ examinationId: input.examinationId, outcome: input.outcome, ...(input.reason?.trim() ? { reason: input.reason.trim() } : {}), actor: input.actor }],
    })));
  } catch (err) {
    return refusalFrom(err);
  }
}

export async function confirmDecision(
  deps: ServiceDeps,
  input: { applicationWorkflowId: string; actor: Actor; officerName: string },
): Promise<Result<ApplicationView>> {
  try {
    const h = deps.client.workflow.getHandle(input.applicationWorkflowId);
    return ok(await withinDeadline(deps.client, () => h.executeUpdate(confirmDecisionUpdate, { args: [{ actor: input.actor, officerName: input.officerName }] })));
  } catch (err) {
    return refusalFrom(err);
  }
}

/**
 * Decides many items in one action: all, or a selection; by the rules' proposal ("Godkänn
 * förslaget") or with one outcome and one reason. Answers how many items it decided.
 */
export async function decideItems(
  deps: ServiceDeps,
  input: { applicationWorkflowId: string; examinationIds: number[] | 'all'; outcome: BulkDecision['outcome']; reason?: string; onlyUndecided?: boolean; actor: Actor },
): Promise<Result<ApplicationView & { changed: number }>> {
  if (!['Förslag', 'Beviljad', 'Avslagen'].includes(input.outcome)) return refused('INVALID_OUTCOME', 'Välj godkänn förslaget, bevilja eller avslå.', 'outcome');
  if (input.outcome === 'Avslagen' && !input.reason?.trim()) return refused('REASON_REQUIRED', 'Ange skäl för avslaget.', 'reason');
  if (input.examinationIds !== 'all' && (input.examinationIds.length === 0 || !input.examinationIds.every(Number.isSafeInteger))) {
    return refused('NONE_SELECTED', 'Välj minst en undersökning.', 'examinationIds');
  }
  try {
    return ok(await withinDeadline(deps.client, () => deps.client.workflow.getHandle(input.applicationWorkflowId).executeUpdate(decideItemsUpdate, {
      args: [{ examinationIds: input.examinationIds, outcome: input.outcome, ...(input.reason?.trim() ? { reason: input.reason.trim() } : {}),
        ...(input.onlyUndecided ? { onlyUndecided: true } : {}), actor: input.actor }],
    })));
  } catch (err) {
    const r = refusalFrom(err);
    return r.ok || r.error.code !== 'REASON_REQUIRED' ? r : { ok: false, error: { ...r.error, field: 'reason' } };
  }
}
