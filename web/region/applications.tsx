/** Ansökan om ersättning — being built. */
import { renderPage } from '../layout.js';
import { feature } from '../routes.js';

export const applicationsFeature = feature('/ansokan', (r) => {
  r.get('/', ['Skapa ny ansökan om ersättning', 'Skicka in ansökan om ersättning'], (c) => renderPage(c, { title: 'Ansökan om ersättning', active: '/ansokan' }, <p>Sidan byggs.</p>));
});
