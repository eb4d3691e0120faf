/** Pages of "Se och ändra ansvar för ensamkommande" (SPEC-KOMMUNER §11). */
import type { SessionUser } from '../deps.js';

/** The e-tjänst's start page: what it is for; the lists of responsibilities come with §11. */
export function UnaccompaniedStart({ user }: { user: SessionUser }) {
  return (
    <>
      <p class="lead">
        Här ser {user.orgName} de ensamkommande barn och unga som kommunen ansvarar för, och anmäler de ändringar
        som avgör dygnsschablonen: placering, ändrat ansvar och avslutat ansvar.
      </p>
      <div class="message-box message-box--info" role="status">
        <p>Listorna över aktuella och avslutade ansvar och anmälningarna öppnas här i en kommande version av e-tjänsten.</p>
      </div>
      <h2>Om e-tjänsten</h2>
      <ul>
        <li>Ändringar anmäls löpande, dock senast den dag som anges för varje slag av ändring.</li>
        <li>Ersättningen betalas som schablon per dygn enligt förordningen (2017:193) och förordningen (2010:1122).</li>
      </ul>
    </>
  );
}
