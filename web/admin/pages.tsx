/**
 * The administrator's pages for a region or a kommun (seed 002, chapters 5–9): the user list with
 * filters, search and sorting; the user view with Aktuella behörigheter per e-tjänst; the
 * permissions form (choose the e-tjänst, tick, Klar); the removal's confirmation. Pure functions of
 * their props: the e-tjänster and permissions they offer are passed in, read from data.
 */
import type { CatalogueEntry } from '../../services/catalogue.js';
import { CsrfField } from '../layout.js';
import { assetUrl } from '../static.js';
import { BackLink, Notice, Select, TextField } from '../components/form.js';
import { UserForm, type UserFormProps } from '../components/user-form.js';
import { COLUMNS, type Column } from './columns.js';
import type { UserRow } from './data.js';
import { BASE, listHref, type ListQuery } from './forms.js';

const NOTICES: Record<string, string> = {
  skapad: 'Användaren är sparad. Användaren har ännu inga behörigheter: lägg till dem med Ändra och lägg till behörigheter.',
  andrad: 'Användaruppgifterna är sparade.',
  behorigheter: 'Behörigheterna är sparade. De gäller från användarens nästa sidvisning.',
  borttagen: 'Användaren är borttagen.',
};
/** The confirmation of `?meddelande=`, if it names one. */
export const noticeOf = (key: string | undefined) => NOTICES[key ?? ''];

const STYLESHEET = assetUrl('admin.css');

const hsaIdHelp = (orgNumber: string) =>
  `Finns på användarens SITHS-kort, till exempel SE${orgNumber.replace(/\D/g, '')}-ABC123. Inte kortets nummer.`;

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

