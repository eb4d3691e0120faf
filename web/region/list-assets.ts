/**
 * The list tab's own stylesheet and script, served by the list feature (CSP: 'self' + nonce; no
 * inline styles or handlers). The script only enhances: the page works without it.
 */

export const LIST_CSS = `
.lista-filter { display: flex; flex-wrap: wrap; gap: 0 2rem; align-items: flex-start; margin: 1rem 0; }
.lista-filter .fieldset { margin: 0 0 1rem; border: 0; padding: 0; }
.lista-filter .checkbox-group__content { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 0.25rem 1.5rem; }
.lista-filter .checkbox { margin: 0; }
.lista-filter .fieldset { flex: 1 1 100%; }
.lista-filter__search { min-width: 18rem; }
.lista-filter__buttons { display: flex; gap: 1rem; align-items: center; margin-bottom: 1rem; }
.lista-exports { display: flex; gap: 1.5rem; margin: 0.5rem 0 1rem; }
.lista-scroll { overflow-x: auto; }
.lista-table { font-size: 0.875rem; border-collapse: collapse; width: 100%; }
.lista-table th, .lista-table td { padding: 0.375rem 0.5rem; text-align: left; vertical-align: top; border-bottom: 1px solid #d6d6d6; }
.lista-table tbody > tr:first-child > * { white-space: nowrap; }
.lista-table thead th { background: #f1f1f1; vertical-align: bottom; }
.lista-table tbody.person--open > tr:first-child td { background: #eef5ff; }
.lista-sort, .lista-sort:visited { color: #1b1e23; text-decoration: none; }
.lista-sort:hover, .lista-sort:focus-visible { text-decoration: underline; }
.lista-sort__arrow { font-size: 0.7rem; margin-left: 0.25rem; white-space: nowrap; }
.lista-tooltip { position: relative; display: inline-block; }
.lista-tooltip__text { display: none; position: absolute; z-index: 10; top: 100%; left: 0; width: 18rem;
  margin-top: 0.25rem; padding: 0.5rem 0.75rem; background: #1b1e23; color: #fff; border-radius: 4px;
  font-weight: 400; white-space: normal; line-height: 1.4; }
.lista-tooltip:hover .lista-tooltip__text, .lista-tooltip:focus-within .lista-tooltip__text { display: block; }
.lista-tooltip.lista-tooltip--dismissed .lista-tooltip__text { display: none; }
.lista-count { font-weight: 600; margin: 0.5rem 0; }
.lista-pager { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin-top: 1rem; }
.lista-pager ul { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; margin: 0; padding: 0; }
.lista-pager a[aria-current="page"] { font-weight: 700; text-decoration: none; color: #1b1e23; }
.lista-actions td { background: #f7fafd; }
.lista-action-forms { display: flex; flex-wrap: wrap; gap: 1rem 2.5rem; align-items: flex-start; padding: 0.5rem 0; }
.lista-action-forms form { margin: 0; max-width: 24rem; }
.lista-action-forms .text-field { margin-bottom: 0.5rem; }
.lista-refusal { max-width: 40rem; }
.lista-refusal p { margin: 0 0 0.5rem; }
.lista-button-row { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
.lista-message:focus { outline: 3px solid #0b57d0; outline-offset: 2px; }
.lista-person-link { white-space: nowrap; }
`;

export const LIST_JS = `
(function () {
  // The tooltip of "Omf. LMA / förvar fr.o.m.": Escape hides it until focus and pointer leave.
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    document.querySelectorAll('.lista-tooltip').forEach(function (t) { t.classList.add('lista-tooltip--dismissed'); });
  });
  function reset(e) {
    var t = e.target && e.target.closest ? e.target.closest('.lista-tooltip') : null;
    if (t && !(e.relatedTarget && t.contains(e.relatedTarget))) t.classList.remove('lista-tooltip--dismissed');
  }
  document.addEventListener('focusout', reset);
  document.addEventListener('mouseout', reset);
  // Refusals and bad input answer 400 with the Swedish message beside the field: show them.
  document.addEventListener('htmx:beforeSwap', function (e) {
    var status = e.detail.xhr.status;
    if ((status === 400 || status === 409) && e.detail.elt.closest('[data-lista]')) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
})();
`;
