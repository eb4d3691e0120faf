/**
 * The built-in development identity provider (SPEC §7): an OpenID Connect provider on localhost
 * whose login page lists the demo SITHS identities, like choosing a card. It issues the claims of
 * Inera's IdP: `employeeHsaId`, `given_name`, `family_name` and `organizationIdentifier`, the
 * latter as 10 digits without dash (e.g. `2321000016`; the relying party normalises any form).
 * `sub` is deliberately an opaque value, so that nothing can key on it by mistake.
 * Never for production: accounts are the fixed demo list, keys are made at start.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Provider from 'oidc-provider';
import { DEMO_IDENTITIES, type DemoIdentity } from '../../domain/demo-world.js';
import { OTHER_HSA_ID, renderAbortedPage, renderErrorPage, renderPickerPage } from './pages.js';

export type DevIdp = { issuer: string; clientId: string; clientSecret: string; stop(): Promise<void> };
export type DevIdpOptions = {
  port: number;
  redirectUris: string[];
  /** Interface to listen on (default 127.0.0.1); the issuer is always http://localhost:PORT. */
  host?: string;
  identities?: readonly DemoIdentity[];
  clientId?: string;
  clientSecret?: string;
};

export const DEV_CLIENT_ID = 'melker';

function accountIdOf(hsaId: string): string {
  return createHash('sha256').update(`melker-dev-idp:${hsaId}`).digest('hex').slice(0, 24);
}

/**
 * A card for any well-formed HSA-id typed on the picker (names come from the app's register, not
 * from this card), so that people registered in the app after start can log in too.
 */
function otherIdentity(value: string): DemoIdentity | undefined {
  const hsaId = value.trim();
  const m = /^SE(\d{10})-[A-Za-z0-9]{1,40}$/.exec(hsaId);
  if (!m) return undefined;
  return { hsaId, givenName: '', familyName: '', orgNumber: m[1]!, description: 'Annat HSA-id' };
}

function readForm(req: IncomingMessage, limit = 10_000): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > limit) reject(new Error('body too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, page: { html: string; nonce: string }) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${page.nonce}'; frame-ancestors 'none'; base-uri 'none'`,
  });
  res.end(page.html);
}

export async function startDevIdp(opts: DevIdpOptions): Promise<DevIdp> {
  const issuer = `http://localhost:${opts.port}`;
  const identities = opts.identities ?? DEMO_IDENTITIES;
  const byAccount = new Map(identities.map((i) => [accountIdOf(i.hsaId), i]));
  const clientId = opts.clientId ?? DEV_CLIENT_ID;
  const clientSecret = opts.clientSecret ?? randomBytes(24).toString('base64url');
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId, client_secret: clientSecret, redirect_uris: opts.redirectUris,
      response_types: ['code'], grant_types: ['authorization_code'], token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys: [{ ...signingKey, kid: 'dev-idp-1', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], profile: ['employeeHsaId', 'given_name', 'family_name', 'organizationIdentifier'] },
    // The claims go in the ID token itself, as with Inera's IdP.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    ttl: { AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Grant: 3600, Interaction: 900, Session: 3600 },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, id: string) {
      const who = byAccount.get(id);
      if (!who) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id, employeeHsaId: who.hsaId, given_name: who.givenName, family_name: who.familyName,
          organizationIdentifier: who.orgNumber.replace(/\D/g, ''),
        }),
      };
    },
    async renderError(ctx: { type: string; body: string; status: number }, out: Record<string, string>) {
      const page = renderErrorPage(out.error_description ?? out.error ?? 'okänt fel');
      ctx.type = 'html';
      ctx.body = page.html;
    },
  });
  const handleOidc = provider.callback();

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', issuer);
    const m = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(url.pathname);
    if (!m) return handleOidc(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (!m[2] && req.method === 'GET') return send(res, 200, renderPickerPage(details.uid, identities));
      if (m[2] === '/abort' && req.method === 'GET') {
        return provider.interactionFinished(req, res, {
          error: 'access_denied', error_description: 'Inloggningen avbröts av användaren',
        }, { mergeWithLastSubmission: false });
      }
      if (m[2] === '/login' && req.method === 'POST') {
        const form = await readForm(req);
        const hsaId = form.get('hsaId') ?? '';
        const who = hsaId === OTHER_HSA_ID ? otherIdentity(form.get('otherHsaId') ?? '') : identities.find((i) => i.hsaId === hsaId);
        if (!who) {
          const error = hsaId === OTHER_HSA_ID ? 'Skriv ett HSA-id i formatet SE2321000016-ABC123.' : 'Välj ett kort i listan.';
          return send(res, 400, renderPickerPage(details.uid, identities, error));
        }
        const accountId = accountIdOf(who.hsaId);
        if (!byAccount.has(accountId)) byAccount.set(accountId, who);
        // A first-party client: consent is implied, so the grant is made together with the login.
        const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
        grant.addOIDCScope(String(details.params.scope ?? 'openid'));
        const grantId = await grant.save();
        return provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
      }
      return send(res, 405, renderErrorPage('Metoden stöds inte.'));
    } catch {
      return send(res, 400, renderAbortedPage());
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, renderErrorPage('Ett tekniskt fel inträffade.'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  return {
    issuer, clientId, clientSecret,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
