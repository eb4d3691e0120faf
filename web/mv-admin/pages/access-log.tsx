/**
 * Åtkomstlogg: the filter (user, object, action, period in UTC), one page of events, the pager
 * and the CSV export link. A pure function of its props.
 */
import { ACCESS_ACTIONS, FORMER_ACTIONS } from '../../access-log.js';
import { ErrorSummary, Select, TextField, type FieldErrors, type FormValues } from '../../components/form.js';
import type { LogRow } from '../data.js';
import { FILTER_FIELDS, FILTER_LABELS, PAGE_SIZE } from '../forms.js';

export const BASE = '/mv-admin/atkomstlogg';

const ACTIONS: Record<string, string> = { ...FORMER_ACTIONS, ...ACCESS_ACTIONS };
const OUTCOMES: Record<string, string> = { ok: 'Genomförd', denied: 'Nekad', failed: 'Misslyckad' };

const detailText = (d: unknown) => {
  const s = d && typeof d === 'object' && Object.keys(d).length ? JSON.stringify(d) : '';
  return s.length > 300 ? `${s.slice(0, 297)}…` : s;
};

function filterHref(f: FormValues, page: number, path = BASE) {
  const params = new URLSearchParams();
  for (const k of FILTER_FIELDS) if (f[k]) params.set(k, f[k]!);
  if (page > 1) params.set('sida', String(page));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function LogPage({ values, errors, rows, pageNo, hasNext, actions }: {
  values: FormValues; errors: FieldErrors; rows: LogRow[]; pageNo: number; hasNext: boolean; actions: string[];
}) {
  return (
    <>
      <p>Åtkomstloggen visar varje inloggning, visning och export av personuppgifter, ändring och nekad åtkomst. Tider anges i UTC.</p>
      <ErrorSummary errors={errors} labels={FILTER_LABELS} />
      <form method="get" action={BASE} class="admin-filters" role="search" aria-label="Filtrera åtkomstloggen" novalidate>
        <TextField name="anvandare" label="Användare (HSA-id)" value={values.anvandare} error={errors.anvandare} required={false} maxLength={100} />
        <TextField name="objekt" label="Person eller objekt" value={values.objekt} error={errors.objekt} required={false} maxLength={100}
          description="Till exempel dossiernummer eller HSA-id." />
        <Select id="atgard" label="Åtgärd" value={values.atgard ?? ''} all="Alla åtgärder"
          options={actions.map((k) => ({ value: k, label: ACTIONS[k] ?? k }))} />
        <TextField name="fran" label="Från och med" type="date" value={values.fran} error={errors.fran} required={false} description="ÅÅÅÅ-MM-DD" />
        <TextField name="till" label="Till och med" type="date" value={values.till} error={errors.till} required={false} description="ÅÅÅÅ-MM-DD" />
        <button type="submit" class="button button--secondary button--medium">Filtrera</button>
      </form>
      {!Object.keys(errors).length && (
        <>
          <p><a class="button button--secondary button--medium button-link" href={filterHref(values, 1, `${BASE}/export`)} download>Exportera till CSV</a></p>
          <p role="status" class="result-count">
            {rows.length === 0 ? 'Inga händelser matchar filtret.' : `Sida ${pageNo}: händelse ${(pageNo - 1) * PAGE_SIZE + 1}–${(pageNo - 1) * PAGE_SIZE + rows.length}`}
          </p>
          {rows.length > 0 && (
            <div class="table-scroll">
              <table class="table table--striped admin-table log-table">
                <caption class="sr-only">Åtkomstlogg</caption>
                <thead>
                  <tr class="table__row">
                    <th scope="col">Tid (UTC)</th><th scope="col">Användare</th><th scope="col">Organisation</th><th scope="col">Åtgärd</th>
                    <th scope="col">Objekt</th><th scope="col">Utfall</th><th scope="col">Detaljer</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr class="table__row">
                      <td class="table__column nowrap">{row.at}</td>
                      <td class="table__column nowrap">{row.actor_hsa_id ?? '–'}</td>
                      <td class="table__column">{row.actor_org ?? '–'}</td>
                      <td class="table__column">{ACTIONS[row.action] ?? row.action}</td>
                      <td class="table__column">{[row.object_type, row.object_id].filter(Boolean).join(': ')}</td>
                      <td class="table__column">{OUTCOMES[row.outcome] ?? row.outcome}</td>
                      <td class="table__column log-detail">{detailText(row.detail)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav aria-label="Sidor" class="pager">
            {pageNo > 1 && <a href={filterHref(values, pageNo - 1)}>Föregående sida</a>}
            {hasNext && <a href={filterHref(values, pageNo + 1)}>Nästa sida</a>}
          </nav>
        </>
      )}
    </>
  );
}
