/**
 * Inläsning av personer: the next scheduled run, "Kör nu" with its progress, the last imports
 * with their counts, and one import's rejected lines. The status is one fragment that replaces
 * itself every second while a run goes on. Pure functions of their props.
 */
import type { FeedError } from '../../../contract/index.js';
import { formatStockholmDateTime } from '../../../domain/stockholm-time.js';
import type { FeedScheduleInfo } from '../../../services/population-sync.js';
import { CsrfField } from '../../layout.js';
import { assetUrl } from '../../static.js';
import { BackLink } from '../../components/form.js';
import type { FeedImportRow } from '../data.js';
import { START_GRACE_MS } from '../forms.js';

export const BASE = '/mv-admin/inlasning';
const STYLESHEET = assetUrl('mv-admin.css');

export const when = (d: Date) => formatStockholmDateTime(d, { seconds: true });
const minute = (d: Date) => when(d).slice(0, 16);
const count = (n: number) => n.toLocaleString('sv-SE');

export type SyncMessage = { kind: 'success' | 'error' | 'info'; text: string };

export type Status = {
  schedule: FeedScheduleInfo | null;
  /** The imports of the runs going on now. */
  current: FeedImportRow[];
  imports: FeedImportRow[];
  /** When "Kör nu" was pressed (ms), while the run may not have shown up yet. */
  triggeredAt: number | null;
  message: SyncMessage | null;
};

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

export function SyncPage({ s, csrf }: { s: Status; csrf: string | null }) {
  return (
    <>
      <link rel="stylesheet" href={STYLESHEET} />
      <p>
        Personerna i e-tjänsten kommer från Migrationsverkets register, som läses in en gång per dygn: nya personer, ändrade
        adresser och ändrad status. En rad i filen som inte går att läsa in avvisas med radnummer och orsak. Resten av filen
        läses in ändå, och inget som redan finns försvinner.
      </p>
      <SyncStatus s={s} csrf={csrf} />
    </>
  );
}

export function ImportPage({ row }: { row: FeedImportRow & { errors: FeedError[] } }) {
  const shown = row.errors.length;
  return (
    <>
      <link rel="stylesheet" href={STYLESHEET} />
      <BackLink href={BASE} text="Tillbaka till inläsningarna" />
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
  );
}
