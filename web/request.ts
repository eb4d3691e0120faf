/** What route handlers read from a request: the logged-in user, the services' dependencies, the CSRF token. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ServiceDeps } from '../services/index.js';
import type { AppEnv, SessionUser } from './deps.js';

type C = Context<AppEnv>;

/** The logged-in user (the route table has already required one; 401 if not). */
export function userOf(c: C): SessionUser {
  const user = c.var.user;
  if (!user) throw new HTTPException(401);
  return user;
}
export const actorOf = (user: SessionUser) => ({ hsaId: user.hsaId, orgNumber: user.orgNumber });
export const csrfOf = (c: C) => c.var.session?.csrfToken ?? null;
/** The service module's dependencies for this request. */
export const serviceDeps = (c: C): ServiceDeps => ({
  client: c.var.deps.temporal, sql: c.var.deps.sql, ...(c.var.deps.taskQueue ? { taskQueue: c.var.deps.taskQueue } : {}),
});
