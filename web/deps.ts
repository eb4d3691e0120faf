/** What the web tier depends on; shared types live here, never in the app entry. */
import type { Client } from '@temporalio/client';
import type { Sql } from '../db/sql.js';
import type { Logger } from '../observability/log.js';
import type { AbuseGuard } from './abuse.js';

import type { EService, OrganisationKind } from '../domain/e-services.js';

export { REGION_PERMISSIONS, type RegionPermission } from '../domain/e-services.js';

export type UserRole = 'user' | 'admin' | 'officer' | 'rule_maintainer' | 'sysadmin';
/** Roles a route can require; region users ('user') are admitted by permission instead. */
export type StaffRole = Exclude<UserRole, 'user'>;

/** OpenID Connect relying-party settings (the region's IdP, or the built-in development IdP). */
export type AuthConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Claim holding the organisation number; default `organizationIdentifier`. */
  orgClaim?: string;
};

export type SessionOptions = {
  /** Minutes without a request before the session ends (default 30). */
  idleMinutes?: number;
  /** Hours after login when the session ends whatever happens (default 10). */
  absoluteHours?: number;
};

export type WebDeps = {
  sql: Sql;
  temporal: Client;
  /** Where browsers reach the app, e.g. `http://localhost:3000`; https turns on `Secure` + `__Host-`. */
  publicUrl?: string;
  auth?: AuthConfig | null;
  session?: SessionOptions;
  /** Task queue of the workflows the web tier starts (tests use their own). */
  taskQueue?: string;
  /** Id of the population sync's Temporal Schedule (default FEED_SCHEDULE_ID; tests use their own). */
  feedScheduleId?: string;
};

/** The logged-in person, loaded with their permissions from the database on every request. */
export type SessionUser = {
  id: string;
  hsaId: string;
  givenName: string;
  familyName: string;
  /** With dash, e.g. `232100-0016`. */
  orgNumber: string;
  orgName: string;
  orgKind: OrganisationKind;
  role: UserRole;
  /** Permissions of the e-tjänster the organisation has an active avtal for (others are not in force). */
  permissions: string[];
  /** The e-tjänster this person can use now: a user's with a permission in force, an administrator's with an avtal. */
  services: EService[];
};

export type SessionInfo = { id: string; csrfToken: string };

/** Hono environment of every handler: `c.var.user` is null for anonymous requests. */
export type AppEnv = {
  Variables: {
    deps: WebDeps;
    user: SessionUser | null;
    session: SessionInfo | null;
    secureHeadersNonce?: string;
    /** Per-client limits on what anonymous requests can make the service write. */
    abuse: AbuseGuard;
    /** Whether the route table has an entry for this method and path. */
    routeExists: (method: string, path: string) => boolean;
    /** The request's id (`X-Request-Id`, checked, or a new UUID), on every log line of the request. */
    requestId: string;
    /** The process logger with this request's id: never log paths, queries or names with it. */
    log: Logger;
  };
};

/**
 * How long a page waits for a workflow query. A query is answered at once while a worker runs;
 * without one the server holds it, and the page says the information is unavailable instead.
 */
export const QUERY_WAIT_MS = 5000;
export function withinQueryWait<T>(temporal: Client, fn: () => Promise<T>): Promise<T> {
  return temporal.connection.withDeadline(Date.now() + QUERY_WAIT_MS, fn);
}
