/**
 * Rule sets: reading a folder (or a stored JSON document), validating it, compiling its rules,
 * and choosing the set in force on a date.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleProperties } from 'json-rules-engine';
import { toEpochDay } from '../domain/quarters.js';
import { epochDay, requireEpochDay } from './dates.js';
import { ASSESSMENT_PRIORITY, COVERAGE_PRIORITY, RuleSetError } from './engine.js';
import type { CaseFile, Parameters, RuleFile, RuleSet, RuleSetJson } from './model.js';
import { formatProblem, schemaProblems, schemas, semanticProblems, type Problem } from './validate.js';

/** The shipped rule sets: one folder per set under rules/sets. */
export const DEFAULT_SETS_DIR = fileURLToPath(new URL('./sets/', import.meta.url));

export class RuleSetProblems extends RuleSetError {
  constructor(readonly problems: Problem[]) {
    super(`${problems.length} fel i regelfilerna:\n${problems.map(formatProblem).join('\n')}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses JSON text; a syntax error becomes a problem with line and column. */
export function parseJson(text: string, file: string, problems: Problem[]): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const near = text.slice(offset, offset + 20).split('\n')[0];
    problems.push({
      file,
      path: '$',
      message: `ogiltig JSON (rad ${line}, kolumn ${column})${near ? `: vid ${JSON.stringify(near)}` : ': filen tar slut för tidigt'}`,
    });
    return undefined;
  }
}

/** The offset of the first JSON syntax error (JSON.parse messages do not always say). */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => (text.startsWith(word, i) ? (i += word.length) : fail());
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!m || m[0] === '' ) fail();
      i += (m as RegExpExecArray)[0].length;
    }
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (at) {
    return typeof at === 'number' ? Math.min(at, text.length) : 0;
  }
}

const displayPath = (abs: string) => relative(process.cwd(), abs) || abs;

/** Reads one rule-set folder into its JSON form, collecting unreadable files as problems. */
export function readRuleSetDir(dir: string): { json: RuleSetJson; problems: Problem[]; fileOf: (name: string) => string } {
  const problems: Problem[] = [];
  const fileOf = (name: string) => displayPath(join(dir, name));
  const read = (name: string): unknown => {
    let text: string;
    try {
      text = readFileSync(join(dir, name), 'utf8');
    } catch {
      problems.push({ file: fileOf(name), path: '$', message: 'filen saknas eller kan inte läsas' });
      return undefined;
    }
    return parseJson(text, fileOf(name), problems);
  };
  const manifest = read('manifest.json');
  const parameters = read('parameters.json');
  const listed = isObject(manifest) && Array.isArray(manifest.ruleFiles) ? manifest.ruleFiles.filter((f) => typeof f === 'string') : [];
  const ruleFiles: Record<string, unknown> = {};
  for (const name of listed) {
    const doc = read(name);
    if (doc !== undefined) ruleFiles[name] = doc;
  }
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    if (name !== 'manifest.json' && name !== 'parameters.json' && !listed.includes(name)) {
      problems.push({ file: fileOf(name), path: '$', message: 'regelfilen står inte i manifest.json och används inte' });
    }
  }
  const cases: Record<string, unknown> = {};
  const casesDir = join(dir, 'cases');
  if (exists(casesDir)) {
    for (const name of readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort()) {
      const doc = read(`cases/${name}`);
      if (doc !== undefined) cases[name] = doc;
    }
  }
  return { json: { manifest, parameters, ruleFiles, cases }, problems, fileOf };
}

function exists(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Every problem in a rule set's documents (schemas first, then the semantic checks). */
export function ruleSetProblems(json: RuleSetJson, fileOf: (name: string) => string): Problem[] {
  const problems = [
    ...schemaProblems(schemas.manifest, json.manifest, fileOf('manifest.json')),
    ...schemaProblems(schemas.parameters, json.parameters, fileOf('parameters.json')),
    ...Object.entries(json.ruleFiles).flatMap(([name, doc]) => schemaProblems(schemas.ruleFile, doc, fileOf(name))),
    ...Object.entries(json.cases).flatMap(([name, doc]) => schemaProblems(schemas.caseFile, doc, fileOf(`cases/${name}`))),
  ];
  if (problems.length > 0) return problems;
  return semanticProblems(json, fileOf);
}

/** Replaces `{"param": name}` with the parameter's value, so the trace shows what was compared. */
function substitute(node: unknown, params: Parameters): unknown {
  if (Array.isArray(node)) return node.map((n) => substitute(n, params));
  if (!isObject(node)) return node;
  if (typeof node.param === 'string' && Object.keys(node).length === 1) return Object.hasOwn(params, node.param) ? params[node.param] : undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = substitute(v, params);
  return out;
}

/** Builds a valid rule set's runtime form; assumes ruleSetProblems found nothing. */
export function compileRuleSet(json: RuleSetJson, source?: string): RuleSet {
  const m = json.manifest as { id: string; version: string; effectiveFrom: string; description: string; ruleFiles: string[] };
  const parameters = json.parameters as Parameters;
  const ruleFiles: RuleFile[] = m.ruleFiles.map((name) => ({ name, ...(json.ruleFiles[name] as Omit<RuleFile, 'name'>) }));
  const compiled = { coverage: [] as RuleProperties[], assessment: [] as RuleProperties[] };
  for (const file of ruleFiles) {
    for (const rule of file.rules as { name: string; conditions: unknown; event: unknown }[]) {
      const properties = {
        name: rule.name,
        priority: file.concern === 'coverage' ? COVERAGE_PRIORITY : ASSESSMENT_PRIORITY,
        conditions: substitute(rule.conditions, parameters),
        event: substitute(rule.event, parameters),
      } as RuleProperties;
      (file.concern === 'coverage' ? compiled.coverage : compiled.assessment).push(properties);
    }
  }
  const cases: CaseFile[] = Object.entries(json.cases).map(([name, doc]) => ({ name, ...(doc as Omit<CaseFile, 'name'>) }));
  const set: RuleSet = {
    id: m.id,
    version: m.version,
    effectiveFrom: m.effectiveFrom,
    description: m.description,
    label: `${m.id}@${m.version}`,
    parameters,
    ruleFiles,
    cases,
    source: structuredClone(json),
    compiled,
  };
  if (source !== undefined) Object.defineProperty(set, 'dir', { value: source, enumerable: false });
  return set;
}

/** The folder a rule set was read from, if it was read from one. */
export function ruleSetDir(set: RuleSet): string | undefined {
  return (set as RuleSet & { dir?: string }).dir;
}

/** Lists the rule-set folders under a directory (each with a manifest.json). */
export function ruleSetDirs(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .map((name) => join(dir, name))
    .filter((p) => exists(p) && statSafe(join(p, 'manifest.json')));
}

function statSafe(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Every problem of a rule-set folder: unreadable files, then what the readable ones get wrong. */
export function ruleSetDirProblems(read: ReturnType<typeof readRuleSetDir>): Problem[] {
  const { json, problems, fileOf } = read;
  if (json.manifest === undefined || json.parameters === undefined) return problems;
  const unreadable = new Set(problems.map((p) => p.file));
  const rest = ruleSetProblems(json, fileOf).filter(
    (p) => !(p.path.startsWith('$.ruleFiles[') && [...unreadable].some((f) => p.message.includes(f.split('/').at(-1) as string))),
  );
  return [...problems, ...rest];
}

/** Reads and validates one rule-set folder; throws RuleSetProblems naming every problem. */
export function loadRuleSetDir(dir: string): RuleSet {
  const read = readRuleSetDir(dir);
  const problems = ruleSetDirProblems(read);
  if (problems.length > 0) throw new RuleSetProblems(problems);
  return compileRuleSet(read.json, dir);
}

/** Loads every rule set under `dir` (default: the shipped rules/sets), oldest first. */
export function loadRuleSets(dir: string = DEFAULT_SETS_DIR): RuleSet[] {
  const sets = ruleSetDirs(dir).map(loadRuleSetDir);
  if (sets.length === 0) throw new RuleSetError(`inga regeluppsättningar i ${displayPath(dir)}`);
  return sortSets(sets);
}

/** The stored JSON form of a rule set (parse it back with loadRuleSetsFromJson). */
export function ruleSetToJson(set: RuleSet): RuleSetJson {
  return structuredClone(set.source);
}

/** Rule sets from their stored JSON form (published sets in the database), validated as files are. */
export function loadRuleSetsFromJson(sets: unknown[]): RuleSet[] {
  const loaded = sets.map((doc, i) => {
    const json = (isObject(doc) ? doc : {}) as Partial<RuleSetJson>;
    const full: RuleSetJson = {
      manifest: json.manifest,
      parameters: json.parameters,
      ruleFiles: isObject(json.ruleFiles) ? json.ruleFiles : {},
      cases: isObject(json.cases) ? json.cases : {},
    };
    const id = isObject(full.manifest) ? `${String(full.manifest.id)}@${String(full.manifest.version)}` : `#${i}`;
    const problems = ruleSetProblems(full, (name) => `${id}/${name}`);
    if (problems.length > 0) throw new RuleSetProblems(problems);
    return compileRuleSet(full);
  });
  return sortSets(loaded);
}

