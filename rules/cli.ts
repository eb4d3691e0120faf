/**
 * The rule maintainers' tool (SPEC §6):
 *   npm run --silent rules -- check | test | eval FILE [--explain] | simulate DIR [--feed FILE]
 * Errors are one clear line on stderr, never a stack trace; exit 1 when a check or test fails or
 * the work cannot be done, 2 on wrong usage or malformed input.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkCase } from './case.js';
import { evaluate, type RuleSet } from './index.js';
import type { RuleCase } from './model.js';
import { DEFAULT_SETS_DIR, loadRuleSetDir, loadRuleSets, readRuleSetDir, ruleSetDir, ruleSetDirProblems, ruleSetDirs, RuleSetProblems } from './ruleset.js';
import { collectCases, readSharedCases, runCase } from './testing.js';
import { formatProblem, type Problem } from './validate.js';

const USAGE = `Användning: npm run --silent rules -- <kommando>
  check [--sets KATALOG]          validera alla regelfiler, parametrar och testfall
  test [--sets KATALOG]           kör alla regeluppsättningars testfall
  eval FIL [--explain] [--sets KATALOG]
                                 bedöm ett fall eller en lista av fall (FIL = - läser stdin)
  simulate KATALOG [--feed FIL] [--exam-date DATUM] [--today DATUM]
                                 jämför en kandidat-regeluppsättning med de gällande reglerna`;

class UsageError extends Error {}
class Failure extends Error {}

const display = (p: string) => relative(process.cwd(), p) || p;

function setFile(set: RuleSet, name: string): string {
  const dir = ruleSetDir(set);
  return dir ? display(join(dir, name)) : `${set.label}/${name}`;
}

function isSetFolder(dir: string): boolean {
  try {
    return statSync(join(dir, 'manifest.json')).isFile();
  } catch {
    return false;
  }
}

/** The set folders to work on: the shipped ones, or --sets DIR (one set folder or a folder of them). */
function setDirs(setsDir: string | undefined): string[] {
  const dir = resolve(setsDir ?? DEFAULT_SETS_DIR);
  try {
    statSync(dir);
  } catch {
    throw new UsageError(`${setsDir}: katalogen finns inte`);
  }
  return isSetFolder(dir) ? [dir] : ruleSetDirs(dir);
}

/**
 * Validates set folders and (for the shipped sets) the shared cases in rules/cases; returns the
 * problems and what was checked.
 */
function checkAll(setsDir: string | undefined): { problems: Problem[]; sets: number; files: number; cases: number } {
  const problems: Problem[] = [];
  let files = 0;
  let cases = 0;
  const dirs = setDirs(setsDir);
  if (dirs.length === 0) problems.push({ file: display(setsDir ?? DEFAULT_SETS_DIR), path: '$', message: 'inga regeluppsättningar (mappar med manifest.json)' });
  for (const dir of dirs) {
    const read = readRuleSetDir(dir);
    problems.push(...ruleSetDirProblems(read));
    files += Object.keys(read.json.ruleFiles).length;
    for (const doc of Object.values(read.json.cases)) cases += (doc as { cases?: unknown[] })?.cases?.length ?? 0;
  }
  if (setsDir === undefined) {
    const shared = readSharedCases();
    problems.push(...shared.problems);
    for (const f of shared.files) cases += f.cases?.length ?? 0;
  }
  const ids = new Map<string, string>();
  for (const dir of dirs) {
    try {
      const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { id?: string; version?: string };
      const key = `${m.id}@${m.version}`;
      const other = ids.get(key);
      if (other) problems.push({ file: display(join(dir, 'manifest.json')), path: '$.version', message: `${key} finns redan i ${other}` });
      ids.set(key, display(dir));
    } catch {
      // already reported
    }
  }
  return { problems, sets: dirs.length, files, cases };
}

function check(setsDir: string | undefined): void {
  const { problems, sets, files, cases } = checkAll(setsDir);
  if (problems.length > 0) {
    for (const p of problems) console.error(formatProblem(p));
    throw new Failure(`rules check: ${problems.length} fel`);
  }
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  console.log(`rules check: OK – ${n(sets, 'regeluppsättning', 'regeluppsättningar')}, ${n(files, 'regelfil', 'regelfiler')}, ${n(cases, 'testfall', 'testfall')}`);
}

async function test(setsDir: string | undefined): Promise<void> {
  const checked = checkAll(setsDir);
  if (checked.problems.length > 0) {
    for (const p of checked.problems) console.error(formatProblem(p));
    throw new Failure(`rules test: regelfilerna har ${checked.problems.length} fel (se rules check)`);
  }
  const sets = setDirs(setsDir).map(loadRuleSetDir);
  const shared = setsDir === undefined ? readSharedCases() : { files: [], fileOf: (n: string) => n };
  const runs = collectCases(sets, shared.files, shared.fileOf, setFile);
  let failed = 0;
  for (const run of runs) {
    const outcome = await runCase(run);
    const ok = !outcome.error && outcome.differences.length === 0;
    if (!ok) {
      failed++;
      console.log(`✗ ${outcome.file}: $.cases[${outcome.index}] ${outcome.name}`);
      for (const d of outcome.error ? [`fel: ${outcome.error}`] : outcome.differences) console.log(`    ${d}`);
    }
  }
  console.log(`${runs.length - failed} passed, ${failed} failed`);
  if (failed > 0) throw new Failure(`rules test: ${failed} av ${runs.length} testfall misslyckades`);
}

