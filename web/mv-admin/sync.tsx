/**
 * Inläsning av personer: the population sync for Migrationsverket's system administrator. The
 * last imports with their counts, an import's rejected lines (line number and reason), "Kör nu"
 * (triggers the daily Temporal Schedule) with its progress, and the next scheduled run. The
 * progress is one fragment that polls itself while a run goes on.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { feedScheduleInfo, runFeedScheduleNow, type FeedScheduleInfo, type TriggerOutcome } from '../../services/population-sync.js';
import { FEED_SCHEDULE_ID } from '../../contract/index.js';
import { logRequest } from '../access-log.js';
import { withinQueryWait, type AppEnv } from '../deps.js';
import { CsrfField, isFragmentRequest, renderPage } from '../layout.js';
import type { RouteRegistrar } from '../routes.js';
import { feedImport, importsOfWorkflows, recentImports, type FeedImportRow } from './sync-data.js';
import { MV_ADMIN_STYLESHEET } from './styles.js';

const BASE = '/mv-admin/inlasning';
/** After "Kör nu" the page polls this long for the run to appear before it shows it as not started. */
const START_GRACE_MS = 20_000;

const stockholm = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});
const when = (d: Date) => stockholm.format(new Date(d));
const minute = (d: Date) => when(d).slice(0, 16);
const count = (n: number) => n.toLocaleString('sv-SE');

type Status = {
  schedule: FeedScheduleInfo | null;
  /** The imports of the runs going on now. */
  current: FeedImportRow[];
  imports: FeedImportRow[];
  /** When "Kör nu" was pressed (ms), while the run may not have shown up yet. */
  triggeredAt: number | null;
  message: { kind: 'success' | 'error' | 'info'; text: string } | null;
};

async function readStatus(c: Context<AppEnv>, triggeredAt: number | null, message: Status['message'] = null): Promise<Status> {
  const { sql, temporal } = c.var.deps;
  let schedule: FeedScheduleInfo | null = null;
  try {
    schedule = await withinQueryWait(temporal, () => feedScheduleInfo(temporal, c.var.deps.feedScheduleId ?? FEED_SCHEDULE_ID));
  } catch {
    schedule = null; // Temporal cannot be reached: the page says so
  }
  const [current, imports] = await Promise.all([importsOfWorkflows(sql, schedule?.running ?? []), recentImports(sql)]);
  return { schedule, current, imports, triggeredAt, message };
}

const isRunning = (s: Status) => (s.schedule?.running.length ?? 0) > 0;

function statusOf(row: FeedImportRow, s: Status): string {
  if (row.finishedAt) return 'Klar';
  if (row.workflowId && s.schedule?.running.includes(row.workflowId)) return 'Pågår';
  return 'Avbruten';
}

function Counts({ row }: { row: FeedImportRow }) {
  return (
    <>
      {count(row.lines)} rader: {count(row.inserted)} nya, {count(row.updated)} ändrade, {count(row.unchanged)} oförändrade
      och {count(row.rejected)} avvisade
    </>
  );
}

function Progress({ s }: { s: Status }) {
  const row = s.current[0];
  if (!row) return <p>Inläsningen startar …</p>;
  if (row.finishedAt) {
    return <p>Personerna är inlästa (<Counts row={row} />). Täckningsdatumen räknas om efter de regler som gäller i dag …</p>;
  }
  return <p>Läser in: <Counts row={row} /> hittills.</p>;
}

