/**
 * What the rule maintainers' pages share: their addresses, stylesheets, form fields and the
 * check and test results. Pure functions of their props.
 */
import { formatStockholmDateTime } from '../../../domain/stockholm-time.js';
import { CsrfField } from '../../layout.js';
import type { CheckReport, TestReport } from '../../../services/rule-checks.js';
import { assetUrl } from '../../static.js';

export const setHref = (label: string) => `/regler/uppsattning/${encodeURIComponent(label)}`;
export const candidateHref = (id: number) => `/regler/kandidat/${id}`;
export const simulationHref = (id: number) => `/regler/simulering/${id}`;
export const correctionHref = (label: string) => `${setHref(label)}/belopp`;

/** The console's styles (shared with the case officers) and the rule pages' additions. */
export const Styles = () => <><link rel="stylesheet" href={assetUrl('console.css')} /><link rel="stylesheet" href={assetUrl('rules.css')} /></>;

export const when = (d: Date) => formatStockholmDateTime(d);

export type FieldState = { values: Record<string, string>; errors: Record<string, string | undefined> };

/** A labelled text input with its hint and the Swedish error beside it. */
export function TextField({ id, name, label, hint, state, type = 'text', maxlength = 100, inputmode }: {
  id: string; name: string; label: string; hint?: string | undefined; state: FieldState; type?: string; maxlength?: number; inputmode?: 'numeric' | undefined;
}) {
  const error = state.errors[name];
  const describedBy = [hint ? `${id}-hjalp` : '', error ? `${id}-fel` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`text-field${error ? ' text-field--error' : ''}`}>
      <label class="label" for={id}>
        {label}
        {hint && <span class="label__description" id={`${id}-hjalp`}>{hint}</span>}
        {error && <span class="label__message label__message--error" id={`${id}-fel`}>{error}</span>}
      </label>
      <div class="text-field__input-wrapper">
        <input class="text-field__input" id={id} name={name} type={type} value={state.values[name] ?? ''} maxlength={maxlength} autocomplete="off" inputmode={inputmode}
          aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} />
      </div>
    </div>
  );
}

export function JsonField({ id, state, rows = 16, label }: { id: string; state: FieldState; rows?: number; label: string }) {
  const error = state.errors.content;
  return (
    <div class={`textarea-field${error ? ' textarea-field--error' : ''}`}>
      <label class="label" for={id}>
        {label}
        <span class="label__description" id={`${id}-hjalp`}>Hela regeluppsättningen i JSON-format: beskrivning, belopp och andra värden, regler och testfall.</span>
        {error && <span class="label__message label__message--error" id={`${id}-fel`}>{error}</span>}
      </label>
      <textarea class="textarea-field__textarea rules-json" id={id} name="content" rows={rows} spellcheck={false}
        aria-invalid={error ? 'true' : undefined} aria-describedby={`${id}-hjalp${error ? ` ${id}-fel` : ''}`}>{state.values.content ?? ''}</textarea>
    </div>
  );
}

export function CheckResult({ report }: { report: CheckReport }) {
  return report.ok ? (
    <div class="message-box message-box--success" role="status" data-testid="kontroll">
      <p>Kontrollen gick igenom: {report.sets} {report.sets === 1 ? 'regeluppsättning' : 'regeluppsättningar'}, {report.files} regelfiler, {report.cases} testfall.</p>
    </div>
  ) : (
    <div class="message-box message-box--error" role="alert" data-testid="kontroll">
      {report.stopped ? <p>{report.stopped}</p> : (
        <><p>Kontrollen hittade {report.problems.length} fel:</p>
          <ul class="problems">{report.problems.slice(0, 100).map((p) => <li>{p}</li>)}</ul></>
      )}
    </div>
  );
}

export function TestResult({ report }: { report: TestReport }) {
  const box = report.failed === 0 ? 'message-box--success' : 'message-box--error';
  return (
    <div class={`message-box ${box}`} role={report.failed ? 'alert' : 'status'} data-testid="test">
      <p>{report.stopped ?? `${report.passed} testfall gick igenom, ${report.failed} misslyckades.`}</p>
      {report.failures.length > 0 && (
        <ul class="problems">
          {report.failures.slice(0, 100).map((f) => <li>{f.file}: {f.name}<ul>{f.details.map((d) => <li>{d}</li>)}</ul></li>)}
        </ul>
      )}
    </div>
  );
}

/** The check and test buttons; results land in the region below them (htmx, or a full page without script). */
export function CheckAndTest({ action, csrf, check, test }: { action: string; csrf: string | null; check?: CheckReport | undefined; test?: TestReport | undefined }) {
  return (
    <>
      <p>
        Kontrollera att reglerna är fullständiga och rätt uppbyggda. Testfallen visar att reglerna ger de resultat som
        väntas för kända exempel.
      </p>
      <div class="actions">
        <form method="post" action={`${action}/kontroll`} hx-post={`${action}/kontroll`} hx-target="#kontroll-resultat" hx-swap="innerHTML">
          <CsrfField token={csrf} />
          <button type="submit" class="button button--secondary button--medium">Kontrollera</button>
        </form>
        <form method="post" action={`${action}/test`} hx-post={`${action}/test`} hx-target="#kontroll-resultat" hx-swap="innerHTML">
          <CsrfField token={csrf} />
          <button type="submit" class="button button--secondary button--medium">Kör testfallen</button>
        </form>
      </div>
      <div id="kontroll-resultat" aria-live="polite">
        {check && <CheckResult report={check} />}
        {test && <TestResult report={test} />}
      </div>
    </>
  );
}
