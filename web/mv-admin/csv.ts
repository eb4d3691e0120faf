/**
 * CSV as Swedish Excel opens it: UTF-8 with BOM, `;` between fields, CRLF between rows. A field
 * that a spreadsheet would read as a formula (starting with = + - @, tab or CR) gets a leading
 * apostrophe, so an exported log can never run anything (CSV/formula injection).
 */
export const CSV_BOM = '\uFEFF';

export function csvField(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(fields: readonly unknown[]): string {
  return `${fields.map(csvField).join(';')}\r\n`;
}
