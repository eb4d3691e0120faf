/** Reads of the population sync page: the feed imports (feed_imports) and their rejected lines. */
import type { Sql } from '../../db/sql.js';
import type { FeedError } from '../../contract/index.js';

export type FeedImportRow = {
  id: number;
  source: string;
  startedAt: Date;
  finishedAt: Date | null;
  lines: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The workflow that ran it (null: imported by hand from the command line). */
  workflowId: string | null;
};

const toRow = (r: Record<string, unknown>): FeedImportRow => ({
  id: Number(r.id), source: r.source as string, startedAt: r.started_at as Date, finishedAt: (r.finished_at as Date | null) ?? null,
  lines: Number(r.lines), inserted: Number(r.inserted), updated: Number(r.updated), unchanged: Number(r.unchanged),
  rejected: Number(r.rejected), workflowId: typeof r.run_key === 'string' ? r.run_key.split('/')[0]! : null,
});

export const RECENT_IMPORTS = 20;

export async function recentImports(sql: Sql, limit = RECENT_IMPORTS): Promise<FeedImportRow[]> {
  const rows = await sql`select id, source, started_at, finished_at, lines, inserted, updated, unchanged, rejected, run_key
    from feed_imports order by id desc limit ${limit}`;
  return rows.map(toRow);
}

/** The imports begun by these workflows (the runs going on now). */
export async function importsOfWorkflows(sql: Sql, workflowIds: string[]): Promise<FeedImportRow[]> {
  if (workflowIds.length === 0) return [];
  const rows = await sql`select id, source, started_at, finished_at, lines, inserted, updated, unchanged, rejected, run_key
    from feed_imports where split_part(run_key, '/', 1) = any(${workflowIds}) order by id desc`;
  return rows.map(toRow);
}

export async function feedImport(sql: Sql, id: number): Promise<(FeedImportRow & { errors: FeedError[] }) | null> {
  const [row] = await sql`select id, source, started_at, finished_at, lines, inserted, updated, unchanged, rejected, run_key, errors
    from feed_imports where id = ${id}`;
  return row ? { ...toRow(row), errors: (row.errors as FeedError[]) ?? [] } : null;
}
