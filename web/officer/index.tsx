/** Ansökningar — being built. */
import { renderPage } from '../layout.js';
import { feature } from '../routes.js';

export const officerFeature = feature('/handlaggning', (r) => {
  r.get('/', 'officer', (c) => renderPage(c, { title: 'Ansökningar', active: '/handlaggning' }, <p>Sidan byggs.</p>));
});
