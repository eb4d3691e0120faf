/**
 * Activities: every side effect of the workflows. Built by a factory that receives its
 * dependencies; only the worker makes real connections.
 */
import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Sql } from '../db/sql.js';
import { coverageDate, swedishToday, type RuleSet } from '../rules/index.js';
import { createLifecycleActivities } from './lifecycle.js';
import { createSimulationActivities } from './simulation.js';
import {
  importFeedStream, recomputeCoverage, type CoverageProgress, type CoverageRecomputeResult, type FeedImportResult,
} from './feed-import.js';
import { heartbeat } from './heartbeat.js';
import { loadAllRuleSets } from '../rules/store.js';

export type ActivityDeps = { sql: Sql; client: Client; ruleSets: () => RuleSet[] };

export function createActivities({ sql, client, ruleSets }: ActivityDeps) {
  return {
    ...createLifecycleActivities({ sql, client, ruleSets }),
    ...createSimulationActivities({ sql, ruleSets }),
    /**
     * Imports the daily feed from a file path or an http(s) URL. It heartbeats after every batch
     * (the progress is the heartbeat's details) and is keyed by its activity, so a retry after a
     * killed worker resumes the same import where its last batch was committed.
     */
    async importFeed(source: string): Promise<FeedImportResult> {
      const ctx = Context.current();
      const { workflowExecution, activityId, attempt } = ctx.info;
      const signal = ctx.cancellationSignal;
      let input: Readable;
      if (/^https?:\/\//.test(source)) {
        const res = await fetch(source, { signal });
        if (!res.ok || !res.body) throw new Error(`feed source answered ${res.status}`);
        input = Readable.fromWeb(res.body as never);
      } else {
        input = createReadStream(source);
      }
      const sets = ruleSets();
      const result = await importFeedStream(sql, input, {
        source,
        runKey: workflowExecution ? `${workflowExecution.workflowId}/${workflowExecution.runId}/${activityId}` : undefined,
        coverage: (p) => coverageDate(p, { sets }),
        onProgress: (p) => heartbeat(p),
        signal,
      });
      if (attempt > 1) ctx.log.info('feed import resumed', { importId: result.importId, attempt, resumedFrom: result.resumedFrom });
      // Keep the workflow history small: at most 50 line errors travel back.
      return { ...result, errors: result.errors.slice(0, 50) };
    },
    /**
     * Recomputes the stored coverage dates by the rule set in force on `today` (default: today in
     * Sweden). The sets are read afresh, so one published a moment before midnight is included.
     */
    async recomputeCoverage(opts: { today?: string } = {}): Promise<CoverageRecomputeResult> {
      const ctx = Context.current();
      let sets: RuleSet[];
      try {
        sets = await loadAllRuleSets(sql);
      } catch {
        sets = ruleSets(); // a bad stored set: the registry keeps the last good ones
      }
      const resume = ctx.info.heartbeatDetails as CoverageProgress | undefined;
      const result = await recomputeCoverage(sql, {
        sets, today: opts.today ?? swedishToday(), after: resume?.after, signal: ctx.cancellationSignal, onProgress: (p) => heartbeat(p),
      });
      // Resumed after a killed attempt: what that attempt did counts too.
      return resume ? { ...result, relabelled: result.relabelled + resume.relabelled, changed: result.changed + resume.changed } : result;
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