function readJsonInput(file: string): unknown {
  let text: string;
  try {
    text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`${file}: filen kan inte läsas`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: ogiltig JSON: ${(error as Error).message}`);
  }
}

/** Loads the sets to evaluate with: the shipped ones, or a folder of sets, or one set folder. */
function setsFrom(dir: string | undefined): RuleSet[] {
  return dir === undefined ? loadRuleSets() : setDirs(dir).map(loadRuleSetDir);
}

async function evalCommand(file: string, explain: boolean, setsDir?: string): Promise<void> {
  const input = readJsonInput(file);
  const list = Array.isArray(input) ? input : [input];
  if (list.length === 0) throw new UsageError(`${file}: listan av fall är tom`);
  const cases: RuleCase[] = [];
  const errors: string[] = [];
  list.forEach((item, i) => {
    const checked = checkCase(item);
    if (checked.ok) cases.push(checked.value);
    else for (const issue of checked.issues) errors.push(`${Array.isArray(input) ? `$[${i}]${issue.path.slice(1)}` : issue.path}: ${issue.message}`);
  });
  if (errors.length > 0) {
    const more = errors.length > 3 ? ` (och ${errors.length - 3} fel till)` : '';
    throw new UsageError(`${file}: ogiltigt fall: ${errors.slice(0, 3).join('; ')}${more}`);
  }
  const sets = setsFrom(setsDir);
  const results = [];
  for (const c of cases) results.push(await evaluate(c, { sets, explain }));
  console.log(JSON.stringify(Array.isArray(input) ? results : results[0], null, 2));
}

async function simulateCommand(args: Args): Promise<void> {
  const { simulate } = await import('./simulate.js');
  const candidateDir = args.positional[1];
  if (!candidateDir) throw new UsageError('simulate: ange kandidatens katalog');
  const feedFile = args.options.get('--feed');
  let source: Parameters<typeof simulate>[0]['source'];
  let close = async () => {};
  if (feedFile) source = { feedFile };
  else {
    const url = process.env.DATABASE_URL;
    if (!url) throw new UsageError('simulate: ange --feed FIL eller sätt DATABASE_URL');
    const { default: postgres } = await import('postgres');
    const sql = postgres(url, { max: 2, onnotice: () => {} });
    close = async () => sql.end({ timeout: 5 });
    source = { sql };
  }
  try {
    const report = await simulate({
      candidateDir: resolve(candidateDir),
      source,
      examDate: args.options.get('--exam-date'),
      today: args.options.get('--today'),
    });
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await close();
  }
}

type Args = { positional: string[]; flags: Set<string>; options: Map<string, string> };
const VALUED = new Set(['--feed', '--exam-date', '--today', '--sets']);
const FLAGS = new Set(['--explain']);

function parseArgs(argv: string[]): Args {
  const args: Args = { positional: [], flags: new Set(), options: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (VALUED.has(a)) {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} kräver ett värde`);
      args.options.set(a, v);
    } else if (FLAGS.has(a)) args.flags.add(a);
    else if (a.startsWith('--') && a !== '--') throw new UsageError(`okänd flagga ${a}`);
    else if (a !== '--') args.positional.push(a);
  }
  return args;
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const [command, ...rest] = args.positional;
  switch (command) {
    case 'check':
      if (rest.length) throw new UsageError('check tar inga argument');
      return check(args.options.get('--sets'));
    case 'test':
      if (rest.length) throw new UsageError('test tar inga argument');
      return test(args.options.get('--sets'));
    case 'eval':
      if (rest.length !== 1) throw new UsageError('eval: ange exakt en FIL (eller - för stdin)');
      return evalCommand(rest[0] as string, args.flags.has('--explain'), args.options.get('--sets'));
    case 'simulate':
      return simulateCommand(args);
    case undefined:
    case 'help':
    case '--help':
      console.error(USAGE);
      if (command === undefined) throw new UsageError('inget kommando angivet');
      return;
    default:
      throw new UsageError(`okänt kommando "${command}"`);
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  const message = (error as Error).message ?? String(error);
  if (error instanceof UsageError) {
    console.error(`rules: ${message}`);
    if (/okänt kommando|inget kommando|okänd flagga/.test(message)) console.error(USAGE);
    process.exitCode = 2;
  } else if (error instanceof RuleSetProblems) {
    for (const p of error.problems) console.error(formatProblem(p));
    console.error(`rules: regelfilerna har ${error.problems.length} fel (kör rules check)`);
    process.exitCode = 1;
  } else if (error instanceof Failure) {
    console.error(message);
    process.exitCode = 1;
  } else {
    console.error(`rules: ${message.split('\n')[0]}`);
    process.exitCode = 1;
  }
}
