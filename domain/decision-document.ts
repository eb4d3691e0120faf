/**
 * The content of a decision on a region's application for state compensation for health
 * examinations (SPEC §4–§5): parties, outcome, one row per examination, total, payout, and the
 * sections the decision must carry (legal basis, other provisions, duty to repay, how to appeal).
 *
 * Structured data rather than markup, so the web page, a PDF and the stored decision all render the
 * same content. Pure and deterministic, no Node imports: the text depends on the input only.
 */
import { parseQuarter, toEpochDay } from './quarters.js';

export type DecisionItemOutcome = 'Beviljad' | 'Avslagen';

export type DecisionItemInput = {
  dossierNumber: string;
  name: string;
  examDate: string;
  outcome: DecisionItemOutcome;
  /** the compensation for a granted examination; ignored for a rejected one */
  amountSek: number;
  /** required for a rejected examination: a decision must state its grounds */
  reason?: string;
};

export type DecisionDocumentInput = {
  /** the decision's own dossier number, when one has been assigned */
  dossierNumber?: string;
  applicationId: string;
  regionName: string;
  regionOrgNumber: string;
  /** the quarter the examinations were made in, e.g. `2026-Q2` */
  quarter: string;
  receivedDate: string;
  decisionDate: string;
  /** the case officer's name */
  decidedBy: string;
  items: DecisionItemInput[];
  payoutDate: string;
};

export type DecisionOutcome = 'Bifall' | 'Delvis bifall' | 'Avslag';

export type DecisionItemRow = {
  dossierNumber: string;
  name: string;
  examDate: string;
  outcome: DecisionItemOutcome;
  amountSek: number;
  amountText: string;
  reason: string | null;
};

export type DecisionSection = { heading: string; paragraphs: string[]; list: string[] };

export type DecisionDocument = {
  title: string;
  authority: string;
  dossierNumber: string | null;
  applicationId: string;
  decisionDate: string;
  receivedDate: string;
  quarter: string;
  parties: {
    applicant: { role: string; name: string; orgNumber: string };
    authority: { role: string; name: string };
  };
  subject: string;
  outcome: DecisionOutcome;
  summary: string;
  /** the labels of the item table, in column order; each names a field of `DecisionItemRow` */
  itemColumns: { key: 'name' | 'dossierNumber' | 'examDate' | 'outcome' | 'amountText' | 'reason'; label: string }[];
  items: DecisionItemRow[];
  totals: { appliedCount: number; grantedCount: number; rejectedCount: number; grantedSek: number; grantedText: string };
  payout: { date: string | null; sentence: string };
  sections: DecisionSection[];
  signature: string;
};

export const DECISION_TITLE = 'Beslut om statlig ersättning för hälsoundersökning';
const AUTHORITY = 'Migrationsverket';

// U+00A0 NO-BREAK SPACE, both between thousands and before "kr", so an amount never breaks across
// lines; it is also what Intl's sv-SE number format uses for grouping.
const NBSP = '\u00a0';

function groupThousands(whole: number): string {
  return String(whole).replace(/\B(?=(\d{3})+$)/g, NBSP);
}

/**
 * An amount in Swedish format: `2 175 kr`, `-2 175 kr`, `2 175,50 kr` (öre only when there are any).
 * The spaces are U+00A0 NO-BREAK SPACE.
 */
export function formatSek(amount: number): string {
  if (!Number.isFinite(amount)) throw new RangeError(`ogiltigt belopp: ${amount}`);
  const ore = Math.round(Math.abs(amount) * 100);
  const sign = amount < 0 && ore > 0 ? '-' : '';
  const kronor = groupThousands(Math.floor(ore / 100));
  const fraction = ore % 100 === 0 ? '' : `,${String(ore % 100).padStart(2, '0')}`;
  return `${sign}${kronor}${fraction}${NBSP}kr`;
}

function inKronor(amount: number): string {
  return formatSek(amount).replace(/kr$/, 'kronor');
}

function examinations(count: number): string {
  return `${count} ${count === 1 ? 'hälsoundersökning' : 'hälsoundersökningar'}`;
}

const ORDINAL = ['första', 'andra', 'tredje', 'fjärde'] as const;
const MONTHS = ['januari–mars', 'april–juni', 'juli–september', 'oktober–december'] as const;

/** `2026-Q2` → `andra kvartalet 2026 (april–juni)`. */
function quarterText(quarter: string): string {
  const q = parseQuarter(quarter);
  return `${ORDINAL[q.quarter - 1]} kvartalet ${q.year} (${MONTHS[q.quarter - 1]})`;
}

