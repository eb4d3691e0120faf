/**
 * Användare: the administrator's feature, for a region or a kommun alike. Only users of the
 * administrator's own organisation, and only users: an administrator never holds user
 * permissions. The e-tjänster are those the organisation has an active avtal for (the session's
 * `services`), their permissions the catalogue's. Every view and change is access-logged; every
 * change goes through services/users.ts.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Child } from 'hono/jsx';
import { catalogueFor } from '../../services/catalogue.js';
import { changePersonDetails, changeUserPermissions, registerPerson, removePerson } from '../../services/users.js';
import { logRequest } from '../access-log.js';
import type { AppEnv } from '../deps.js';
import { renderPage } from '../layout.js';
import { feature, requireSameRegion } from '../routes.js';
import { readPersonDetailsForm, readPersonForm } from '../components/user-form.js';
import { filterAndSort, findUser, listUsers, type UserRow } from './data.js';
import { BASE, parseListQuery, parsePermissionsForm, permissionsOf, serviceOf } from './forms.js';
import { DeleteConfirmation, EditUserPage, ListPage, NewUserPage, noticeOf, PermissionsForm, UserView } from './pages.js';

/** The user of the `:id` param; another organisation's person or a non-user is 404, logged. */
async function orgUser(c: Context<AppEnv>): Promise<UserRow> {
  const user = await findUser(c.var.deps.sql, c.req.param('id') ?? '');
  if (!user) throw new HTTPException(404);
  await requireSameRegion(c, user.orgNumber, { type: 'user', id: user.hsaId });
  if (user.role !== 'user') {
    await logRequest(c, {
      action: 'access', objectType: 'user', objectId: user.hsaId, outcome: 'denied', detail: { reason: 'not_a_user', path: c.req.path },
    });
    throw new HTTPException(404);
  }
  return user;
}

const page = (c: Context<AppEnv>, title: string, body: Child, status: 200 | 400 = 200, heading?: string | false) =>
  renderPage(c, { title, active: BASE, status, heading: heading ?? title }, body);
const csrfOf = (c: Context<AppEnv>) => c.var.session?.csrfToken;

/** The e-tjänster the administrator's organisation has an active avtal for. */
const servicesOf = (c: Context<AppEnv>): readonly string[] => c.var.user!.services;

/** The permissions form of `service` for `user`: what may be granted today, and what the user holds. */
async function permissionsPage(
  c: Context<AppEnv>, user: UserRow, service: string | null, error?: { reason: string; message: string },
) {
  const entries = service ? await catalogueFor(c.var.deps.sql, [service], user.permissions) : [];
  const chosen = user.grants.filter((g) => g.service === service).map((g) => g.permission);
  if (error) {
    await logRequest(c, { action: 'update', objectType: 'user_permissions', objectId: user.hsaId, outcome: 'failed', detail: { reason: error.reason } });
  }
  return page(c, 'Ändra och lägg till behörigheter', (
    <PermissionsForm csrf={csrfOf(c)} user={user} services={servicesOf(c)} service={service} entries={entries} chosen={chosen} error={error?.message} />
  ), error ? 400 : 200, false);
}

