/**
 * Validation of rule-set documents against the JSON Schemas in rules/schema, plus the checks a
 * schema cannot express (parameter references, real dates, unique names, amount periods, cases).
 * Every problem names the file, a JSONPath inside it and what is wrong, in Swedish.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isIsoDate } from '../domain/civil-dates.js';
import { checkCase, jsonPath } from './case.js';
import { DATE_OPERATOR_NAMES } from './engine.js';
import { DATE_FACT_NAMES } from './facts.js';
import type { RuleSetJson } from './model.js';

export type Problem = { file: string; path: string; message: string };

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.path}: ${p.message}`;
}

const schemaDir = new URL('./schema/', import.meta.url);
const loadSchema = (name: string) => JSON.parse(readFileSync(new URL(name, schemaDir), 'utf8')) as object;

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
export const schemas = {
  manifest: ajv.compile(loadSchema('manifest.schema.json')),
  parameters: ajv.compile(loadSchema('parameters.schema.json')),
  ruleFile: ajv.compile(loadSchema('rule-file.schema.json')),
  caseFile: ajv.compile(loadSchema('case-file.schema.json')),
};

/** The fact names the rule-file schema allows (kept equal to FACT_NAMES; a test checks). */
export function schemaFactNames(): string[] {
  const schema = loadSchema('rule-file.schema.json') as { definitions: { factName: { enum: string[] } } };
  return schema.definitions.factName.enum;
}

/** The operators the rule-file schema allows (kept equal to the engine's; a test checks). */
export function schemaOperators(): string[] {
  const schema = loadSchema('rule-file.schema.json') as { definitions: { factCondition: { properties: { operator: { enum: string[] } } } } };
  return schema.definitions.factCondition.properties.operator.enum;
}

/** The reason codes the rule-file schema allows as events (kept equal to REASON_CODES; a test checks). */
export function schemaReasonCodes(): string[] {
  const schema = loadSchema('rule-file.schema.json') as { definitions: { reasonEvent: { properties: { type: { enum: string[] } } } } };
  return schema.definitions.reasonEvent.properties.type.enum;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'ett tal',
  integer: 'ett heltal',
  boolean: 'true eller false',
  object: 'ett objekt',
  array: 'en lista',
  null: 'null',
};

/** JSON Pointer (`/rules/0/name`) → JSONPath (`$.rules[0].name`). */
function pointerToPath(pointer: string, extra?: string): string {
  const parts: (string | number)[] = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  if (extra !== undefined) parts.push(extra);
  return jsonPath(parts);
}

