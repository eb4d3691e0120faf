/**
 * Rule evaluation benchmark (SPEC §9): 100 000 generated cases on one core through the
 * json-rules-engine rules (a new Engine per evaluation), beside a hand-written TypeScript
 * implementation of the same rules as the baseline. The two must agree on every case.
 * Last line: {"bench":"rules","cases":..,"perSecond":..,"baselinePerSecond":..,"ratio":..}
 */
import type { PersonRecord } from '../domain/person.js';
import { applicationWindow, toEpochDay } from '../domain/quarters.js';
import { amountForExamYear, coverageDate, evaluate, loadRuleSets, REASON_CODES, REASON_MESSAGES, ruleSetInForce } from '../rules/index.js';
import type { ReasonCode, RuleCase, RuleResult, RuleSet } from '../rules/model.js';

const CASES = Number(process.env.BENCH_RULES_CASES ?? 100_000);
const TODAY = '2026-05-15';

// Deterministic generator (mulberry32), so every run measures the same population.
let seed = 20260515;
function random(): number {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const day = (from: string, to: string) => {
  const a = toEpochDay(from);
  return new Date((a + Math.floor(random() * (toEpochDay(to) - a + 1))) * 86_400_000).toISOString().slice(0, 10);
};
const REGIONS = ['232100-0016', '232100-0131', '232100-0255'];

function generateCase(i: number): RuleCase {
  const typeCode = pick(['A', 'A', 'A', 'A', 'A', 'F', 'M', 'M', 'AB', 'B'] as const);
  const events: PersonRecord['events'] = [];
  if (typeCode === 'A' || typeCode === 'AB' || typeCode === 'B') {
    events.push({ type: 'asylum-application', date: day('2017-01-01', '2026-04-30') });
    if (random() < 0.1) events.push({ type: 'asylum-application', date: day('2020-01-01', '2026-04-30') });
  } else if (typeCode === 'F') {
    events.push({ type: 'detention-start', date: day('2018-01-01', '2026-04-30') });
    if (random() < 0.3) events.push({ type: 'detention-end', date: day('2018-01-01', '2026-04-30') });
    if (random() < 0.2) events.push({ type: 'detention-start', date: day('2018-01-01', '2026-04-30') });
  } else {
    events.push({ type: 'temporary-protection-application', date: day('2022-03-01', '2026-04-30') });
    if (random() < 0.6) events.push({ type: 'temporary-protection-granted', date: day('2022-03-15', '2026-04-30') });
  }
  if (random() < 0.3) events.reverse();
  const region = random() < 0.95 ? REGIONS[0]! : pick(REGIONS);
  const person: PersonRecord = {
    dossierNumber: `${10 + (i % 90)}-${String(i % 1_000_000).padStart(6, '0')}`,
    givenName: 'Bench',
    familyName: `Person${i}`,
    birthDate: '1990-01-01',
    typeCode,
    regionOrgNumber: REGIONS[0]!,
    municipality: 'Huddinge',
    address: { street: 'Storgatan 1', postalCode: '141 35', city: 'Huddinge' },
    receptionUnit: null,
    protectedIdentity: random() < 0.02,
    populationRegisteredFrom: random() < 0.05 ? day('2018-01-01', '2026-04-30') : null,
    detentionFacility: typeCode === 'F' ? pick(['forvar', 'forvar', 'forvar', 'kriminalvard', 'polisarrest'] as const) : null,
    events,
  };
  // most exams are recent; some are old, a few in the future or before coverage
  const examDate = random() < 0.85 ? day('2025-10-01', '2026-06-30') : day('2018-01-01', '2026-06-30');
  const c: RuleCase = { person, examDate, reportingRegion: region, today: TODAY };
  if (random() < 0.1) c.previousExams = [{ examDate: day('2018-01-01', '2026-04-30'), status: pick(['reported', 'compensated', 'deleted'] as const) }];
  if (random() < 0.3) c.applicationReceived = day('2025-10-01', TODAY);
  return c;
}

// ---- the baseline: the same rules written by hand ----
const LMA_CHANGE = '2022-07-01';
function baselineCoverage(set: RuleSet, p: PersonRecord): string | null {
  const events = p.events.map((e, i) => ({ ...e, d: toEpochDay(e.date), i })).sort((a, b) => a.d - b.d || a.i - b.i);
  let asylum: string | null = null;
  let detention: string | null = null;
  let tpApplied: string | null = null;
  let tpGranted: string | null = null;
  for (const e of events) {
    if (e.type === 'asylum-application') asylum = e.date;
    else if (e.type === 'detention-start') detention = e.date;
    else if (e.type === 'detention-end') detention = null;
    else if (e.type === 'temporary-protection-application') tpApplied = e.date;
    else if (e.type === 'temporary-protection-granted') tpGranted ??= e.date;
  }
  if (p.typeCode === 'A') return asylum;
  if (p.typeCode === 'F') return detention;
  if (p.typeCode !== 'M') return null;
  if (set.id === 'lma-2018-01-01') return tpGranted;
  const change = toEpochDay(LMA_CHANGE);
  if (tpApplied !== null && toEpochDay(tpApplied) >= change) return tpApplied;
  if (tpGranted !== null && toEpochDay(tpGranted) < change) return tpGranted;
  if (tpApplied !== null) return LMA_CHANGE;
  return null;
}

function baselineEvaluate(c: RuleCase, sets: RuleSet[]): RuleResult {
  const today = c.today ?? TODAY;
  const set = ruleSetInForce(sets, c.examDate ?? today);
  const coveredFrom = baselineCoverage(set, c.person);
  if (!c.examDate) {
    return { coveredFrom, eligible: false, reasons: [], amountSek: null, applicationQuarter: null, applicationDeadline: null, ruleSet: set.label };
  }
  const p = c.person;
  const exam = toEpochDay(c.examDate);
  const w = applicationWindow(c.examDate, 1);
  const found = new Set<ReasonCode>();
  if (p.protectedIdentity) found.add('PROTECTED_IDENTITY');
  if (p.typeCode === 'AB' || p.typeCode === 'B') found.add('NOT_COVERED_GROUP');
  else if (coveredFrom === null) found.add('NO_COVERAGE_DATE');
  if (exam > toEpochDay(today)) found.add('EXAM_IN_FUTURE');
  if (coveredFrom !== null && exam < toEpochDay(coveredFrom)) found.add('EXAM_BEFORE_COVERAGE');
  if (p.populationRegisteredFrom && toEpochDay(p.populationRegisteredFrom) <= exam) found.add('POPULATION_REGISTERED');
  if (p.typeCode === 'F' && (p.detentionFacility === 'kriminalvard' || p.detentionFacility === 'polisarrest')) found.add('DETAINED_OUTSIDE_FORVAR');
  if ((c.previousExams ?? []).some((e) => e.status === 'reported' || e.status === 'compensated')) found.add('ALREADY_EXAMINED');
  if (c.reportingRegion && c.reportingRegion !== p.regionOrgNumber) found.add('OTHER_REGION');
  if (!c.applicationReceived && toEpochDay(today) > toEpochDay(w.deadline)) found.add('DEADLINE_PASSED');
  if (c.applicationReceived && toEpochDay(c.applicationReceived) > toEpochDay(w.deadline)) found.add('APPLICATION_LATE');
  if (c.applicationReceived && toEpochDay(c.applicationReceived) < toEpochDay(w.opens)) found.add('APPLICATION_TOO_EARLY');
  const reasons = REASON_CODES.filter((r) => found.has(r)).map((code) => ({ code, message: REASON_MESSAGES[code] }));
  const eligible = reasons.length === 0;
  return {
    coveredFrom,
    eligible,
    reasons,
    amountSek: eligible ? amountForExamYear(set, Number(c.examDate.slice(0, 4))) : null,
    applicationQuarter: w.quarter,
    applicationDeadline: w.deadline,
    ruleSet: set.label,
  };
}

// ---- run ----
const sets = loadRuleSets();
const cases = Array.from({ length: CASES }, (_, i) => generateCase(i));
const round = (n: number) => Math.round(n);

async function timeEngine(list: RuleCase[]): Promise<number> {
  const start = performance.now();
  for (const c of list) await evaluate(c, { sets });
  return performance.now() - start;
}
function timeBaseline(list: RuleCase[]): number {
  const start = performance.now();
  for (const c of list) baselineEvaluate(c, sets);
  return performance.now() - start;
}

// The baseline only counts if it implements the same rules: compare every case.
let mismatches = 0;
const reasonCounts = new Map<string, number>();
for (const c of cases) {
  const a = await evaluate(c, { sets });
  const b = baselineEvaluate(c, sets);
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    if (mismatches++ < 3) console.error('skillnad:', JSON.stringify({ case: c, engine: a, baseline: b }));
  }
  for (const r of a.reasons) reasonCounts.set(r.code, (reasonCounts.get(r.code) ?? 0) + 1);
  if (a.eligible) reasonCounts.set('(eligible)', (reasonCounts.get('(eligible)') ?? 0) + 1);
}
if (mismatches > 0) {
  console.error(`bench rules: regelmotorn och referensimplementationen skiljer sig i ${mismatches} fall`);
  process.exit(1);
}
console.log(`fall: ${CASES}, samma resultat i regelmotorn och referensimplementationen: ja`);
console.log(`utfall: ${[...reasonCounts].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);

await timeEngine(cases.slice(0, 5000)); // warm-up
timeBaseline(cases.slice(0, 5000));
const engineMs = await timeEngine(cases);
const baselineMs = timeBaseline(cases);
const perSecond = round((CASES / engineMs) * 1000);
const baselinePerSecond = round((CASES / baselineMs) * 1000);
console.log(`json-rules-engine: ${perSecond} fall/s (${engineMs.toFixed(0)} ms)`);
console.log(`handskriven TypeScript: ${baselinePerSecond} fall/s (${baselineMs.toFixed(0)} ms)`);

const persons = cases.map((c) => c.person);
const covStart = performance.now();
for (const p of persons) await coverageDate(p, { sets, today: TODAY });
const coverageMs = performance.now() - covStart;
console.log(`coverageDate: ${round((persons.length / coverageMs) * 1000)} personer/s (${coverageMs.toFixed(0)} ms)`);

console.log(
  JSON.stringify({
    bench: 'rules',
    cases: CASES,
    perSecond,
    baselinePerSecond,
    ratio: Number((perSecond / baselinePerSecond).toFixed(4)),
  }),
);
