/**
 * Migrationsverket's system administrator: Regioner and Kommuner (organisations, their avtal and
 * administrators), Inläsning av personer (the population sync), Inställningar (automatic
 * decisions) and Åtkomstlogg (the access-log viewer).
 */
import { feature } from '../../routes.js';
import { registerAccessLog } from './access-log.js';
import { registerKommuner } from './kommuner.js';
import { registerRegions } from './regions.js';
import { registerSettings } from './settings.js';
import { registerSync } from './sync.js';

export const mvAdminFeature = feature('/mv-admin', (r) => {
  r.get('/', 'sysadmin', (c) => c.redirect('/mv-admin/regioner', 302));
  registerRegions(r);
  registerKommuner(r);
  registerSync(r);
  registerSettings(r);
  registerAccessLog(r);
});
