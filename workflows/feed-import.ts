import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

const { importFeed } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: undefined,
  retry: { maximumAttempts: 5, initialInterval: '10 seconds' },
});

/** The daily population sync (SPEC §5), started by a Temporal Schedule or by hand. */
export async function feedImportWorkflow(source: string) {
  const result = await importFeed(source);
  return { lines: result.lines, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected, errors: result.errors };
}
