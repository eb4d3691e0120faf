/**
 * Migrationsverket's system administrator: Regioner (regions, agreements and their
 * administrators) and Åtkomstlogg (the access-log viewer).
 */
import { feature } from '../routes.js';
import { registerAccessLog } from './access-log.js';
import { registerRegions } from './regions.js';

export const mvAdminFeature = feature('/mv-admin', (r) => {
  r.get('/', 'sysadmin', (c) => c.redirect('/mv-admin/regioner', 302));
  registerRegions(r);
  registerAccessLog(r);
});
