/**
 * The daily population sync: a Temporal Schedule at 02:00 Europe/Stockholm, created idempotently,
 * and the coverage recompute at 00:00, when a rule set with that effective-from date comes into force.
 */
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { FEED_SCHEDULE_ID, TASK_QUEUE } from '../contract/index.js';

export const COVERAGE_SCHEDULE_ID = 'coverage-recompute-daily';

export type ScheduleOutcome = 'created' | 'exists' | 'updated';

export async function ensureFeedSchedule(client: Client, source: string): Promise<ScheduleOutcome> {
  await ensureCoverageSchedule(client);
  return createFeedSchedule(client, source);
}

/** The feed schedule alone; tests give it their own id and task queue. */
export async function createFeedSchedule(
  client: Client, source: string, opts: { scheduleId?: string; taskQueue?: string } = {},
): Promise<ScheduleOutcome> {
  const scheduleId = opts.scheduleId ?? FEED_SCHEDULE_ID;
  const taskQueue = opts.taskQueue ?? TASK_QUEUE;
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ hour: 2, minute: 0 }], timezone: 'Europe/Stockholm' },
      action: {
        type: 'startWorkflow', workflowType: 'feedImportWorkflow', args: [source], taskQueue,
        workflowId: scheduleId === FEED_SCHEDULE_ID ? 'feed-import' : `${scheduleId}-run`,
      },
      policies: { overlap: 'SKIP', catchupWindow: '1 hour' },
    });
    return 'created';
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
  }
  // It exists: follow changed settings (the feed's source, the task queue) instead of ignoring them.
  const handle = client.schedule.getHandle(scheduleId);
  const current = await handle.describe();
  const action = current.action as { type: string; args?: unknown[]; taskQueue?: string };
  if (action.type === 'startWorkflow' && action.args?.[0] === source && action.taskQueue === taskQueue) return 'exists';
  await handle.update((prev) => ({
    ...prev,
    action: { ...(prev.action as Extract<typeof prev.action, { type: 'startWorkflow' }>), args: [source], taskQueue },
  }));
  return 'updated';
}

/**
 * The stored coverage dates follow the rule set in force today: recomputed every midnight, and
 * once now, so a release that ships a set already in force applies it at its start.
 */
export async function ensureCoverageSchedule(client: Client): Promise<'created' | 'exists'> {
  let outcome: 'created' | 'exists' = 'created';
  try {
    await client.schedule.create({
      scheduleId: COVERAGE_SCHEDULE_ID,
      spec: { calendars: [{ hour: 0, minute: 0 }], timezone: 'Europe/Stockholm' },
      action: { type: 'startWorkflow', workflowType: 'coverageRecomputeWorkflow', args: [{}], taskQueue: TASK_QUEUE, workflowId: 'coverage-recompute' },
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
    });
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
    outcome = 'exists';
  }
  await client.schedule.getHandle(COVERAGE_SCHEDULE_ID).trigger();
  return outcome;
}

/** "Kör nu": the manual run of the same schedule (the system administrator's page uses it too). */
export { runFeedScheduleNow } from '../services/population-sync.js';
