/** Regioner — being built. */
import { renderPage } from '../layout.js';
import { feature } from '../routes.js';

export const mvAdminFeature = feature('/mv-admin', (r) => {
  r.get('/', 'sysadmin', (c) => renderPage(c, { title: 'Regioner', active: '/mv-admin' }, <p>Sidan byggs.</p>));
});
