/**
 * Live timelines: the transitions (time, actor, cause) an examination or application workflow
 * reports in its query, as a fragment that replaces itself every 2 s until the lifecycle has
 * ended, with a link to the workflow in the Temporal Web UI.
 */
import type { Context } from 'hono';
import type { Sql } from '../../db/sql.js';
import { applicationQuery, examQuery, type Transition } from '../../contract/index.js';
import { withinQueryWait, type AppEnv } from '../deps.js';
import { actorNames } from './data.js';

export type TimelineData = {
  state: string | null;
  history: (Transition & { actorName: string })[];
  /** the workflow could not be asked (Temporal away, or the workflow is gone) */
  unavailable: boolean;
};

const ENDED = new Set(['Utbetald', 'Avslagen', 'Borttagen', 'Förfallen']);

const timeFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});
export const stockholmTime = (iso: string) => timeFormat.format(new Date(iso));

async function withNames(sql: Sql, state: string, history: Transition[]): Promise<TimelineData> {
  const names = await actorNames(sql, history.map((h) => h.actor));
  return {
    state, unavailable: false,
    history: history.map((h) => ({ ...h, actorName: h.actor === 'system' ? 'Systemet (automatiskt)' : names.get(h.actor) ? `${names.get(h.actor)} (${h.actor})` : h.actor })),
  };
}

export async function applicationTimeline(c: Context<AppEnv>, workflowId: string): Promise<TimelineData> {
  try {
    const { temporal } = c.var.deps;
    const view = await withinQueryWait(temporal, () => temporal.workflow.getHandle(workflowId).query(applicationQuery));
    return await withNames(c.var.deps.sql, view.state, view.history);
  } catch (err) {
    console.warn(`timeline of ${workflowId}: query failed:`, (err as Error).message);
    return { state: null, history: [], unavailable: true };
  }
}

export async function examinationTimeline(c: Context<AppEnv>, workflowId: string, runId: string): Promise<TimelineData> {
  try {
    const { temporal } = c.var.deps;
    const view = await withinQueryWait(temporal, () => temporal.workflow.getHandle(workflowId, runId).query(examQuery));
    return await withNames(c.var.deps.sql, view.state, view.history);
  } catch (err) {
    console.warn(`timeline of ${workflowId}/${runId}: query failed:`, (err as Error).message);
    return { state: null, history: [], unavailable: true };
  }
}

export function temporalUiLink(base: string | null | undefined, workflowId: string, runId?: string): string | null {
  if (!base) return null;
  return `${base.replace(/\/+$/, '')}/namespaces/default/workflows/${encodeURIComponent(workflowId)}${runId ? `/${encodeURIComponent(runId)}` : ''}`;
}

export type TimelineProps = {
  id: string;
  title: string;
  /** the fragment's own URL (polled) */
  src: string;
  data: TimelineData;
  temporalUrl: string | null;
};

export function TimelineSection({ id, title, src, data, temporalUrl }: TimelineProps) {
  const live = !data.unavailable && !(data.state && ENDED.has(data.state));
  const headingId = `${id}-rubrik`;
  return (
    <section id={id} class="timeline" aria-labelledby={headingId}
      hx-get={live || data.unavailable ? src : undefined} hx-trigger={live || data.unavailable ? 'every 2s' : undefined} hx-swap="outerHTML">
      <h2 id={headingId}>{title}</h2>
      <p>
        {data.state ? <>Status nu: <strong data-testid={`${id}-status`}>{data.state}</strong>. </> : null}
        {live ? 'Tidslinjen uppdateras automatiskt.' : data.unavailable ? '' : 'Förloppet är avslutat.'}
        {temporalUrl && <> <a href={temporalUrl} rel="noopener" target="_blank">Öppna arbetsflödet i Temporal Web UI (nytt fönster)</a></>}
      </p>
      {data.unavailable ? (
        <p class="message-box message-box--warning">Tidslinjen kan inte visas just nu. Försöker igen automatiskt.</p>
      ) : (
        <div class="table-wrap">
          <table class="table timeline__table">
            <caption class="sr-only">{title}: övergångar i tidsordning</caption>
            <thead>
              <tr><th scope="col">Tid</th><th scope="col">Från</th><th scope="col">Till</th><th scope="col">Vem</th><th scope="col">Orsak</th></tr>
            </thead>
            <tbody>
              {data.history.map((h) => (
                <tr>
                  <td><time datetime={h.at}>{stockholmTime(h.at)}</time></td>
                  <td>{h.from ?? '–'}</td>
                  <td><strong>{h.to}</strong></td>
                  <td>{h.actorName}</td>
                  <td>{h.cause}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
