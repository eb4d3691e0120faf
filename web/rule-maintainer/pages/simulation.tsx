/**
 * A simulation: a progress fragment that polls itself while running, then the changed outcomes
 * by kind with examples. A pure function of its props.
 */
import type { SimulationProgress } from '../../../contract/index.js';
import { reasonLabel } from '../../components/reasons.js';
import type { ChangeRow, Simulation } from '../data.js';
import { simulationHref } from './common.js';

export const KIND_LABELS: Record<string, string> = {
  coveredFrom: 'Ändrat täckningsdatum',
  becameEligible: 'Blir ersättningsbar',
  becameIneligible: 'Blir inte ersättningsbar',
  reasons: 'Andra skäl',
  amountSek: 'Annat belopp',
};

/** What a running simulation is doing, in words. */
const STEP_TEXT: Record<string, string> = {
  Förbereder: 'förbereder', Personer: 'jämför personernas täckningsdatum', Undersökningar: 'jämför de öppna undersökningarna', Klar: 'avslutar',
};

function outcomeText(o: ChangeRow['old'], subject: ChangeRow['subjectType']): string {
  if (subject === 'person') return `täckningsdatum ${o.coveredFrom ?? 'saknas'}`;
  const verdict = o.eligible ? `ersättningsbar${o.amountSek != null ? ` (${o.amountSek} kr)` : ''}` : `inte ersättningsbar (${(o.reasons ?? []).map(reasonLabel).join('; ')})`;
  return `täckningsdatum ${o.coveredFrom ?? 'saknas'}, ${verdict}`;
}

export type SimulationViewProps = {
  sim: Simulation;
  progress: SimulationProgress | null;
  examples: Record<string, ChangeRow[]>;
  changes: { rows: ChangeRow[]; total: number };
};

/** The simulation: a progress fragment that polls itself while running, then the changed outcomes. */
export function SimulationView({ sim, progress, examples, changes }: SimulationViewProps) {
  const running = sim.status === 'Pågår';
  const src = `${simulationHref(sim.id)}/status`;
  const p = progress;
  const byKind = (running ? p?.byKind : sim.counts?.byKind) ?? {};
  const changed = (running ? p?.changed : sim.counts?.changed) ?? 0;
  return (
    <div id="simulering" hx-get={running ? src : undefined} hx-trigger={running ? 'every 1s' : undefined} hx-swap="outerHTML">
      <p role="status">
        Status: <strong data-testid="simulering-status">{sim.status}</strong>{running && p ? ` (${STEP_TEXT[p.state] ?? 'pågår'})` : ''}
      </p>
      {running && (
        <>
          <div>
            <label for="framsteg-personer">Personer: {p?.persons.done ?? 0} av {p?.persons.total ?? 0}</label>
            <progress id="framsteg-personer" class="progress-bar" max={Math.max(1, p?.persons.total ?? 0)} value={p?.persons.done ?? 0} />
          </div>
          <div>
            <label for="framsteg-undersokningar">Öppna undersökningar: {p?.examinations.done ?? 0} av {p?.examinations.total ?? 0}</label>
            <progress id="framsteg-undersokningar" class="progress-bar" max={Math.max(1, p?.examinations.total ?? 0)} value={p?.examinations.done ?? 0} />
          </div>
        </>
      )}
      {sim.status === 'Misslyckad' && <p class="message-box message-box--error">Simuleringen misslyckades. Starta en ny simulering. Om felet kvarstår, kontakta driften.</p>}
      {!running && sim.status === 'Klar' && (
        <>
          <p>
            Jämförde {sim.counts?.persons?.total ?? 0} personer och {sim.counts?.examinations?.total ?? 0} öppna undersökningar
            den {sim.today} med {sim.currentLabels.join(', ')}: <strong data-testid="simulering-andrade">{changed}</strong> ändrade utfall.
          </p>
          <div class="table-wrap">
            <table class="table">
              <caption>Ändrade utfall per slag</caption>
              <thead><tr><th scope="col">Slag</th><th scope="col" class="num">Antal</th><th scope="col">Exempel</th></tr></thead>
              <tbody>
                {Object.keys(KIND_LABELS).filter((k) => byKind[k]).map((k) => (
                  <tr>
                    <th scope="row">{KIND_LABELS[k]}</th>
                    <td class="num" data-testid={`antal-${k}`}>{byKind[k]}</td>
                    <td>
                      <ul>{(examples[k] ?? []).map((c) => <li>{c.dossierNumber}{c.examDate ? ` (undersökt ${c.examDate})` : ''}: {outcomeText(c.old, c.subjectType)} → {outcomeText(c.new, c.subjectType)}</li>)}</ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {changes.total > 0 && (
            <div class="table-wrap">
              <table class="table" data-testid="alla-andringar">
                <caption>Alla ändrade utfall{changes.total > changes.rows.length ? ` (de första ${changes.rows.length} av ${changes.total})` : ` (${changes.total})`}</caption>
                <thead><tr><th scope="col">Dossiernummer</th><th scope="col">Gäller</th><th scope="col">Slag</th><th scope="col">Nu</th><th scope="col">Med kandidaten</th></tr></thead>
                <tbody>
                  {changes.rows.map((c) => (
                    <tr>
                      <td>{c.dossierNumber}</td>
                      <td>{c.subjectType === 'person' ? 'Personen' : `Undersökning ${c.examDate}`}</td>
                      <td>{c.kinds.map((k) => KIND_LABELS[k] ?? k).join(', ')}</td>
                      <td>{outcomeText(c.old, c.subjectType)} ({c.old.ruleSet})</td>
                      <td>{outcomeText(c.new, c.subjectType)} ({c.new.ruleSet})</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
