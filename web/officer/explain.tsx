/**
 * "Varför?": the stored rule evaluation of an application item (rule_evaluations: facts, trace,
 * rule-set version) in plain Swedish: the facts that decided it, the rule that set the coverage
 * date, and every assessment rule with the conditions that held or failed.
 */
import { formatSek } from '../../domain/decision-document.js';
import type { Sql } from '../../db/sql.js';
import { loadAllRuleSets } from '../../activities/rule-sets.js';
import { ConditionView, eventText, valueText } from '../rule-maintainer/readable.js';
import type { Evaluation, Proposal, TraceRule } from './data.js';
import { stockholmTime } from './timeline.js';

const descriptions = new Map<string, Map<string, string>>();
/** Rule descriptions of a rule-set version (versions never change once published, so they are cached). */
export async function ruleDescriptions(sql: Sql, label: string): Promise<Map<string, string>> {
  let found = descriptions.get(label);
  if (!found) {
    const set = (await loadAllRuleSets(sql)).find((s) => s.label === label);
    found = new Map(set?.ruleFiles.flatMap((f) => (f.rules as { name: string; description: string }[]).map((r) => [r.name, r.description] as const)) ?? []);
    if (set) descriptions.set(label, found);
  }
  return found;
}

const KEY_FACTS: [string, string][] = [
  ['typeCode', 'Typ av sökande'],
  ['coveredFrom', 'Omf. LMA / förvar fr.o.m. (täckningsdatum)'],
  ['examDate', 'Undersökningsdatum'],
  ['applicationReceived', 'Ansökan kom in'],
  ['applicationQuarter', 'Ansökningskvartal'],
  ['applicationDeadline', 'Sista dag för ansökan'],
  ['populationRegisteredFrom', 'Folkbokförd från'],
];

export function proposalText(p: Proposal | null): string {
  if (!p) return 'Inget förslag';
  return p.eligible ? `Bevilja${p.amountSek != null ? ` ${formatSek(p.amountSek)}` : ''}` : 'Avslå';
}

export function Explanation({ id, proposal, evaluation, describe }: {
  id: string; proposal: Proposal | null; evaluation: Evaluation | null; describe: Map<string, string>;
}) {
  if (!evaluation) {
    return <p>Det finns ingen sparad regelbedömning för undersökningen.</p>;
  }
  const trace = evaluation.trace;
  const coverage = trace.filter((r) => r.event?.type === 'coverage');
  const assessment = trace.filter((r) => r.event?.type !== 'coverage');
  const fired = coverage.find((r) => r.result);
  const label = (r: TraceRule) => describe.get(r.name) ?? r.name;
  return (
    <div class="why__body" id={id}>
      <p>
        Förslaget <strong>{proposalText(proposal)}</strong> bygger på regeluppsättningen <strong>{evaluation.ruleSet}</strong>,
        bedömd {stockholmTime(new Date(evaluation.evaluatedAt).toISOString())} när ansökan kom in.
        {proposal && !proposal.eligible && proposal.reasons.length > 0 && ' Skälen:'}
      </p>
      {proposal && !proposal.eligible && proposal.reasons.length > 0 && (
        <ul>{proposal.reasons.map((r) => <li>{r.message}</li>)}</ul>
      )}
      <dl class="application-facts">
        {KEY_FACTS.filter(([k]) => k in evaluation.facts).map(([k, name]) => (
          <div><dt>{name}</dt><dd>{valueText(evaluation.facts[k])}</dd></div>
        ))}
      </dl>
      <h4>Täckningsdatum</h4>
      <p>
        {fired ? <>Regeln ”{label(fired)}” gällde. {eventText(fired.event)} Det blev {valueText(evaluation.facts.coveredFrom)}.</>
          : 'Ingen regel gav något täckningsdatum.'}
      </p>
      {fired && <div class="why__conditions"><ConditionView c={fired.conditions} /></div>}
      <h4>Villkor för ersättning</h4>
      <ul class="why__rules">
        {assessment.map((r) => (
          <li>
            <strong>{label(r)}</strong>{' '}
            <span class={r.result ? 'rule-no' : 'rule-yes'}>{r.result ? `– slog till: ${eventText(r.event)}` : '– hinder finns inte'}</span>
            <details class="why__details">
              <summary>Villkoren<span class="sr-only"> för ”{label(r)}”</span></summary>
              <ConditionView c={r.conditions} />
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
