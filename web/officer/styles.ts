/** Styles of the case officers' and rule maintainers' consoles (served by each feature). */
export const CONSOLE_CSS = `
.melker-main p a, .melker-main dd a, .melker-main td a, .melker-main li a { text-decoration: underline; }
/* The worklist's filters share a row that wraps (one row from about 1140 px); FKUI gives every field the full width. */
.officer-filter { display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: flex-end; margin-bottom: 1rem; }
.officer-filter > .text-field, .officer-filter > .select-field { flex: 1 1 10rem; width: auto; min-width: 10rem; }
.officer-filter > .text-field { flex-basis: 11rem; min-width: 11rem; }
.officer-filter > .select-field:has(#filter-quarter) { flex-basis: 9.5rem; min-width: 9.5rem; }
.officer-filter > .select-field:has(#filter-state) { flex: 2 1 27rem; min-width: min(27rem, 100%); }
.officer-filter > .button { flex: none; }
.officer-filter .button { margin-bottom: 1.5rem; }
.table-wrap { overflow-x: auto; }
.officer-decide { margin-top: 1rem; }
.why { margin: 0.75rem 0; }
.why > summary { cursor: pointer; font-weight: 600; color: #0b57d0; }
.why__body { border-left: 4px solid #4e79a7; padding: 0.25rem 0 0.25rem 1rem; margin-top: 0.5rem; }
.why__rules > li { margin-bottom: 0.5rem; }
.why__lead { font-weight: 600; margin: 0.25rem 0 0.5rem; }
.why__trace > summary { cursor: pointer; color: #0b57d0; }
.officer-item-filter .select-field { flex: 0 1 19rem; min-width: 14rem; }
.officer-item-filter .select-field:nth-of-type(2) { flex-basis: 24rem; }
.officer-filter__buttons { display: flex; gap: 1rem; align-items: center; margin-bottom: 1.5rem; }
.officer-item-filter { margin-bottom: 0; }
.officer-filter__buttons .button { margin-bottom: 0; }
.application-facts.officer-facts { display: flex; flex-wrap: wrap; gap: 0.5rem 2.5rem; margin: 0.75rem 0 1rem; }
.application-facts.officer-facts > div { display: block; }
.officer-facts dt { font-size: 0.875rem; color: #4a4a4a; }
.officer-facts dd { font-weight: 600; }
.officer-count { font-weight: 600; }
.officer-items { width: 100%; border-collapse: collapse; }
.officer-items th, .officer-items td { text-align: left; vertical-align: top; padding: 0.5rem 0.75rem; }
.table.officer-items th, .table.officer-items td { border: 0; }
.table.officer-items thead th { border-bottom: 2px solid #1b1e23; white-space: nowrap; }
.officer-items tbody.officer-item { border-bottom: 1px solid #c5c5c5; }
.officer-items tbody.officer-item > tr:first-child > * { padding-bottom: 0.125rem; }
.officer-items__more > td { padding-top: 0; }
.officer-items__more details { display: inline-block; vertical-align: top; margin: 0 2rem 0.25rem 0; }
.officer-items__more details[open] { display: block; }
.officer-items__select { width: 4.5rem; }
.officer-items__person { width: 24%; }
.officer-items__date { width: 9rem; }
.officer-items__proposal { width: 30%; }
.officer-items__checkbox { width: 1.375rem; height: 1.375rem; margin: 0.125rem 0.375rem 0 0; vertical-align: top; accent-color: #116a3e; }
.officer-items__all label { font-weight: 600; }
.officer-items__dossier { font-weight: 400; color: #4a4a4a; }
.officer-items__reasons { color: #4a4a4a; }
.officer-items__changed { font-weight: 600; }
.officer-pager { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; margin: 1rem 0; }
.officer-pager ul { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; margin: 0; padding: 0; }
.officer-pager a { display: inline-block; min-width: 2rem; padding: 0.25rem 0.5rem; text-align: center; }
.officer-pager a[aria-current="page"] { font-weight: 700; background: #1b1e23; color: #fff; text-decoration: none; border-radius: 4px; }
.officer-bulk { background: #f4f4f4; border-left: 4px solid #116a3e; padding: 0.5rem 1rem 0.75rem; margin: 0.5rem 0 1rem; }
.officer-bulk__top { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 1rem; }
.officer-bulk__heading { margin: 0.25rem 0; font-size: 1.125rem; }
.officer-bulk__selected { margin: 0 0 0.5rem; }
.officer-bulk__error { color: #a4000f; font-weight: 600; margin: 0 0 0.5rem; }
.officer-bulk__row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; margin-bottom: 0.5rem; }
.officer-bulk__row .button, .officer-bulk__other .button { margin: 0; }
.officer-bulk__other { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0.25rem 1.5rem; margin: 0; padding: 0; border: 0; }
.officer-bulk__other > legend { font-weight: 600; padding: 0; margin-bottom: 0.25rem; }
.officer-bulk__outcome, .officer-bulk__reason { margin: 0; }
.officer-bulk__radios { min-height: 2.5rem; align-items: center; }
.officer-bulk__reason { flex: 1 1 20rem; max-width: 36rem; }
.officer-bulk__reason .label__description { font-size: 0.875rem; }
/* FKUI's .table caption is 100 % wide, which makes a visually hidden caption widen the page */
.melker-main table > caption.sr-only { width: 1px; }
.officer-message { margin: 1rem 0; scroll-margin-top: 1rem; }
.officer-message p:last-child { margin-bottom: 0; }
.rule-conditions { margin: 0.25rem 0; }
.rule-yes { color: #116a3e; }
.rule-no { color: #a4000f; }
.timeline { margin-top: 2rem; }
.timeline__table td { vertical-align: top; }
.officer-chart { margin: 2rem 0; }
.officer-chart__caption { font-weight: 700; font-size: 1.125rem; margin-bottom: 0.5rem; }
.officer-chart__table th[scope="row"] { text-align: left; }
.officer-chart__svg { max-width: 48rem; height: auto; display: block; }
.rules-json { width: 100%; font-family: Consolas, "Liberation Mono", monospace; font-size: 0.875rem; }
.rule-card { border: 1px solid #c5c5c5; border-radius: 4px; padding: 0.5rem 1rem; margin: 0.75rem 0; }
.rule-card h4 { margin: 0.25rem 0; }
.rule-name { font-family: Consolas, "Liberation Mono", monospace; font-size: 0.875rem; color: #4a4a4a; }
.progress-bar { width: 100%; max-width: 30rem; height: 1.25rem; }
.problems li { font-family: Consolas, "Liberation Mono", monospace; font-size: 0.875rem; }
`;

/** The application page's selection: "Alla" selects every item of the page; the panel counts the selected. */
export const SELECTION_JS = `(() => {
  const all = document.getElementById('valj-alla');
  if (!all) return;
  const boxes = () => [...document.querySelectorAll('input[name="valda"][form="massbeslut"]')];
  const count = document.getElementById('massbeslut-valda');
  const update = () => {
    const b = boxes();
    const n = b.filter((x) => x.checked).length;
    all.checked = n > 0 && n === b.length;
    all.indeterminate = n > 0 && n < b.length;
    if (count) count.textContent = n === 0 ? 'Inga valda på sidan.' : n.toLocaleString('sv-SE') + ' valda på sidan.';
  };
  all.closest('.officer-items__all').hidden = false;
  document.querySelector('.officer-items__all-fallback')?.remove();
  all.addEventListener('change', () => { for (const b of boxes()) b.checked = all.checked; update(); });
  document.addEventListener('change', (e) => { if (e.target instanceof HTMLInputElement && e.target.name === 'valda') update(); });
  update();
})();
`;
