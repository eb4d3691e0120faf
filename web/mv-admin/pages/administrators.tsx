/**
 * An organisation's administrators, shared by Regioner and Kommuner: the table on the
 * organisation's page, Lägg till administratör (the shared user form) and the removal's
 * confirmation, which also shows why a removal was refused (LAST_ADMIN). Pure functions of their props.
 */
import { CsrfField } from '../../layout.js';
import { BackLink, type FieldErrors, type FormValues } from '../../components/form.js';
import { UserForm } from '../../components/user-form.js';
import type { Administrator } from '../data.js';

/** The organisation the pages are about, and the path of its page. */
export type AdminOrg = { orgNumber: string; name: string; href: string; kindLabel: 'Region' | 'Kommun' };

export function AdminTable({ org, admins }: { org: AdminOrg; admins: Administrator[] }) {
  return (
    <>
      <h2>Administratörer</h2>
      {admins.length === 0 ? <p>{org.kindLabel}en har ingen administratör. Med ett aktivt avtal behövs minst en administratör.</p> : (
        <div class="table-scroll">
          <table class="table table--striped admin-table">
            <caption class="sr-only">Administratörer i {org.name}</caption>
            <thead>
              <tr class="table__row">
                <th scope="col">Förnamn</th><th scope="col">Efternamn</th><th scope="col">HSA-id</th><th scope="col">E-post</th>
                <th scope="col"><span class="sr-only">Åtgärd</span></th>
              </tr>
            </thead>
            <tbody>
              {admins.map((a) => (
                <tr class="table__row">
                  <td class="table__column">{a.givenName}</td>
                  <td class="table__column">{a.familyName}</td>
                  <td class="table__column nowrap">{a.hsaId}</td>
                  <td class="table__column">{a.email}</td>
                  <td class="table__column">
                    <a class="table__anchor" href={`${org.href}/administratorer/${a.id}/ta-bort`}>
                      Ta bort<span class="sr-only"> {a.givenName} {a.familyName}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p><a class="button button--primary button--medium button-link" href={`${org.href}/administratorer/ny`}>Lägg till administratör</a></p>
    </>
  );
}

/** Lägg till administratör: the shared user form, its HSA-id help naming the organisation's prefix. */
export function NewAdminPage({ csrf, org, values, errors }: { csrf: string | undefined; org: AdminOrg; values: FormValues; errors: FieldErrors }) {
  const prefix = `SE${org.orgNumber.replace('-', '')}-`;
  return (
    <>
      <BackLink href={org.href} text={`Tillbaka till ${org.name}`} />
      <h1>Lägg till administratör</h1>
      <p>{org.kindLabel}: {org.name} ({org.orgNumber})</p>
      <UserForm csrf={csrf} action={`${org.href}/administratorer/ny`} values={values} errors={errors}
        hsaIdHelp={`Från personens SITHS-kort; börjar med ${prefix}. Inte kortets nummer.`} cancelHref={org.href} />
    </>
  );
}

export function DeleteAdminConfirmation({ csrf, org, admin, refusal }: {
  csrf: string | undefined; org: AdminOrg; admin: Administrator; refusal?: string | undefined;
}) {
  return (
    <>
      {refusal && (
        <div class="message-box message-box--error" role="alert" id="borttagning-nekad">
          <p>{refusal}</p>
        </div>
      )}
      <div class="message-box message-box--warning confirm-box">
        <p class="confirm-question">Är du säker på att du vill ta bort denna administratör?</p>
        <p>{admin.givenName} {admin.familyName}, {admin.hsaId}, {org.name}</p>
        <form method="post" action={`${org.href}/administratorer/${admin.id}/ta-bort`} class="button-group">
          <CsrfField token={csrf} />
          <button type="submit" class="button button--primary button--medium button-group__item">OK</button>
          <a class="button button--secondary button--medium button-group__item button-link" href={org.href}>Avbryt</a>
        </form>
      </div>
    </>
  );
}