function UserTable({ users, q, orgName }: { users: UserRow[]; q: ListQuery; orgName: string }) {
  return (
    <div id="anvandarlista">
      <p role="status" class="result-count">{users.length === 1 ? '1 användare' : `${users.length} användare`}</p>
      {users.length === 0 ? (
        <p>Inga användare matchar sökningen.</p>
      ) : (
        <div class="table-scroll">
          <table class="table table--striped admin-table">
            <caption class="sr-only">Användare i {orgName}</caption>
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
                  <td class="table__column">
                    {u.services.length > 0 && <ul class="plain-list">{u.services.map((s) => <li>{s}</li>)}</ul>}
                  </td>
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

export type ListPageProps = {
  users: UserRow[]; q: ListQuery; notice: string | undefined; orgName: string;
  /** the e-tjänster with an active avtal, and the permissions of the chosen one (of all when none is) */
  services: readonly string[]; permissions: readonly string[];
};

/**
 * Användare. With JS, a change of the e-tjänst swaps the permission select too (out of band, so
 * it always offers what the server parsed); without JS, Sök does the same by reloading.
 */
export function ListPage({ users, q, notice, orgName, services, permissions }: ListPageProps) {
  return (
    <>
      <link rel="stylesheet" href={STYLESHEET} />
      <Notice text={notice} />
      <p><a class="button button--primary button--medium button-link" href={`${BASE}/ny`}>Lägg till användare</a></p>
      <form
        class="admin-filters" method="get" action={BASE} role="search" aria-label="Filtrera och sök användare"
        hx-get={BASE} hx-target="#anvandarlista" hx-select="#anvandarlista" hx-swap="outerHTML" hx-push-url="true"
        hx-trigger="input changed delay:300ms from:#sok, change, submit" hx-select-oob="#behorighet"
      >
        <Select id="etjanst" label="Filtrera e-tjänster" value={q.etjanst} all="Alla e-tjänster" options={services} />
        <Select id="behorighet" label="Filtrera behörigheter" value={q.behorighet} all="Alla behörigheter" options={permissions} />
        <TextField name="sok" label="Sök" type="search" value={q.sok} required={false} maxLength={200}
          description="Söker i alla kolumner, på valfria tecken." />
        <input type="hidden" name="sortera" value={q.sortera} />
        <input type="hidden" name="ordning" value={q.ordning} />
        <button type="submit" class="button button--secondary button--medium">Sök</button>
      </form>
      <UserTable users={users} q={q} orgName={orgName} />
    </>
  );
}

type FormPageProps = Pick<UserFormProps, 'csrf' | 'values' | 'errors'>;

/** Lägg till användare: the HSA-id's example carries the administrator's organisation number. */
export function NewUserPage({ csrf, values, errors, orgNumber }: FormPageProps & { orgNumber: string }) {
  return <UserForm csrf={csrf} action={`${BASE}/ny`} values={values} errors={errors} hsaIdHelp={hsaIdHelp(orgNumber)} cancelHref={BASE} />;
}

/** Ändra användare: the HSA-id is shown, not changed. */
export function EditUserPage({ csrf, user, values, errors }: FormPageProps & { user: UserRow }) {
  return (
    <>
      <p>HSA-id: {user.hsaId}</p>
      <UserForm csrf={csrf} action={`${BASE}/${user.id}/andra`} values={values} errors={errors} cancelHref={`${BASE}/${user.id}`} />
    </>
  );
}

function PermissionList({ user }: { user: UserRow }) {
  if (!user.permissions.length) return <p>Användaren har inga behörigheter ännu.</p>;
  return (
    <>
      {user.services.map((service) => (
        <>
          <h3>{service}</h3>
          <ul>{user.grants.filter((g) => g.service === service).map((g) => <li>{g.permission}</li>)}</ul>
        </>
      ))}
    </>
  );
}

export function UserView({ user, notice }: { user: UserRow; notice: string | undefined }) {
  return (
    <>
      <BackLink href={BASE} text="Tillbaka till användare" />
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

export type PermissionsFormProps = {
  csrf: string | undefined; user: UserRow;
  /** the e-tjänster with an active avtal, one button each */
  services: readonly string[];
  service: string | null;
  /** the chosen e-tjänst's permissions that may be granted today, and those the user holds */
  entries: readonly CatalogueEntry[];
  chosen: readonly string[];
  error?: string | undefined;
};

function PermissionBox({ entry, i, checked }: { entry: CatalogueEntry; i: number; checked: boolean }) {
  const id = `behorighet-${i}`;
  return (
    <div class="checkbox">
      <input class="checkbox__input" type="checkbox" id={id} name="behorighet" value={entry.permission} checked={checked}
        aria-describedby={entry.grantable ? undefined : `${id}-upphord`} />
      <label class="checkbox__label" for={id}>
        {entry.permission}
        {!entry.grantable && (
          <span class="label__description" id={`${id}-upphord`}>
            {` Upphörde ${entry.validTo ?? ''}. Användaren behåller den tills du tar bort den, men den kan inte ges på nytt.`}
          </span>
        )}
      </label>
    </div>
  );
}

export function PermissionsForm({ csrf, user, services, service, entries, chosen, error }: PermissionsFormProps) {
  return (
    <>
      <BackLink href={`${BASE}/${user.id}`} text={`Tillbaka till ${user.givenName} ${user.familyName}`} />
      <h1>Ändra och lägg till behörigheter</h1>
      <p>Användare: {user.givenName} {user.familyName} ({user.hsaId})</p>
      <h2>Välj e-tjänst</h2>
      {services.length > 1 && <p>Lägg till behörigheter för en e-tjänst i taget: välj e-tjänsten, markera behörigheterna och klicka på Klar.</p>}
      {error && !service && <div class="message-box message-box--error" role="alert" id="behorighet-fel"><p>{error}</p></div>}
      <ul class="plain-list service-choice">
        {services.map((s) => (
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
          <CsrfField token={csrf} />
          <input type="hidden" name="etjanst" value={service} />
          {error && <div class="message-box message-box--error" role="alert" id="behorighet-fel"><p>{error}</p></div>}
          <fieldset class="fieldset" aria-describedby={error ? 'behorighet-fel' : undefined}>
            <legend class="fieldset__label">Behörigheter i {service}</legend>
            <div class="fieldset__content">
              {entries.length === 0 && <p>Det finns inga behörigheter att ge i e-tjänsten i dag.</p>}
              {entries.map((entry, i) => <PermissionBox entry={entry} i={i} checked={chosen.includes(entry.permission)} />)}
            </div>
          </fieldset>
          <button type="submit" class="button button--primary button--medium">Klar</button>
        </form>
      )}
    </>
  );
}

export function DeleteConfirmation({ csrf, user }: { csrf: string | undefined; user: UserRow }) {
  return (
    <>
      <h1>Ta bort användare</h1>
      <div class="message-box message-box--warning confirm-box">
        <p id="bekrafta-fraga" class="confirm-question">Är du säker på att du vill ta bort denna användare?</p>
        <p id="bekrafta-vem">{user.givenName} {user.familyName}, {user.hsaId}</p>
        <form method="post" action={`${BASE}/${user.id}/ta-bort`} class="button-group">
          <CsrfField token={csrf} />
          <button type="submit" class="button button--primary button--medium button-group__item">OK</button>
          <a class="button button--secondary button--medium button-group__item button-link" href={`${BASE}/${user.id}`}>Avbryt</a>
        </form>
      </div>
    </>
  );
}
