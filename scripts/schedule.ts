/**
 * The daily population sync: a Temporal Schedule at 02:00 Europe/Stockholm, created idempotently.
 */
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { FEED_SCHEDULE_ID, TASK_QUEUE } from '../workflows/config.js';

export async function ensureFeedSchedule(client: Client, source: string): Promise<'created' | 'exists'> {
  try {
    await client.schedule.create({
      scheduleId: FEED_SCHEDULE_ID,
      spec: { calendars: [{ hour: 2, minute: 0 }], timezone: 'Europe/Stockholm' },
      action: { type: 'startWorkflow', workflowType: 'feedImportWorkflow', args: [source], taskQueue: TASK_QUEUE, workflowId: 'feed-import' },
      policies: { overlap: 'SKIP', catchupWindow: '1 hour' },
    });
    return 'created';
  } catch (e) {
    if (e instanceof ScheduleAlreadyRunning) return 'exists';
    throw e;
  }
}

/** "Kör nu": the manual run of the same schedule. */
export async function runFeedScheduleNow(client: Client): Promise<void> {
  await client.schedule.getHandle(FEED_SCHEDULE_ID).trigger();
}
