/**
 * Activities: every side effect of the workflows. Built by a factory that receives its
 * dependencies; only the worker makes real connections.
 */
import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import type { Client } from '@temporalio/client';
import type { Sql } from '../db/sql.js';
import { coverageDate, type RuleSet } from '../rules/index.js';
import { createLifecycleActivities } from './lifecycle.js';
import { createSimulationActivities } from './simulation.js';
import { importFeedStream, type FeedImportResult } from './feed-import.js';

export type ActivityDeps = { sql: Sql; client: Client; ruleSets: () => RuleSet[] };

export function createActivities({ sql, client, ruleSets }: ActivityDeps) {
  return {
    ...createLifecycleActivities({ sql, client, ruleSets }),
    ...createSimulationActivities({ sql, ruleSets }),
    /** Imports the daily feed from a file path or an http(s) URL. */
    async importFeed(source: string): Promise<Omit<FeedImportResult, 'errors'> & { errors: FeedImportResult['errors'] }> {
      let input: Readable;
      if (/^https?:\/\//.test(source)) {
        const res = await fetch(source);
        if (!res.ok || !res.body) throw new Error(`feed source answered ${res.status}`);
        input = Readable.fromWeb(res.body as never);
      } else {
        input = createReadStream(source);
      }
      const sets = ruleSets();
      const result = await importFeedStream(sql, input, { source, coverage: (p) => coverageDate(p, { sets }) });
      // Keep the workflow history small: at most 50 line errors travel back.
      return { ...result, errors: result.errors.slice(0, 50) };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
