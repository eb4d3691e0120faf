/**
 * The page frame every page shares: header with the organisation, the logged-in person and
 * "Logga ut"; tabs by permission and role; skip link and landmarks; FKUI CSS and htmx (with the
 * request's CSP nonce). Pages are pure functions of their props; `renderPage` fills the props
 * from the request and answers only the content to htmx requests (the partial is written once).
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv, SessionUser } from './deps.js';
import { allows, type Requirement } from './routes.js';
import { CSRF_FIELD } from './security.js';
import { COMPENSATION_SERVICE, E_SERVICE_HOME, REGION_SERVICE, UNACCOMPANIED_PERMISSION, UNACCOMPANIED_SERVICE, type EService } from '../domain/e-services.js';

export const APP_NAME = 'Melker';
/** The regions' e-tjänst (its name from the manual, SPEC-KOMMUNER §10). */
export const SERVICE_NAME = REGION_SERVICE;
export const ADMIN_SERVICE_NAME = 'Administrera behörigheter för e-tjänster';

/** `service`: the e-tjänst the tab belongs to (tabs without one are a staff role's). */
export type NavItem = { href: string; label: string; permission: Requirement; service?: EService };
/** The tabs, in order; a user sees those they are allowed to open. The first is their start page. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/lista', label: 'Asylsökande m.fl. i länet', permission: 'Se asylsökande m.fl. i länet', service: REGION_SERVICE },
  { href: '/ansokan', label: 'Ansökan om ersättning', permission: ['Skapa ny ansökan om ersättning', 'Skicka in ansökan om ersättning'], service: REGION_SERVICE },
  { href: '/ensamkommande', label: 'Ensamkommande barn och unga', permission: UNACCOMPANIED_PERMISSION, service: UNACCOMPANIED_SERVICE },
  { href: '/statlig-ersattning', label: 'Ansökningar om ersättning', permission: `e-tjänst:${COMPENSATION_SERVICE}`, service: COMPENSATION_SERVICE },
  { href: '/admin/anvandare', label: 'Användare', permission: 'admin' },
  { href: '/handlaggning', label: 'Ansökningar', permission: 'officer' },
  { href: '/regler', label: 'Regler', permission: 'rule_maintainer' },
  { href: '/mv-admin/regioner', label: 'Regioner', permission: 'sysadmin' },
  { href: '/mv-admin/kommuner', label: 'Kommuner', permission: 'sysadmin' },
  { href: '/mv-admin/inlasning', label: 'Inläsning av personer', permission: 'sysadmin' },
  { href: '/mv-admin/installningar', label: 'Inställningar', permission: 'sysadmin' },
  { href: '/mv-admin/atkomstlogg', label: 'Åtkomstlogg', permission: 'sysadmin' },
];

export function navFor(user: SessionUser | null): NavItem[] {
  return user ? NAV_ITEMS.filter((item) => allows(user, item.permission)) : [];
}

/** The e-tjänst a path belongs to (by its tabs' prefixes), or null for staff and shared pages. */
export function serviceOfPath(path: string): EService | null {
  const item = NAV_ITEMS.find((i) => i.service && (path === i.href || path.startsWith(`${i.href}/`)));
  return item?.service ?? null;
}

/** What the header names after "Melker –": the e-tjänst, the administration, or nothing. */
function headerService(user: SessionUser | null, service: EService | null): string | null {
  if (service) return service;
  if (user?.role === 'admin') return ADMIN_SERVICE_NAME;
  if (user?.orgKind === 'migrationsverket') return null;
  return user?.services.length === 1 ? user.services[0]! : null;
}

/** The hidden CSRF field every POST form must contain. */
export function CsrfField({ token }: { token: string | null | undefined }) {
  return <input type="hidden" name={CSRF_FIELD} value={token ?? ''} />;
}

export type LayoutProps = {
  title: string;
  user: SessionUser | null;
  csrf: string | null;
  nonce: string | undefined;
  /** href of the current tab (marked aria-current). */
  active?: string | undefined;
  /** The page's h1; defaults to the title; false when the children bring their own. */
  heading?: string | false | undefined;
  /** The tabs to show; default: all the user may open. */
  nav?: readonly NavItem[];
  /** The e-tjänst of the page (its tabs are shown, the header names it). */
  service?: EService | null;
  children?: Child;
};

