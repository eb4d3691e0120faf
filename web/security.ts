/**
 * Security middleware: response headers (a nonce-based CSP, no framing, referrer policy), no
 * caching of anything personal, and CSRF protection of every mutating request.
 *
 * CSRF: a synchronizer token lives in the server-side session. Forms send it as the hidden field
 * `_csrf` (see `CsrfField` in layout.tsx); htmx sends it as `X-CSRF-Token` through `hx-headers`
 * on <body>. A request from another origin (Origin header) is refused as well.
 */
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { logRequest } from './access-log.js';
import type { AppEnv } from './deps.js';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/** Inline <script> needs the request's nonce; inline styles and eval are not allowed at all. */
export const securityHeaders: MiddlewareHandler<AppEnv> = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", NONCE],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'same-origin',
  crossOriginResourcePolicy: 'same-origin',
  crossOriginOpenerPolicy: 'same-origin',
}) as MiddlewareHandler<AppEnv>;

/** Personal pages must not be stored by browsers or proxies; static files set their own policy. */
export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!c.res.headers.has('Cache-Control')) {
    c.res.headers.set('Cache-Control', 'no-store');
    c.res.headers.set('Pragma', 'no-cache');
  }
  const vary = c.res.headers.get('Vary');
  if (!vary?.includes('HX-Request')) c.res.headers.set('Vary', vary ? `${vary}, HX-Request` : 'HX-Request');
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function submittedToken(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  const type = c.req.header('Content-Type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return undefined;
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody(); // cached by Hono: handlers can read it again
  } catch {
    throw new HTTPException(400, { message: 'Formuläret kunde inte läsas.' });
  }
  const field = body[CSRF_FIELD];
  return typeof field === 'string' ? field : undefined;
}

function allowedOrigin(c: Parameters<MiddlewareHandler<AppEnv>>[0], origin: string): boolean {
  const own = [new URL(c.req.url).origin];
  if (c.var.deps.publicUrl) own.push(new URL(c.var.deps.publicUrl).origin);
  return own.includes(origin);
}

export const csrfProtection: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  const origin = c.req.header('Origin');
  const session = c.var.session;
  let reason: string | null = null;
  if (origin && origin !== 'null' && !allowedOrigin(c, origin)) reason = 'cross_origin';
  else if (!session) reason = 'no_session';
  else {
    const token = await submittedToken(c);
    if (!token) reason = 'missing_token';
    else if (!sameToken(token, session.csrfToken)) reason = 'wrong_token';
  }
  if (!reason) return next();
  await logRequest(c, {
    action: 'csrf', objectType: 'route', objectId: `${c.req.method} ${c.req.path}`, outcome: 'denied', detail: { reason },
  });
  throw new HTTPException(403, {
    message: 'Sidan var för gammal eller kom inte från e-tjänsten. Ladda om sidan och försök igen.',
  });
};
