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
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { NONCE, secureHeaders } from 'hono/secure-headers';
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
  await c.var.abuse.logDenial(c, {
    action: 'csrf', objectType: 'route', objectId: `${c.req.method} ${c.req.path}`, outcome: 'denied', detail: { reason },
  });
  throw new HTTPException(403, {
    message: 'Sidan var för gammal eller kom inte från e-tjänsten. Ladda om sidan och försök igen.',
  });
};

/** A form's body may be this large; more is refused with 413 before anything reads it. */
export const FORM_BODY_LIMIT = 64 * 1024;
/** The officer's bulk decision names up to every item of an application (5 000 and more). */
export const OFFICER_BODY_LIMIT = 1024 * 1024;
/** A rule candidate (2 MB of JSON) as a form field: percent-encoding can triple it. */
export const RULE_BODY_LIMIT = 7 * 1024 * 1024;

function limitOf(path: string): number {
  if (path === '/regler' || path.startsWith('/regler/')) return RULE_BODY_LIMIT;
  if (path.startsWith('/handlaggning/')) return OFFICER_BODY_LIMIT;
  return FORM_BODY_LIMIT;
}

const kB = (n: number) => `${Math.round(n / 1024).toLocaleString('sv-SE')} kB`;
const limiters = new Map<number, MiddlewareHandler<AppEnv>>(
  [FORM_BODY_LIMIT, OFFICER_BODY_LIMIT, RULE_BODY_LIMIT].map((max) => [max, bodyLimit({
    maxSize: max,
    onError: () => {
      throw new HTTPException(413, { message: `Det du skickade var större än ${kB(max)} och togs inte emot. Inget har sparats.` });
    },
  })]),
);

/**
 * Limits every request body before it is read (Content-Length first, else while streaming):
 * forms 64 kB, the officer's bulk decisions 1 MB, rule candidates 7 MB; more answers 413.
 */
export const requestBodyLimit: MiddlewareHandler<AppEnv> = (c, next) => limiters.get(limitOf(c.req.path))!(c, next);

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
export const CONTROL_CHARACTER_MESSAGE =
  'Sökningen eller adressen innehåller otillåtna tecken (styrtecken, till exempel ett nolltecken). Ta bort dem och försök igen.';

/**
 * Refuses, with a Swedish message and 400, any query name or value holding a control character,
 * before a handler or the database sees it (PostgreSQL refuses NUL in text). Form fields are
 * checked by each form's own validation, which says so beside the field.
 */
export const rejectControlCharacters: MiddlewareHandler<AppEnv> = async (c, next) => {
  for (const [name, value] of new URL(c.req.url).searchParams) {
    if (CONTROL_CHARACTERS.test(name) || CONTROL_CHARACTERS.test(value)) throw new HTTPException(400, { message: CONTROL_CHARACTER_MESSAGE });
  }
  return next();
};
