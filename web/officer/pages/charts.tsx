/**
 * Server-rendered SVG bar charts (no script, no inline styles): each is an image with a title
 * and description (role="img", aria-labelledby) followed by the same numbers as a table.
 */
export type Series = { key: string; label: string; color: string };
export type Bar = { label: string; values: Record<string, number> };

export type ChartProps = {
  id: string;
  title: string;
  description: string;
  series: Series[];
  bars: Bar[];
  format: (n: number) => string;
  /** header of the label column in the table */
  labelHeader: string;
  /** the series are parts of each bar (legend and one table column each), even when there is only one */
  stacked?: boolean;
};

const W = 720;
const LABEL_W = 190;
const BAR_H = 22;
const GAP = 10;
const RIGHT = 110;

/** Horizontal stacked bars, one per label, with a legend. */
export function BarChart({ id, title, description, series, bars, format, labelHeader, stacked = series.length > 1 }: ChartProps) {
  const totals = bars.map((b) => series.reduce((s, x) => s + (b.values[x.key] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotW = W - LABEL_W - RIGHT;
  const legendRows = stacked ? Math.ceil(series.length / 4) : 0;
  const top = 10 + legendRows * 22;
  const height = top + bars.length * (BAR_H + GAP) + 10;
  const titleId = `${id}-titel`;
  const descId = `${id}-beskrivning`;
  return (
    <figure class="officer-chart" aria-labelledby={`${id}-rubrik`}>
      <figcaption id={`${id}-rubrik`} class="officer-chart__caption">{title}</figcaption>
      {bars.length === 0 ? <p>Inga uppgifter att visa.</p> : (
        <svg role="img" aria-labelledby={`${titleId} ${descId}`} viewBox={`0 0 ${W} ${height}`} width="100%" class="officer-chart__svg"
          xmlns="http://www.w3.org/2000/svg">
          <title id={titleId}>{title}</title>
          <desc id={descId}>{description} Samma uppgifter finns i tabellen under diagrammet.</desc>
          {stacked && series.map((s, i) => {
            const x = 10 + (i % 4) * 175;
            const y = 10 + Math.floor(i / 4) * 22;
            return (
              <g>
                <rect x={x} y={y} width="14" height="14" fill={s.color} stroke="#1b1e23" stroke-width="0.5" />
                <text x={x + 20} y={y + 12} font-size="13" fill="#1b1e23">{s.label}</text>
              </g>
            );
          })}
          {bars.map((b, i) => {
            const y = top + i * (BAR_H + GAP);
            let x = LABEL_W;
            return (
              <g>
                <text x={LABEL_W - 8} y={y + BAR_H - 6} font-size="13" text-anchor="end" fill="#1b1e23">{b.label}</text>
                {series.map((s) => {
                  const v = b.values[s.key] ?? 0;
                  if (v <= 0) return null;
                  const w = Math.max(1, (v / max) * plotW);
                  const rect = <rect x={x} y={y} width={w} height={BAR_H} fill={s.color} />;
                  x += w;
                  return rect;
                })}
                <text x={x + 6} y={y + BAR_H - 6} font-size="13" fill="#1b1e23">{format(totals[i]!)}</text>
              </g>
            );
          })}
        </svg>
      )}
      {bars.length > 0 && (
        // A table wider than its figure scrolls; the scroll box is reachable by keyboard and named.
        <div class="table-wrap" tabindex={0} role="region" aria-label={`${title} – tabell`}>
          <table class="table officer-chart__table">
            <caption>{title} – tabell</caption>
            <thead>
              <tr>
                <th scope="col">{labelHeader}</th>
                {stacked && series.map((s) => <th scope="col" class="num">{s.label}</th>)}
                <th scope="col" class="num">Totalt</th>
              </tr>
            </thead>
            <tbody>
              {bars.map((b, i) => (
                <tr>
                  <th scope="row">{b.label}</th>
                  {stacked && series.map((s) => <td class="num">{format(b.values[s.key] ?? 0)}</td>)}
                  <td class="num">{format(totals[i]!)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}
