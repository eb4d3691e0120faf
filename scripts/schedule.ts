/**
 * The daily population sync: a Temporal Schedule at 02:00 Europe/Stockholm, created idempotently,
 * and the coverage recompute at 00:00, when a rule set with that effective-from date comes into force.
 */
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { FEED_SCHEDULE_ID, TASK_QUEUE } from '../contract/index.js';

export const COVERAGE_SCHEDULE_ID = 'coverage-recompute-daily';

export type ScheduleOutcome = 'created' | 'exists' | 'updated';

export async function ensureFeedSchedule(client: Client, source: string, opts: { taskQueue?: string } = {}): Promise<ScheduleOutcome> {
  await ensureCoverageSchedule(client, opts);
  return createFeedSchedule(client, source, opts);
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
export async function ensureCoverageSchedule(client: Client, opts: { taskQueue?: string } = {}): Promise<ScheduleOutcome> {
  const taskQueue = opts.taskQueue ?? TASK_QUEUE;
  let outcome: ScheduleOutcome = 'created';
  try {
    await client.schedule.create({
      scheduleId: COVERAGE_SCHEDULE_ID,
      spec: { calendars: [{ hour: 0, minute: 0 }], timezone: 'Europe/Stockholm' },
      action: { type: 'startWorkflow', workflowType: 'coverageRecomputeWorkflow', args: [{}], taskQueue, workflowId: 'coverage-recompute' },
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
    });
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
    outcome = 'exists';
    // Follow a changed task queue, as the feed schedule does.
    const handle = client.schedule.getHandle(COVERAGE_SCHEDULE_ID);
    const action = (await handle.describe()).action as { type: string; taskQueue?: string };
    if (action.type === 'startWorkflow' && action.taskQueue !== taskQueue) {
      await handle.update((prev) => ({ ...prev, action: { ...(prev.action as Extract<typeof prev.action, { type: 'startWorkflow' }>), taskQueue } }));
      outcome = 'updated';
    }
  }
  await client.schedule.getHandle(COVERAGE_SCHEDULE_ID).trigger();
  return outcome;
}

/** "Kör nu": the manual run of the same schedule (the system administrator's page uses it too). */
export { runFeedScheduleNow } from '../services/population-sync.js';

/**
 * `npm run schedules`, the Schedules' bootstrap of a deployment: creates the feed and coverage
 * Schedules, or brings them in step with the settings (feed source, task queue). Run it after
 * migrate and on every release; it is idempotent. Fails closed with one message.
 */
async function main() {
  const { schedulesConfig, settingsOrStop, stopWith, temporalConnectionOptions } = await import('../config/production.js');
  const { temporal: t, feedSource } = settingsOrStop('schemaläggning', schedulesConfig());
  const { Client: TemporalClient, Connection } = await import('@temporalio/client');
  let connection: Awaited<ReturnType<typeof Connection.connect>> | undefined;
  try {
    connection = await Connection.connect({ ...temporalConnectionOptions(t), connectTimeout: 10_000 });
    const client = new TemporalClient({ connection, namespace: t.namespace });
    const coverage = await ensureCoverageSchedule(client, { taskQueue: t.taskQueue });
    const feed = await createFeedSchedule(client, feedSource, { taskQueue: t.taskQueue });
    console.error(`schedules: ${FEED_SCHEDULE_ID} ${feed}, ${COVERAGE_SCHEDULE_ID} ${coverage} (namespace ${t.namespace}, task queue ${t.taskQueue})`);
  } catch (e) {
    stopWith('schemaläggning', [`Temporal (${t.address}, namnrymden ${t.namespace}) kunde inte nås: ${e instanceof Error ? e.message : String(e)}`]);
  } finally {
    await connection?.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
