/** The pages of logging in and out: start page for visitors, the failure page, the logged-out page. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../deps.js';
import { renderPage } from '../layout.js';
import { assetUrl } from '../static.js';

const LOGGED_OUT_SCRIPT = assetUrl('logged-out.js');

export type LoginFailure =
  | 'cancelled' | 'private_provider' | 'not_registered' | 'inactive' | 'org_mismatch' | 'invalid_identity'
  | 'no_login_state' | 'idp_unavailable' | 'not_configured' | 'protocol_error' | 'no_agreement';

/** Refusals of a person (outcome `denied`); the rest are failures of the login itself (`failed`). */
export const DENIALS: ReadonlySet<LoginFailure> = new Set(['private_provider', 'not_registered', 'inactive', 'org_mismatch', 'no_agreement']);

export function failureMessage(reason: LoginFailure, info: { hsaId?: string | null; orgNumber?: string | null }): string {
  switch (reason) {
    case 'cancelled': return 'Inloggningen avbröts.';
    case 'private_provider':
      return `Ditt SITHS-kort är utfärdat för en organisation (${info.orgNumber ?? 'okänd'}) som inte är en region, en kommun eller Migrationsverket. `
        + 'Kort från privata vårdgivare och andra organisationer kan inte användas i e-tjänsterna. Kontakta regionen i det län där vården gavs.';
    case 'not_registered':
      return `Ditt HSA-id (${info.hsaId ?? 'okänt'}) är inte registrerat i e-tjänsten. Kontakta din organisations administratör för e-tjänsten.`;
    case 'no_agreement':
      return 'Din organisation har inget aktivt avtal med Migrationsverket om någon av e-tjänsterna. Kontakta din organisations administratör för e-tjänsten.';
    case 'inactive': return 'Ditt konto i e-tjänsten är inte aktivt. Kontakta din organisations administratör för e-tjänsten.';
    case 'org_mismatch':
      return 'Organisationsnumret i ditt SITHS-kort stämmer inte med organisationen du är registrerad under. Kontakta din administratör.';
    case 'invalid_identity': return 'Inloggningstjänsten lämnade inget giltigt HSA-id.';
    case 'no_login_state': return 'Inloggningen tog för lång tid eller startades i en annan flik eller webbläsare.';
    case 'idp_unavailable': return 'Inloggningstjänsten går inte att nå just nu.';
    case 'not_configured': return 'Inloggning är inte konfigurerad i den här installationen.';
    case 'protocol_error': return 'Svaret från inloggningstjänsten kunde inte godkännas.';
  }
}

/** Migrationsverket's contact centre for the e-services (seed 000 and the administrator manual, ch. 11). */
export const SUPPORT_ADDRESSES = [
  { who: 'Regioner', address: 'halsoundersokningar-melker@migrationsverket.se' },
  { who: 'Kommuner', address: 'etjanstkommuner@migrationsverket.se' },
] as const;

/** A mail link whose subject already carries the technical reference. */
export function supportMailto(address: string, reference: string): string {
  return `mailto:${address}?subject=${encodeURIComponent(`Inloggningen misslyckades, teknisk referens ${reference}`)}`;
}

/** The bilingual "Inloggningen misslyckades / Login failed" page of the administrator manual (seed 002, 11.1). */
export function renderLoginFailed(c: Context<AppEnv>, status: ContentfulStatusCode, message: string, reference: string) {
  return renderPage(c, { title: 'Inloggningen misslyckades / Login failed', status }, (
    <>
      <div class="message-box message-box--error" role="alert">
        <p>{message}</p>
      </div>
      <h2>Inloggningen misslyckades</h2>
      <p>Inloggningen till e-tjänsten har misslyckats. Det kan bero på att:</p>
      <ul>
        <li>du inte har behörighet till e-tjänsten</li>
        <li>inloggningen avbröts av användaren</li>
        <li>ett tekniskt fel har inträffat</li>
      </ul>
      <p><a href="/auth/login">Försök att logga in igen</a>.</p>
      <p>Teknisk referens: <span class="reference" data-testid="login-reference">{reference}</span></p>
      <section class="support-box" aria-labelledby="login-support">
        <h2 id="login-support">Kontakta support</h2>
        <p>
          Om felet kvarstår kan du mejla Migrationsverkets kontaktcenter. Skriv den tekniska referensen ovan i mejlet och
          bifoga gärna en skärmbild av den här sidan.
        </p>
        <ul>
          {SUPPORT_ADDRESSES.map((s) => <li>{s.who}: <a href={supportMailto(s.address, reference)}>{s.address}</a></li>)}
        </ul>
        <p>
          Problem med själva kortet, SITHS eID eller Net iD: kontrollera att kortet är giltigt, rent och sitter rätt i läsaren.
          Kontakta sedan i första hand din egen IT-support och i andra hand Ineras support. Migrationsverket hanterar inte
          SITHS-korten.
        </p>
      </section>
      <section class="bilingual" lang="en" aria-labelledby="login-failed-en">
        <h2 id="login-failed-en">Login failed</h2>
        <p>Login to the e-service has failed due to:</p>
        <ul>
          <li>no access to the e-service</li>
          <li>login cancelled by user</li>
          <li>technical error</li>
        </ul>
        <p><a href="/auth/login">Try to log in again</a>.</p>
        <p>Technical reference: <span class="reference">{reference}</span></p>
        <p>
          If the error is persistent you can e-mail the Swedish Migration Agency's contact centre. Include the technical
          reference above. Regions: <a href={supportMailto(SUPPORT_ADDRESSES[0].address, reference)}>{SUPPORT_ADDRESSES[0].address}</a>.
          Municipalities: <a href={supportMailto(SUPPORT_ADDRESSES[1].address, reference)}>{SUPPORT_ADDRESSES[1].address}</a>.
        </p>
      </section>
    </>
  ));
}

export function renderVisitorStart(c: Context<AppEnv>) {
  return renderPage(c, { title: 'Hälsoundersökning asylsökande' }, (
    <div class="login-start">
      <p>
        E-tjänst för regioner: se asylsökande m.fl. i länet, rapportera hälsoundersökningar och ansök om statlig
        ersättning från Migrationsverket.
      </p>
      <p>Du loggar in med din e-tjänstelegitimation (SITHS-kort eller SITHS eID).</p>
      <p><a class="button button--primary button-link" href="/auth/login">Logga in med SITHS-kort</a></p>
    </div>
  ));
}

export function renderLoggedOut(c: Context<AppEnv>) {
  return renderPage(c, { title: 'Du är utloggad' }, (
    <>
      <p>Du har loggat ut ur e-tjänsten. Ta ut ditt SITHS-kort ur läsaren om du använder en delad dator.</p>
      <p><a class="button button--primary button-link" href="/auth/login">Logga in igen</a></p>
      <script src={LOGGED_OUT_SCRIPT} defer></script>
    </>
  ));
}