/** Orders versions such as 1, 1.1, 1.1.1 numerically (1.10 after 1.9). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function sortSets(sets: RuleSet[]): RuleSet[] {
  return [...sets].sort((a, b) => toEpochDay(a.effectiveFrom) - toEpochDay(b.effectiveFrom) || compareVersions(a.version, b.version));
}

/**
 * The set in force on a date: the latest effective-from on or before it (a higher version of the
 * same effective date supersedes the lower one). Dates before every set get the earliest set.
 */
export function ruleSetInForce(sets: RuleSet[], date: string): RuleSet {
  const day = requireEpochDay(date, 'datum för val av regeluppsättning');
  let chosen: RuleSet | undefined;
  let earliest: RuleSet | undefined;
  for (const set of sets) {
    const from = epochDay(set.effectiveFrom) as number;
    if (!earliest || from < (epochDay(earliest.effectiveFrom) as number)) earliest = set;
    if (from > day) continue;
    const chosenFrom = chosen ? (epochDay(chosen.effectiveFrom) as number) : -Infinity;
    if (from > chosenFrom || (chosen && from === chosenFrom && compareVersions(set.version, chosen.version) > 0)) {
      chosen = set;
    }
  }
  const found = chosen ?? earliest;
  if (!found) throw new RuleSetError('inga regeluppsättningar att välja bland');
  return found;
}
