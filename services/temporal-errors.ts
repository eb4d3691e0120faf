import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { REFUSAL, type Reason } from '../workflows/messages.js';
import { refused, type Result } from './result.js';

/** Turns a workflow's business refusal into a Result; anything else is an infrastructure error and is rethrown. */
export function refusalFrom(err: unknown, prefix?: string): Result<never> {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === REFUSAL) {
    const reasons = (err.cause.details?.[0] as Reason[] | undefined) ?? [{ code: 'REFUSED', message: err.cause.message }];
    const message = [prefix, ...reasons.map((r) => r.message)].filter(Boolean).join(' ');
    return refused(reasons[0]?.code ?? 'REFUSED', message, undefined, reasons);
  }
  if (err instanceof WorkflowNotFoundError) return refused('NOT_FOUND', 'Registreringen finns inte.');
  if (err instanceof WorkflowExecutionAlreadyStartedError) return refused('ALREADY_EXISTS', 'Det finns redan en sådan registrering.');
  throw err;
}
