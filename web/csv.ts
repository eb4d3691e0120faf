/**
 * CSV as Swedish Excel opens it: UTF-8 with BOM, `;` between fields, CRLF between rows. Both
 * exports (the region's list and the access log) write their cells through here.
 *
 * A cell that a spreadsheet would read as a formula (a line starting with = + - @, tab or CR)
 * gets an apostrophe before it — at the start of the field and after every line break inside it,
 * since a line break that is not quoted starts a new row whose first cell could be a formula
 * (CSV/formula injection). A field holding a line break, `;` or `"` is always quoted.
 */
export const CSV_BOM = '\uFEFF';

/** Fields matching this are quoted (csv-stringify's `quoted_match` as well as csvField). */
export const CSV_NEEDS_QUOTES = /[";\r\n]/;

/** Puts an apostrophe before every line of `value` that a spreadsheet would run as a formula. */
export function neutraliseFormula(value: string): string {
  return value.replace(/(^|[\r\n])(?=[=+\-@\t\r])/g, "$1'");
}

export function csvField(value: unknown): string {
  const s = neutraliseFormula(value === null || value === undefined ? '' : String(value));
  return CSV_NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(fields: readonly unknown[]): string {
  return `${fields.map(csvField).join(';')}\r\n`;
}
