/**
 * Login through the region's IdP (authorization code flow with PKCE, state and nonce) and logout.
 * The person is identified by `employeeHsaId`, never by `sub`. Every attempt is access-logged.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as oidc from 'openid-client';
import { logAccess } from '../access-log.js';
import type { AppEnv, UserRole } from '../deps.js';
import { feature } from '../routes.js';
import { endSession, startLogin, startSession, takeLoginState } from '../session.js';
import { DEFAULT_ORG_CLAIM, hsaIdOrgDigits, normaliseOrgNumber, oidcConfiguration, safeReturnTo, withDash } from './oidc.js';
import { DENIALS, failureMessage, renderLoggedOut, renderLoginFailed, type LoginFailure } from './pages.js';

/** A short reference shown to the user and stored in the access log, so support can find the row. */
export function newReference(): string {
  return `ML-${randomBytes(5).toString('hex').toUpperCase()}`;
}

function publicUrl(c: Context<AppEnv>): string {
  return (c.var.deps.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');
}

async function fail(
  c: Context<AppEnv>, reason: LoginFailure,
  info: { hsaId?: string | null; orgNumber?: string | null; error?: string } = {},
) {
  const reference = newReference();
  const denied = DENIALS.has(reason);
  await logAccess(c.var.deps.sql, {
    actor: info.hsaId || info.orgNumber ? { hsaId: info.hsaId ?? null, orgNumber: info.orgNumber ?? null } : null,
    action: 'login', objectType: 'session', outcome: denied ? 'denied' : 'failed',
    detail: { reference, reason, ...(info.error ? { error: info.error.slice(0, 300) } : {}) },
  });
  const status = denied ? 403 : reason === 'idp_unavailable' ? 503 : 400;
  return renderLoginFailed(c, status, failureMessage(reason, info), reference);
}

const TOO_MANY_LOGINS = 'Det har gjorts för många inloggningsförsök från din dator på kort tid. Vänta en minut och försök igen.';

type UserRow = { id: string; active: boolean; org_number: string; role: UserRole };

export const authFeature = feature('/auth', (r) => {
  r.get('/login', 'public', async (c) => {
    const returnTo = safeReturnTo(c.req.query('returnTo'), (path) => c.var.routeExists('GET', path));
    // A logged-in user goes where they were going: another site's link to /auth/login must not
    // replace (and so end) their session.
    if (c.var.user) return c.redirect(returnTo, 302);
    if (!c.var.abuse.allowLogin(c)) throw new HTTPException(429, { message: TOO_MANY_LOGINS });
    const auth = c.var.deps.auth;
    if (!auth) return fail(c, 'not_configured');
    let config: oidc.Configuration;
    try {
      config = await oidcConfiguration(auth);
    } catch (e) {
      return fail(c, 'idp_unavailable', { error: e instanceof Error ? e.message : String(e) });
    }
    const login = {
      state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(),
      returnTo,
    };
    await startLogin(c, login);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${publicUrl(c)}/auth/callback`,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(login.codeVerifier),
      code_challenge_method: 'S256',
      state: login.state,
      nonce: login.nonce,
      // Always pick the card again: never slip into the previous person's IdP session.
      prompt: 'login',
    });
    return c.redirect(url.href, 302);
  });

  r.get('/callback', 'public', async (c) => {
    if (!c.var.abuse.allowLogin(c)) throw new HTTPException(429, { message: TOO_MANY_LOGINS });
    const auth = c.var.deps.auth;
    if (!auth) return fail(c, 'not_configured');
    const login = await takeLoginState(c);
    if (!login) return fail(c, 'no_login_state');
    const idpError = c.req.query('error');
    if (idpError) return fail(c, idpError === 'access_denied' ? 'cancelled' : 'protocol_error', { error: idpError });

    let claims: Record<string, unknown>;
    try {
      const config = await oidcConfiguration(auth);
      const search = new URL(c.req.url).search;
      const tokens = await oidc.authorizationCodeGrant(config, new URL(`${publicUrl(c)}/auth/callback${search}`), {
        pkceCodeVerifier: login.codeVerifier, expectedState: login.state, expectedNonce: login.nonce, idTokenExpected: true,
      });
      claims = { ...tokens.claims() };
      if (claims.employeeHsaId === undefined) {
        // Some IdPs put profile claims only in userinfo.
        claims = { ...claims, ...(await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub))) };
      }
    } catch (e) {
      return fail(c, 'protocol_error', { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }

    const hsaId = typeof claims.employeeHsaId === 'string' ? claims.employeeHsaId.trim() : '';
    const hsaOrg = hsaIdOrgDigits(hsaId);
    const claimedOrg = normaliseOrgNumber(claims[auth.orgClaim ?? DEFAULT_ORG_CLAIM]);
    if (!hsaOrg) return fail(c, 'invalid_identity', { orgNumber: claimedOrg && withDash(claimedOrg) });
    const orgNumber = withDash(hsaOrg);
    if (claimedOrg !== hsaOrg) return fail(c, 'org_mismatch', { hsaId, orgNumber });

    const { sql } = c.var.deps;
    // Regions, kommuner and Migrationsverket are known; a kommun or region needs an active avtal.
    const [org] = await sql<{ usable: boolean }[]>`
      select o.kind = 'migrationsverket' or exists (select 1 from agreements a where a.org_number = o.org_number and a.active) as usable
      from organisations o where o.org_number = ${orgNumber}`;
    if (!org) return fail(c, 'private_provider', { hsaId, orgNumber });
    if (!org.usable) return fail(c, 'no_agreement', { hsaId, orgNumber });
    const [user] = await sql<UserRow[]>`select id, active, org_number, role from users where hsa_id = ${hsaId}`;
    if (!user) return fail(c, 'not_registered', { hsaId, orgNumber });
    if (!user.active) return fail(c, 'inactive', { hsaId, orgNumber });
    if (user.org_number.replace(/\D/g, '') !== hsaOrg) return fail(c, 'org_mismatch', { hsaId, orgNumber });

    await startSession(c, String(user.id));
    await logAccess(sql, { actor: { hsaId, orgNumber }, action: 'login', objectType: 'session', outcome: 'ok', detail: { role: user.role } });
    return c.redirect(login.returnTo, 302);
  });

  r.post('/logout', 'authenticated', async (c) => {
    const user = c.var.user!;
    await endSession(c);
    await logAccess(c.var.deps.sql, {
      actor: { hsaId: user.hsaId, orgNumber: user.orgNumber }, action: 'logout', objectType: 'session', outcome: 'ok',
    });
    if (c.req.header('HX-Request')) {
      c.header('HX-Redirect', '/auth/utloggad');
      return c.body(null, 204);
    }
    return c.redirect('/auth/utloggad', 303);
  });

  r.get('/utloggad', 'public', (c) => renderLoggedOut(c));
});
