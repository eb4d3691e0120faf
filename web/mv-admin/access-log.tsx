/**
 * Åtkomstlogg: the system administrator's view of the append-only access log, filtered by user
 * (HSA-id), person or object id, period (UTC dates) and action, with paging and a CSV export.
 * Looking at the log, and exporting it, is itself logged.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import type { Sql } from '../../db/sql.js';
import { ACCESS_ACTIONS, FORMER_ACTIONS, logRequest } from '../access-log.js';
import type { AppEnv } from '../deps.js';
import { renderPage } from '../layout.js';
import type { RouteRegistrar } from '../routes.js';
import { ErrorSummary, TextField, hasNoControlChars, parseWith, stringFields, type FieldErrors, type FormValues } from '../admin/form.js';
import { csvRow, CSV_BOM } from './csv.js';

const BASE = '/mv-admin/atkomstlogg';
export const PAGE_SIZE = 50;

const ACTIONS: Record<string, string> = { ...FORMER_ACTIONS, ...ACCESS_ACTIONS };
const OUTCOMES: Record<string, string> = { ok: 'Genomförd', denied: 'Nekad', failed: 'Misslyckad' };

const optionalText = (label: string) => z.string().trim().max(100, `${label} får vara högst 100 tecken.`)
  .refine(hasNoControlChars, `${label} innehåller otillåtna tecken.`);
const isoDate = (label: string) => z.string().trim()
  .refine((s) => s === '' || (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))
    && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)), `Ange ${label} som ÅÅÅÅ-MM-DD, till exempel 2026-03-31.`);

/** The filter form. */
export const logFilterSchema = z.object({
  anvandare: optionalText('Användare'),
  objekt: optionalText('Person eller objekt'),
  atgard: optionalText('Åtgärd'),
  fran: isoDate('från-datum'),
  till: isoDate('till-datum'),
}).refine((f) => !f.fran || !f.till || f.fran <= f.till, { path: ['till'], message: 'Till-datum kan inte vara före från-datum.' });
type LogFilter = z.infer<typeof logFilterSchema>;
const FILTER_FIELDS = ['anvandare', 'objekt', 'atgard', 'fran', 'till'] as const;
const FILTER_LABELS: Record<string, string> = { anvandare: 'Användare (HSA-id)', objekt: 'Person eller objekt', atgard: 'Åtgärd', fran: 'Från och med', till: 'Till och med' };

type LogRow = {
  id: string; at: string; actor_hsa_id: string | null; actor_org: string | null; action: string;
  object_type: string | null; object_id: string | null; outcome: string; detail: unknown;
};

function where(sql: Sql, f: LogFilter) {
  return sql`
    where true
    ${f.anvandare ? sql`and upper(actor_hsa_id) = upper(${f.anvandare})` : sql``}
    ${f.objekt ? sql`and object_id = ${f.objekt}` : sql``}
    ${f.atgard ? sql`and action = ${f.atgard}` : sql``}
    ${f.fran ? sql`and at >= (${f.fran}::date)::timestamp at time zone 'UTC'` : sql``}
    ${f.till ? sql`and at < (${f.till}::date + 1)::timestamp at time zone 'UTC'` : sql``}`;
}

/** Every action in the log, read as a loose index scan (one index probe per distinct action). */
async function loggedActions(sql: Sql): Promise<string[]> {
  const rows = await sql<{ action: string }[]>`
    with recursive a as (
      (select action from access_log order by action limit 1)
      union all
      select (select l.action from access_log l where l.action > a.action order by l.action limit 1) from a where a.action is not null
    )
    select action from a where action is not null`;
  return rows.map((r) => r.action);
}

function selectRows(sql: Sql, f: LogFilter) {
  return sql<LogRow[]>`
    select id, to_char(at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') as at, actor_hsa_id, actor_org, action,
           object_type, object_id, outcome, detail
    from access_log ${where(sql, f)}
    order by at desc, id desc`;
}

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

function LogPage({ values, errors, rows, pageNo, hasNext, actions }: {
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
        <div class="select-field">
          <label class="label" for="atgard">Åtgärd</label>
          <div class="select-field__icon-wrapper">
            <select class="select-field__select" id="atgard" name="atgard">
              <option value="" selected={!values.atgard}>Alla åtgärder</option>
              {actions.map((k) => <option value={k} selected={values.atgard === k}>{ACTIONS[k] ?? k}</option>)}
            </select>
          </div>
        </div>
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

function readFilter(c: Context<AppEnv>) {
  const values = stringFields(c.req.query(), FILTER_FIELDS);
  for (const k of FILTER_FIELDS) values[k] = values[k]!.slice(0, 200);
  return { values, parsed: parseWith(logFilterSchema, values) };
}

/** The filter as logged: only what was filled in. */
const usedFilter = (f: LogFilter) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== ''));

const page = (c: Context<AppEnv>, body: Child, status: 200 | 400 = 200) =>
  renderPage(c, { title: 'Åtkomstlogg', active: BASE, status }, body);

export function registerAccessLog(r: RouteRegistrar) {
  r.get('/atkomstlogg', 'sysadmin', async (c) => {
    const { values, parsed } = readFilter(c);
    const actions = await loggedActions(c.var.deps.sql);
    if (!parsed.ok) return page(c, <LogPage values={values} errors={parsed.errors} rows={[]} pageNo={1} hasNext={false} actions={actions} />, 400);
    const pageNo = Math.min(Math.max(1, Number.parseInt(c.req.query('sida') ?? '1', 10) || 1), 100_000);
    const { sql } = c.var.deps;
    // Logged before reading, so the view shows itself.
    await logRequest(c, { action: 'view', objectType: 'access_log', detail: { filter: usedFilter(parsed.data), page: pageNo } });
    const rows = await sql<LogRow[]>`${selectRows(sql, parsed.data)} limit ${PAGE_SIZE + 1} offset ${(pageNo - 1) * PAGE_SIZE}`;
    return page(c, <LogPage values={values} errors={{}} rows={rows.slice(0, PAGE_SIZE)} pageNo={pageNo} hasNext={rows.length > PAGE_SIZE} actions={actions} />);
  });

  r.get('/atkomstlogg/export', 'sysadmin', async (c) => {
    const { values, parsed } = readFilter(c);
    if (!parsed.ok) {
      return page(c, <LogPage values={values} errors={parsed.errors} rows={[]} pageNo={1} hasNext={false} actions={await loggedActions(c.var.deps.sql)} />, 400);
    }
    const { sql } = c.var.deps;
    await logRequest(c, { action: 'export', objectType: 'access_log', detail: { filter: usedFilter(parsed.data), format: 'csv' } });
    const encoder = new TextEncoder();
    const cursor = selectRows(sql, parsed.data).cursor(500)[Symbol.asyncIterator]();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(CSV_BOM + csvRow([
          'Tid (UTC)', 'Användare (HSA-id)', 'Organisation', 'Åtgärd', 'Objekttyp', 'Objekt', 'Utfall', 'Detaljer',
        ])));
      },
      async pull(controller) {
        const next = await cursor.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(next.value.map((row) => csvRow([
          row.at, row.actor_hsa_id, row.actor_org, row.action, row.object_type, row.object_id, row.outcome,
          row.detail && typeof row.detail === 'object' && Object.keys(row.detail).length ? JSON.stringify(row.detail) : '',
        ])).join('')));
      },
      async cancel() {
        await cursor.return?.();
      },
    });
    const day = new Date().toISOString().slice(0, 10);
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="atkomstlogg-${day}.csv"`,
    });
  });
}
