import {
  isGrpcDeadlineError, ServiceError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError, type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { REFUSAL, type Reason } from '../contract/index.js';
import { refused, type Result } from './result.js';

/** How long a web request waits for a workflow to answer an action. */
export const UPDATE_DEADLINE_MS = 10_000;

export const STILL_PROCESSING = 'Åtgärden tar längre tid än vanligt och behandlas fortfarande. Ladda om sidan om en liten stund för att se resultatet; syns det inte då, försök igen.';
export const UNAVAILABLE = 'Tjänsten kan inte nås just nu. Ladda om sidan om en liten stund för att se om åtgärden blev utförd; annars försök igen.';
export const NOT_DONE = 'Åtgärden kunde inte genomföras just nu. Inget har ändrats. Försök igen om en stund.';
export const BUSY = 'Många åtgärder väntar redan på att behandlas här. Din åtgärd togs inte emot och inget har ändrats. Vänta en liten stund och försök igen.';

/** Runs a workflow call from the web tier with a deadline: no request waits forever on a workflow. */
export function withinDeadline<T>(client: Client, fn: () => Promise<T>, ms = UPDATE_DEADLINE_MS): Promise<T> {
  return client.withDeadline(Date.now() + ms, fn);
}

/** Turns a workflow's business refusal into a Result; anything else is an infrastructure error and is rethrown. */
export function refusalFrom(err: unknown, prefix?: string): Result<never> {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === REFUSAL) {
    const reasons = (err.cause.details?.[0] as Reason[] | undefined) ?? [{ code: 'REFUSED', message: err.cause.message }];
    const message = [prefix, ...reasons.map((r) => r.message)].filter(Boolean).join(' ');
    return refused(reasons[0]?.code ?? 'REFUSED', message, undefined, reasons);
  }
  // The action failed in the workflow for another reason (an activity gave up): nothing was done.
  if (err instanceof WorkflowUpdateFailedError) return refused('NOT_DONE', NOT_DONE);
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(err)) return refused('STILL_PROCESSING', STILL_PROCESSING);
  // Temporal cannot be reached (restarting): the action may or may not have arrived; say so.
  if (err instanceof ServiceError && (err.cause as { code?: number } | undefined)?.code === 14) return refused('UNAVAILABLE', UNAVAILABLE);
  // Temporal admits a few updates per workflow at a time; one more is turned away before it arrives.
  if (err instanceof ServiceError && (err.cause as { code?: number } | undefined)?.code === 8) return refused('BUSY', BUSY);
  if (err instanceof WorkflowNotFoundError) return refused('NOT_FOUND', 'Registreringen finns inte.');
  if (err instanceof WorkflowExecutionAlreadyStartedError) return refused('ALREADY_EXISTS', 'Det finns redan en sådan registrering.');
  throw err;
}
