/**
 * A candidate's page (check, test, simulate, publish, edit, delete) and the delete confirmation.
 * Pure functions of their props.
 */
import type { RuleSet } from '../../../rules/index.js';
import { CsrfField } from '../../layout.js';
import type { CheckReport, TestReport } from '../../../services/rule-checks.js';
import type { Candidate, Simulation } from '../data.js';
import { candidateHref, CheckAndTest, JsonField, setHref, simulationHref, TextField, when, type FieldState } from './common.js';
import { RuleSetView } from './rule-set.js';

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

/** "Är du säker?" before a delete; a published candidate says why it stays instead. */
export function DeleteCandidatePage({ candidate, csrf }: { candidate: Candidate; csrf: string | null }) {
  const base = candidateHref(candidate.id);
  return candidate.publishedAs ? (
    <div class="message-box message-box--info" role="status">
      <p>Kandidat {candidate.id} är publicerad som {candidate.publishedAs} och kan inte tas bort. Publicerade regler finns kvar så att beslut alltid kan förklaras.</p>
      <p><a href={base}>Tillbaka till kandidaten</a></p>
    </div>
  ) : (
    <div class="message-box message-box--warning confirm-box">
      <p class="confirm-question">Är du säker på att du vill ta bort kandidaten?</p>
      <p>Kandidat {candidate.id}: {candidate.label}, skapad {when(candidate.createdAt)} av {candidate.createdBy}. Kandidatens simuleringar tas också bort.</p>
      <form method="post" action={`${base}/ta-bort`} class="button-group">
        <CsrfField token={csrf} />
        <button type="submit" class="button button--primary button--medium button-group__item">OK</button>
        <a class="button button--secondary button--medium button-group__item button-link" href={base}>Avbryt</a>
      </form>
    </div>
  );
}

/** A delete the service refused, with the way back. */
export const DeleteRefused = ({ candidateId, message }: { candidateId: number; message: string }) => (
  <div class="message-box message-box--error" role="alert"><p>{message}</p><p><a href={candidateHref(candidateId)}>Tillbaka till kandidaten</a></p></div>
);
