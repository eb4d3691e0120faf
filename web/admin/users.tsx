/**
 * Användare: the region administrator's pages (seed 002, chapters 5–9). The list of the region's
 * users with filters, search and sorting; add a user; the user view with Aktuella behörigheter;
 * change permissions (choose the e-tjänst, tick, Klar); change details; remove with a
 * confirmation. Only users of the administrator's own region, and only region users: an
 * administrator never holds user permissions. Every view and change is access-logged.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Child } from 'hono/jsx';
import { logRequest } from '../access-log.js';
import { REGION_PERMISSIONS, type AppEnv } from '../deps.js';
import { CsrfField, renderPage, SERVICE_NAME } from '../layout.js';
import { feature, requireSameRegion } from '../routes.js';
import {
  ErrorSummary, Notice, PERSON_FIELDS, PERSON_LABELS, TextField, isUniqueViolation, parseWith, personSchema, stringFields,
  type FieldErrors, type FormValues,
} from './form.js';
import { deleteUser, findUser, hsaIdProblem, insertUser, listUsers, setPermissions, updateUserDetails, type UserRow } from './store.js';

const BASE = '/admin/anvandare';
/** The e-tjänster a region has an agreement for (regions have one). */
export const SERVICES = [SERVICE_NAME] as const;

/** Lägg till användare: all four fields mandatory. */
export const newUserSchema = personSchema;
/** Ändra användare: the HSA-id is the identity and is not changed. */
export const editUserSchema = personSchema.omit({ hsaId: true });


const NOTICES: Record<string, string> = {
  skapad: 'Användaren är sparad. Användaren har ännu inga behörigheter: lägg till dem med Ändra och lägg till behörigheter.',
  andrad: 'Användaruppgifterna är sparade.',
  behorigheter: 'Behörigheterna är sparade. De gäller från användarens nästa sidvisning.',
  borttagen: 'Användaren är borttagen.',
};

// ---------------------------------------------------------------- the list

type SortKey = 'fornamn' | 'efternamn' | 'hsaid' | 'epost' | 'etjanst' | 'behorigheter';
type Column = { key: SortKey; label: string; text: (u: UserRow) => string };
/** One column list drives the table, the search and the sorting. */
const COLUMNS: readonly Column[] = [
  { key: 'fornamn', label: 'Förnamn', text: (u) => u.givenName },
  { key: 'efternamn', label: 'Efternamn', text: (u) => u.familyName },
  { key: 'hsaid', label: 'HSA-id', text: (u) => u.hsaId },
  { key: 'epost', label: 'E-post', text: (u) => u.email },
  { key: 'etjanst', label: 'E-tjänst', text: (u) => u.services.join(', ') },
  { key: 'behorigheter', label: 'Behörigheter', text: (u) => u.permissions.join(', ') },
];

type ListQuery = { sok: string; etjanst: string; behorighet: string; sortera: SortKey; ordning: 'stigande' | 'fallande' };

function listQuery(c: Context<AppEnv>): ListQuery {
  const q = (k: string) => (c.req.query(k) ?? '').slice(0, 200);
  const sortera = COLUMNS.some((col) => col.key === q('sortera')) ? (q('sortera') as SortKey) : 'efternamn';
  return {
    sok: q('sok').trim(),
    etjanst: (SERVICES as readonly string[]).includes(q('etjanst')) ? q('etjanst') : '',
    behorighet: (REGION_PERMISSIONS as readonly string[]).includes(q('behorighet')) ? q('behorighet') : '',
    sortera,
    ordning: q('ordning') === 'fallande' ? 'fallande' : 'stigande',
  };
}

function listHref(q: ListQuery, change: Partial<ListQuery>): string {
  const next = { ...q, ...change };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(next)) if (v) params.set(k, v);
  return `${BASE}?${params}`;
}

const collator = new Intl.Collator('sv', { sensitivity: 'base', numeric: true });

export function filterAndSort(users: readonly UserRow[], q: ListQuery): UserRow[] {
  const needle = q.sok.toLocaleLowerCase('sv');
  const col = COLUMNS.find((c) => c.key === q.sortera)!;
  const sign = q.ordning === 'fallande' ? -1 : 1;
  return users
    .filter((u) => !q.etjanst || u.services.includes(q.etjanst))
    .filter((u) => !q.behorighet || u.permissions.includes(q.behorighet))
    .filter((u) => !needle || COLUMNS.some((c) => c.text(u).toLocaleLowerCase('sv').includes(needle)))
    .sort((a, b) => sign * collator.compare(col.text(a), col.text(b)) || collator.compare(a.hsaId, b.hsaId));
}

