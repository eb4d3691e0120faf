/**
 * Security audit (issue 14): a line break inside a name must not start a new spreadsheet row
 * whose first cell runs as a formula. Both CSV exports go through web/csv.ts.
 */
import { describe, expect, it } from 'vitest';
import { csvField, csvRow } from '../../web/csv.js';
import { csvStream } from '../../web/region/export.js';
import type { ListRow } from '../../web/region/columns.js';

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

const row = (familyName: string): ListRow => ({
  dossier_number: '1-111111', family_name: familyName, given_name: 'Anna', birth_date: '1990-01-01', type_code: 'A',
  covered_from: null, street: 'Gatan 1', postal_code: '111 11', city: 'Ort', exam_invited_date: null, exam_date: null, exam_status: null,
});

describe('CSV exports and line breaks inside a field', () => {
  it('the region list quotes a name with a line break and neutralises the formula after it', async () => {
    const csv = await text(csvStream((async function* () { yield [row('Svensson\n=HYPERLINK("http://evil.example")')]; })()));
    expect(csv).toContain('"Svensson\n\'=HYPERLINK(""http://evil.example"")"');
    // Whatever a spreadsheet does with the line break, no line of the file starts a formula.
    for (const line of csv.split(/\r\n|\r|\n/)) expect(line).not.toMatch(/^[=+\-@]/);
  });

  it('the access log does the same, for CR, LF and CRLF', () => {
    expect(csvField('a\n=1')).toBe('"a\n\'=1"');
    expect(csvField('a\r\n+1')).toBe('"a\r\n\'+1"');
    expect(csvField('a\r@SUM(A1)')).toBe('"a\r\'@SUM(A1)"');
    expect(csvField('=1\n-2')).toBe('"\'=1\n\'-2"');
    for (const line of csvRow(['x\n=cmd|calc', 'y\r-1']).split(/\r\n|\r|\n/)) expect(line).not.toMatch(/^[=+\-@]/);
  });
});
