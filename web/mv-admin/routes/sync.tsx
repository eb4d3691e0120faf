/**
 * Inläsning av personer: the population sync's pages. "Kör nu" triggers the daily Temporal
 * Schedule through services/population-sync.ts; the status fragment polls while a run goes on.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { FEED_SCHEDULE_ID } from '../../../contract/index.js';
import { feedScheduleInfo, runFeedScheduleNow, type FeedScheduleInfo, type TriggerOutcome } from '../../../services/population-sync.js';
import { logRequest } from '../../access-log.js';
import { withinQueryWait, type AppEnv } from '../../deps.js';
import { isFragmentRequest, renderPage } from '../../layout.js';
import type { RouteRegistrar } from '../../routes.js';
import { feedImport, importsOfWorkflows, recentImports } from '../data.js';
import { triggeredAtOf } from '../forms.js';
import { BASE, ImportPage, SyncPage, SyncStatus, when, type Status, type SyncMessage } from '../pages/sync.js';

const scheduleIdOf = (c: Context<AppEnv>) => c.var.deps.feedScheduleId ?? FEED_SCHEDULE_ID;

async function readStatus(c: Context<AppEnv>, triggeredAt: number | null, message: SyncMessage | null = null): Promise<Status> {
  const { sql, temporal } = c.var.deps;
  let schedule: FeedScheduleInfo | null = null;
  try {
    schedule = await withinQueryWait(temporal, () => feedScheduleInfo(temporal, scheduleIdOf(c)));
  } catch {
    schedule = null; // Temporal cannot be reached: the page says so
  }
  const [current, imports] = await Promise.all([importsOfWorkflows(sql, schedule?.running ?? []), recentImports(sql)]);
  return { schedule, current, imports, triggeredAt, message };
}

const TRIGGER_MESSAGES: Record<TriggerOutcome | 'unavailable', SyncMessage> = {
  started: { kind: 'success', text: 'Inläsningen är startad.' },
  already_running: { kind: 'info', text: 'En inläsning pågår redan. Den nya startas inte; följ den som pågår.' },
  no_schedule: { kind: 'error', text: 'Det finns inget schema för inläsningen, så den kan inte startas härifrån. Kontakta driften.' },
  unavailable: { kind: 'error', text: 'Inläsningen kunde inte startas: schemaläggningen svarar inte just nu. Försök igen om en stund.' },
};

const csrfOf = (c: Context<AppEnv>) => c.var.session?.csrfToken ?? null;
const page = (c: Context<AppEnv>, s: Status) => renderPage(c, { title: 'Inläsning av personer', active: BASE }, <SyncPage s={s} csrf={csrfOf(c)} />);

export function registerSync(r: RouteRegistrar) {
  r.get('/inlasning', 'sysadmin', async (c) => {
    const started = c.req.query('meddelande') === 'startad';
    return page(c, await readStatus(c, started ? triggeredAtOf(c.req.query('startad')) : null, started ? TRIGGER_MESSAGES.started : null));
  });

  r.get('/inlasning/status', 'sysadmin', async (c) => {
    const s = await readStatus(c, triggeredAtOf(c.req.query('startad')));
    if (isFragmentRequest(c)) return c.html(<SyncStatus s={s} csrf={csrfOf(c)} />);
    return c.redirect(BASE, 303);
  });

  r.post('/inlasning/kor-nu', 'sysadmin', async (c) => {
    const { temporal } = c.var.deps;
    let outcome: TriggerOutcome | 'unavailable';
    try {
      outcome = await withinQueryWait(temporal, () => runFeedScheduleNow(temporal, scheduleIdOf(c)));
    } catch {
      outcome = 'unavailable';
    }
    await logRequest(c, {
      action: 'run_feed_import', objectType: 'schedule', objectId: scheduleIdOf(c),
      outcome: outcome === 'started' ? 'ok' : 'failed', detail: { outcome },
    });
    const message = TRIGGER_MESSAGES[outcome];
    const triggeredAt = outcome === 'started' ? Date.now() : null;
    if (!isFragmentRequest(c)) {
      if (outcome === 'started') return c.redirect(`${BASE}?meddelande=startad&startad=${triggeredAt}`, 303);
      return page(c, await readStatus(c, null, message));
    }
    return c.html(<SyncStatus s={await readStatus(c, triggeredAt, message)} csrf={csrfOf(c)} />);
  });

  r.get('/inlasning/:id{[0-9]{1,15}}', 'sysadmin', async (c) => {
    const row = await feedImport(c.var.deps.sql, Number(c.req.param('id')));
    if (!row) throw new HTTPException(404, { message: 'Inläsningen finns inte.' });
    await logRequest(c, { action: 'view', objectType: 'feed_import', objectId: String(row.id), detail: { rejected: row.rejected } });
    return renderPage(c, { title: `Inläsning ${when(row.startedAt)}`, active: BASE }, <ImportPage row={row} />);
  });
}