function describe(e: ErrorObject): Problem & { file: '' } {
  const p = e.params as Record<string, unknown>;
  const path = (extra?: string) => pointerToPath(e.instancePath, extra);
  switch (e.keyword) {
    case 'required':
      return { file: '', path: path(), message: `fältet "${String(p.missingProperty)}" saknas` };
    case 'additionalProperties':
      return { file: '', path: path(String(p.additionalProperty)), message: 'okänt fält (stavfel?)' };
    case 'enum':
      return { file: '', path: path(), message: `måste vara ett av: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { file: '', path: path(), message: `måste vara ${JSON.stringify(p.allowedValue)}` };
    case 'type': {
      const types = String(p.type).split(',').map((t) => TYPE_NAMES[t] ?? t);
      return { file: '', path: path(), message: `måste vara ${types.join(' eller ')}` };
    }
    case 'pattern':
      return { file: '', path: path(), message: `har fel format (ska matcha ${String(p.pattern)})` };
    case 'minItems':
      return { file: '', path: path(), message: `måste ha minst ${String(p.limit)} element` };
    case 'minLength':
      return { file: '', path: path(), message: 'får inte vara tom' };
    case 'minimum':
    case 'maximum':
      return { file: '', path: path(), message: `måste vara ${String(p.comparison)} ${String(p.limit)}` };
    case 'uniqueItems':
      return { file: '', path: path(), message: `innehåller dubbletter (element ${String(p.j)} och ${String(p.i)})` };
    case 'minProperties':
    case 'maxProperties':
      return {
        file: '',
        path: path(),
        message: e.instancePath.endsWith('/expected')
          ? 'ange minst ett förväntat fält'
          : 'en referens ska ha exakt ett av fälten "fact" eller "param"',
      };
    case 'propertyNames':
      return { file: '', path: path(String(p.propertyName)), message: 'ogiltigt parameternamn' };
    default:
      return { file: '', path: path(), message: e.message ?? e.keyword };
  }
}

/** Runs a schema; problems with JSONPaths, without the noise of if/then bookkeeping. */
export function schemaProblems(validate: ValidateFunction, doc: unknown, file: string): Problem[] {
  if (validate(doc)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of validate.errors ?? []) {
    if (e.keyword === 'if' || e.keyword === 'propertyNames' && e.params.propertyName === undefined) continue;
    const d = { ...describe(e), file };
    const key = `${d.path}\u0000${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(d);
    }
  }
  return problems;
}

type Node = Record<string, unknown>;
const isObject = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

const DATE_FACTS = new Set<string>(DATE_FACT_NAMES);

/** Checks what the schemas cannot: parameter references, real dates, fact types, unique names. */
export function semanticProblems(json: RuleSetJson, fileOf: (name: string) => string): Problem[] {
  const problems: Problem[] = [];
  const manifest = json.manifest as Node;
  const params = isObject(json.parameters) ? json.parameters : {};

  if (typeof manifest.effectiveFrom === 'string' && !isIsoDate(manifest.effectiveFrom)) {
    problems.push({ file: fileOf('manifest.json'), path: '$.effectiveFrom', message: 'är inget giltigt datum' });
  }
  for (const [i, name] of ((manifest.ruleFiles as string[]) ?? []).entries()) {
    if (!(name in json.ruleFiles)) {
      problems.push({ file: fileOf('manifest.json'), path: `$.ruleFiles[${i}]`, message: `filen ${name} finns inte` });
    }
  }

  for (const [key, value] of Object.entries(params)) {
    if (/Date$/.test(key) && !isIsoDate(value)) {
      problems.push({ file: fileOf('parameters.json'), path: jsonPath([key]), message: 'är inget giltigt datum ÅÅÅÅ-MM-DD' });
    }
  }
  problems.push(...amountProblems(params.amountPerExamYear, manifest.effectiveFrom, fileOf('parameters.json')));

  const ruleNames = new Map<string, string>();
  for (const [fileName, doc] of Object.entries(json.ruleFiles)) {
    const file = fileOf(fileName);
    const rules = isObject(doc) && Array.isArray(doc.rules) ? doc.rules : [];
    rules.forEach((rule, i) => {
      if (!isObject(rule)) return;
      const at = `$.rules[${i}]`;
      if (typeof rule.name === 'string') {
        const earlier = ruleNames.get(rule.name);
        if (earlier) problems.push({ file, path: `${at}.name`, message: `regelnamnet "${rule.name}" används redan i ${earlier}` });
        else ruleNames.set(rule.name, file);
      }
      walkConditions(rule.conditions, `${at}.conditions`, (c, path) => {
        const dateOp = DATE_OPERATOR_NAMES.includes(String(c.operator));
        if (dateOp && typeof c.fact === 'string' && !DATE_FACTS.has(c.fact)) {
          problems.push({ file, path: `${path}.fact`, message: `${c.operator} jämför datum, men "${c.fact}" är inget datum` });
        }
        problems.push(...valueProblems(c.value, `${path}.value`, dateOp, params, file));
      });
      if (isObject(rule.event) && isObject(rule.event.params) && 'coveredFrom' in rule.event.params) {
        problems.push(...valueProblems(rule.event.params.coveredFrom, `${at}.event.params.coveredFrom`, true, params, file));
      }
    });
  }

  problems.push(...caseProblems(json.cases, fileOf));
  return problems;
}

const yearSpan = (from: number, to: number) => (from === to ? `undersökningsåret ${from}` : `undersökningsåren ${from}–${to}`);

/**
 * Amount periods: none overlap, and every exam year from the set's effective-from year on has an
 * amount (no gap, no first period after that year, the last period open-ended: no `toYear`).
 */
function amountProblems(value: unknown, effectiveFrom: unknown, file: string): Problem[] {
  const problems: Problem[] = [];
  const at = (i: number, field?: string) => `$.amountPerExamYear[${i}]${field ? `.${field}` : ''}`;
  const periods = (Array.isArray(value) ? value : [])
    .map((p: unknown, i) => (isObject(p) ? { i, from: p.fromYear, to: p.toYear } : null))
    .filter((p) => p !== null && Number.isInteger(p.from) && (p.to === undefined || Number.isInteger(p.to)))
    .map((p) => ({ i: p!.i, from: p!.from as number, to: p!.to === undefined ? Infinity : (p!.to as number) }));

  for (const p of periods) {
    if (p.from > p.to) problems.push({ file, path: at(p.i), message: 'fromYear är efter toYear' });
  }
  for (const p of periods) {
    for (const q of periods) {
      if (q.i > p.i && p.from <= q.to && q.from <= p.to) {
        problems.push({ file, path: at(q.i), message: `överlappar perioden i ${at(p.i)}` });
      }
    }
  }
  if (periods.length === 0 || problems.length > 0 || typeof effectiveFrom !== 'string' || !isIsoDate(effectiveFrom)) return problems;

  // Periods in year order (they do not overlap): the first year still without an amount.
  const sorted = [...periods].sort((a, b) => a.from - b.from);
  const firstYear = Number(effectiveFrom.slice(0, 4));
  let next = firstYear;
  for (const p of sorted) {
    if (p.from > next) {
      const missing = yearSpan(next, p.from - 1);
      problems.push({
        file,
        path: at(p.i, 'fromYear'),
        message:
          next === firstYear
            ? `${missing} saknar belopp: regeluppsättningen gäller från ${effectiveFrom}, men denna period börjar först ${p.from}`
            : `${missing} saknar belopp (lucka före denna period); varje undersökningsår ska ha ett belopp`,
      });
    }
    next = Math.max(next, p.to + 1);
  }
  if (next !== Infinity) {
    const last = sorted.at(-1)!;
    problems.push({
      file,
      path: at(last.i, 'toYear'),
      message: `undersökningsår från ${next} saknar belopp: den sista perioden ska gälla tills vidare – ta bort toYear (ett nytt belopp publiceras som en ny version)`,
    });
  }
  return problems;
}

/** Checks test cases: unique names, and each case is a valid case (the person against the feed schema). */
export function caseProblems(caseFiles: Record<string, unknown>, fileOf: (name: string) => string): Problem[] {
  const problems: Problem[] = [];
  const caseNames = new Set<string>();
  for (const [fileName, doc] of Object.entries(caseFiles)) {
    const file = fileOf(`cases/${fileName}`);
    const cases = isObject(doc) && Array.isArray(doc.cases) ? doc.cases : [];
    cases.forEach((tc, i) => {
      if (!isObject(tc)) return;
      if (typeof tc.name === 'string') {
        if (caseNames.has(tc.name)) problems.push({ file, path: `$.cases[${i}].name`, message: `testfallet "${tc.name}" finns redan` });
        caseNames.add(tc.name);
      }
      if (!isObject(tc.case)) return;
      const checked = checkCase(tc.case);
      if (!checked.ok) {
        for (const issue of checked.issues) {
          problems.push({ file, path: `$.cases[${i}].case${issue.path.slice(1)}`, message: issue.message });
        }
      }
    });
  }
  return problems;
}

function walkConditions(node: unknown, path: string, visit: (c: Node, path: string) => void): void {
  if (!isObject(node)) return;
  if (Array.isArray(node.all)) node.all.forEach((c, i) => walkConditions(c, `${path}.all[${i}]`, visit));
  else if (Array.isArray(node.any)) node.any.forEach((c, i) => walkConditions(c, `${path}.any[${i}]`, visit));
  else if ('not' in node) walkConditions(node.not, `${path}.not`, visit);
  else visit(node, path);
}

function valueProblems(value: unknown, path: string, mustBeDate: boolean, params: Node, file: string): Problem[] {
  if (isObject(value) && typeof value.param === 'string') {
    // Own parameters only: `constructor` or `toString` are no parameters (prototype chain).
    if (!Object.hasOwn(params, value.param)) return [{ file, path: `${path}.param`, message: `parametern "${value.param}" finns inte i parameters.json` }];
    if (mustBeDate && !isIsoDate(params[value.param])) {
      return [{ file, path: `${path}.param`, message: `parametern "${value.param}" är inget datum` }];
    }
    return [];
  }
  if (mustBeDate && typeof value === 'string' && !isIsoDate(value)) {
    return [{ file, path, message: 'är inget giltigt datum ÅÅÅÅ-MM-DD' }];
  }
  if (mustBeDate && !isObject(value) && typeof value !== 'string') {
    return [{ file, path, message: 'ska vara ett datum, {"fact": …} eller {"param": …}' }];
  }
  return [];
}
