/**
 * An organisation's administrators, the same for regions and kommuner: Lägg till administratör
 * (the HSA-id must carry the organisation's number) and Ta bort with its confirmation; the last
 * active administrator of an organisation with an active avtal is refused (LAST_ADMIN). Changes go
 * through services/organisations.ts; each is logged.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { addAdministrator, removeAdministrator, type RegisteredKind } from '../../../services/organisations.js';
import { logRequest } from '../../access-log.js';
import type { AppEnv } from '../../deps.js';
import { renderPage } from '../../layout.js';
import type { RouteRegistrar } from '../../routes.js';
import { readPersonForm } from '../../components/user-form.js';
import { findAdministrator, type Administrator } from '../data.js';
import { DeleteAdminConfirmation, NewAdminPage, type AdminOrg } from '../pages/administrators.js';

const csrfOf = (c: Context<AppEnv>) => c.var.session?.csrfToken;

/**
 * Registers the administrator routes under `orgPath` (e.g. `/regioner/:org{…}`); `orgOf` finds the
 * organisation of the request (404 when there is none) and `active` is its tab.
 */
export function registerAdministrators(r: RouteRegistrar, { orgPath, kind, active, orgOf }: {
  orgPath: string; kind: RegisteredKind; active: string; orgOf: (c: Context<AppEnv>) => Promise<AdminOrg>;
}) {
  async function adminOf(c: Context<AppEnv>, org: AdminOrg): Promise<Administrator> {
    const admin = await findAdministrator(c.var.deps.sql, org.orgNumber, c.req.param('id') ?? '');
    if (!admin) throw new HTTPException(404);
    return admin;
  }
  const logKey = kind; // the detail names the organisation as `region` or `kommun`

  r.get(`${orgPath}/administratorer/ny`, 'sysadmin', async (c) => {
    const org = await orgOf(c);
    return renderPage(c, { title: 'Lägg till administratör', active, heading: false },
      <NewAdminPage csrf={csrfOf(c)} org={org} values={{}} errors={{}} />);
  });

  r.post(`${orgPath}/administratorer/ny`, 'sysadmin', async (c) => {
    const org = await orgOf(c);
    const { values, parsed } = readPersonForm(await c.req.parseBody());
    let errors = parsed.ok ? {} : parsed.errors;
    if (parsed.ok) {
      const result = await addAdministrator(c.var.deps.sql, org, parsed.data);
      if (result.ok) {
        const { hsaId, givenName, familyName, email } = parsed.data;
        await logRequest(c, {
          action: 'create', objectType: 'administrator', objectId: hsaId,
          detail: { [logKey]: org.orgNumber, givenName, familyName, email },
        });
        return c.redirect(`${org.href}?meddelande=admin`, 303);
      }
      errors = { [result.error.field ?? '_form']: result.error.message };
    }
    await logRequest(c, {
      action: 'create', objectType: 'administrator', outcome: 'failed', detail: { [logKey]: org.orgNumber, fields: Object.keys(errors) },
    });
    return renderPage(c, { title: 'Lägg till administratör', active, status: 400, heading: false },
      <NewAdminPage csrf={csrfOf(c)} org={org} values={values} errors={errors} />);
  });

  r.get(`${orgPath}/administratorer/:id{[0-9]+}/ta-bort`, 'sysadmin', async (c) => {
    const org = await orgOf(c);
    const admin = await adminOf(c, org);
    await logRequest(c, { action: 'view', objectType: 'administrator', objectId: admin.hsaId, detail: { page: 'ta-bort' } });
    return renderPage(c, { title: 'Ta bort administratör', active, heading: 'Ta bort administratör' },
      <DeleteAdminConfirmation csrf={csrfOf(c)} org={org} admin={admin} />);
  });

  r.post(`${orgPath}/administratorer/:id{[0-9]+}/ta-bort`, 'sysadmin', async (c) => {
    const org = await orgOf(c);
    const admin = await adminOf(c, org);
    const removed = await removeAdministrator(c.var.deps.sql, kind, org.orgNumber, admin.id);
    if (!removed.ok && removed.error.code !== 'LAST_ADMIN') throw new HTTPException(404); // removed by someone else a moment ago
    if (!removed.ok) {
      await logRequest(c, {
        action: 'delete', objectType: 'administrator', objectId: admin.hsaId, outcome: 'denied',
        detail: { [logKey]: org.orgNumber, code: removed.error.code },
      });
      return renderPage(c, { title: 'Ta bort administratör', active, status: 409, heading: 'Ta bort administratör' },
        <DeleteAdminConfirmation csrf={csrfOf(c)} org={org} admin={admin} refusal={removed.error.message} />);
    }
    await logRequest(c, {
      action: 'delete', objectType: 'administrator', objectId: admin.hsaId,
      detail: { [logKey]: org.orgNumber, givenName: admin.givenName, familyName: admin.familyName },
    });
    return c.redirect(`${org.href}?meddelande=adminborttagen`, 303);
  });
}
