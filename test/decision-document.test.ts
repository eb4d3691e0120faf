import { describe, expect, it } from 'vitest';
import { buildDecisionDocument, DECISION_TITLE, formatSek, type DecisionDocumentInput, type DecisionItemInput } from '../domain/decision-document.js';

const NBSP = '\u00a0';

const granted = (dossierNumber: string, name: string): DecisionItemInput => ({
  dossierNumber, name, examDate: '2026-05-12', outcome: 'Beviljad', amountSek: 2175,
});
const rejected = (dossierNumber: string, name: string, reason: string): DecisionItemInput => ({
  dossierNumber, name, examDate: '2026-04-20', outcome: 'Avslagen', amountSek: 0, reason,
});

function application(items: DecisionItemInput[]): DecisionDocumentInput {
  return {
    dossierNumber: '26-112233',
    applicationId: '17',
    regionName: 'Region Stockholm',
    regionOrgNumber: '232100-0016',
    quarter: '2026-Q2',
    receivedDate: '2026-07-06',
    decisionDate: '2026-07-20',
    decidedBy: 'Karin Handläggare',
    items,
    payoutDate: '2026-07-31',
  };
}

const ALREADY_EXAMINED = 'Personen har redan en rapporterad eller ersatt hälsoundersökning. Ersättning lämnas för en hälsoundersökning per person.';
const OTHER_REGION = 'Personen bor inte i regionens län.';

describe('formatSek', () => {
  it('groups thousands and writes kr after a no-break space', () => {
    expect(formatSek(2175)).toBe(`2${NBSP}175${NBSP}kr`);
    expect(formatSek(1234567)).toBe(`1${NBSP}234${NBSP}567${NBSP}kr`);
    expect(formatSek(0)).toBe(`0${NBSP}kr`);
    expect(formatSek(999)).toBe(`999${NBSP}kr`);
  });

  it('shows öre only when there are any, and a minus for a negative amount', () => {
    expect(formatSek(2175.5)).toBe(`2${NBSP}175,50${NBSP}kr`);
    expect(formatSek(-2175)).toBe(`-2${NBSP}175${NBSP}kr`);
  });

  it('refuses an amount that is not a number', () => {
    expect(() => formatSek(Number.NaN)).toThrow(RangeError);
  });
});

