/** Styles of the system administrator's sync and settings pages (served by the mv-admin feature). */
export const MV_ADMIN_STYLESHEET = '/mv-admin/stil.css';

export const MV_ADMIN_CSS = `
.melker-main p a, .melker-main dd a, .melker-main td a, .melker-main li a { text-decoration: underline; }
.admin-table .num, .admin-table th.num { text-align: right; font-variant-numeric: tabular-nums; }
.break { overflow-wrap: anywhere; }
.table-scroll { position: relative; }
.col-narrow { width: 6rem; }
.sync-progress { border-left: 4px solid #4e79a7; padding: 0.25rem 0 0.25rem 1rem; margin: 1rem 0; }
.progress-bar { width: 100%; max-width: 30rem; height: 1.25rem; }
.setting-box { border: 1px solid #c5c5c5; border-radius: 4px; padding: 0.5rem 1.5rem 1rem; margin: 1rem 0; max-width: 48rem; }
.setting-state { font-size: 1.125rem; }
.radio-group { border: 0; padding: 0; margin: 0 0 1rem; }
.radio-group legend { font-weight: 600; margin-bottom: 0.5rem; }
.radio-option { display: flex; gap: 0.5rem; align-items: flex-start; margin: 0.5rem 0; }
.radio-option input { width: 1.25rem; height: 1.25rem; margin-top: 0.15rem; }
.field-error { color: #a4000f; font-weight: 600; }
`;
