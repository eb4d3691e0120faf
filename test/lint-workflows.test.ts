import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint();
async function problems(code: string, filePath: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.message);
}

describe('workflow determinism lint', () => {
  it.each([
    ["import { readFileSync as used } from 'node:fs';", /Node built-ins/],
    ["import used from 'postgres';", /database/],
    ["import { Engine as used } from 'json-rules-engine';", /activities/],
  ])('refuses %s in workflows/ and in the contract they import', async (code, message) => {
    for (const file of ['workflows/bad.ts', 'contract/bad.ts']) {
      expect(await problems(`${code}\nexport const x = used;\n`, file)).toEqual([expect.stringMatching(message)]);
    }
  });

  it('allows the same import outside workflows/', async () => {
    expect(await problems("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'activities/ok.ts')).toEqual([]);
  });
});