describe('buildDecisionDocument', () => {
  it('grants a fully eligible application and pays out on the payout date', () => {
    const doc = buildDecisionDocument(application([granted('1001', 'Amina Ali'), granted('1002', 'Omar Haddad')]));
    expect(doc.title).toBe(DECISION_TITLE);
    expect(doc.title).toBe('Beslut om statlig ersättning för hälsoundersökning');
    expect(doc.outcome).toBe('Bifall');
    expect(doc.summary).toBe(`Migrationsverket beviljar Region Stockholm statlig ersättning med 4${NBSP}350${NBSP}kronor för 2 hälsoundersökningar.`);
    expect(doc.totals).toEqual({ appliedCount: 2, grantedCount: 2, rejectedCount: 0, grantedSek: 4350, grantedText: `4${NBSP}350${NBSP}kr` });
    expect(doc.payout.date).toBe('2026-07-31');
    expect(doc.payout.sentence).toContain('2026-07-31');
    expect(doc.payout.sentence).toContain(`4${NBSP}350${NBSP}kr`);
  });

  it('grants part of an application and rejects the rest with their reasons', () => {
    const doc = buildDecisionDocument(
      application([granted('1001', 'Amina Ali'), rejected('1003', 'Lina Karimi', ALREADY_EXAMINED), rejected('1004', 'Yusuf Omar', OTHER_REGION)]),
    );
    expect(doc.outcome).toBe('Delvis bifall');
    expect(doc.summary).toBe(
      `Migrationsverket beviljar Region Stockholm statlig ersättning med 2${NBSP}175${NBSP}kronor för 1 av 3 hälsoundersökningar. Ansökan avslås i övrigt.`,
    );
    expect(doc.totals).toMatchObject({ appliedCount: 3, grantedCount: 1, rejectedCount: 2, grantedSek: 2175 });
    expect(doc.payout.sentence).toContain('2026-07-31');
  });

  it('rejects a fully ineligible application and pays nothing', () => {
    const doc = buildDecisionDocument(application([rejected('1003', 'Lina Karimi', ALREADY_EXAMINED), rejected('1004', 'Yusuf Omar', OTHER_REGION)]));
    expect(doc.outcome).toBe('Avslag');
    expect(doc.summary).toBe('Migrationsverket avslår ansökan om statlig ersättning för 2 hälsoundersökningar.');
    expect(doc.totals).toMatchObject({ grantedCount: 0, rejectedCount: 2, grantedSek: 0, grantedText: `0${NBSP}kr` });
    expect(doc.payout).toEqual({ date: null, sentence: 'Eftersom ansökan avslås betalas ingen ersättning ut.' });
  });

  it('counts only granted amounts in the total, whatever amount a rejected item carries', () => {
    const doc = buildDecisionDocument(application([granted('1001', 'Amina Ali'), { ...rejected('1003', 'Lina Karimi', OTHER_REGION), amountSek: 2175 }]));
    expect(doc.totals.grantedSek).toBe(2175);
    expect(doc.items.map((row) => row.amountSek)).toEqual([2175, 0]);
  });

  it('keeps each rejected item’s reason in its row and in the grounds for the decision', () => {
    const doc = buildDecisionDocument(application([granted('1001', 'Amina Ali'), rejected('1003', 'Lina Karimi', ALREADY_EXAMINED)]));
    const row = doc.items.find((item) => item.dossierNumber === '1003');
    expect(row).toMatchObject({ outcome: 'Avslagen', reason: ALREADY_EXAMINED, amountText: `0${NBSP}kr` });
    expect(doc.items.find((item) => item.dossierNumber === '1001')?.reason).toBeNull();
    const grounds = doc.sections.find((s) => s.heading === 'Skäl för beslutet');
    expect(grounds?.list).toEqual([`Lina Karimi, dossiernummer 1003, undersökt 2026-04-20: ${ALREADY_EXAMINED}`]);
  });

  it('refuses a rejection without a reason', () => {
    expect(() => buildDecisionDocument(application([{ ...rejected('1003', 'Lina Karimi', ''), reason: '  ' }]))).toThrow(/avslag utan skäl/);
  });

  it('carries the legal basis, other provisions, duty to repay and how to appeal', () => {
    const doc = buildDecisionDocument(application([granted('1001', 'Amina Ali')]));
    const headings = doc.sections.map((s) => s.heading);
    expect(headings).toEqual(expect.arrayContaining(['Beslutet grundar sig på', 'Övriga bestämmelser', 'Återbetalningsskyldighet', 'Hur man överklagar']));

    const text = (heading: string) => {
      const section = doc.sections.find((s) => s.heading === heading)!;
      return [...section.paragraphs, ...section.list].join('\n');
    };
    expect(text('Beslutet grundar sig på')).toContain('Förordning (1996:1357)');
    for (const paragraph of ['3 §', '6 a §', '7 a §']) expect(text('Beslutet grundar sig på')).toContain(paragraph);
    expect(text('Övriga bestämmelser')).toContain('lag (2008:344)');
    expect(text('Övriga bestämmelser')).toContain('lag (1994:137)');
    expect(text('Övriga bestämmelser')).toContain('(LMA)');
    expect(text('Återbetalningsskyldighet')).toMatch(/skyldig att betala tillbaka/);
    expect(text('Hur man överklagar')).toMatch(/förvaltningsrätten/);
    expect(text('Hur man överklagar')).toMatch(/skriftligt/);
    expect(text('Hur man överklagar')).toMatch(/inom tre veckor från den dag då regionen fick del av beslutet/);
    expect(text('Hur man överklagar')).toMatch(/vilket beslut som överklagas/);
    expect(text('Hur man överklagar')).toMatch(/vilken ändring/);
  });

  it('names the parties, the quarter, the received date and who decided', () => {
    const doc = buildDecisionDocument(application([granted('1001', 'Amina Ali')]));
    expect(doc.parties.applicant).toEqual({ role: 'Sökande', name: 'Region Stockholm', orgNumber: '232100-0016' });
    expect(doc.parties.authority.name).toBe('Migrationsverket');
    expect(doc.subject).toContain('andra kvartalet 2026 (april–juni)');
    expect(doc.subject).toContain('2026-07-06');
    expect(doc.signature).toBe('Beslutet har fattats av Karin Handläggare den 2026-07-20.');
    expect(doc.summary).toContain('för 1 hälsoundersökning.');
  });

  it('gives every document its own sections', () => {
    const first = buildDecisionDocument(application([granted('1001', 'Amina Ali')]));
    first.sections[1]!.list.push('ändrad');
    const second = buildDecisionDocument(application([granted('1001', 'Amina Ali')]));
    expect(second.sections[1]!.list).not.toContain('ändrad');
  });

  it('is plain data that survives a JSON round trip unchanged', () => {
    const doc = buildDecisionDocument(application([granted('1001', 'Amina Ali'), rejected('1003', 'Lina Karimi', OTHER_REGION)]));
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('refuses malformed dates and quarters', () => {
    expect(() => buildDecisionDocument({ ...application([granted('1001', 'Amina Ali')]), payoutDate: '31/07/2026' })).toThrow(RangeError);
    expect(() => buildDecisionDocument({ ...application([granted('1001', 'Amina Ali')]), quarter: '2026-Q5' })).toThrow();
  });
});
