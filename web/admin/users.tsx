/** Användare — being built. */
import { renderPage } from '../layout.js';
import { feature } from '../routes.js';

export const adminFeature = feature('/admin', (r) => {
  r.get('/', 'admin', (c) => renderPage(c, { title: 'Användare', active: '/admin' }, <p>Sidan byggs.</p>));
});
