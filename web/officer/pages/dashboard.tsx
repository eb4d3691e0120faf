/**
 * Översikt: examinations, amounts and states per region and quarter, as charts with tables.
 */
import { formatSek } from '../../../domain/decision-document.js';
import { EXAM_STATES } from '../../../contract/index.js';
import { BarChart, type Bar, type Series } from './charts.js';
import type { DashboardRow } from '../data/dashboard.js';

const STATE_COLORS: Record<string, string> = {
  Kallad: '#8a8a8a', Rapporterad: '#4e79a7', Ansökningsbar: '#59a14f', 'I ansökan': '#edc948', Inskickad: '#f28e2b',
  Beviljad: '#116a3e', Avslagen: '#a4000f', Utbetald: '#2f4b7c', Borttagen: '#bab0ac', Förfallen: '#9c755f',
};

function group(rows: DashboardRow[], by: (r: DashboardRow) => string, value: (r: DashboardRow) => number, key: (r: DashboardRow) => string): Bar[] {
  const bars = new Map<string, Bar>();
  for (const r of rows) {
    const label = by(r);
    const bar = bars.get(label) ?? { label, values: {} };
    bar.values[key(r)] = (bar.values[key(r)] ?? 0) + value(r);
    bars.set(label, bar);
  }
  return [...bars.values()];
}

const count = (n: number) => String(n);

export function DashboardPage({ rows, quarter, quarters }: { rows: DashboardRow[]; quarter: string | undefined; quarters: string[] }) {
  const present = new Set(rows.map((r) => r.status));
  const states: Series[] = EXAM_STATES.filter((s) => present.has(s)).map((s) => ({ key: s, label: s, color: STATE_COLORS[s] ?? '#555' }));
  const amount: Series[] = [{ key: 'amount', label: 'Belopp', color: '#116a3e' }];
  const exams: Series[] = [{ key: 'exams', label: 'Undersökningar', color: '#4e79a7' }];
  const scope = quarter ? `kvartal ${quarter}` : 'alla kvartal';
  const byRegionState = group(rows, (r) => r.regionName, (r) => r.exams, (r) => r.status);
  const amountByRegion = group(rows.filter((r) => !['Borttagen', 'Förfallen', 'Avslagen'].includes(r.status)), (r) => r.regionName, (r) => r.amountSek, () => 'amount');
  const byQuarter = group([...rows].sort((a, b) => a.quarter.localeCompare(b.quarter)), (r) => r.quarter, (r) => r.exams, () => 'exams');
  const amountByQuarter = group([...rows].sort((a, b) => a.quarter.localeCompare(b.quarter)).filter((r) => !['Borttagen', 'Förfallen', 'Avslagen'].includes(r.status)),
    (r) => r.quarter, (r) => r.amountSek, () => 'amount');
  return (
    <>
      <p><a href="/handlaggning">Till ansökningarna</a></p>
      <form method="get" action="/handlaggning/oversikt" class="officer-filter">
        <div class="select-field">
          <label class="label" for="oversikt-kvartal">Kvartal (undersökningarnas)</label>
          <div class="select-field__icon-wrapper">
            <select class="select-field__select" id="oversikt-kvartal" name="quarter">
              <option value="">Alla kvartal</option>
              {quarters.map((q) => <option value={q} selected={quarter === q}>{q}</option>)}
            </select>
          </div>
        </div>
        <button type="submit" class="button button--primary button--medium">Visa</button>
      </form>
      <p>Belopp: regelförslagets eller beslutets belopp för undersökningar som ingår i en ansökan (avslagna, borttagna och förfallna räknas inte).</p>
      <BarChart id="diagram-status" title={`Hälsoundersökningar per region och status, ${scope}`}
        description={`Staplade staplar: antal undersökningar per region, uppdelat på status.`}
        series={states} bars={byRegionState} format={count} labelHeader="Region" stacked />
      <BarChart id="diagram-belopp" title={`Belopp per region, ${scope}`} description="Staplar: belopp i kronor per region."
        series={amount} bars={amountByRegion} format={formatSek} labelHeader="Region" />
      <BarChart id="diagram-kvartal" title={`Hälsoundersökningar per kvartal, ${scope}`} description="Staplar: antal undersökningar per kvartal."
        series={exams} bars={byQuarter} format={count} labelHeader="Kvartal" />
      <BarChart id="diagram-kvartal-belopp" title={`Belopp per kvartal, ${scope}`} description="Staplar: belopp i kronor per kvartal."
        series={amount} bars={amountByQuarter} format={formatSek} labelHeader="Kvartal" />
    </>
  );
}