/** Status, "Kör nu" and the last imports: the fragment that replaces itself every second while a run goes on. */
export function SyncStatus({ s, csrf }: { s: Status; csrf: string | null }) {
  const running = isRunning(s);
  const waiting = !running && s.triggeredAt !== null && Date.now() - s.triggeredAt < START_GRACE_MS;
  const poll = running || waiting;
  const src = `${BASE}/status${s.triggeredAt ? `?startad=${s.triggeredAt}` : ''}`;
  return (
    <div id="inlasning-status" hx-get={poll ? src : undefined} hx-trigger={poll ? 'every 1s' : undefined} hx-swap="outerHTML">
      <section aria-labelledby="korning-rubrik">
        <h2 id="korning-rubrik">Körning</h2>
        <dl class="details-list">
          <dt>Nästa schemalagda inläsning</dt>
          <dd data-testid="nasta-korning">
            {!s.schedule ? 'Uppgiften kan inte hämtas just nu.'
              : !s.schedule.exists ? 'Det finns inget schema. Det skapas när tjänsten startar.'
              : s.schedule.paused ? 'Schemat är pausat.'
              : s.schedule.nextRuns[0] ? `${minute(s.schedule.nextRuns[0])} (svensk tid, varje dag)` : 'Ingen planerad.'}
          </dd>
        </dl>
        {s.message && (
          <div class={`message-box message-box--${s.message.kind}`} role={s.message.kind === 'error' ? 'alert' : 'status'}>
            <p>{s.message.text}</p>
          </div>
        )}
        {poll ? (
          <div class="sync-progress" role="status" data-testid="inlasning-pagar">
            <p><strong>En inläsning pågår.</strong></p>
            <progress class="progress-bar" aria-label="Inläsningen pågår" />
            <Progress s={s} />
          </div>
        ) : (
          <form method="post" action={`${BASE}/kor-nu`} hx-post={`${BASE}/kor-nu`} hx-target="#inlasning-status" hx-swap="outerHTML">
            <CsrfField token={csrf} />
            <p>Inläsningen körs automatiskt varje natt. Du kan också starta den nu, till exempel efter ett fel i nattens körning.</p>
            <button type="submit" class="button button--primary button--medium" disabled={!s.schedule?.exists}>Kör nu</button>
          </form>
        )}
      </section>
      <ImportTable s={s} />
    </div>
  );
}

