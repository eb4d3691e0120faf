/**
 * "Rätta belopp" (issue 11): a rule maintainer corrects the amount periods of a rule set, past
 * exam years included, and publishes the correction as the set's next version (same id and
 * effective date, SPEC §4). The form reads the periods, validates them as `rules check` does
 * (rules/validate.ts), and previews the items of open applications whose amount would change.
 */
import { amountForExamYear, ruleSetInForce, type RuleSet, type RuleSetJson } from '../../rules/index.js';
import { correctionDocument, describeChange, formatKronor, type AmountChange } from '../../rules/correction.js';
import type { AmountPeriod } from '../../rules/model.js';
import { ruleSetProblems } from '../../rules/ruleset.js';
import { CsrfField } from '../layout.js';
import type { OpenItemGroup } from './data.js';
import { setHref, TextField, type FieldState } from './pages.js';

export const correctionHref = (label: string) => `${setHref(label)}/belopp`;

/** At most this many period rows in the form. */
export const MAX_ROWS = 30;
const BLANK_ROWS = 2;
export const MAX_JUSTIFICATION = 2000;

export type Row = { fromYear: string; toYear: string; amountSek: string };
const blank = (r: Row) => r.fromYear.trim() === '' && r.toYear.trim() === '' && r.amountSek.trim() === '';

/** The form's rows for a set: its periods, then blank rows for new periods. */
export function rowsOf(set: RuleSet): Row[] {
  return withBlankRows(set.parameters.amountPerExamYear.map((p) => ({ fromYear: String(p.fromYear), toYear: p.toYear === undefined ? '' : String(p.toYear), amountSek: String(p.amountSek) })));
}

/** The rows with blank rows added at the end for new periods (indices unchanged). */
export function withBlankRows(rows: Row[]): Row[] {
  const out = [...rows];
  let trailing = 0;
  for (let i = out.length - 1; i >= 0 && blank(out[i]!); i--) trailing++;
  while (trailing < BLANK_ROWS && out.length < MAX_ROWS) {
    out.push({ fromYear: '', toYear: '', amountSek: '' });
    trailing++;
  }
  return out;
}

export const fieldName = (field: keyof Row, i: number) => `${field}-${i}`;

/** The field values of rows and justification, as the form shows them. */
export function formValues(rows: Row[], justification: string): Record<string, string> {
  const values: Record<string, string> = { motivering: justification };
  rows.forEach((r, i) => {
    values[fieldName('fromYear', i)] = r.fromYear;
    values[fieldName('toYear', i)] = r.toYear;
    values[fieldName('amountSek', i)] = r.amountSek;
  });
  return values;
}

/** The rows as posted (`rader` of them, at most MAX_ROWS), each value cut to a sane length. */
export function postedRows(body: Record<string, string>): Row[] {
  const n = Math.min(MAX_ROWS, Math.max(0, Number.parseInt(body.rader ?? '', 10) || 0));
  return Array.from({ length: n }, (_, i) => ({
    fromYear: (body[fieldName('fromYear', i)] ?? '').slice(0, 10),
    toYear: (body[fieldName('toYear', i)] ?? '').slice(0, 10),
    amountSek: (body[fieldName('amountSek', i)] ?? '').slice(0, 20),
  }));
}

const YEAR_MESSAGE = 'Ange året med fyra siffror, mellan 2000 och 2999, till exempel 2026.';
const AMOUNT_MESSAGE = 'Ange beloppet i hela kronor, större än 0 kr, till exempel 2200.';
const JUSTIFICATION_MESSAGE = 'Skriv en motivering: varför beloppet rättas, till exempel vilket meddelande från Migrationsverket rättelsen bygger på.';

function year(text: string): number | null {
  const t = text.trim();
  if (!/^\d{4}$/.test(t)) return null;
  const y = Number(t);
  return y >= 2000 && y <= 2999 ? y : null;
}

function amount(text: string): number | null {
  const t = text.replace(/[\s\u00a0]/g, '').replace(/kr$/i, '');
  if (!/^\d{1,9}$/.test(t)) return null;
  const n = Number(t);
  return n > 0 ? n : null;
}

