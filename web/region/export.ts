/**
 * The list's exports, streamed from a database cursor so memory stays flat for any region size:
 * CSV (UTF-8 with BOM, `;`, formula-injection safe) and Excel (.xlsx, streaming writer). Headers
 * and values come from the same column definition as the table.
 */
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { CSV_NEEDS_QUOTES, neutraliseFormula } from '../csv.js';
import { HEADERS, rowValues, type ListRow } from './columns.js';

/** CSV bytes of the rows (header line first). */
export function csvStream(rows: AsyncIterable<ListRow[]>): Readable {
  const csv = stringify({ bom: true, delimiter: ';', record_delimiter: 'windows', quoted_match: CSV_NEEDS_QUOTES });
  async function* records() {
    yield [...HEADERS];
    for await (const batch of rows) for (const row of batch) yield rowValues(row).map(neutraliseFormula);
  }
  const source = Readable.from(records());
  source.on('error', (err) => csv.destroy(err));
  return source.pipe(csv);
}

/** .xlsx bytes of the rows: one sheet, a header row, every value as text exactly as in the table. */
export function xlsxStream(rows: AsyncIterable<ListRow[]>, sheetName: string): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  (async () => {
    sheet.addRow([...HEADERS]).commit();
    for await (const batch of rows) {
      for (const row of batch) sheet.addRow(rowValues(row)).commit();
      // Let the zip stream drain before reading the next batch.
      if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r));
    }
    sheet.commit();
    await workbook.commit();
  })().catch((err) => out.destroy(err as Error));
  return out;
}
