/**
 * The rule maintainers' pages: installed sets, a set's rules in readable Swedish, candidates with
 * check, test, simulation and publication. Pure functions of their props.
 */
import { reasonLabel } from '../components/reasons.js';
import type { RuleSet } from '../../rules/index.js';
import { CsrfField } from '../layout.js';
import type { SimulationProgress } from '../../contract/index.js';
import type { CheckReport, TestReport } from './checks.js';
import type { Candidate, ChangeRow, InstalledSet, Simulation } from './data.js';
import { CONCERN_TITLES, ConditionView, eventText, type Condition } from './readable.js';

export const setHref = (label: string) => `/regler/uppsattning/${encodeURIComponent(label)}`;
export const candidateHref = (id: number) => `/regler/kandidat/${id}`;
export const simulationHref = (id: number) => `/regler/simulering/${id}`;

const dateTime = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });
export const when = (d: Date) => dateTime.format(new Date(d));

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

function JsonField({ id, state, rows = 16, label }: { id: string; state: FieldState; rows?: number; label: string }) {
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
      <p>Kontrollen hittade {report.problems.length} fel:</p>
      <ul class="problems">{report.problems.slice(0, 100).map((p) => <li>{p}</li>)}</ul>
    </div>
  );
}

export function TestResult({ report }: { report: TestReport }) {
  const box = report.failed === 0 ? 'message-box--success' : 'message-box--error';
  return (
    <div class={`message-box ${box}`} role={report.failed ? 'alert' : 'status'} data-testid="test">
      <p>{report.passed} testfall gick igenom, {report.failed} misslyckades.</p>
      {report.failures.length > 0 && (
        <ul class="problems">
          {report.failures.slice(0, 100).map((f) => <li>{f.file}: {f.name}<ul>{f.details.map((d) => <li>{d}</li>)}</ul></li>)}
        </ul>
      )}
    </div>
  );
}

