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
.officer-item { border: 1px solid #c5c5c5; border-radius: 4px; padding: 0.5rem 1rem 1rem; margin: 1rem 0; }
.officer-item h3 { margin-top: 0.5rem; }
.officer-decide { margin-top: 1rem; }
.why { margin: 0.75rem 0; }
.why > summary { cursor: pointer; font-weight: 600; color: #0b57d0; }
.why__body { border-left: 4px solid #4e79a7; padding: 0.25rem 0 0.25rem 1rem; margin-top: 0.5rem; }
.why__rules > li { margin-bottom: 0.5rem; }
.why__details summary { cursor: pointer; }
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
