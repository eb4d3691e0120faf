/**
 * The rules' contract (SPEC §6): the case that goes in, the result that comes out, the reason
 * codes with their Swedish messages, and the shape of a loaded rule set.
 */
import type { RuleProperties } from 'json-rules-engine';
import type { PersonRecord } from '../domain/person.js';

export type PreviousExamStatus = 'reported' | 'compensated' | 'deleted';

export type RuleCase = {
  person: PersonRecord;
  examDate?: string;
  reportingRegion?: string;
  previousExams?: { examDate: string; status: PreviousExamStatus }[];
  applicationReceived?: string;
  today?: string;
};

/** In the order of SPEC §4; results list their reasons in this order. */
export const REASON_CODES = [
  'PROTECTED_IDENTITY',
  'NOT_COVERED_GROUP',
  'NO_COVERAGE_DATE',
  'EXAM_IN_FUTURE',
  'EXAM_BEFORE_COVERAGE',
  'POPULATION_REGISTERED',
  'DETAINED_OUTSIDE_FORVAR',
  'ALREADY_EXAMINED',
  'OTHER_REGION',
  'DEADLINE_PASSED',
  'APPLICATION_LATE',
  'APPLICATION_TOO_EARLY',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** What the user reads after "Det går ej att rapportera hälsoundersökning för denna individ". */
export const REASON_MESSAGES: Record<ReasonCode, string> = {
  PROTECTED_IDENTITY:
    'Personen har skyddade personuppgifter. Ansök om ersättning på pappersblankett direkt till Migrationsverket i stället för i e-tjänsten.',
  NOT_COVERED_GROUP:
    'Personen är bevisperson (B) eller asylsökande barn (AB) och omfattas inte av LMA, så ersättning för hälsoundersökning kan inte sökas. Kontrollera typ av sökande i asylsökandelistan.',
  NO_COVERAGE_DATE:
    'Det går inte att fastställa från vilket datum personen omfattas av LMA eller är förvarstagen. Kontakta Migrationsverket så att uppgifterna om personen kan rättas.',
  EXAM_IN_FUTURE:
    'Undersökningsdatumet ligger i framtiden. Rapportera hälsoundersökningen när den har genomförts.',
  EXAM_BEFORE_COVERAGE:
    'Hälsoundersökningen gjordes innan personen omfattades av LMA eller var förvarstagen. Kontrollera datumet; är det fel, ta bort registreringen och registrera en ny med rätt datum.',
  POPULATION_REGISTERED:
    'Personen var folkbokförd på undersökningsdagen och omfattas då inte längre av LMA. Hälsoundersökningen ersätts inte av Migrationsverket.',
  DETAINED_OUTSIDE_FORVAR:
    'Personen är frihetsberövad inom Kriminalvården eller i polisarrest, inte i Migrationsverkets förvar. Vården ersätts inte genom denna ansökan; kontakta den myndighet som ansvarar för frihetsberövandet.',
  ALREADY_EXAMINED:
    'En hälsoundersökning av personen är redan rapporterad eller ersatt. Ersättning lämnas för en undersökning per person. Har den tidigare registreringen fel datum kan den tas bort innan ansökan skickas in.',
  OTHER_REGION:
    'Personen bor inte i er regions län. Hälsoundersökningen rapporteras av den region där personen bor.',
  DEADLINE_PASSED:
    'Sista dag för ansökan för undersökningens kvartal har passerat (ansökan ska ha kommit in till Migrationsverket senast sista dagen i kvartalet efter undersökningen). Ersättning kan inte längre sökas.',
  APPLICATION_LATE:
    'Ansökan kom in till Migrationsverket efter sista dagen i kvartalet efter undersökningen och kan inte beviljas för denna undersökning.',
  APPLICATION_TOO_EARLY:
    'Ansökan kom in innan undersökningens ansökningskvartal började. Undersökningen kan sökas först från första dagen i kvartalet efter undersökningen.',
};

export type RuleResult = {
  coveredFrom: string | null;
  eligible: boolean;
  reasons: { code: ReasonCode; message: string }[];
  amountSek: number | null;
  applicationQuarter: string | null;
  applicationDeadline: string | null;
  ruleSet: string;
};

export type Explanation = {
  /** The facts the rules saw, derived from the case (after the rules ran: with the coverage date). */
  facts: Record<string, unknown>;
  /** `toJSON(false)` of every rule result, coverage rules first, in the rule files' order. */
  trace: unknown;
};

export const CONCERNS = ['coverage', 'eligibility', 'application'] as const;
export type Concern = (typeof CONCERNS)[number];

/** An amount from `fromYear` through `toYear`; without `toYear` it stays in force until a newer period. */
export type AmountPeriod = { fromYear: number; toYear?: number; amountSek: number };
export type Parameters = {
  lmaChangeDate?: string;
  applicationQuartersAfterExam: number;
  amountPerExamYear: AmountPeriod[];
  [name: string]: unknown;
};

export type RuleFile = { name: string; concern: Concern; description: string; rules: unknown[] };
export type TestCase = { name: string; description?: string; case: unknown; expected: Record<string, unknown> };
export type CaseFile = { name: string; description: string; cases: TestCase[] };

export type RuleSet = {
  id: string;
  version: string;
  effectiveFrom: string;
  description: string;
  /** `id@version`, as results and decisions record it. */
  label: string;
  parameters: Parameters;
  ruleFiles: RuleFile[];
  cases: CaseFile[];
  /** The source documents as written, for ruleSetToJson. */
  source: RuleSetJson;
  /** Rules ready for json-rules-engine: parameters substituted, priority set by concern. */
  compiled: { coverage: RuleProperties[]; assessment: RuleProperties[] };
};

/** A rule set as one JSON document (how published sets are stored in the database). */
export type RuleSetJson = {
  manifest: unknown;
  parameters: unknown;
  ruleFiles: Record<string, unknown>;
  cases: Record<string, unknown>;
};
