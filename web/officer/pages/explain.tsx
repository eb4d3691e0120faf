/**
 * "Varför?": the stored rule evaluation of an application item (rule_evaluations: facts, trace,
 * rule-set version) in plain Swedish: first the deciding reason in one sentence, then behind a
 * disclosure the facts that decided it, the rule that set the coverage date, and every
 * assessment rule with the conditions that held or failed.
 */
import { formatSek } from '../../../domain/decision-document.js';
import { ConditionView, eventText, valueText } from '../../components/readable.js';
import type { OfficerApplication } from '../data/applications.js';
import type { Evaluation, EvaluationSummary, TraceRule } from '../data/evaluations.js';
import type { OfficerItem, Proposal } from '../data/items.js';
import { applicationHref } from './hrefs.js';
import { stockholmTime } from './timeline.js';

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

const date = (v: unknown) => (typeof v === 'string' && v ? v : 'okänt datum');
const FACILITY: Record<string, string> = { kriminalvard: 'Kriminalvården', polisarrest: 'polisarrest' };

/** Why a reason applies, as a clause after "eftersom", with the facts that made it apply. */
function reasonClause(code: string, f: Record<string, unknown>, fallback: string): string {
  switch (code) {
    case 'PROTECTED_IDENTITY': return 'personen har skyddade personuppgifter, så ersättning söks på pappersblankett';
    case 'NOT_COVERED_GROUP': return `personen är ${f.typeCode === 'AB' ? 'asylsökande barn (AB)' : 'bevisperson (B)'} och omfattas inte av LMA`;
    case 'NO_COVERAGE_DATE': return 'det inte går att fastställa från vilket datum personen omfattas av LMA eller är förvarstagen';
    case 'EXAM_IN_FUTURE': return `undersökningsdatumet ${date(f.examDate)} ligger efter dagens datum`;
    case 'EXAM_BEFORE_COVERAGE': return `undersökningen ${date(f.examDate)} gjordes före täckningsdatumet ${date(f.coveredFrom)}`;
    case 'POPULATION_REGISTERED': return `personen är folkbokförd från ${date(f.populationRegisteredFrom)}, senast på undersökningsdagen ${date(f.examDate)}`;
    case 'DETAINED_OUTSIDE_FORVAR': return `personen hålls i ${FACILITY[f.detentionFacility as string] ?? 'kriminalvård eller polisarrest'}, inte i Migrationsverkets förvar`;
    case 'ALREADY_EXAMINED': return 'en annan hälsoundersökning av personen redan är rapporterad eller ersatt (en per person)';
    case 'OTHER_REGION': return 'personen inte bor i den ansökande regionens län';
    case 'DEADLINE_PASSED': return `sista dag för ansökan, ${date(f.applicationDeadline)}, hade passerat`;
    case 'APPLICATION_LATE': return `ansökan kom in ${date(f.applicationReceived)}, efter sista dag ${date(f.applicationDeadline)}`;
    case 'APPLICATION_TOO_EARLY': return `ansökan kom in ${date(f.applicationReceived)}, innan ansökningskvartalet ${String(f.applicationQuarter ?? '')} började`;
    default: return fallback.replace(/\.$/, '');
  }
}

/** The deciding reason of a proposal in one sentence (the first reason in SPEC §4's order decides). */
export function decidingReason(proposal: Proposal | null, facts: Record<string, unknown> = {}): string {
  if (!proposal) return 'Det finns inget regelförslag för undersökningen.';
  if (proposal.eligible) {
    const covered = proposal.coveredFrom ?? (facts.coveredFrom as string | null | undefined);
    return `Förslaget är att bevilja${proposal.amountSek != null ? ` ${formatSek(proposal.amountSek)}` : ''} eftersom inget hinder finns: `
      + `personen omfattas av LMA eller förvar${covered ? ` från ${covered}` : ''} och undersöktes ${date(facts.examDate)}.`;
  }
  const [first, ...rest] = proposal.reasons;
  if (!first) return 'Förslaget är att avslå eftersom villkoren för ersättning inte är uppfyllda.';
  const more = rest.length === 0 ? '' : rest.length === 1 ? ' (ytterligare ett skäl finns i regelbedömningen)' : ` (ytterligare ${rest.length} skäl finns i regelbedömningen)`;
  return `Förslaget är att avslå eftersom ${reasonClause(first.code, facts, first.message)}${more}.`;
}

/**
 * "Varför?": the deciding reason in one sentence, and behind a disclosure the whole assessment,
 * fetched when it is opened (`src`; without JavaScript a link to it).
 */
export function Explanation({ id, name, proposal, evaluation, src }: {
  id: string; name: string; proposal: Proposal | null; evaluation: EvaluationSummary | null; src: string;
}) {
  return (
    <div class="why__body" id={id}>
      <p class="why__lead">{decidingReason(proposal, evaluation?.facts)}</p>
      {evaluation ? (
        <details class="why__trace" hx-get={src} hx-trigger="toggle once" hx-target={`#${id}-regler`} hx-swap="innerHTML">
          <summary>Hela regelbedömningen<span class="sr-only"> för {name}</span></summary>
          <div id={`${id}-regler`} class="why__trace-body"><p><a href={src}>Visa hela regelbedömningen för {name}</a></p></div>
        </details>
      ) : <p>Det finns ingen sparad regelbedömning för undersökningen.</p>}
    </div>
  );
}

/** The whole assessment: rule-set version, the key facts, the coverage rule and every assessment rule with its conditions. */
export function TraceView({ proposal, evaluation, describe }: { proposal: Proposal | null; evaluation: Evaluation; describe: Map<string, string> }) {
  const trace = evaluation.trace;
  const coverage = trace.filter((r) => r.event?.type === 'coverage');
  const assessment = trace.filter((r) => r.event?.type !== 'coverage');
  const fired = coverage.find((r) => r.result);
  const label = (r: TraceRule) => describe.get(r.name) ?? r.name;
  return (
    <>
      <p>
        Förslaget <strong>{proposalText(proposal)}</strong> bygger på regeluppsättningen <strong>{evaluation.ruleSet}</strong>,
        bedömd {stockholmTime(new Date(evaluation.evaluatedAt).toISOString())} när ansökan kom in.
        {proposal && !proposal.eligible && proposal.reasons.length > 0 && ' Skälen:'}
      </p>
      {proposal && !proposal.eligible && proposal.reasons.length > 0 && (
        <ul>{proposal.reasons.map((r) => <li>{r.message}</li>)}</ul>
      )}
      <dl class="application-facts">
        {KEY_FACTS.filter(([k]) => k in evaluation.facts).map(([k, factName]) => (
          <div><dt>{factName}</dt><dd>{valueText(evaluation.facts[k])}</dd></div>
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
            <div class="why__conditions"><ConditionView c={r.conditions} /></div>
          </li>
        ))}
      </ul>
    </>
  );
}

/** "Hela regelbedömningen" of one item on a page of its own (without JavaScript). */
export function TracePage({ app, item, evaluation, describe }: { app: OfficerApplication; item: OfficerItem; evaluation: Evaluation; describe: Map<string, string> }) {
  return (
    <>
      <p><a href={`${applicationHref(app.id)}#post-${item.examinationId}`}>Till ansökan nr {app.id}</a></p>
      <p>Dossiernummer {item.dossierNumber}, undersökt {item.examDate}, ansökan nr {app.id} från {app.regionName} ({app.quarter}).</p>
      <p class="why__lead">{decidingReason(item.proposal, evaluation.facts)}</p>
      <div class="why__body"><TraceView proposal={item.proposal} evaluation={evaluation} describe={describe} /></div>
    </>
  );
}
