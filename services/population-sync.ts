/**
 * The population sync's Temporal Schedule seen from the web tier: when it runs next, whether a
 * run is going on, and "Kör nu" (a manual trigger of the same schedule, so a run started by hand
 * and a scheduled one never overlap: the schedule's overlap policy skips the second).
 */
import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { FEED_SCHEDULE_ID } from '../contract/index.js';

export type FeedScheduleInfo = {
  exists: boolean;
  paused: boolean;
  nextRuns: Date[];
  /** Workflow ids of the schedule's runs going on now. */
  running: string[];
  timezone: string | null;
};

export async function feedScheduleInfo(client: Client, scheduleId: string = FEED_SCHEDULE_ID): Promise<FeedScheduleInfo> {
  try {
    const d = await client.schedule.getHandle(scheduleId).describe();
    return {
      exists: true,
      paused: d.state.paused,
      nextRuns: d.info.nextActionTimes.slice(0, 3),
      running: d.info.runningActions.map((a) => a.workflow.workflowId),
      timezone: d.spec.timezone ?? null,
    };
  } catch (e) {
    if (e instanceof ScheduleNotFoundError) return { exists: false, paused: false, nextRuns: [], running: [], timezone: null };
    throw e;
  }
}

export type TriggerOutcome = 'started' | 'already_running' | 'no_schedule';

/** "Kör nu": triggers the schedule unless one of its runs is already going on. */
export async function runFeedScheduleNow(client: Client, scheduleId: string = FEED_SCHEDULE_ID): Promise<TriggerOutcome> {
  const info = await feedScheduleInfo(client, scheduleId);
  if (!info.exists) return 'no_schedule';
  if (info.running.length > 0) return 'already_running';
  try {
    await client.schedule.getHandle(scheduleId).trigger('SKIP');
  } catch (e) {
    if (e instanceof ScheduleNotFoundError) return 'no_schedule';
    throw e;
  }
  return 'started';
}
