/**
 * The population sync's contract: the workflow type names its schedules start, and the line
 * errors an import reports (stored with the import, shown to Migrationsverket's administrators).
 */

/** Must stay the names of the workflow functions in workflows/feed-import.ts (test/layering.test.ts checks). */
export const FEED_IMPORT_WORKFLOW = 'feedImportWorkflow';
export const COVERAGE_RECOMPUTE_WORKFLOW = 'coverageRecomputeWorkflow';

export type FeedError = { line: number; reason: string };
