/**
 * What a live timeline shows: the transitions (time, actor, cause) an application's or
 * examination's workflow reports, with the names of the people who acted. A page waits for the
 * workflow only QUERY_WAIT_MS; without an answer the timeline is marked unavailable.
 */
import type { Sql } from '../../../db/sql.js';
import type { Transition } from '../../../contract/index.js';
import { applicationHistory, examinationHistory, type WorkflowHistory } from '../../../services/timelines.js';
import { withinQueryWait, type WebDeps } from '../../deps.js';
import { log } from '../../../observability/log.js';

export type TimelineData = {
  state: string | null;
  history: (Transition & { actorName: string })[];
  /** the workflow could not be asked (Temporal away, or the workflow is gone) */
  unavailable: boolean;
};

/** Names of the people behind HSA-ids (timelines show who acted). */
export async function actorNames(sql: Sql, hsaIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(hsaIds.filter((h) => h !== 'system'))];
  if (ids.length === 0) return new Map();
  const rows = await sql`select hsa_id, given_name, family_name from users where hsa_id = any(${ids})`;
  return new Map(rows.map((r) => [r.hsa_id as string, `${r.given_name} ${r.family_name}`]));
}

async function withNames(sql: Sql, { state, history }: WorkflowHistory): Promise<TimelineData> {
  const names = await actorNames(sql, history.map((h) => h.actor));
  return {
    state, unavailable: false,
    history: history.map((h) => ({ ...h, actorName: h.actor === 'system' ? 'Systemet (automatiskt)' : names.get(h.actor) ? `${names.get(h.actor)} (${h.actor})` : h.actor })),
  };
}

type Deps = Pick<WebDeps, 'sql' | 'temporal'>;

export async function applicationTimeline({ sql, temporal }: Deps, workflowId: string): Promise<TimelineData> {
  try {
    return await withNames(sql, await withinQueryWait(temporal, () => applicationHistory(temporal, workflowId)));
  } catch (err) {
    log.warn({ err, workflowType: workflowId.split('-')[0] }, 'timeline: query failed');
    return { state: null, history: [], unavailable: true };
  }
}

export async function examinationTimeline({ sql, temporal }: Deps, workflowId: string, runId: string): Promise<TimelineData> {
  try {
    return await withNames(sql, await withinQueryWait(temporal, () => examinationHistory(temporal, workflowId, runId)));
  } catch (err) {
    log.warn({ err, workflowType: workflowId.split('-')[0] }, 'timeline: query of an earlier run failed');
    return { state: null, history: [], unavailable: true };
  }
}