function ImportTable({ s }: { s: Status }) {
  return (
    <section aria-labelledby="senaste-rubrik">
      <h2 id="senaste-rubrik">Senaste inläsningarna</h2>
      {s.imports.length === 0 ? <p>Inga inläsningar ännu.</p> : (
        <div class="table-scroll">
          <table class="table table--striped admin-table sync-table" data-testid="inlasningar">
            <caption class="sr-only">De senaste inläsningarna, nyast först</caption>
            <thead>
              <tr class="table__row">
                <th scope="col">Startad</th><th scope="col">Klar</th><th scope="col">Status</th>
                <th scope="col" class="num">Rader</th><th scope="col" class="num">Nya</th><th scope="col" class="num">Ändrade</th>
                <th scope="col" class="num">Oförändrade</th><th scope="col" class="num">Avvisade</th>
              </tr>
            </thead>
            <tbody>
              {s.imports.map((row) => (
                <tr class="table__row">
                  <td class="table__column nowrap"><a href={`${BASE}/${row.id}`}>{when(row.startedAt)}<span class="sr-only">, inläsning {row.id}</span></a></td>
                  <td class="table__column nowrap">{row.finishedAt ? when(row.finishedAt) : '–'}</td>
                  <td class="table__column">{statusOf(row, s)}</td>
                  <td class="table__column num">{count(row.lines)}</td>
                  <td class="table__column num">{count(row.inserted)}</td>
                  <td class="table__column num">{count(row.updated)}</td>
                  <td class="table__column num">{count(row.unchanged)}</td>
                  <td class="table__column num">{count(row.rejected)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const TRIGGER_MESSAGES: Record<TriggerOutcome, Status['message']> = {
  started: { kind: 'success', text: 'Inläsningen är startad.' },
  already_running: { kind: 'info', text: 'En inläsning pågår redan. Den nya startas inte; följ den som pågår.' },
  no_schedule: { kind: 'error', text: 'Det finns inget schema för inläsningen, så den kan inte startas härifrån. Kontakta driften.' },
};

function triggeredAtOf(c: Context<AppEnv>): number | null {
  const v = c.req.query('startad') ?? '';
  if (!/^\d{13}$/.test(v)) return null;
  const at = Number(v);
  return at <= Date.now() && Date.now() - at < START_GRACE_MS * 2 ? at : null;
}

const page = (c: Context<AppEnv>, s: Status) => renderPage(c, { title: 'Inläsning av personer', active: BASE }, (
  <>
    <link rel="stylesheet" href={MV_ADMIN_STYLESHEET} />
    <p>
      Personerna i e-tjänsten kommer från Migrationsverkets register, som läses in en gång per dygn: nya personer, ändrade
      adresser och ändrad status. En rad i filen som inte går att läsa in avvisas med radnummer och orsak. Resten av filen
      läses in ändå, och inget som redan finns försvinner.
    </p>
    <SyncStatus s={s} csrf={c.var.session?.csrfToken ?? null} />
  </>
));

export function registerSync(r: RouteRegistrar) {
  r.get('/inlasning', 'sysadmin', async (c) => {
    const started = c.req.query('meddelande') === 'startad';
    return page(c, await readStatus(c, started ? triggeredAtOf(c) : null, started ? TRIGGER_MESSAGES.started : null));
  });

  r.get('/inlasning/status', 'sysadmin', async (c) => {
    const s = await readStatus(c, triggeredAtOf(c));
    if (isFragmentRequest(c)) return c.html(<SyncStatus s={s} csrf={c.var.session?.csrfToken ?? null} />);
    return c.redirect(BASE, 303);
  });

  r.post('/inlasning/kor-nu', 'sysadmin', async (c) => {
    const { temporal } = c.var.deps;
    let outcome: TriggerOutcome | 'unavailable';
    try {
      outcome = await withinQueryWait(temporal, () => runFeedScheduleNow(temporal, c.var.deps.feedScheduleId ?? FEED_SCHEDULE_ID));
    } catch {
      outcome = 'unavailable';
    }
    await logRequest(c, {
      action: 'run_feed_import', objectType: 'schedule', objectId: c.var.deps.feedScheduleId ?? FEED_SCHEDULE_ID,
      outcome: outcome === 'started' ? 'ok' : 'failed', detail: { outcome },
    });
    const message = outcome === 'unavailable'
      ? { kind: 'error' as const, text: 'Inläsningen kunde inte startas: schemaläggningen svarar inte just nu. Försök igen om en stund.' }
      : TRIGGER_MESSAGES[outcome];
    const triggeredAt = outcome === 'started' ? Date.now() : null;
    if (!isFragmentRequest(c)) {
      if (outcome === 'started') return c.redirect(`${BASE}?meddelande=startad&startad=${triggeredAt}`, 303);
      return page(c, await readStatus(c, null, message));
    }
    return c.html(<SyncStatus s={await readStatus(c, triggeredAt, message)} csrf={c.var.session?.csrfToken ?? null} />);
  });

  r.get('/inlasning/:id{[0-9]{1,15}}', 'sysadmin', async (c) => {
    const row = await feedImport(c.var.deps.sql, Number(c.req.param('id')));
    if (!row) throw new HTTPException(404, { message: 'Inläsningen finns inte.' });
    await logRequest(c, { action: 'view', objectType: 'feed_import', objectId: String(row.id), detail: { rejected: row.rejected } });
    const shown = row.errors.length;
    return renderPage(c, { title: `Inläsning ${when(row.startedAt)}`, active: BASE }, (
      <>
        <link rel="stylesheet" href={MV_ADMIN_STYLESHEET} />
        <p><a class="back-link" href={BASE}><span aria-hidden="true">← </span>Tillbaka till inläsningarna</a></p>
        <dl class="details-list">
          <dt>Startad</dt><dd>{when(row.startedAt)}</dd>
          <dt>Klar</dt><dd>{row.finishedAt ? when(row.finishedAt) : 'Inte klar'}</dd>
          <dt>Fil</dt><dd class="break">{row.source}</dd>
          <dt>Resultat</dt><dd data-testid="inlasning-resultat"><Counts row={row} /></dd>
        </dl>
        <h2>Avvisade rader</h2>
        {row.rejected === 0 ? <p>Inga rader avvisades.</p> : (
          <>
            <p>
              {row.rejected > shown ? `De första ${count(shown)} av ${count(row.rejected)} avvisade raderna.` : `${count(row.rejected)} ${row.rejected === 1 ? 'rad' : 'rader'} avvisades.`}
              {' '}Rätta dem i Migrationsverkets register; de läses in vid nästa inläsning.
            </p>
            <div class="table-scroll">
              <table class="table table--striped admin-table" data-testid="avvisade-rader">
                <caption class="sr-only">Avvisade rader</caption>
                <thead><tr class="table__row"><th scope="col" class="num col-narrow">Rad</th><th scope="col">Orsak</th></tr></thead>
                <tbody>
                  {row.errors.map((e) => (
                    <tr class="table__row"><td class="table__column num">{e.line}</td><td class="table__column break">{e.reason}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </>
    ));
  });
}
