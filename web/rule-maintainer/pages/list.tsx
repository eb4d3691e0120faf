/**
 * The rule maintainers' start page: the installed sets with check and test, new candidates (a
 * copy of a set, or a document), and the candidates so far. A pure function of its props.
 */
import { CsrfField } from '../../layout.js';
import type { CheckReport, TestReport } from '../../../services/rule-checks.js';
import type { InstalledSet } from '../../../services/rule-maintenance.js';
import type { Candidate } from '../data.js';
import { candidateHref, CheckAndTest, JsonField, setHref, TextField, when, type FieldState } from './common.js';
import { sourceText } from './rule-set.js';

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