export function Layout({ title, user, csrf, nonce, active, heading, nav = navFor(user), service = null, children }: LayoutProps) {
  const h1 = heading === undefined ? title : heading;
  // A user of several e-tjänster sees the tabs of the one they are in, and a switch to the others.
  const current = service ?? nav.find((i) => i.service)?.service ?? null;
  const tabs = nav.filter((i) => !i.service || i.service === current);
  const switchable = user && user.role === 'user' && user.services.length > 1 ? user.services : [];
  const named = headerService(user, service ?? (switchable.length ? current : null));
  return (
    <html lang="sv">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"selfRequestsOnly":true,"historyCacheSize":0,"refreshOnHistoryMiss":true}' />
        <title>{`${title} – ${APP_NAME}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/static/fkui.css" />
        <link rel="stylesheet" href="/static/melker.css" />
        <script src="/static/htmx.min.js" nonce={nonce} defer></script>
      </head>
      <body hx-headers={csrf ? JSON.stringify({ 'X-CSRF-Token': csrf }) : undefined}>
        <a class="skip-link" href="#main">Till huvudinnehållet</a>
        <header class="page-header">
          <p class="page-header__app-name">
            <a href="/">{APP_NAME}</a>{named && <span class="page-header__service"> – {named}</span>}
          </p>
          {user && (
            <div class="page-header__right">
              <p class="who page-header__right-slot">
                <span class="who__org">{user.orgName}</span>
                <span class="who__name">Inloggad: {user.givenName} {user.familyName}</span>
              </p>
              <form class="logout-form" method="post" action="/auth/logout">
                <CsrfField token={csrf} />
                <button type="submit" class="logout-button">Logga ut</button>
              </form>
            </div>
          )}
        </header>
        {switchable.length > 0 && (
          <nav class="service-switch" aria-label="E-tjänster">
            <ul class="service-switch__list">
              {switchable.map((s) => (
                <li><a href={E_SERVICE_HOME[s]} aria-current={s === current ? 'page' : undefined}>{s}</a></li>
              ))}
            </ul>
          </nav>
        )}
        {tabs.length > 0 && (
          <nav class="imenu imenu--horizontal" aria-label="Huvudmeny">
            <ul class="imenu__list">
              {tabs.map((item) => (
                <li class={`imenu__list__item${item.href === active ? ' imenu__list__item--highlight' : ''}`}>
                  <div class="imenu__list__anchor-container">
                    <a class="imenu__list__anchor" href={item.href} aria-current={item.href === active ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </div>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main id="main" class="melker-main" tabindex={-1}>
          {h1 !== false && <h1>{h1}</h1>}
          {children}
        </main>
        <footer class="melker-footer">
          <p>{APP_NAME} – e-tjänster för regioner, kommuner och Migrationsverket. All persondata i demon är påhittad.</p>
        </footer>
      </body>
    </html>
  );
}

export type PageOptions = Omit<LayoutProps, 'user' | 'csrf' | 'nonce' | 'nav' | 'children' | 'service'> & { status?: ContentfulStatusCode };

/** The user's tabs whose page exists in the route table (so a tab never leads to a 404). */
export function tabsFor(c: Context<AppEnv>): NavItem[] {
  const user = c.var.user ?? null;
  return navFor(user).filter((item) => c.var.routeExists?.('GET', item.href) ?? true);
}

/** Props of the layout taken from the request. */
export function layoutProps(c: Context<AppEnv>) {
  return {
    user: c.var.user ?? null, csrf: c.var.session?.csrfToken ?? null, nonce: c.var.secureHeadersNonce, nav: tabsFor(c),
    service: serviceOfPath(c.req.path),
  };
}

/** Whether this is an htmx request for a fragment (boosted navigations and history restores get the whole page). */
export function isFragmentRequest(c: Context<AppEnv>): boolean {
  return c.req.header('HX-Request') === 'true' && c.req.header('HX-Boosted') !== 'true'
    && c.req.header('HX-History-Restore-Request') !== 'true';
}

/** Renders `children` in the layout; an htmx request gets the children alone. */
export function renderPage(c: Context<AppEnv>, opts: PageOptions, children: Child) {
  const { status = 200, ...props } = opts;
  if (isFragmentRequest(c)) return c.html(<>{children}</>, status);
  return c.html(<>{raw('<!DOCTYPE html>')}<Layout {...props} {...layoutProps(c)}>{children}</Layout></>, status);
}

const ERROR_TEXTS: Record<number, { title: string; text: string }> = {
  400: { title: 'Felaktig begäran', text: 'Uppgifterna kunde inte tas emot. Kontrollera dem och försök igen.' },
  401: { title: 'Du är inte inloggad', text: 'Logga in med ditt SITHS-kort för att fortsätta.' },
  403: { title: 'Du saknar behörighet', text: 'Du har inte behörighet till den här sidan eller åtgärden. Kontakta din administratör om du behöver den.' },
  404: { title: 'Sidan finns inte', text: 'Sidan eller uppgiften du söker finns inte, eller så har du inte tillgång till den.' },
  405: { title: 'Åtgärden stöds inte', text: 'Åtgärden kan inte utföras på den här sidan.' },
  413: { title: 'För mycket data', text: 'Det du skickade var för stort.' },
  429: { title: 'För många försök', text: 'Det har gjorts för många försök på kort tid. Vänta en minut och försök igen.' },
  500: { title: 'Ett tekniskt fel inträffade', text: 'Försök igen om en stund. Om felet kvarstår, kontakta teknisk support och ange referensen nedan.' },
};

/** Swedish error page (or fragment for htmx) for a status; `message` replaces the standard text. */
export function renderError(c: Context<AppEnv>, status: ContentfulStatusCode, message?: string, reference?: string) {
  const known = ERROR_TEXTS[status] ?? (status >= 500 ? ERROR_TEXTS[500]! : ERROR_TEXTS[400]!);
  const body = (
    <div class="message-box message-box--error" role="alert">
      <p>{message || known.text}</p>
      {status === 401 && <p><a href="/auth/login">Logga in med SITHS-kort</a></p>}
      {reference && <p>Teknisk referens: <span class="reference">{reference}</span></p>}
      {status !== 401 && !isFragmentRequest(c) && <p><a href="/">Till startsidan</a></p>}
    </div>
  );
  return renderPage(c, { title: known.title, status }, body);
}
