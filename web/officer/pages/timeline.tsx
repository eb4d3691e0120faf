/**
 * A live timeline: the transitions (time, actor, cause) of an examination or application as a
 * fragment that replaces itself every 2 s until the lifecycle has ended, with a link to the
 * workflow in the Temporal Web UI.
 */
import { formatStockholmDateTime } from '../../../domain/stockholm-time.js';
import type { TimelineData } from '../data/timelines.js';

const ENDED = new Set(['Utbetald', 'Avslagen', 'Borttagen', 'Förfallen']);

export const stockholmTime = (iso: string) => formatStockholmDateTime(iso, { seconds: true });

export type TimelineProps = {
  id: string;
  title: string;
  /** the fragment's own URL (polled) */
  src: string;
  data: TimelineData;
};

export function TimelineSection({ id, title, src, data }: TimelineProps) {
  const live = !data.unavailable && !(data.state && ENDED.has(data.state));
  const headingId = `${id}-rubrik`;
  return (
    <section id={id} class="timeline" aria-labelledby={headingId}
      hx-get={live || data.unavailable ? src : undefined} hx-trigger={live || data.unavailable ? 'every 2s' : undefined} hx-swap="outerHTML">
      <h2 id={headingId}>{title}</h2>
      <p>
        {data.state ? <>Status nu: <strong data-testid={`${id}-status`}>{data.state}</strong>. </> : null}
        {live ? 'Tidslinjen uppdateras automatiskt.' : data.unavailable ? '' : 'Förloppet är avslutat.'}
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
