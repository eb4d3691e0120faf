/** The development IdP's own pages (Swedish, accessible, no scripts). */
import { randomBytes } from 'node:crypto';
import type { DemoIdentity } from '../../domain/demo-world.js';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const STYLE = `
body { font-family: system-ui, "Segoe UI", Arial, sans-serif; margin: 0; color: #1b1e23; background: #fff; line-height: 1.5; }
header { background: #2b2b52; color: #fff; padding: 1rem 1.5rem; }
header p { margin: 0; font-size: 1.25rem; font-weight: 600; }
main { max-width: 44rem; margin: 0 auto; padding: 1.5rem; }
.note { background: #fff4d6; border-left: 6px solid #8a6100; padding: 0.75rem 1rem; }
fieldset { border: 1px solid #6b6b6b; border-radius: 4px; padding: 0.5rem 1rem 1rem; margin: 1rem 0; }
legend { font-weight: 600; padding: 0 0.25rem; }
.card { display: flex; gap: 0.75rem; align-items: flex-start; padding: 0.6rem 0.5rem; border-bottom: 1px solid #ddd; }
.card:last-child { border-bottom: none; }
.card input { width: 1.25rem; height: 1.25rem; margin-top: 0.2rem; }
.card label { cursor: pointer; }
.card .name { font-weight: 600; display: block; }
.card .meta { color: #3d3d3d; display: block; }
.error { color: #a4000f; font-weight: 600; }
button { background: #2b2b52; color: #fff; border: 2px solid #2b2b52; border-radius: 4px; padding: 0.6rem 1.5rem; font: inherit; font-weight: 600; cursor: pointer; }
a { color: #1a4d99; }
:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.actions { display: flex; gap: 1.5rem; align-items: center; }
`;

function page(title: string, body: string) {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} – Utvecklings-IdP</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header><p>Inloggning med e-tjänstelegitimation (utvecklings-IdP)</p></header>
<main>
${body}
</main>
</body>
</html>`;
  return { html, nonce };
}

/** The picker's value for "another HSA-id" (typed in the field `otherHsaId`). */
export const OTHER_HSA_ID = 'annat';

export function renderPickerPage(uid: string, identities: readonly DemoIdentity[], error?: string) {
  const cards = identities.map((who, i) => `
    <div class="card">
      <input type="radio" id="card-${i}" name="hsaId" value="${esc(who.hsaId)}" required aria-describedby="card-${i}-meta">
      <label for="card-${i}"><span class="name">${esc(who.givenName)} ${esc(who.familyName)}</span>
        <span class="meta" id="card-${i}-meta">${esc(who.hsaId)} · ${esc(who.description)}</span></label>
    </div>`).join('');
  // Development only: any HSA-id registered in the app (e.g. a newly added administrator) can log in.
  const other = `
    <div class="card">
      <input type="radio" id="card-other" name="hsaId" value="${OTHER_HSA_ID}" required aria-describedby="card-other-meta">
      <label for="card-other"><span class="name">Annat HSA-id (utveckling)</span>
        <span class="meta" id="card-other-meta">Ett kort för valfritt HSA-id som är registrerat i e-tjänsten</span></label>
    </div>
    <p><label for="other-hsa-id">HSA-id för annat kort</label><br>
      <input type="text" id="other-hsa-id" name="otherHsaId" autocomplete="off" spellcheck="false" maxlength="60"></p>`;
  return page('Välj SITHS-kort', `
<h1>Välj SITHS-kort</h1>
<p class="note">Det här är en inloggningstjänst för utveckling och demonstration. Välj den identitet du vill logga in som,
på samma sätt som du väljer kort i Ineras inloggningstjänst.</p>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login">
  <fieldset>
    <legend>E-tjänstelegitimation</legend>
    ${cards}
    ${other}
  </fieldset>
  <div class="actions">
    <button type="submit">Logga in</button>
    <a href="/interaction/${esc(uid)}/abort">Avbryt inloggningen</a>
  </div>
</form>`);
}

export function renderAbortedPage() {
  return page('Inloggningen har gått ut', `
<h1>Inloggningen har gått ut</h1>
<p>Inloggningen tog för lång tid eller är redan avslutad. Gå tillbaka till e-tjänsten och logga in igen.</p>`);
}

export function renderErrorPage(message: string) {
  return page('Inloggningen misslyckades', `
<h1>Inloggningen misslyckades</h1>
<p>${esc(message)}</p>
<p>Gå tillbaka till e-tjänsten och försök att logga in igen.</p>`);
}
