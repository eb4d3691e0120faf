/**
 * Migrationsverket's system administrator: Regioner (regions, agreements and their
 * administrators), Inläsning av personer (the population sync), Inställningar (automatic
 * decisions) and Åtkomstlogg (the access-log viewer).
 */
import { feature } from '../routes.js';
import { registerAccessLog } from './access-log.js';
import { registerRegions } from './regions.js';
import { registerSettings } from './settings.js';
import { MV_ADMIN_CSS } from './styles.js';
import { registerSync } from './sync.js';

export const mvAdminFeature = feature('/mv-admin', (r) => {
  r.get('/', 'sysadmin', (c) => c.redirect('/mv-admin/regioner', 302));
  r.get('/stil.css', 'sysadmin', (c) => c.body(MV_ADMIN_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'private, max-age=3600' }));
  registerRegions(r);
  registerSync(r);
  registerSettings(r);
  registerAccessLog(r);
});
