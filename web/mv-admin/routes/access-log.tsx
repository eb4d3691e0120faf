/**
 * Åtkomstlogg: the system administrator's view of the append-only access log, with paging and a
 * streamed CSV export. Looking at the log, and exporting it, is itself logged.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { stockholmDate } from '../../../domain/stockholm-time.js';
import { logRequest } from '../../access-log.js';
import type { AppEnv } from '../../deps.js';
import { renderPage } from '../../layout.js';
import type { RouteRegistrar } from '../../routes.js';
import { csvRow, CSV_BOM } from '../../csv.js';
import { loggedActions, logPage, logRows } from '../data.js';
import { PAGE_SIZE, pageNumber, readLogFilter, usedFilter } from '../forms.js';
import { BASE, LogPage } from '../pages/access-log.js';

const page = (c: Context<AppEnv>, body: Child, status: 200 | 400 = 200) =>
  renderPage(c, { title: 'Åtkomstlogg', active: BASE, status }, body);

export function registerAccessLog(r: RouteRegistrar) {
  r.get('/atkomstlogg', 'sysadmin', async (c) => {
    const { sql } = c.var.deps;
    const { values, parsed } = readLogFilter(c.req.query());
    const actions = await loggedActions(sql);
    if (!parsed.ok) return page(c, <LogPage values={values} errors={parsed.errors} rows={[]} pageNo={1} hasNext={false} actions={actions} />, 400);
    const pageNo = pageNumber(c.req.query('sida'));
    // Logged before reading, so the view shows itself.
    await logRequest(c, { action: 'view', objectType: 'access_log', detail: { filter: usedFilter(parsed.data), page: pageNo } });
    const rows = await logPage(sql, parsed.data, pageNo, PAGE_SIZE);
    return page(c, <LogPage values={values} errors={{}} rows={rows.slice(0, PAGE_SIZE)} pageNo={pageNo} hasNext={rows.length > PAGE_SIZE} actions={actions} />);
  });

  r.get('/atkomstlogg/export', 'sysadmin', async (c) => {
    const { sql } = c.var.deps;
    const { values, parsed } = readLogFilter(c.req.query());
    if (!parsed.ok) {
      return page(c, <LogPage values={values} errors={parsed.errors} rows={[]} pageNo={1} hasNext={false} actions={await loggedActions(sql)} />, 400);
    }
    await logRequest(c, { action: 'export', objectType: 'access_log', detail: { filter: usedFilter(parsed.data), format: 'csv' } });
    const encoder = new TextEncoder();
    const cursor = logRows(sql, parsed.data).cursor(500)[Symbol.asyncIterator]();
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
    const day = stockholmDate(Date.now());
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="atkomstlogg-${day}.csv"`,
    });
  });
}