/** The check and test buttons; results land in the region below them (htmx, or a full page without script). */
function CheckAndTest({ action, csrf, check, test }: { action: string; csrf: string | null; check?: CheckReport | undefined; test?: TestReport | undefined }) {
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

/** The parameters' names in words. */
const PARAM_TITLES: Record<string, string> = { lmaChangeDate: 'Datum för LMA-ändringen' };
const paramTitle = (k: string) => PARAM_TITLES[k] ?? k;

export const sourceText = (s: InstalledSet) => s.source === 'shipped' ? 'Levererad med e-tjänsten' : `Publicerad ${when(s.publishedAt!)} av ${s.publishedBy}`;

export function RuleSetView({ set, headingLevel = 2 }: { set: RuleSet; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const H2 = headingLevel === 2 ? 'h3' : 'h4';
  const params = Object.entries(set.parameters).filter(([k]) => k !== '$schema' && k !== 'amountPerExamYear');
  return (
    <>
      <H>Datum och belopp som reglerna använder</H>
      <dl class="application-facts">
        {params.map(([k, v]) => <div><dt>{paramTitle(k)}</dt><dd data-testid={`parameter-${k}`}>{String(v)}</dd></div>)}
      </dl>
      <div class="table-wrap">
        <table class="table">
          <caption>Belopp per undersökningsår</caption>
          <thead><tr><th scope="col">Från år</th><th scope="col">Till år</th><th scope="col" class="num">Belopp (kr)</th></tr></thead>
          <tbody>{set.parameters.amountPerExamYear.map((p) => <tr><td>{p.fromYear}</td><td>{p.toYear ?? 'tills vidare'}</td><td class="num">{p.amountSek}</td></tr>)}</tbody>
        </table>
      </div>
      {set.ruleFiles.map((file) => (
        <section aria-label={CONCERN_TITLES[file.concern] ?? file.name}>
          <H>{CONCERN_TITLES[file.concern] ?? file.name}</H>
          <p>{file.description}</p>
          {(file.rules as { name: string; description: string; conditions: Condition; event: { type: string; params?: Record<string, unknown> } }[]).map((rule) => (
            <div class="rule-card">
              <H2>{rule.description}</H2>
              <p class="rule-name">Regelns beteckning: {rule.name}</p>
              <p><strong>Om</strong></p>
              <ConditionView c={rule.conditions} params={set.parameters} />
              <p><strong>Då:</strong> {eventText(rule.event, set.parameters)}</p>
            </div>
          ))}
        </section>
      ))}
      <p>Testfall: {set.cases.reduce((n, f) => n + f.cases.length, 0)} i {set.cases.length} {set.cases.length === 1 ? 'fil' : 'filer'}.</p>
    </>
  );
}

export type ListPageProps = {
  sets: InstalledSet[];
  candidates: Candidate[];
  csrf: string | null;
  copy: FieldState;
  upload: FieldState;
  check?: CheckReport | undefined;
  test?: TestReport | undefined;
};

export function ListPage({ sets, candidates, csrf, copy, upload, check, test }: ListPageProps) {
  const lmaSets = sets.filter((s) => typeof s.set.parameters.lmaChangeDate === 'string');
  return (
    <>
      <p>
        Reglerna avgör från vilket datum en person omfattas av LMA eller är förvarstagen (täckningsdatum) och om en
        hälsoundersökning ger rätt till ersättning. För varje undersökning används de regler som gällde på
        undersökningsdagen. Ett beslut som redan är fattat ändras aldrig när reglerna ändras.
      </p>
      <section aria-labelledby="uppsattningar-rubrik">
        <h2 id="uppsattningar-rubrik">Regeluppsättningar</h2>
        <div class="table-wrap">
          <table class="table">
            <caption class="sr-only">Regeluppsättningar som används</caption>
            <thead><tr><th scope="col">Regeluppsättning</th><th scope="col" class="nowrap">Gäller från</th><th scope="col">Ursprung</th><th scope="col">Beskrivning</th></tr></thead>
            <tbody>
              {sets.map((s) => (
                <tr>
                  <td><a href={setHref(s.set.label)}>{s.set.label}</a></td>
                  <td class="nowrap">{s.set.effectiveFrom}</td>
                  <td>{sourceText(s)}</td>
                  <td>{s.set.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <CheckAndTest action="/regler" csrf={csrf} check={check} test={test} />
      </section>

      <section aria-labelledby="ny-kandidat-rubrik">
        <h2 id="ny-kandidat-rubrik">Ny kandidat</h2>
        <p>
          En kandidat är ett förslag till ändrade regler. Den påverkar ingenting förrän den publiceras. Du kan kontrollera,
          testa och simulera den mot alla personer och undersökningar innan du bestämmer dig.
        </p>
        <h3>Utgå från en regeluppsättning</h3>
        <p>Kandidaten blir en kopia av den regeluppsättning du väljer. Datumet för LMA-ändringen kan du ändra redan här; annat ändrar du i kandidaten efteråt.</p>
        <form method="post" action="/regler/kandidat/kopia" novalidate>
          <CsrfField token={csrf} />
          <div class={`select-field${copy.errors.source ? ' select-field--error' : ''}`}>
            <label class="label" for="kopia-kalla">
              Regeluppsättning att utgå från
              {copy.errors.source && <span class="label__message label__message--error" id="kopia-kalla-fel">{copy.errors.source}</span>}
            </label>
            <div class="select-field__icon-wrapper">
              <select class="select-field__select" id="kopia-kalla" name="source" aria-invalid={copy.errors.source ? 'true' : undefined}
                aria-describedby={copy.errors.source ? 'kopia-kalla-fel' : undefined}>
                {lmaSets.map((s) => <option value={s.set.label} selected={(copy.values.source ?? lmaSets.at(-1)?.set.label) === s.set.label}>{s.set.label}</option>)}
              </select>
            </div>
          </div>
          <TextField id="kopia-datum" name="lmaChangeDate" label="Datum för LMA-ändringen" state={copy} maxlength={10}
            hint="Den dag då ändringen i LMA för massflyktingar började gälla, skrivet ÅÅÅÅ-MM-DD. Lämna tomt för att behålla datumet i regeluppsättningen du utgår från." />
          <button type="submit" class="button button--primary button--medium">Skapa kandidat</button>
        </form>

        <h3>Ladda upp en kandidat från fil</h3>
        <form method="post" action="/regler/kandidat" enctype="multipart/form-data" novalidate>
          <CsrfField token={csrf} />
          <div class="file-field">
            <label class="label" for="kandidat-fil">
              Fil med regeluppsättning
              <span class="label__description" id="kandidat-fil-hjalp">En hel regeluppsättning sparad som JSON-fil, till exempel innehållet från ”Visa innehållet i JSON-format” på en regeluppsättnings sida. Du kan också klistra in innehållet i rutan nedan.</span>
            </label>
            <input id="kandidat-fil" name="file" type="file" accept="application/json,.json" aria-describedby="kandidat-fil-hjalp" />
          </div>
          <JsonField id="kandidat-text" state={upload} rows={6} label="JSON-text" />
          <button type="submit" class="button button--primary button--medium">Ladda upp kandidat</button>
        </form>
      </section>

      <section aria-labelledby="kandidater-rubrik">
        <h2 id="kandidater-rubrik">Kandidater</h2>
        {candidates.length === 0 ? <p>Inga kandidater ännu.</p> : (
          <ul>{candidates.map((c) => <li><a href={candidateHref(c.id)}>Kandidat {c.id}: {c.label}</a>, skapad {when(c.createdAt)} av {c.createdBy}{c.publishedAs ? `, publicerad som ${c.publishedAs}` : ''}</li>)}</ul>
        )}
      </section>
    </>
  );
}

export type CandidatePageProps = {
  candidate: Candidate;
  set: RuleSet;
  simulations: Simulation[];
  csrf: string | null;
  edit: FieldState;
  publish: FieldState & { formError?: string | undefined };
  check?: CheckReport | undefined;
  test?: TestReport | undefined;
  notice?: string | undefined;
};

export function CandidatePage({ candidate, set, simulations, csrf, edit, publish, check, test, notice }: CandidatePageProps) {
  const base = candidateHref(candidate.id);
  return (
    <>
      <p><a href="/regler">Till regeluppsättningarna</a></p>
      {notice && <div class="message-box message-box--success" role="status"><p>{notice}</p></div>}
      {candidate.publishedAs && (
        <div class="message-box message-box--info" role="status">
          <p>
            Kandidaten är publicerad som <a href={setHref(candidate.publishedAs)}>{candidate.publishedAs}</a>. Den kan inte tas bort,
            eftersom beslut kan behöva förklaras med de regler de fattades efter.
          </p>
        </div>
      )}
      <dl class="application-facts">
        <div><dt>Namn och version</dt><dd>{set.label}</dd></div>
        <div><dt>Gäller från</dt><dd>{set.effectiveFrom}</dd></div>
        <div><dt>Beskrivning</dt><dd>{set.description}</dd></div>
        <div><dt>Skapad</dt><dd>{when(candidate.createdAt)} av {candidate.createdBy}</dd></div>
      </dl>

      <section aria-labelledby="kontroll-rubrik">
        <h2 id="kontroll-rubrik">Kontrollera och testa</h2>
        <CheckAndTest action={base} csrf={csrf} check={check} test={test} />
      </section>

      <section aria-labelledby="simulering-rubrik">
        <h2 id="simulering-rubrik">Simulera mot befolkningen</h2>
        <p>
          Simuleringen visar vad som skulle bli annorlunda om kandidaten gällde från {set.effectiveFrom}: täckningsdatum för
          alla personer och utfallet för alla undersökningar som ännu inte är beslutade. Inget ändras på riktigt, och
          beslutade undersökningar påverkas aldrig.
        </p>
        <form method="post" action={`${base}/simulering`}>
          <CsrfField token={csrf} />
          <button type="submit" class="button button--primary button--medium">Simulera</button>
        </form>
        {simulations.length > 0 && (
          <ul>{simulations.map((s) => <li><a href={simulationHref(s.id)}>Simulering {s.id}</a>: {s.status}, startad {when(s.startedAt)}{s.counts?.changed !== undefined ? `, ${s.counts.changed} ändrade utfall` : ''}</li>)}</ul>
        )}
      </section>

      <section aria-labelledby="publicera-rubrik">
        <h2 id="publicera-rubrik">Publicera</h2>
        <p>
          När du publicerar gäller reglerna för undersökningar från och med det datum du anger, som måste vara efter i dag.
          En publicerad regeluppsättning kan aldrig ändras eller tas bort. Vill du rätta något publicerar du en ny version.
          Kandidaten måste klara kontrollen och alla sina testfall.
        </p>
        <form method="post" action={`${base}/publicera`} novalidate>
          <CsrfField token={csrf} />
          <TextField id="publicera-datum" name="effectiveFrom" label="Gäller från" hint="ÅÅÅÅ-MM-DD, ett datum efter i dag" state={publish} maxlength={10} />
          <TextField id="publicera-id" name="id" label="Namn" hint="Små bokstäver, siffror och bindestreck. Lämna tomt för att använda lma- följt av datumet, till exempel lma-2027-01-01." state={publish} maxlength={63} />
          <TextField id="publicera-version" name="version" label="Version" hint="Till exempel 1 eller 1.1" state={publish} maxlength={20} />
          <div class="actions">
            <button type="submit" class="button button--primary" aria-describedby={publish.formError ? 'publicera-fel' : undefined}>Publicera</button>
            {publish.formError && <p id="publicera-fel" class="form-error" role="alert">{publish.formError}</p>}
          </div>
        </form>
      </section>

      <section aria-labelledby="regler-rubrik">
        <h2 id="regler-rubrik">Reglerna i kandidaten</h2>
        <RuleSetView set={set} headingLevel={3} />
      </section>

      <section aria-labelledby="redigera-rubrik">
        <h2 id="redigera-rubrik">Ändra kandidaten</h2>
        <form method="post" action={base} novalidate>
          <CsrfField token={csrf} />
          <JsonField id="kandidat-redigera" state={edit} label="Kandidatens JSON" />
          <button type="submit" class="button button--secondary button--medium">Spara ändringar</button>
        </form>
      </section>

      {!candidate.publishedAs && (
        <section aria-labelledby="ta-bort-rubrik">
          <h2 id="ta-bort-rubrik">Ta bort</h2>
          <p>En kandidat som inte är publicerad kan tas bort, med sina simuleringar. Regeluppsättningarna påverkas inte.</p>
          <p><a class="button button--secondary button--medium button-link" href={`${base}/ta-bort`}>Ta bort kandidaten</a></p>
        </section>
      )}
    </>
  );
}

export const KIND_LABELS: Record<string, string> = {
  coveredFrom: 'Ändrat täckningsdatum',
  becameEligible: 'Blir ersättningsbar',
  becameIneligible: 'Blir inte ersättningsbar',
  reasons: 'Andra skäl',
  amountSek: 'Annat belopp',
};

/** What a running simulation is doing, in words. */
const STEP_TEXT: Record<string, string> = {
  Förbereder: 'förbereder', Personer: 'jämför personernas täckningsdatum', Undersökningar: 'jämför de öppna undersökningarna', Klar: 'avslutar',
};

function outcomeText(o: ChangeRow['old'], subject: ChangeRow['subjectType']): string {
  if (subject === 'person') return `täckningsdatum ${o.coveredFrom ?? 'saknas'}`;
  const verdict = o.eligible ? `ersättningsbar${o.amountSek != null ? ` (${o.amountSek} kr)` : ''}` : `inte ersättningsbar (${(o.reasons ?? []).map(reasonLabel).join('; ')})`;
  return `täckningsdatum ${o.coveredFrom ?? 'saknas'}, ${verdict}`;
}

export type SimulationViewProps = {
  sim: Simulation;
  progress: SimulationProgress | null;
  examples: Record<string, ChangeRow[]>;
  changes: { rows: ChangeRow[]; total: number };
  temporalUrl: string | null;
};

/** The simulation: a progress fragment that polls itself while running, then the changed outcomes. */
export function SimulationView({ sim, progress, examples, changes, temporalUrl }: SimulationViewProps) {
  const running = sim.status === 'Pågår';
  const src = `${simulationHref(sim.id)}/status`;
  const p = progress;
  const byKind = (running ? p?.byKind : sim.counts?.byKind) ?? {};
  const changed = (running ? p?.changed : sim.counts?.changed) ?? 0;
  return (
    <div id="simulering" hx-get={running ? src : undefined} hx-trigger={running ? 'every 1s' : undefined} hx-swap="outerHTML">
      <p role="status">
        Status: <strong data-testid="simulering-status">{sim.status}</strong>{running && p ? ` (${STEP_TEXT[p.state] ?? 'pågår'})` : ''}
        {temporalUrl && <>. <a href={temporalUrl} rel="noopener" target="_blank">Visa körningen i Temporal (öppnas i nytt fönster)</a></>}
      </p>
      {running && (
        <>
          <div>
            <label for="framsteg-personer">Personer: {p?.persons.done ?? 0} av {p?.persons.total ?? 0}</label>
            <progress id="framsteg-personer" class="progress-bar" max={Math.max(1, p?.persons.total ?? 0)} value={p?.persons.done ?? 0} />
          </div>
          <div>
            <label for="framsteg-undersokningar">Öppna undersökningar: {p?.examinations.done ?? 0} av {p?.examinations.total ?? 0}</label>
            <progress id="framsteg-undersokningar" class="progress-bar" max={Math.max(1, p?.examinations.total ?? 0)} value={p?.examinations.done ?? 0} />
          </div>
        </>
      )}
      {sim.status === 'Misslyckad' && <p class="message-box message-box--error">Simuleringen misslyckades. Starta en ny simulering. Om felet kvarstår, kontakta driften.</p>}
      {!running && sim.status === 'Klar' && (
        <>
          <p>
            Jämförde {sim.counts?.persons?.total ?? 0} personer och {sim.counts?.examinations?.total ?? 0} öppna undersökningar
            den {sim.today} med {sim.currentLabels.join(', ')}: <strong data-testid="simulering-andrade">{changed}</strong> ändrade utfall.
          </p>
          <div class="table-wrap">
            <table class="table">
              <caption>Ändrade utfall per slag</caption>
              <thead><tr><th scope="col">Slag</th><th scope="col" class="num">Antal</th><th scope="col">Exempel</th></tr></thead>
              <tbody>
                {Object.keys(KIND_LABELS).filter((k) => byKind[k]).map((k) => (
                  <tr>
                    <th scope="row">{KIND_LABELS[k]}</th>
                    <td class="num" data-testid={`antal-${k}`}>{byKind[k]}</td>
                    <td>
                      <ul>{(examples[k] ?? []).map((c) => <li>{c.dossierNumber}{c.examDate ? ` (undersökt ${c.examDate})` : ''}: {outcomeText(c.old, c.subjectType)} → {outcomeText(c.new, c.subjectType)}</li>)}</ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {changes.total > 0 && (
            <div class="table-wrap">
              <table class="table" data-testid="alla-andringar">
                <caption>Alla ändrade utfall{changes.total > changes.rows.length ? ` (de första ${changes.rows.length} av ${changes.total})` : ` (${changes.total})`}</caption>
                <thead><tr><th scope="col">Dossiernummer</th><th scope="col">Gäller</th><th scope="col">Slag</th><th scope="col">Nu</th><th scope="col">Med kandidaten</th></tr></thead>
                <tbody>
                  {changes.rows.map((c) => (
                    <tr>
                      <td>{c.dossierNumber}</td>
                      <td>{c.subjectType === 'person' ? 'Personen' : `Undersökning ${c.examDate}`}</td>
                      <td>{c.kinds.map((k) => KIND_LABELS[k] ?? k).join(', ')}</td>
                      <td>{outcomeText(c.old, c.subjectType)} ({c.old.ruleSet})</td>
                      <td>{outcomeText(c.new, c.subjectType)} ({c.new.ruleSet})</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