function outcomeOf(grantedCount: number, appliedCount: number): DecisionOutcome {
  if (grantedCount === 0) return 'Avslag';
  return grantedCount === appliedCount ? 'Bifall' : 'Delvis bifall';
}

function summaryOf(outcome: DecisionOutcome, input: DecisionDocumentInput, grantedCount: number, grantedSek: number): string {
  const applied = input.items.length;
  switch (outcome) {
    case 'Bifall':
      return `${AUTHORITY} beviljar ${input.regionName} statlig ersättning med ${inKronor(grantedSek)} för ${examinations(applied)}.`;
    case 'Delvis bifall':
      return (
        `${AUTHORITY} beviljar ${input.regionName} statlig ersättning med ${inKronor(grantedSek)} ` +
        `för ${grantedCount} av ${examinations(applied)}. Ansökan avslås i övrigt.`
      );
    case 'Avslag':
      return applied === 0
        ? `${AUTHORITY} avslår ansökan om statlig ersättning.`
        : `${AUTHORITY} avslår ansökan om statlig ersättning för ${examinations(applied)}.`;
  }
}

function reasonsSection(outcome: DecisionOutcome, rows: DecisionItemRow[], grantedCount: number): DecisionSection {
  const rejected = rows.filter((row) => row.outcome === 'Avslagen');
  const paragraphs = [
    `${AUTHORITY} har prövat varje hälsoundersökning i ansökan mot villkoren för ersättning. ` +
      'Ersättning lämnas med ett schablonbelopp för varje hälsoundersökning som uppfyller villkoren.',
  ];
  if (outcome === 'Bifall') {
    paragraphs.push(
      rows.length === 1
        ? 'Hälsoundersökningen uppfyller villkoren för ersättning.'
        : `Samtliga ${examinations(rows.length)} uppfyller villkoren för ersättning.`,
    );
  } else if (outcome === 'Delvis bifall') {
    paragraphs.push(
      `${grantedCount} av ${examinations(rows.length)} uppfyller villkoren för ersättning. ` +
        (rejected.length === 1
          ? 'För den övriga hälsoundersökningen avslås ansökan. Skälet anges nedan.'
          : `För övriga ${rejected.length} avslås ansökan. Skälen anges nedan.`),
    );
  } else if (rows.length > 0) {
    paragraphs.push(
      rows.length === 1
        ? 'Hälsoundersökningen uppfyller inte villkoren för ersättning, av det skäl som anges nedan.'
        : 'Ingen av hälsoundersökningarna uppfyller villkoren för ersättning, av de skäl som anges nedan.',
    );
  } else {
    paragraphs.push('Ansökan avser ingen hälsoundersökning som kan ersättas.');
  }
  return {
    heading: 'Skäl för beslutet',
    paragraphs,
    list: rejected.map((row) => `${row.name}, dossiernummer ${row.dossierNumber}, undersökt ${row.examDate}: ${row.reason}`),
  };
}

// Sections are built afresh for every document, so a caller changing one cannot change the next.
const legalBasisSection = (): DecisionSection => ({
  heading: 'Beslutet grundar sig på',
  paragraphs: ['Förordning (1996:1357) om statlig ersättning för hälso- och sjukvård till asylsökande m.fl.:'],
  list: [
    '3 § – ersättning lämnas för en hälsoundersökning per person.',
    '6 a § – ersättning för en hälsoundersökning lämnas med ett schablonbelopp.',
    '7 a § – ansökan om ersättning ska ha kommit in till Migrationsverket senast vid utgången av kvartalet ' +
      'efter det kvartal då hälsoundersökningen genomfördes.',
  ],
});

const otherProvisionsSection = (): DecisionSection => ({
  heading: 'Övriga bestämmelser',
  paragraphs: ['Bestämmelser om vilka personer som omfattas och om regionens ansvar för deras hälso- och sjukvård finns i'],
  list: [
    'lag (2008:344) om hälso- och sjukvård åt asylsökande m.fl.,',
    'lag (1994:137) om mottagande av asylsökande m.fl. (LMA).',
  ],
});

function repaymentSection(regionName: string): DecisionSection {
  return {
    heading: 'Återbetalningsskyldighet',
    paragraphs: [
      `Om ersättning har betalats ut på felaktiga grunder eller med för högt belopp är ${regionName} skyldig att betala ` +
        'tillbaka det belopp som har betalats ut felaktigt.',
      `${AUTHORITY} kan kräva tillbaka beloppet eller avräkna det mot ersättning som regionen senare har rätt till.`,
    ],
    list: [],
  };
}