export const adminFeature = feature('/admin', (r) => {
  r.get('/', 'admin', (c) => c.redirect(BASE, 302));

  r.get('/anvandare', 'admin', async (c) => {
    const me = c.var.user!;
    const all = await listUsers(c.var.deps.sql, me.orgNumber);
    const catalogue = await catalogueFor(c.var.deps.sql, me.services, [...new Set(all.flatMap((u) => u.permissions))]);
    const q = parseListQuery(c.req.query(), me.services, catalogue);
    const users = filterAndSort(all, q);
    await logRequest(c, {
      action: 'view', objectType: 'user_list', objectId: me.orgNumber,
      detail: { count: users.length, search: q.sok || undefined, service: q.etjanst || undefined, permission: q.behorighet || undefined },
    });
    return page(c, 'Användare', (
      <ListPage users={users} q={q} notice={noticeOf(c.req.query('meddelande'))} orgName={me.orgName}
        services={me.services} permissions={permissionsOf(catalogue, q.etjanst)} />
    ));
  });

  r.get('/anvandare/ny', 'admin', (c) => page(c, 'Lägg till användare', (
    <NewUserPage csrf={csrfOf(c)} values={{}} errors={{}} orgNumber={c.var.user!.orgNumber} />
  )));

  r.post('/anvandare/ny', 'admin', async (c) => {
    const me = c.var.user!;
    const { values, parsed } = readPersonForm(await c.req.parseBody());
    let errors = parsed.ok ? {} : parsed.errors;
    if (parsed.ok) {
      const result = await registerPerson(c.var.deps.sql, { orgNumber: me.orgNumber, name: me.orgName }, 'user', parsed.data);
      if (result.ok) {
        await logRequest(c, {
          action: 'create', objectType: 'user', objectId: parsed.data.hsaId,
          detail: { givenName: parsed.data.givenName, familyName: parsed.data.familyName, email: parsed.data.email },
        });
        return c.redirect(`${BASE}/${result.value.id}?meddelande=skapad`, 303);
      }
      errors = { [result.error.field ?? '_form']: result.error.message };
    }
    await logRequest(c, { action: 'create', objectType: 'user', objectId: null, outcome: 'failed', detail: { fields: Object.keys(errors) } });
    return page(c, 'Lägg till användare', <NewUserPage csrf={csrfOf(c)} values={values} errors={errors} orgNumber={me.orgNumber} />, 400);
  });

  r.get('/anvandare/:id{[0-9]+}', 'admin', async (c) => {
    const user = await orgUser(c);
    await logRequest(c, { action: 'view', objectType: 'user', objectId: user.hsaId });
    return page(c, 'Användaruppgifter', <UserView user={user} notice={noticeOf(c.req.query('meddelande'))} />, 200, false);
  });

  r.get('/anvandare/:id{[0-9]+}/andra', 'admin', async (c) => {
    const user = await orgUser(c);
    await logRequest(c, { action: 'view', objectType: 'user', objectId: user.hsaId, detail: { page: 'andra' } });
    const values = { givenName: user.givenName, familyName: user.familyName, email: user.email };
    return page(c, 'Ändra användare', <EditUserPage csrf={csrfOf(c)} user={user} values={values} errors={{}} />);
  });

  r.post('/anvandare/:id{[0-9]+}/andra', 'admin', async (c) => {
    const user = await orgUser(c);
    const { values, parsed } = readPersonDetailsForm(await c.req.parseBody());
    if (parsed.ok) {
      await changePersonDetails(c.var.deps.sql, user.id, parsed.data);
      await logRequest(c, {
        action: 'update', objectType: 'user', objectId: user.hsaId,
        detail: {
          before: { givenName: user.givenName, familyName: user.familyName, email: user.email },
          after: parsed.data,
        },
      });
      return c.redirect(`${BASE}/${user.id}?meddelande=andrad`, 303);
    }
    await logRequest(c, { action: 'update', objectType: 'user', objectId: user.hsaId, outcome: 'failed', detail: { fields: Object.keys(parsed.errors) } });
    return page(c, 'Ändra användare', <EditUserPage csrf={csrfOf(c)} user={user} values={values} errors={parsed.errors} />, 400);
  });

  r.get('/anvandare/:id{[0-9]+}/behorigheter', 'admin', async (c) => {
    const user = await orgUser(c);
    await logRequest(c, { action: 'view', objectType: 'user', objectId: user.hsaId, detail: { page: 'behorigheter' } });
    return permissionsPage(c, user, serviceOf(servicesOf(c), c.req.query('etjanst')));
  });

  r.post('/anvandare/:id{[0-9]+}/behorigheter', 'admin', async (c) => {
    const user = await orgUser(c);
    const body = await c.req.parseBody({ all: true });
    const asked = serviceOf(servicesOf(c), typeof body.etjanst === 'string' ? body.etjanst : undefined);
    const offered = asked ? await catalogueFor(c.var.deps.sql, [asked], user.permissions) : [];
    const choice = parsePermissionsForm(body, servicesOf(c), offered);
    // Without a valid e-tjänst the page offers the buttons again, as before one was chosen.
    if (!choice.ok) return permissionsPage(c, user, choice.service, { reason: 'invalid_choice', message: choice.error });
    const saved = await changeUserPermissions(c.var.deps.sql, user.id, choice.service, choice.permissions);
    if (!saved.ok) return permissionsPage(c, user, choice.service, { reason: saved.error.code, message: saved.error.message });
    const before = user.grants.filter((g) => g.service === choice.service).map((g) => g.permission);
    await logRequest(c, {
      action: 'update', objectType: 'user_permissions', objectId: user.hsaId,
      detail: { service: choice.service, before, after: choice.permissions, ...saved.value },
    });
    return c.redirect(`${BASE}/${user.id}?meddelande=behorigheter`, 303);
  });

  r.get('/anvandare/:id{[0-9]+}/ta-bort', 'admin', async (c) => {
    const user = await orgUser(c);
    await logRequest(c, { action: 'view', objectType: 'user', objectId: user.hsaId, detail: { page: 'ta-bort' } });
    return page(c, 'Ta bort användare', <DeleteConfirmation csrf={csrfOf(c)} user={user} />, 200, false);
  });

  r.post('/anvandare/:id{[0-9]+}/ta-bort', 'admin', async (c) => {
    const user = await orgUser(c);
    await removePerson(c.var.deps.sql, user.id);
    await logRequest(c, {
      action: 'delete', objectType: 'user', objectId: user.hsaId,
      detail: { givenName: user.givenName, familyName: user.familyName, permissions: user.permissions },
    });
    return c.redirect(`${BASE}?meddelande=borttagen`, 303);
  });
});
