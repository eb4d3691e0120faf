/** Regler — being built. */
import { renderPage } from '../layout.js';
import { feature } from '../routes.js';

export const ruleMaintainerFeature = feature('/regler', (r) => {
  r.get('/', 'rule_maintainer', (c) => renderPage(c, { title: 'Regler', active: '/regler' }, <p>Sidan byggs.</p>));
});
