import { Context } from '@temporalio/activity';

/** Tells Temporal the activity is alive, so a killed worker's task is retried within seconds. */
export function heartbeat(details?: unknown) {
  try {
    const ctx = Context.current();
    if (!ctx.info.isLocal) ctx.heartbeat(details);
  } catch {
    // not inside an activity (a direct call from a script or test)
  }
}
