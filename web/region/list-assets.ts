/**
 * The list tab's own stylesheet and script, served by the list feature (CSP: 'self' + nonce; no
 * inline styles or handlers). The script only enhances: the page works without it.
 */

export const LIST_CSS = `
.melker-main:has(> [data-lista]) { max-width: 96rem; }
.lista-skip { margin: 0 0 0.25rem; font-size: 0.875rem; }
.lista-info { background-color: #e6f1fb; border: 1px solid #8bb8e0; border-left: 0.5rem solid #1f6fb2; border-radius: 2px;
  padding: 0.75rem 1rem; margin: 1rem 0; }
.lista-info p { margin: 0 0 0.5rem; max-width: 75ch; }
.lista-info p:last-child { margin-bottom: 0; }
.lista-info .message-box__heading { font-size: 1rem; margin: 0 0 0.25rem; }
.lista-filter { margin: 1rem 0; }
.lista-filter__row { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: flex-end; }
.lista-filter__search { flex: 0 1 34rem; min-width: 16rem; margin-bottom: 0.5rem; }
.lista-filter__buttons { display: flex; gap: 1rem; align-items: center; margin-bottom: 0.5rem; }
.lista-filter__more { margin: 0.5rem 0 0; border: 1px solid #c4c4c4; border-radius: 4px; }
.lista-filter__more > summary { cursor: pointer; padding: 0.5rem 0.75rem; font-weight: 600; }
.lista-filter__more[open] > summary { border-bottom: 1px solid #c4c4c4; }
.lista-filter__count { font-weight: 400; }
.lista-filter__groups { display: flex; flex-wrap: wrap; gap: 0.5rem 3rem; padding: 0.75rem; }
.lista-filter .fieldset { margin: 0; border: 0; padding: 0; min-width: 0; }
.lista-filter__groups > .fieldset { flex: 0 1 auto; width: auto; }
.lista-filter .checkbox-group__content { display: grid; grid-template-columns: repeat(2, minmax(9rem, max-content)); gap: 0 1.5rem; }
.lista-filter .lista-filter__types .checkbox-group__content { grid-template-columns: max-content; }
.lista-filter .checkbox { margin: 0; }
.lista-results__bar { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: baseline; margin-top: 1.5rem; }
.lista-results__bar h2 { margin: 0; font-size: 1.25rem; }
.lista-results__bar h2:focus { outline: none; }
.lista-results__bar h2:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.lista-exports { display: flex; gap: 1.5rem; margin: 0.25rem 0 0.75rem; }
.lista-scroll { overflow-x: auto; position: relative; }
.lista-table { font-size: 0.875rem; border-collapse: collapse; width: 100%; }
.lista-table th, .lista-table td { padding: 0.375rem 0.3rem; text-align: left; vertical-align: top; border-bottom: 1px solid #d6d6d6; }
.lista-table .nowrap, .lista-table tbody th { white-space: nowrap; }
.lista-table thead th { background: #f1f1f1; vertical-align: bottom; line-height: 1.3; font-size: 0.8125rem; }
.lista-table tbody.person--open > tr:first-child > * { background: #e6f1fb; }
.lista-sort, .lista-sort:visited { color: #1b1e23; text-decoration: none; }
.lista-sort:hover .lista-sort__label, .lista-sort:focus-visible .lista-sort__label { text-decoration: underline; }
.lista-sort__arrow { font-size: 0.7rem; white-space: nowrap; }
.lista-tooltip { position: relative; display: inline-block; }
.lista-tooltip__text { display: none; position: absolute; z-index: 10; top: 100%; left: 0; width: 18rem;
  margin-top: 0.25rem; padding: 0.5rem 0.75rem; background: #1b1e23; color: #fff; border-radius: 4px;
  font-weight: 400; white-space: normal; line-height: 1.4; }
.lista-tooltip:hover .lista-tooltip__text, .lista-tooltip:focus-within .lista-tooltip__text { display: block; }
.lista-tooltip.lista-tooltip--dismissed .lista-tooltip__text { display: none; }
.lista-count { font-weight: 600; margin: 0; }
.lista-pager { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin-top: 1rem; }
.lista-pager ul { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; margin: 0; padding: 0; }
.lista-pager a[aria-current="page"] { font-weight: 700; text-decoration: none; color: #1b1e23; }
.lista-actions > td { background: #f4f8fc; padding: 0; }
/* The panel stays in the visible part of the table even when a narrow window scrolls the table sideways. */
.lista-actions__panel { position: sticky; left: 0; box-sizing: border-box; max-width: min(100%, calc(100vw - 2rem)); padding: 0.5rem 0.75rem 0.75rem; }
.lista-action-forms { display: flex; flex-wrap: wrap; gap: 1rem 2.5rem; align-items: flex-start; padding: 0.5rem 0; }
.lista-action-forms form { margin: 0; max-width: 24rem; }
.lista-action-forms .text-field { margin-bottom: 0.5rem; }
.lista-action-forms .text-field__input { max-width: 12rem; }
.lista-refusal { max-width: 48rem; margin: 0.5rem 0 1rem; }
.lista-refusal p { margin: 0 0 0.5rem; }
.lista-refusal a[href^="mailto:"] { white-space: nowrap; }
.lista-refusal__reason + .lista-refusal__reason { border-top: 1px solid #e0b4b4; padding-top: 0.5rem; }
.lista-button-row { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
.lista-message:focus { outline: 3px solid #0b57d0; outline-offset: 2px; }
.person-lead { font-size: 1.125rem; margin-top: -0.5rem; }
.person-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 30rem), 1fr)); gap: 0 3rem; align-items: start; }
.person-section h2 { font-size: 1.375rem; margin: 1.5rem 0 0.75rem; }
.person-section h3 { font-size: 1.125rem; margin: 1.25rem 0 0.5rem; }
.person-facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1.5rem; margin: 0 0 0.75rem; }
.person-facts > div { display: contents; }
.person-facts dt { font-weight: 600; }
.person-facts dd { margin: 0; overflow-wrap: anywhere; }
.person-note { font-size: 0.875rem; color: #4a4a4a; }
.person-coverage-date { font-size: 1.25rem; margin: 0; }
.person-table { border-collapse: collapse; font-size: 0.875rem; width: 100%; }
.person-table th, .person-table td { padding: 0.375rem 0.5rem; text-align: left; vertical-align: top; border-bottom: 1px solid #d6d6d6; }
.person-table thead th { background: #f1f1f1; }
.person-page .nowrap { white-space: nowrap; }
.person-actions .lista-action-forms { flex-direction: column; gap: 1rem; }
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