const appealSection = (): DecisionSection => ({
  heading: 'Hur man överklagar',
  paragraphs: [
    'Beslutet kan överklagas hos förvaltningsrätten. Överklagandet ska vara skriftligt. Skriv till förvaltningsrätten, ' +
      `men skicka eller lämna överklagandet till ${AUTHORITY}.`,
    `Överklagandet måste ha kommit in till ${AUTHORITY} inom tre veckor från den dag då regionen fick del av beslutet. ` +
      'Ett överklagande som har kommit in för sent avvisas.',
    'Ange i överklagandet vilket beslut som överklagas, till exempel genom beslutets datum och diarienummer, och vilken ' +
      'ändring i beslutet som begärs. Ange också varför beslutet bör ändras.',
    `${AUTHORITY} prövar först om beslutet ska ändras. Om ${AUTHORITY} inte ändrar beslutet på det sätt som regionen ` +
      'begär skickas överklagandet vidare till förvaltningsrätten.',
  ],
  list: [],
});

/** Builds the decision on an application; throws on an invalid date or a rejection without a reason. */
export function buildDecisionDocument(input: DecisionDocumentInput): DecisionDocument {
  for (const date of [input.receivedDate, input.decisionDate, input.payoutDate]) toEpochDay(date);

  const items: DecisionItemRow[] = input.items.map((item) => {
    toEpochDay(item.examDate);
    const granted = item.outcome === 'Beviljad';
    const reason = item.reason?.trim() || null;
    if (!granted && !reason) {
      throw new RangeError(`avslag utan skäl för dossiernummer ${item.dossierNumber}: ett avslag måste motiveras`);
    }
    const amountSek = granted ? item.amountSek : 0;
    return {
      dossierNumber: item.dossierNumber,
      name: item.name,
      examDate: item.examDate,
      outcome: item.outcome,
      amountSek,
      amountText: formatSek(amountSek),
      reason: granted ? null : reason,
    };
  });

  const grantedCount = items.filter((row) => row.outcome === 'Beviljad').length;
  const grantedSek = items.reduce((sum, row) => sum + row.amountSek, 0);
  const outcome = outcomeOf(grantedCount, items.length);
  const applicant = `${input.regionName} (organisationsnummer ${input.regionOrgNumber})`;

  return {
    title: DECISION_TITLE,
    authority: AUTHORITY,
    dossierNumber: input.dossierNumber ?? null,
    applicationId: input.applicationId,
    decisionDate: input.decisionDate,
    receivedDate: input.receivedDate,
    quarter: input.quarter,
    parties: {
      applicant: { role: 'Sökande', name: input.regionName, orgNumber: input.regionOrgNumber },
      authority: { role: 'Beslutande myndighet', name: AUTHORITY },
    },
    subject:
      `${applicant} har ansökt om statlig ersättning för hälsoundersökningar av asylsökande m.fl. som genomförts under ` +
      `${quarterText(input.quarter)}. Ansökan kom in till ${AUTHORITY} den ${input.receivedDate}.`,
    outcome,
    summary: summaryOf(outcome, input, grantedCount, grantedSek),
    itemColumns: [
      { key: 'name', label: 'Namn' },
      { key: 'dossierNumber', label: 'Dossiernummer' },
      { key: 'examDate', label: 'Undersökningsdatum' },
      { key: 'outcome', label: 'Beslut' },
      { key: 'amountText', label: 'Belopp' },
      { key: 'reason', label: 'Skäl för avslag' },
    ],
    items,
    totals: {
      appliedCount: items.length,
      grantedCount,
      rejectedCount: items.length - grantedCount,
      grantedSek,
      grantedText: formatSek(grantedSek),
    },
    payout:
      grantedCount > 0
        ? {
            date: input.payoutDate,
            sentence: `Det beviljade beloppet, ${formatSek(grantedSek)}, betalas ut till ${input.regionName} den ${input.payoutDate}.`,
          }
        : { date: null, sentence: 'Eftersom ansökan avslås betalas ingen ersättning ut.' },
    sections: [
      reasonsSection(outcome, items, grantedCount),
      legalBasisSection(),
      otherProvisionsSection(),
      repaymentSection(input.regionName),
      appealSection(),
    ],
    signature: `Beslutet har fattats av ${input.decidedBy} den ${input.decisionDate}.`,
  };
}
