/**
 * "Se och ändra ansvar för ensamkommande" for kommuner (SPEC-KOMMUNER §11): every route needs
 * `Administrera barn utan vårdnadshavare` in force (an avtal for the e-tjänst).
 */
import { UNACCOMPANIED_PERMISSION, UNACCOMPANIED_SERVICE } from '../../domain/e-services.js';
import { renderPage } from '../layout.js';
import { feature } from '../routes.js';
import { UnaccompaniedStart } from './pages.js';

export const unaccompaniedFeature = feature('/ensamkommande', (r) => {
  r.get('/', UNACCOMPANIED_PERMISSION, (c) =>
    renderPage(c, { title: UNACCOMPANIED_SERVICE, active: '/ensamkommande' }, <UnaccompaniedStart user={c.var.user!} />));
});
