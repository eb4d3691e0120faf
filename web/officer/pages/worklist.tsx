/** The worklist: submitted applications, oldest first, with the search by dossier number and the filters. */
import { formatSek } from '../../../domain/decision-document.js';
import type { WorklistFilter, WorklistRow } from '../data/applications.js';
import { OFFICER_STATES } from '../data/applications.js';
import { SelectField } from './fields.js';
import { applicationHref } from './hrefs.js';

export type FieldErrors = Partial<Record<'q' | 'region' | 'quarter' | 'state', string>>;

export function WorklistPage({ rows, filter, choices, errors }: {
  rows: WorklistRow[]; filter: WorklistFilter; choices: { regions: { orgNumber: string; name: string }[]; quarters: string[] }; errors: FieldErrors;
}) {
  const field = (name: keyof FieldErrors) => ({ errorId: `filter-${name}-fel`, error: errors[name] });
  const q = field('q');
  return (
    <>
      <p>Inskickade ansökningar om statlig ersättning för hälsoundersökningar, äldst först. <a href="/handlaggning/oversikt">Översikt per region och kvartal</a></p>
      <form method="get" action="/handlaggning" class="officer-filter" role="search" aria-label="Sök och filtrera ansökningar" novalidate>
        <div class={`text-field${q.error ? ' text-field--error' : ''}`}>
          <label class="label" for="filter-q">
            Dossiernummer
            <span class="label__description" id="filter-q-hjalp">En person i ansökan, NN-NNNNNN</span>
            {q.error && <span class="label__message label__message--error" id={q.errorId}>{q.error}</span>}
          </label>
          <div class="text-field__input-wrapper">
            <input class="text-field__input" id="filter-q" name="q" type="text" value={filter.q ?? ''} autocomplete="off" maxlength={20}
              aria-invalid={q.error ? 'true' : undefined} aria-describedby={`filter-q-hjalp${q.error ? ` ${q.errorId}` : ''}`} />
          </div>
        </div>
        <SelectField id="filter-region" name="region" label="Region" error={errors.region} value={filter.region}
          options={[{ value: '', label: 'Alla regioner' }, ...choices.regions.map((r) => ({ value: r.orgNumber, label: r.name }))]} />
        <SelectField id="filter-quarter" name="quarter" label="Kvartal" error={errors.quarter} value={filter.quarter}
          options={[{ value: '', label: 'Alla kvartal' }, ...choices.quarters.map((k) => ({ value: k, label: k }))]} />
        <SelectField id="filter-state" name="state" label="Status" error={errors.state} value={filter.state}
          options={[{ value: '', label: 'Att handlägga (Inskickad, Under handläggning)' }, ...OFFICER_STATES.map((k) => ({ value: k, label: k })), { value: 'alla', label: 'Alla' }]} />
        <button type="submit" class="button button--primary button--medium">Sök</button>
      </form>
      <p role="status" data-testid="worklist-count">{rows.length === 1 ? '1 ansökan' : `${rows.length} ansökningar`}</p>
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="table officer-worklist">
            <caption class="sr-only">Ansökningar</caption>
            <thead>
              <tr>
                <th scope="col">Ansökan</th><th scope="col">Region</th><th scope="col">Kvartal</th><th scope="col">Status</th>
                <th scope="col" class="num">Undersökningar</th><th scope="col" class="num">Belopp</th>
                <th scope="col">Kom in</th><th scope="col" class="num">Dagar sedan</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td><a href={applicationHref(r.id)}>Ansökan nr {r.id}<span class="sr-only">, {r.regionName} {r.quarter}</span></a></td>
                  <td>{r.regionName}</td>
                  <td>{r.quarter}</td>
                  <td>{r.status}</td>
                  <td class="num">{r.itemCount}</td>
                  <td class="num">{formatSek(r.totalAmountSek)}</td>
                  <td>{r.receivedDate}</td>
                  <td class="num">{r.daysSinceReceived}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
