/**
 * Rules in readable Swedish: facts, operators, values, conditions and events as a case officer or
 * rule maintainer would say them. Used for the rule pages and for "Varför?" (a stored trace, where
 * each condition also carries what the fact was and whether it held).
 */
import { REASON_MESSAGES } from '../../rules/index.js';

export const FACT_LABELS: Record<string, string> = {
  typeCode: 'typ av sökande',
  protectedIdentity: 'skyddade personuppgifter',
  detentionFacility: 'platsen för frihetsberövandet',
  personRegion: 'regionen där personen bor',
  reportingRegion: 'den rapporterande regionen',
  populationRegisteredFrom: 'folkbokförd från',
  latestAsylumApplication: 'senaste asylansökan',
  currentDetentionStart: 'början av pågående förvar',
  latestTemporaryProtectionApplication: 'senaste ansökan om tillfälligt skydd',
  firstTemporaryProtectionGranted: 'första beslut om tillfälligt skydd',
  examDate: 'undersökningsdatum',
  today: 'dagens datum',
  applicationReceived: 'dagen ansökan kom in',
  applicationOpens: 'första dag för ansökan',
  applicationDeadline: 'sista dag för ansökan',
  applicationQuarter: 'ansökningskvartalet',
  previousExamStatuses: 'personens andra undersökningar',
  coveredFrom: 'täckningsdatum (Omf. LMA / förvar fr.o.m.)',
};

const OPERATORS: Record<string, string> = {
  equal: 'är',
  notEqual: 'är inte',
  in: 'är något av',
  notIn: 'är inte något av',
  contains: 'innehåller',
  doesNotContain: 'innehåller inte',
  lessThan: 'är mindre än',
  lessThanInclusive: 'är högst',
  greaterThan: 'är större än',
  greaterThanInclusive: 'är minst',
  dateBefore: 'är före',
  dateOnOrBefore: 'är samma dag som eller före',
  dateAfter: 'är efter',
  dateOnOrAfter: 'är samma dag som eller efter',
  dateEqual: 'är samma dag som',
};

const STATUS_WORDS: Record<string, string> = { reported: 'rapporterad', compensated: 'ersatt', deleted: 'borttagen' };
const FACILITIES: Record<string, string> = { forvar: 'Migrationsverkets förvar', kriminalvard: 'Kriminalvården', polisarrest: 'polisarrest' };

/** Parameters as the rules' sentences name them. */
const PARAM_WORDS: Record<string, string> = { lmaChangeDate: 'datumet för LMA-ändringen' };

export const factLabel = (name: string) => FACT_LABELS[name] ?? name;

/** A constant, a fact reference or a parameter reference, in words. */
export function valueText(v: unknown, params?: Record<string, unknown>): string {
  if (v === null || v === undefined) return 'saknas';
  if (v === true) return 'ja';
  if (v === false) return 'nej';
  if (Array.isArray(v)) return v.length ? v.map((x) => valueText(x, params)).join(', ') : 'inga';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.fact === 'string') return factLabel(o.fact);
    if (typeof o.param === 'string') {
      const name = PARAM_WORDS[o.param] ?? `värdet ${o.param}`;
      return params && o.param in params ? `${valueText(params[o.param])} (${name})` : name;
    }
    return JSON.stringify(v);
  }
  const s = String(v);
  return STATUS_WORDS[s] ?? FACILITIES[s] ?? s;
}

export type Condition = {
  fact?: string;
  operator?: string;
  value?: unknown;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
};

/** One fact condition as a sentence, e.g. "typ av sökande är M". */
export function conditionText(c: Condition, params?: Record<string, unknown>): string {
  const fact = factLabel(c.fact ?? '');
  if (c.operator === 'isDate') return c.value === false ? `${fact} saknas` : `${fact} finns`;
  return `${fact} ${OPERATORS[c.operator ?? ''] ?? c.operator} ${valueText(c.value, params)}`;
}

/** What the fact (and a compared fact) were, for a trace: "(här: M)". */
function observed(c: Condition): string {
  if (!('factResult' in c)) return '';
  const compared = c.value !== null && typeof c.value === 'object' && !Array.isArray(c.value) && 'fact' in (c.value as object);
  const parts = [`${factLabel(c.fact ?? '')}: ${valueText(c.factResult)}`];
  if (compared) parts.push(`${valueText(c.value)}: ${valueText(c.valueResult)}`);
  return ` (${parts.join('; ')})`;
}

function verdict(c: Condition) {
  if (c.result === undefined) return null;
  return <span class={c.result ? 'rule-yes' : 'rule-no'}>{c.result ? ' – uppfyllt' : ' – inte uppfyllt'}</span>;
}

/** A condition tree as nested lists; with a trace, each condition says whether it held. */
export function ConditionView({ c, params }: { c: Condition; params?: Record<string, unknown> | undefined }) {
  if (c.all || c.any) {
    const list = (c.all ?? c.any)!;
    return (
      <>
        {list.length > 1 ? (c.all ? 'Alla dessa villkor:' : 'Minst ett av dessa villkor:') : 'Villkor:'}
        <ul class="rule-conditions">{list.map((x) => <li><ConditionView c={x} params={params} /></li>)}</ul>
      </>
    );
  }
  if (c.not) {
    return (
      <>
        Det gäller inte att {c.not.all || c.not.any ? '' : conditionText(c.not, params)}{c.not.all || c.not.any ? <ConditionView c={c.not} params={params} /> : observed(c.not)}
        {c.not.result !== undefined && verdict({ result: !c.not.result })}
      </>
    );
  }
  return <>{conditionText(c, params)}{observed(c)}{verdict(c)}</>;
}

/** A rule's event in words: the coverage date it sets, or the reason it gives. */
export function eventText(event: { type: string; params?: Record<string, unknown> }, params?: Record<string, unknown>): string {
  if (event.type === 'coverage') return `Täckningsdatum blir ${valueText(event.params?.coveredFrom, params)}.`;
  const message = (REASON_MESSAGES as Record<string, string>)[event.type];
  return message ? `Inte ersättningsbar: ${message} (skälkod ${event.type})` : `Inte ersättningsbar (skälkod ${event.type}).`;
}

export const CONCERN_TITLES: Record<string, string> = {
  coverage: 'Täckningsdatum (Omf. LMA / förvar fr.o.m.)',
  eligibility: 'När en hälsoundersökning inte är ersättningsbar',
  application: 'Ansökningstid',
};
