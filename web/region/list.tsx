/** Asylsökande m.fl. i länet — being built. */
import { renderPage } from '../layout.js';
import { feature } from '../routes.js';

export const listFeature = feature('/lista', (r) => {
  r.get('/', 'Se asylsökande m.fl. i länet', (c) => renderPage(c, { title: 'Asylsökande m.fl. i länet', active: '/lista' }, <p>Sidan byggs.</p>));
});
