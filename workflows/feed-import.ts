import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

// The import heartbeats after every batch (a 200 000-line feed takes well under a minute): a
// killed worker's attempt times out within 15 s and the retry resumes where its last batch was
// committed. Ten minutes per attempt is many times the longest import; ten attempts bound it.
const { importFeed, recomputeCoverage } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '15 seconds',
  retry: { maximumAttempts: 10, initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The daily population sync (SPEC §5), started by a Temporal Schedule or by hand. */
export async function feedImportWorkflow(source: string) {
  const result = await importFeed(source);
  // The records the feed left unchanged keep the coverage date they were stored with: bring those
  // computed by an older rule set up to the one in force today (what the midnight run does when a
  // set comes into force; this catches a missed midnight). Runs started before this step keep
  // replaying without it.
  const coverage = patched('coverage-recompute-after-import') ? await recomputeCoverage({}) : null;
  return {
    lines: result.lines, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected,
    errors: result.errors, resumedFrom: result.resumedFrom, coverage,
  };
}

/**
 * The coverage dates by the rule set in force on `today` (default: today in Sweden). A daily
 * schedule starts it at 00:00 Europe/Stockholm, the moment a set with that effective-from date
 * comes into force (published sets always start on a later day than their publication; shipped
 * ones too, or at the start that deploys them), so the list, its export and a decision made that
 * day agree. Persons already computed by that set are not touched.
 */
export async function coverageRecomputeWorkflow(opts: { today?: string } = {}) {
  return recomputeCoverage(opts);
}
