/**
 * Self-hosted static files: htmx and the FKUI design system straight from node_modules (no CDN,
 * so the CSP can stay 'self'), plus Melker's own small stylesheet.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from './routes.js';
import { DECISION_CSS } from './region/decision-document.js';

const require = createRequire(import.meta.url);

/** Additions to FKUI: skip link, header, tabs, focus, htmx indicator (htmx's own inline style is off). */
const MELKER_CSS = `
:root { --melker-green: #116a3e; --melker-text: #1b1e23; --f-font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; }
body { font-family: var(--f-font-family); line-height: 1.5; }
body { margin: 0; color: var(--melker-text); background: #fff; }
.skip-link { position: absolute; left: 1rem; top: -4rem; z-index: 100; padding: 0.5rem 1rem;
  background: #fff; color: var(--melker-green); border: 2px solid var(--melker-green); font-weight: 600; }
.skip-link:focus { top: 1rem; }
:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.page-header { flex-wrap: wrap; gap: 0.5rem; padding-right: 1rem; }
.page-header a { color: #fff; }
.page-header__app-name a { color: #fff; text-decoration: none; }
.page-header__right { gap: 1rem; flex-wrap: wrap; }
.who { display: flex; flex-direction: column; text-align: right; line-height: 1.3; }
.who__org { font-weight: 600; }
.logout-form { margin: 0; }
.logout-button { background: #fff; color: var(--melker-green); border: 2px solid #fff; border-radius: 4px;
  padding: 0.375rem 1rem; font: inherit; font-weight: 600; cursor: pointer; }
.logout-button:hover { background: #e7f0eb; }
.logout-button:focus-visible { outline: 3px solid #fff; outline-offset: 2px; }
.imenu__list__anchor { text-decoration: none; }
/* One link style for every page (FKUI's anchor colour): always underlined, so a link in running text
   is told apart by more than its colour (WCAG 1.4.1, axe link-in-text-block). Low specificity on
   purpose: components with their own link style (buttons, tabs, sort headers) keep it. */
:where(.melker-main, .melker-footer) a:where(:not(.button, .button-link, .imenu__list__anchor)) {
  color: #3c44a6; text-decoration: underline; text-decoration-thickness: 1px; text-underline-offset: 0.2em; }
:where(.melker-main, .melker-footer) a:where(:not(.button, .button-link, .imenu__list__anchor)):hover { text-decoration-thickness: 2px; }
.imenu__list__item a:focus-visible { outline: 3px solid #0b57d0; }
.melker-main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
.melker-main:focus { outline: none; }
.melker-footer { border-top: 1px solid #ccc; padding: 1rem; font-size: 0.875rem; color: #4a4a4a; text-align: center; }
.login-start { max-width: 40rem; }
.button-link { display: inline-block; text-decoration: none; }
.reference { font-family: Consolas, "Liberation Mono", monospace; font-weight: 600; }
.bilingual { border-top: 1px solid #ccc; margin-top: 2rem; padding-top: 1rem; }
.htmx-indicator { opacity: 0; transition: opacity 200ms ease-in; }
.htmx-request .htmx-indicator, .htmx-request.htmx-indicator { opacity: 1; }
.sort-link, .sort-link:visited { color: inherit; text-decoration: none; display: inline-flex; gap: 0.35rem; align-items: center; }
.sort-link:hover { text-decoration: underline; }
.sort-link__arrow { font-size: 0.7rem; }
.table-scroll { overflow-x: auto; }
.plain-list { list-style: none; margin: 0; padding: 0; }
.admin-filters { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: flex-end; margin: 1rem 0; }
.admin-filters > * { margin-bottom: 1rem; }
.admin-filters > .text-field, .admin-filters > .select-field { flex: 0 1 17rem; min-width: 12rem; }
.admin-table .nowrap { white-space: nowrap; }
.admin-form { max-width: 32rem; }
.back-link { font-weight: 600; }
.details-list { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1.5rem; }
.details-list dt { font-weight: 600; }
.details-list dd { margin: 0; }
.confirm-question { font-weight: 600; font-size: 1.125rem; }
.inline-form { display: inline; margin: 0; }
.log-detail { font-size: 0.8rem; word-break: break-word; max-width: 28rem; }
.pager { display: flex; gap: 1.5rem; margin-top: 1rem; }
@media print { .page-header__right, nav, .skip-link, .melker-footer { display: none; } }
`;

const FILES: Record<string, { resolve: () => string | Buffer; type: string }> = {
  'htmx.min.js': { resolve: () => readFileSync(require.resolve('htmx.org/dist/htmx.min.js')), type: 'text/javascript; charset=utf-8' },
  'fkui.css': { resolve: () => readFileSync(require.resolve('@fkui/design/lib/fkui.min.css')), type: 'text/css; charset=utf-8' },
  'melker.css': { resolve: () => MELKER_CSS + DECISION_CSS, type: 'text/css; charset=utf-8' },
};
const cache = new Map<string, string | Buffer>();

export const staticFiles = feature('/static', (r) => {
  r.get('/:file', 'public', (c) => {
    const name = c.req.param('file');
    const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (!file) return c.notFound();
    let body = cache.get(name);
    if (body === undefined) cache.set(name, (body = file.resolve()));
    return c.body(typeof body === 'string' ? body : new Uint8Array(body), 200, {
      'Content-Type': file.type,
      'Cache-Control': 'public, max-age=3600',
    });
  });
});
