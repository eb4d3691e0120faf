/** Pages of "Ansök om statlig ersättning" for kommuner (SPEC-KOMMUNER §12). */
import type { SessionUser } from '../deps.js';
import type { HeldType } from './data.js';

/** The e-tjänst's start page: the ersättningstyper this person may apply for. */
export function CompensationStart({ user, types, today }: { user: SessionUser; types: HeldType[]; today: string }) {
  const current = types.filter((t) => t.validTo === null || today <= t.validTo);
  const ended = types.filter((t) => t.validTo !== null && t.validTo < today);
  return (
    <>
      <p class="lead">Här ansöker {user.orgName} om statlig ersättning för asylsökande m.fl. och följer ansökningarna, besluten och utbetalningarna.</p>
      <div class="message-box message-box--info" role="status">
        <p>Ansökningar, beslut och utbetalningar öppnas här i en kommande version av e-tjänsten.</p>
      </div>
      <h2>Ersättningstyper du har behörighet till</h2>
      {current.length === 0 ? <p>Du har ingen behörighet till en ersättningstyp som gäller i dag.</p> : (
        <table class="table admin-table">
          <caption class="sr-only">Ersättningstyper du kan ansöka om</caption>
          <thead><tr><th scope="col">Ersättningstyp</th><th scope="col">Grund</th></tr></thead>
          <tbody>
            {current.map((t) => <tr><td>{t.name}</td><td>{t.legalBasis ?? '–'}</td></tr>)}
          </tbody>
        </table>
      )}
      {ended.length > 0 && (
        <>
          <h2>Upphörda ersättningstyper</h2>
          <p>Nya ansökningar kan inte göras, men tidigare ansökningar går att läsa.</p>
          <ul>{ended.map((t) => <li>{t.name} (sista dag {t.validTo})</li>)}</ul>
        </>
      )}
    </>
  );
}