function SortHeader({ col, q }: { col: Column; q: ListQuery }) {
  const active = q.sortera === col.key;
  const next = active && q.ordning === 'stigande' ? 'fallande' : 'stigande';
  const arrow = active ? (q.ordning === 'stigande' ? '▲' : '▼') : '▲▼';
  return (
    <th scope="col" class="table__column--sortable" aria-sort={active ? (q.ordning === 'stigande' ? 'ascending' : 'descending') : 'none'}>
      <a class="sort-link" href={listHref(q, { sortera: col.key, ordning: next })}>
        {col.label}
        <span class="sort-link__arrow" aria-hidden="true">{arrow}</span>
        <span class="sr-only">{`, sortera ${next}`}</span>
      </a>
    </th>
  );
}

function UserTable({ users, q }: { users: UserRow[]; q: ListQuery }) {
  return (
    <div id="anvandarlista">
      <p role="status" class="result-count">{users.length === 1 ? '1 användare' : `${users.length} användare`}</p>
      {users.length === 0 ? (
        <p>Inga användare matchar sökningen.</p>
      ) : (
        <div class="table-scroll">
          <table class="table table--striped admin-table">
            <caption class="sr-only">Användare i regionen</caption>
            <thead>
              <tr class="table__row">{COLUMNS.map((col) => <SortHeader col={col} q={q} />)}</tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr class="table__row">
                  <td class="table__column"><a class="table__anchor" href={`${BASE}/${u.id}`}>{u.givenName}</a></td>
                  <td class="table__column">{u.familyName}</td>
                  <td class="table__column nowrap">{u.hsaId}</td>
                  <td class="table__column">{u.email}</td>
                  <td class="table__column">{u.services.join(', ')}</td>
                  <td class="table__column">
                    {u.permissions.length > 0 && <ul class="plain-list">{u.permissions.map((p) => <li>{p}</li>)}</ul>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function Select({ id, label, value, all, options }: { id: string; label: string; value: string; all: string; options: readonly string[] }) {
  return (
    <div class="select-field">
      <label class="label" for={id}>{label}</label>
      <div class="select-field__icon-wrapper">
        <select class="select-field__select" id={id} name={id}>
          <option value="" selected={value === ''}>{all}</option>
          {options.map((o) => <option value={o} selected={value === o}>{o}</option>)}
        </select>
      </div>
    </div>
  );
}

function ListPage({ users, q, notice }: { users: UserRow[]; q: ListQuery; notice: string | undefined }) {
  return (
    <>
      <Notice text={notice} />
      <p><a class="button button--primary button--medium button-link" href={`${BASE}/ny`}>Lägg till användare</a></p>
      <form
        class="admin-filters" method="get" action={BASE} role="search" aria-label="Filtrera och sök användare"
        hx-get={BASE} hx-target="#anvandarlista" hx-select="#anvandarlista" hx-swap="outerHTML" hx-push-url="true"
        hx-trigger="input changed delay:300ms from:#sok, change, submit"
      >
        <Select id="etjanst" label="Filtrera e-tjänster" value={q.etjanst} all="Alla e-tjänster" options={SERVICES} />
        <Select id="behorighet" label="Filtrera behörigheter" value={q.behorighet} all="Alla behörigheter" options={REGION_PERMISSIONS} />
        <TextField name="sok" label="Sök" type="search" value={q.sok} required={false} maxLength={200}
          description="Söker i alla kolumner, på valfria tecken." />
        <input type="hidden" name="sortera" value={q.sortera} />
        <input type="hidden" name="ordning" value={q.ordning} />
        <button type="submit" class="button button--secondary button--medium">Sök</button>
      </form>
      <UserTable users={users} q={q} />
    </>
  );
}

// ---------------------------------------------------------------- forms and views

function UserForm({ c, action, values, errors, withHsaId, submit, cancelHref }: {
  c: Context<AppEnv>; action: string; values: FormValues; errors: FieldErrors; withHsaId: boolean; submit: string; cancelHref: string;
}) {
  return (
    <>
      <ErrorSummary errors={errors} labels={PERSON_LABELS} />
      <p>Alla fält är obligatoriska.</p>
      <form method="post" action={action} novalidate class="admin-form">
        <CsrfField token={c.var.session?.csrfToken} />
        <TextField name="givenName" label="Förnamn" value={values.givenName} error={errors.givenName} autocomplete="off" maxLength={100} />
        <TextField name="familyName" label="Efternamn" value={values.familyName} error={errors.familyName} autocomplete="off" maxLength={100} />
        {withHsaId && (
          <TextField name="hsaId" label="HSA-id" value={values.hsaId} error={errors.hsaId} autocomplete="off" maxLength={60}
            description="Finns på användarens SITHS-kort, till exempel SE2321000016-ABC123. Inte kortets nummer." />
        )}
        <TextField name="email" label="E-post" type="email" value={values.email} error={errors.email} autocomplete="off" maxLength={254} />
        <div class="button-group">
          <button type="submit" class="button button--primary button--medium button-group__item">{submit}</button>
          <a class="button button--secondary button--medium button-group__item button-link" href={cancelHref}>Avbryt</a>
        </div>
      </form>
    </>
  );
}

const BackLink = () => <p><a class="back-link" href={BASE}><span aria-hidden="true">← </span>Tillbaka till användare</a></p>;

function PermissionList({ user }: { user: UserRow }) {
  if (!user.permissions.length) return <p>Användaren har inga behörigheter ännu.</p>;
  return (
    <>
      {SERVICES.filter((s) => user.services.includes(s)).map((service) => (
        <>
          <h3>{service}</h3>
          <ul>{user.permissions.map((p) => <li>{p}</li>)}</ul>
        </>
      ))}
    </>
  );
}

function UserView({ user, notice }: { user: UserRow; notice: string | undefined }) {
  return (
    <>
      <BackLink />
      <h1>Användaruppgifter</h1>
      <Notice text={notice} />
      <div class="user-details">
        <dl class="details-list">
          <dt>Namn</dt><dd>{user.givenName} {user.familyName}</dd>
          <dt>HSA-id</dt><dd>{user.hsaId}</dd>
          <dt>E-post</dt><dd>{user.email}</dd>
        </dl>
        <p><a class="button button--secondary button--medium button-link" href={`${BASE}/${user.id}/andra`}>Ändra användaruppgifter</a></p>
      </div>
      <h2>Aktuella behörigheter</h2>
      <PermissionList user={user} />
      <p><a class="button button--secondary button--medium button-link" href={`${BASE}/${user.id}/behorigheter`}>Ändra och lägg till behörigheter</a></p>
      <p><a class="button button--tertiary button--medium button-link" href={`${BASE}/${user.id}/ta-bort`}>Ta bort användare</a></p>
    </>
  );
}

function PermissionsForm({ c, user, service, chosen, error }: {
  c: Context<AppEnv>; user: UserRow; service: string | null; chosen: readonly string[]; error?: string;
}) {
  return (
    <>
      <p><a class="back-link" href={`${BASE}/${user.id}`}><span aria-hidden="true">← </span>Tillbaka till {user.givenName} {user.familyName}</a></p>
      <h1>Ändra och lägg till behörigheter</h1>
      <p>Användare: {user.givenName} {user.familyName} ({user.hsaId})</p>
      <h2>Välj e-tjänst</h2>
      <ul class="plain-list service-choice">
        {SERVICES.map((s) => (
          <li>
            <a class={`button button--medium button-link ${s === service ? 'button--primary' : 'button--secondary'}`}
              href={`${BASE}/${user.id}/behorigheter?etjanst=${encodeURIComponent(s)}`} aria-current={s === service ? 'true' : undefined}>
              {s}
            </a>
          </li>
        ))}
      </ul>
      {service && (
        <form method="post" action={`${BASE}/${user.id}/behorigheter`}>
          <CsrfField token={c.var.session?.csrfToken} />
          <input type="hidden" name="etjanst" value={service} />
          {error && <div class="message-box message-box--error" role="alert" id="behorighet-fel"><p>{error}</p></div>}
          <fieldset class="fieldset" aria-describedby={error ? 'behorighet-fel' : undefined}>
            <legend class="fieldset__label">Behörigheter i {service}</legend>
            <div class="fieldset__content">
              {REGION_PERMISSIONS.map((p, i) => (
                <div class="checkbox">
                  <input class="checkbox__input" type="checkbox" id={`behorighet-${i}`} name="behorighet" value={p} checked={chosen.includes(p)} />
                  <label class="checkbox__label" for={`behorighet-${i}`}>{p}</label>
                </div>
              ))}
            </div>
          </fieldset>
          <button type="submit" class="button button--primary button--medium">Klar</button>
        </form>
      )}
    </>
  );
}

function DeleteConfirmation({ c, user }: { c: Context<AppEnv>; user: UserRow }) {
  return (
    <>
      <h1>Ta bort användare</h1>
      <div class="message-box message-box--warning confirm-box">
        <p id="bekrafta-fraga" class="confirm-question">Är du säker på att du vill ta bort denna användare?</p>
        <p id="bekrafta-vem">{user.givenName} {user.familyName}, {user.hsaId}</p>
        <form method="post" action={`${BASE}/${user.id}/ta-bort`} class="button-group">
          <CsrfField token={c.var.session?.csrfToken} />
          <button type="submit" class="button button--primary button--medium button-group__item">OK</button>
          <a class="button button--secondary button--medium button-group__item button-link" href={`${BASE}/${user.id}`}>Avbryt</a>
        </form>
      </div>
    </>
  );
}

// ---------------------------------------------------------------- handlers

/** The region user of the `:id` param; another region's user or a non-user is 404, logged. */
async function regionUser(c: Context<AppEnv>): Promise<UserRow> {
  const user = await findUser(c.var.deps.sql, c.req.param('id') ?? '');
  if (!user) throw new HTTPException(404);
  await requireSameRegion(c, user.orgNumber, { type: 'user', id: user.hsaId });
  if (user.role !== 'user') {
    await logRequest(c, {
      action: 'access', objectType: 'user', objectId: user.hsaId, outcome: 'denied', detail: { reason: 'not_a_region_user', path: c.req.path },
    });
    throw new HTTPException(404);
  }
  return user;
}

const page = (c: Context<AppEnv>, title: string, body: Child, status: 200 | 400 = 200, heading?: string | false) =>
  renderPage(c, { title, active: BASE, status, heading: heading ?? title }, body);

export const adminFeature = feature('/admin', (r) => {
  r.get('/', 'admin', (c) => c.redirect(BASE, 302));

  r.get('/anvandare', 'admin', async (c) => {
    const me = c.var.user!;
    const q = listQuery(c);
    const users = filterAndSort(await listUsers(c.var.deps.sql, me.orgNumber, 'user'), q);
    await logRequest(c, {
      action: 'view', objectType: 'user_list', objectId: me.orgNumber,
      detail: { count: users.length, search: q.sok || undefined, service: q.etjanst || undefined, permission: q.behorighet || undefined },
    });
    return page(c, 'Användare', <ListPage users={users} q={q} notice={NOTICES[c.req.query('meddelande') ?? '']} />);
  });

  r.get('/anvandare/ny', 'admin', (c) => page(c, 'Lägg till användare', (
    <UserForm c={c} action={`${BASE}/ny`} values={{}} errors={{}} withHsaId submit="Spara" cancelHref={BASE} />
  )));

  r.post('/anvandare/ny', 'admin', async (c) => {
    const me = c.var.user!;
    const { sql } = c.var.deps;
    const values = stringFields(await c.req.parseBody(), PERSON_FIELDS);
    const parsed = parseWith(newUserSchema, values);
    let errors: FieldErrors = parsed.ok ? {} : parsed.errors;
    if (parsed.ok) {
      const problem = await hsaIdProblem(sql, parsed.data.hsaId, { orgNumber: me.orgNumber, name: me.orgName }, 'user');
      if (problem) errors = { hsaId: problem };
      else {
        try {
          const id = await insertUser(sql, me.orgNumber, 'user', parsed.data);
          await logRequest(c, {
            action: 'create', objectType: 'user', objectId: parsed.data.hsaId,
            detail: { givenName: parsed.data.givenName, familyName: parsed.data.familyName, email: parsed.data.email },
          });
          return c.redirect(`${BASE}/${id}?meddelande=skapad`, 303);
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
          errors = { hsaId: `Det finns redan en användare med HSA-id ${parsed.data.hsaId}.` };
        }
      }
    }
    await logRequest(c, { action: 'create', objectType: 'user', objectId: null, outcome: 'failed', detail: { fields: Object.keys(errors) } });
    return page(c, 'Lägg till användare', (
      <UserForm c={c} action={`${BASE}/ny`} values={values} errors={errors} withHsaId submit="Spara" cancelHref={BASE} />
    ), 400);
  });

  r.get('/anvandare/:id{[0-9]+}', 'admin', async (c) => {
    const user = await regionUser(c);
    await logRequest(c, { action: 'view', objectType: 'user', objectId: user.hsaId });
    return page(c, 'Användaruppgifter', <UserView user={user} notice={NOTICES[c.req.query('meddelande') ?? '']} />, 200, false);
  });

  r.get('/anvandare/:id{[0-9]+}/andra', 'admin', async (c) => {
    const user = await regionUser(c);
    await logRequest(c, { action: 'view', objectType: 'user', objectId: user.hsaId, detail: { page: 'andra' } });
    const values = { givenName: user.givenName, familyName: user.familyName, email: user.email };
    return page(c, 'Ändra användare', (
      <>
        <p>HSA-id: {user.hsaId}</p>
        <UserForm c={c} action={`${BASE}/${user.id}/andra`} values={values} errors={{}} withHsaId={false} submit="Spara" cancelHref={`${BASE}/${user.id}`} />
      </>
    ));
  });

  r.post('/anvandare/:id{[0-9]+}/andra', 'admin', async (c) => {
    const user = await regionUser(c);
    const values = stringFields(await c.req.parseBody(), PERSON_FIELDS);
    const parsed = parseWith(editUserSchema, values);
    if (parsed.ok) {
      await updateUserDetails(c.var.deps.sql, user.id, parsed.data);
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
    return page(c, 'Ändra användare', (
      <>
        <p>HSA-id: {user.hsaId}</p>
        <UserForm c={c} action={`${BASE}/${user.id}/andra`} values={values} errors={parsed.errors} withHsaId={false} submit="Spara" cancelHref={`${BASE}/${user.id}`} />
      </>
    ), 400);
  });

  r.get('/anvandare/:id{[0-9]+}/behorigheter', 'admin', async (c) => {
    const user = await regionUser(c);
    await logRequest(c, { action: 'view', objectType: 'user', objectId: user.hsaId, detail: { page: 'behorigheter' } });
    const chosen = c.req.query('etjanst');
    const service = SERVICES.find((s) => s === chosen) ?? null;
    return page(c, 'Ändra och lägg till behörigheter', <PermissionsForm c={c} user={user} service={service} chosen={user.permissions} />, 200, false);
  });

  r.post('/anvandare/:id{[0-9]+}/behorigheter', 'admin', async (c) => {
    const user = await regionUser(c);
    const body = await c.req.parseBody({ all: true });
    const service = SERVICES.find((s) => s === stringFields(body, ['etjanst']).etjanst) ?? null;
    const raw = body.behorighet;
    const ticked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => (typeof v === 'string' ? v : ''));
    const unknown = ticked.filter((p) => !(REGION_PERMISSIONS as readonly string[]).includes(p));
    if (!service || unknown.length) {
      await logRequest(c, { action: 'update', objectType: 'user_permissions', objectId: user.hsaId, outcome: 'failed', detail: { reason: 'invalid_choice' } });
      const error = service ? 'Välj bland behörigheterna i listan.' : 'Välj en e-tjänst.';
      return page(c, 'Ändra och lägg till behörigheter', (
        <PermissionsForm c={c} user={user} service={service ?? SERVICES[0]} chosen={user.permissions} error={error} />
      ), 400, false);
    }
    const permissions = REGION_PERMISSIONS.filter((p) => ticked.includes(p));
    await setPermissions(c.var.deps.sql, user.id, service, permissions);
    await logRequest(c, {
      action: 'update', objectType: 'user_permissions', objectId: user.hsaId,
      detail: { service, before: user.permissions, after: permissions },
    });
    return c.redirect(`${BASE}/${user.id}?meddelande=behorigheter`, 303);
  });

  r.get('/anvandare/:id{[0-9]+}/ta-bort', 'admin', async (c) => {
    const user = await regionUser(c);
    await logRequest(c, { action: 'view', objectType: 'user', objectId: user.hsaId, detail: { page: 'ta-bort' } });
    return page(c, 'Ta bort användare', <DeleteConfirmation c={c} user={user} />, 200, false);
  });

  r.post('/anvandare/:id{[0-9]+}/ta-bort', 'admin', async (c) => {
    const user = await regionUser(c);
    await deleteUser(c.var.deps.sql, user.id);
    await logRequest(c, {
      action: 'delete', objectType: 'user', objectId: user.hsaId,
      detail: { givenName: user.givenName, familyName: user.familyName, permissions: user.permissions },
    });
    return c.redirect(`${BASE}?meddelande=borttagen`, 303);
  });
});
