/**
 * "Rätta belopp" (issue 11): the amount periods of a rule set as a form, and the preview of the
 * open applications whose amounts the correction changes. A pure function of its props.
 */
import { describeChange, formatKronor, type AmountChange } from '../../../rules/correction.js';
import type { RuleSet } from '../../../rules/index.js';
import { CsrfField } from '../../layout.js';
import type { PreviewRow } from '../data.js';
import { blank, fieldName, MAX_JUSTIFICATION, type Row } from '../forms.js';
import { correctionHref, setHref, TextField, type FieldState } from './common.js';

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
