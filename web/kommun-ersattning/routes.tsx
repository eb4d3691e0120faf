/**
 * "Ansök om statlig ersättning" for kommuner (SPEC-KOMMUNER §12): every route needs a permission
 * of the e-tjänst in force; each application's ersättningstyp is checked per object.
 */
import { COMPENSATION_SERVICE } from '../../domain/e-services.js';
import { stockholmDate } from '../../domain/stockholm-time.js';
import { renderPage } from '../layout.js';
import { feature } from '../routes.js';
import { heldTypes } from './data.js';
import { CompensationStart } from './pages.js';

export const compensationFeature = feature('/statlig-ersattning', (r) => {
  r.get('/', `e-tjänst:${COMPENSATION_SERVICE}`, async (c) => {
    const user = c.var.user!;
    const types = await heldTypes(c.var.deps.sql, user.id);
    return renderPage(c, { title: COMPENSATION_SERVICE, active: '/statlig-ersattning' },
      <CompensationStart user={user} types={types} today={stockholmDate(Date.now())} />);
  });
});