/** The wording of rules/validate.ts with the form's labels for the JSON fields and periods. */
const formWords = (message: string, rowOfIndex: (k: number) => number | undefined) => message
  .replace(/\btoYear\b/g, '”Till år”').replace(/\bfromYear\b/g, '”Från år”')
  .replace(/\$\.amountPerExamYear\[(\d+)\]/g, (all, k: string) => {
    const row = rowOfIndex(Number(k));
    return row === undefined ? all : `period ${row + 1}`;
  });

export type CorrectionResult =
  | { ok: false; errors: Record<string, string>; formError?: string }
  | { ok: true; json: RuleSetJson; label: string; changes: AmountChange[]; adjustedCases: number; justification: string };

/**
 * Reads and validates a correction of `set` to `version`: every row's years and amount, then the
 * periods together exactly as `rules check` validates parameters.json (every exam year from the
 * set's effective-from year has an amount, no overlap), and at least one amount must change.
 */
export function readCorrection(set: RuleSet, rows: Row[], justificationText: string, version: string, date: string): CorrectionResult {
  const errors: Record<string, string> = {};
  const periods: AmountPeriod[] = [];
  const rowOf: number[] = [];
  rows.forEach((r, i) => {
    if (blank(r)) return;
    const from = r.fromYear.trim() === '' ? null : year(r.fromYear);
    const to = r.toYear.trim() === '' ? undefined : year(r.toYear);
    const sek = r.amountSek.trim() === '' ? null : amount(r.amountSek);
    if (from === null) errors[fieldName('fromYear', i)] = r.fromYear.trim() === '' ? 'Ange första undersökningsåret i perioden, till exempel 2026.' : YEAR_MESSAGE;
    if (to === null) errors[fieldName('toYear', i)] = `${YEAR_MESSAGE} Lämna tomt för en period som gäller tills vidare.`;
    if (sek === null) errors[fieldName('amountSek', i)] = AMOUNT_MESSAGE;
    if (from !== null && to !== null && sek !== null) {
      periods.push(to === undefined ? { fromYear: from, amountSek: sek } : { fromYear: from, toYear: to, amountSek: sek });
      rowOf.push(i);
    }
  });
  const justification = justificationText.trim();
  if (justification === '') errors.motivering = JUSTIFICATION_MESSAGE;
  else if (justification.length > MAX_JUSTIFICATION) errors.motivering = `Motiveringen får vara högst ${MAX_JUSTIFICATION} tecken.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (periods.length === 0) return { ok: false, errors: { [fieldName('amountSek', 0)]: 'Ange minst en period med belopp.' } };

  // Sorted as the document stores them, so a problem's index names its row.
  const order = periods.map((p, k) => ({ p, row: rowOf[k]! })).sort((a, b) => a.p.fromYear - b.p.fromYear);
  const doc = correctionDocument(set, order.map((o) => o.p), { version, justification, date });
  const problems = ruleSetProblems(doc.json, (name) => `${doc.label}/${name}`);
  let formError: string | undefined;
  for (const p of problems) {
    const m = /^\$\.amountPerExamYear\[(\d+)\](?:\.(fromYear|toYear|amountSek))?$/.exec(p.path);
    const rowOfIndex = (k: number) => order[k]?.row;
    const row = m ? rowOfIndex(Number(m[1])) : undefined;
    if (m && row !== undefined) errors[fieldName((m[2] as keyof Row | undefined) ?? 'fromYear', row)] ??= `${formWords(p.message, rowOfIndex)}.`;
    else formError ??= `Rättelsen klarar inte kontrollen: ${p.file}: ${p.path}: ${p.message}.`;
  }
  if (Object.keys(errors).length > 0 || formError) return { ok: false, errors, ...(formError ? { formError } : {}) };
  if (doc.changes.length === 0) {
    return { ok: false, errors: {}, formError: 'Inget belopp är ändrat: varje undersökningsår har samma belopp som nu. Ändra minst ett belopp.' };
  }
  return { ok: true, json: doc.json, label: doc.label, changes: doc.changes, adjustedCases: doc.adjustedCases, justification };
}

/** One application's items of one exam year whose amount the correction changes. */
export type PreviewRow = {
  applicationId: number; regionName: string; quarter: string; status: string; year: number; items: number; before: number; after: number;
};

/**
 * The open applications' items whose amount changes: those whose exam date the corrected set
 * would be in force on (among `installed` with the correction added), with the amount it gives.
 */
export function previewRows(groups: OpenItemGroup[], installed: RuleSet[], corrected: RuleSet): PreviewRow[] {
  const sets = [...installed.filter((s) => s.label !== corrected.label), corrected];
  const rows = new Map<string, PreviewRow>();
  for (const g of groups) {
    const inForce = ruleSetInForce(sets, g.examDate);
    if (inForce !== corrected) continue;
    const y = Number(g.examDate.slice(0, 4));
    const after = amountForExamYear(corrected, y);
    if (after === null || after === g.amountSek) continue;
    const key = `${g.applicationId}:${y}:${g.amountSek}`;
    const row = rows.get(key);
    if (row) row.items += g.items;
    else rows.set(key, { applicationId: g.applicationId, regionName: g.regionName, quarter: g.quarter, status: g.status, year: y, items: g.items, before: g.amountSek, after });
  }
  return [...rows.values()];
}

const WHEN_APPLIED: Record<string, string> = {
  Skapas: 'när ansökan skickas in', Utkast: 'när ansökan skickas in', Inskickad: 'när beslut fattas', 'Under handläggning': 'när beslut fattas',
};

const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : ''}${formatKronor(Math.abs(n))}`;

export type CorrectionPageProps = {
  set: RuleSet;
  version: string;
  rows: Row[];
  state: FieldState;
  csrf: string | null;
  formError?: string | undefined;
  preview?: { changes: AmountChange[]; rows: PreviewRow[]; adjustedCases: number } | undefined;
};

export function CorrectionPage({ set, version, rows, state, csrf, formError, preview }: CorrectionPageProps) {
  const action = correctionHref(set.label);
  const errorCount = Object.values(state.errors).filter(Boolean).length;
  const justificationError = state.errors.motivering;
  const total = preview ? preview.rows.reduce((s, r) => s + r.items * (r.after - r.before), 0) : 0;
  return (
    <>
      <p><a href={setHref(set.label)}>Till {set.label}</a></p>
      <p>
        Rättelsen publiceras som <strong>{set.id}@{version}</strong>: en ny version av samma regeluppsättning, med samma
        ”gäller från” ({set.effectiveFrom}) som {set.label}. Den gäller därför alla undersökningar som {set.label} gäller för, även från passerade år. Bara beloppen
        ändras; reglerna och övriga parametrar är desamma. Beslut som redan fattats behåller sina belopp. Öppna ansökningar får det
        rättade beloppet: ett utkast när det skickas in, en inskickad ansökan när beslut fattas.
      </p>
      {errorCount > 0 && (
        <div class="message-box message-box--error" role="alert">
          <p>Rättelsen kan inte publiceras: {errorCount === 1 ? 'ett fält behöver rättas' : `${errorCount} fält behöver rättas`}. Felen står vid fälten.</p>
        </div>
      )}
      <form method="post" action={action} novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="rader" value={String(rows.length)} />
        <h2>Belopp per undersökningsår</h2>
        <p id="perioder-hjalp">
          Ett belopp gäller från och med ”Från år” till och med ”Till år”. Lämna ”Till år” tomt i den sista perioden: beloppet gäller då
          tills vidare. Varje undersökningsår från {set.effectiveFrom.slice(0, 4)} ska ha ett belopp. Rätta ett enstaka år genom att dela
          perioden runt det, till exempel 2019–2025, 2026–2026 och 2027 och framåt. Töm alla fält i en rad för att ta bort perioden.
        </p>
        {rows.map((r, i) => (
          <fieldset class="fieldset" aria-describedby="perioder-hjalp">
            <legend class="fieldset__label">{i < set.parameters.amountPerExamYear.length || !blank(r) ? `Period ${i + 1}` : `Ny period (${i + 1})`}</legend>
            <div class="fieldset__content">
              <TextField id={`belopp-${i}-fran`} name={fieldName('fromYear', i)} label="Från år" state={state} maxlength={4} inputmode="numeric" />
              <TextField id={`belopp-${i}-till`} name={fieldName('toYear', i)} label="Till år" hint="Tomt: tills vidare" state={state} maxlength={4} inputmode="numeric" />
              <TextField id={`belopp-${i}-kr`} name={fieldName('amountSek', i)} label="Belopp (kr)" hint="Hela kronor per undersökning" state={state} maxlength={12} inputmode="numeric" />
            </div>
          </fieldset>
        ))}
        <div class={`textarea-field${justificationError ? ' textarea-field--error' : ''}`}>
          <label class="label" for="rattelse-motivering">
            Motivering
            <span class="label__description" id="rattelse-motivering-hjalp">Obligatorisk. Varför beloppen rättas; sparas i regeluppsättningens beskrivning och i åtkomstloggen.</span>
            {justificationError && <span class="label__message label__message--error" id="rattelse-motivering-fel">{justificationError}</span>}
          </label>
          <textarea class="textarea-field__textarea" id="rattelse-motivering" name="motivering" rows={4} maxlength={MAX_JUSTIFICATION}
            aria-invalid={justificationError ? 'true' : undefined}
            aria-describedby={`rattelse-motivering-hjalp${justificationError ? ' rattelse-motivering-fel' : ''}`}>{state.values.motivering ?? ''}</textarea>
        </div>
        <div class="actions">
          <button type="submit" name="steg" value="granska" class={`button ${preview ? 'button--secondary' : 'button--primary'} button--medium`}>Förhandsgranska</button>
          {preview && (
            <button type="submit" name="steg" value="publicera" class="button button--primary button--medium"
              aria-describedby={formError ? 'rattelse-fel' : 'forhandsgranskning-rubrik'}>Publicera rättelsen som {set.id}@{version}</button>
          )}
          {formError && <p id="rattelse-fel" class="form-error" role="alert">{formError}</p>}
        </div>
      </form>

      {preview && (
        <section aria-labelledby="forhandsgranskning-rubrik">
          <h2 id="forhandsgranskning-rubrik">Förhandsgranskning</h2>
          <p>Rättelsen ändrar beloppet för:</p>
          <ul data-testid="andrade-belopp">{preview.changes.map((c) => <li>{describeChange(c)}</li>)}</ul>
          {preview.adjustedCases > 0 && (
            <p>{preview.adjustedCases} av uppsättningens testfall väntar sig det gamla beloppet för ett rättat år och får det nya.</p>
          )}
          {preview.rows.length === 0 ? (
            <p data-testid="paverkade-ansokningar">Ingen öppen ansökan har en undersökning vars belopp ändras.</p>
          ) : (
            <div class="table-wrap">
              <table class="table" data-testid="paverkade-ansokningar">
                <caption>
                  Öppna ansökningar vars undersökningar får ett annat belopp: {preview.rows.reduce((s, r) => s + r.items, 0)} undersökningar,
                  sammanlagt {signed(total)}. Beslutade ansökningar behåller sina belopp och visas inte.
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Ansökan</th><th scope="col">Status</th><th scope="col">Undersökningsår</th><th scope="col" class="num">Undersökningar</th>
                    <th scope="col" class="num">Belopp nu</th><th scope="col" class="num">Rättat belopp</th><th scope="col" class="num">Skillnad totalt</th><th scope="col">Gäller</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r) => (
                    <tr>
                      <td>{r.regionName}, {r.quarter} (nr {r.applicationId})</td>
                      <td>{r.status}</td>
                      <td>{r.year}</td>
                      <td class="num">{r.items}</td>
                      <td class="num">{formatKronor(r.before)}</td>
                      <td class="num">{formatKronor(r.after)}</td>
                      <td class="num">{signed(r.items * (r.after - r.before))}</td>
                      <td>{WHEN_APPLIED[r.status] ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
