/**
 * The OpenID Connect relying party's pieces that do not touch HTTP handlers: configuration from
 * the environment, discovery (cached per issuer), and the SITHS identity rules.
 */
import * as oidc from 'openid-client';
import type { AuthConfig } from '../deps.js';

export const DEFAULT_ORG_CLAIM = 'organizationIdentifier';

/** The region's IdP from OIDC_ISSUER / OIDC_CLIENT_ID / OIDC_CLIENT_SECRET / OIDC_ORG_CLAIM, or null. */
export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig | null {
  if (!env.OIDC_ISSUER) return null;
  if (!env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) {
    throw new Error('OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are needed as well');
  }
  return {
    issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET,
    orgClaim: env.OIDC_ORG_CLAIM || DEFAULT_ORG_CLAIM,
  };
}

const configurations = new Map<string, Promise<oidc.Configuration>>();

/** Discovers the IdP once; a failed discovery is retried on the next login. */
export function oidcConfiguration(auth: AuthConfig): Promise<oidc.Configuration> {
  const key = `${auth.issuer} ${auth.clientId}`;
  let p = configurations.get(key);
  if (!p) {
    const insecure = new URL(auth.issuer).protocol === 'http:';
    p = oidc.discovery(new URL(auth.issuer), auth.clientId, undefined, oidc.ClientSecretBasic(auth.clientSecret), {
      execute: insecure ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
    });
    configurations.set(key, p);
    p.catch(() => configurations.delete(key));
  }
  return p;
}

/** `SE` + 10-digit organisation number + `-` + local part. */
const HSA_ID = /^SE(\d{10})-[A-Za-z0-9]+$/;

/** The organisation number (10 digits) inside an HSA-id, or null when it is not one. */
export function hsaIdOrgDigits(hsaId: string): string | null {
  return HSA_ID.exec(hsaId)?.[1] ?? null;
}

/**
 * The organisation-number claim as 10 digits. Accepts `2321000016`, `232100-0016`, `SE2321000016`
 * and the 12-digit form with the `16` prefix; anything else is null.
 */
export function normaliseOrgNumber(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const d = String(value).replace(/\D/g, '');
  if (d.length === 10) return d;
  if (d.length === 12 && d.startsWith('16')) return d.slice(2);
  return null;
}

export function withDash(orgDigits: string): string {
  return `${orgDigits.slice(0, 6)}-${orgDigits.slice(6)}`;
}

/**
 * A path of this site to return to after login: only a same-origin path of a known GET route
 * (`isKnownGet`), never one holding control characters or a backslash (browsers strip a TAB
 * and would leave the site for `/\t/evil.example`; a CR or LF would break the redirect header).
 * Anything else becomes `/`.
 */
export function safeReturnTo(value: string | undefined, isKnownGet: (path: string) => boolean): string {
  if (!value || value.length > 500 || /[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return '/';
  let url: URL;
  try {
    url = new URL(value, 'http://melker.invalid');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://melker.invalid' || url.pathname.startsWith('/auth/') || !isKnownGet(url.pathname)) return '/';
  return `${url.pathname}${url.search}`;
}
