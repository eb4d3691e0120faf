/**
 * Issue 14: the Dockerfile and the example compose.yaml. The development machines have no
 * container daemon, so the image is never built or run here; this test keeps the two files honest
 * instead. Every command they run is an npm script or a file of the repository that the image
 * contains and that the test suite itself spawns; the runtime stage runs as a non-root user on a
 * pinned Debian base; compose gives no password or secret a value of its own (each is
 * `${NAME:?…}`), passes the Melker processes only settings config/production.ts reads, and starts
 * them in order (migrate → schedules → web and worker). Each check is also run against a broken
 * copy of the files, to show that it can fail. Pure: reads files only (MELKER_NO_SERVICES=1).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

// ---------------------------------------------------------------- a YAML subset, for compose.yaml

type Yaml = string | null | Yaml[] | { [key: string]: Yaml };
type YamlMap = { [key: string]: Yaml };

/** Drops a comment: `#` at the start or after a space, outside quotes. */
function stripComment(line: string): string {
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === '"' && ch === '\\') i++;
    else if (quote && ch === quote) quote = null;
    else if (!quote && (ch === '"' || ch === "'")) quote = ch;
    else if (!quote && ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

function scalar(text: string, line: number): string {
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new Error(`compose.yaml:${line}: unterminated string`);
    return JSON.parse(text) as string;
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new Error(`compose.yaml:${line}: unterminated string`);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (/^[&*!|>%@`{]/.test(text) || /:\s/.test(text)) throw new Error(`compose.yaml:${line}: "${text}" is outside the YAML subset this test reads`);
  return text;
}

function value(text: string, line: number): Yaml {
  if (!text.startsWith('[')) return scalar(text, line);
  if (!text.endsWith(']')) throw new Error(`compose.yaml:${line}: a flow sequence on one line only`);
  const items = text.slice(1, -1).match(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,\s][^,]*/g) ?? [];
  return items.map((item) => scalar(item.trim(), line));
}

/**
 * Block mappings, block sequences of scalars, one-line flow sequences and quoted or plain scalars
 * (all kept as strings): what compose.yaml uses. Anything else (anchors, block scalars, mappings
 * inside sequences, tabs) is refused, so the file stays readable by this test.
 */
function parseYaml(text: string): Yaml {
  const lines: { indent: number; text: string; n: number }[] = [];
  text.split('\n').forEach((raw, i) => {
    const t = stripComment(raw).trimEnd();
    if (!t.trim()) return;
    if (/^\s*\t/.test(t)) throw new Error(`compose.yaml:${i + 1}: tab in the indentation`);
    lines.push({ indent: t.length - t.trimStart().length, text: t.trim(), n: i + 1 });
  });
  let pos = 0;
  const isItem = (t: string) => t === '-' || t.startsWith('- ');
  function sequence(indent: number): Yaml[] {
    const out: Yaml[] = [];
    while (pos < lines.length && lines[pos]!.indent === indent && isItem(lines[pos]!.text)) {
      const { text: t, n } = lines[pos++]!;
      const rest = t.slice(1).trim();
      if (!rest || /^[\w.-]+:(\s|$)/.test(rest)) throw new Error(`compose.yaml:${n}: only scalars in block sequences`);
      out.push(value(rest, n));
    }
    return out;
  }
  function mapping(indent: number): YamlMap {
    const out: YamlMap = {};
    while (pos < lines.length && lines[pos]!.indent === indent && !isItem(lines[pos]!.text)) {
      const { text: t, n } = lines[pos++]!;
      const m = /^([\w.-]+|"[^"]+"):(?:\s+(.*))?$/.exec(t);
      if (!m) throw new Error(`compose.yaml:${n}: expected "key: value", found "${t}"`);
      const key = m[1]!.replace(/^"|"$/g, '');
      if (key in out) throw new Error(`compose.yaml:${n}: ${key} given twice`);
      const next = lines[pos];
      if (m[2] !== undefined) out[key] = value(m[2], n);
      else if (next && next.indent > indent) out[key] = isItem(next.text) ? sequence(next.indent) : mapping(next.indent);
      else if (next && next.indent === indent && isItem(next.text)) out[key] = sequence(indent);
      else out[key] = null;
    }
    const next = lines[pos];
    if (next && next.indent > indent) throw new Error(`compose.yaml:${next.n}: unexpected indentation`);
    return out;
  }
  const doc = mapping(0);
  if (pos < lines.length) throw new Error(`compose.yaml:${lines[pos]!.n}: unexpected line`);
  return doc;
}

const asMap = (y: Yaml | undefined): YamlMap => (y && typeof y === 'object' && !Array.isArray(y) ? y : {});
const asList = (y: Yaml | undefined): string[] => (Array.isArray(y) ? y.filter((v): v is string => typeof v === 'string') : []);

// ---------------------------------------------------------------- the Dockerfile

type Instruction = { op: string; args: string; stage: number };

function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = -1;
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    // Comment lines are dropped, inside a continued instruction too (as Docker does).
    if (line.startsWith('#') || (!line && !pending)) continue;
    pending += (pending ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (line.endsWith('\\')) continue;
    const m = /^(\w+)\s*(.*)$/.exec(pending);
    pending = '';
    if (!m) continue;
    const op = m[1]!.toUpperCase();
    if (op === 'FROM') stage++;
    out.push({ op, args: m[2]!, stage });
  }
  return out;
}

const execForm = (args: string): string[] | null => {
  try {
    const v: unknown = JSON.parse(args);
    return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : null;
  } catch {
    return null;
  }
};

// ---------------------------------------------------------------- what the checks compare against

type Files = { dockerfile: string; compose: string; dockerignore: string };
const realFiles = (): Files => ({ dockerfile: read('Dockerfile'), compose: read('compose.yaml'), dockerignore: read('.dockerignore') });

const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;

/** The files spawned as processes by the test suite: a quoted `'<path>.ts'` in a test file (imports name `.js`). */
const testTexts = readdirSync(join(root, 'test'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts') && f !== 'container.test.ts')
  .map((f) => ({ file: `test/${f}`, text: read(join('test', f)) }));
const spawnedBy = (file: string) => testTexts.filter((t) => t.text.includes(`'${file}'`)).map((t) => t.file);

/** Every setting config/production.ts reads: `env.NAME`, `env['NAME']` and the files it reads by name. */
const configText = read('config/production.ts');
const configEnv = new Set([
  ...[...configText.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!),
  ...[...configText.matchAll(/\benv\[\s*'([A-Z][A-Z0-9_]*)'\s*\]/g)].map((m) => m[1]!),
  ...[...configText.matchAll(/\bfile\(env,\s*'([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]!),
]);

/** The web app's routes, by their quoted paths in web/. */
const webSources = readdirSync(join(root, 'web'), { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.tsx?$/.test(f)).map((f) => read(join('web', f))).join('\n');

/** .dockerignore as Docker reads it: the last matching pattern wins, `!` re-includes. */
function ignoredBy(dockerignore: string): (path: string) => boolean {
  const rules = dockerignore.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => {
    const negate = l.startsWith('!');
    const pattern = posix.normalize(l.replace(/^!/, '').replace(/^\/+/, '')).replace(/\/+$/, '');
    const re = new RegExp(`^${pattern.split('**').map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')).join('.*')}$`);
    return { negate, re };
  });
  return (path) => {
    const parts = path.split('/');
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let ignored = false;
    for (const rule of rules) if (prefixes.some((p) => rule.re.test(p))) ignored = !rule.negate;
    return ignored;
  };
}

// ---------------------------------------------------------------- the checks

/** The repository file an image command runs, and what is wrong with it. */
function entryPoint(argv: string[], where: string, files: Files): { file: string | null; problems: string[] } {
  const problems: string[] = [];
  let args = argv;
  if (args[0] && /(^|\/)tini$/.test(args[0]) && args[1] === '--') args = args.slice(2);
  let file: string | null = null;
  if (args[0] === 'npm' && args[1] === 'run' && args.length === 3) {
    const script = scripts[args[2]!];
    if (!script) problems.push(`${where}: npm run ${args[2]} is not a script of package.json`);
    else if (!/^tsx \S+\.tsx?$/.test(script)) problems.push(`${where}: npm run ${args[2]} runs "${script}", not one TypeScript entry point through tsx`);
    else file = script.slice(4);
  } else if (args.length === 4 && args[0] === 'node' && args[1] === '--import' && args[2] === 'tsx') {
    file = args[3]!;
    if (!Object.values(scripts).includes(`tsx ${file}`)) problems.push(`${where}: ${file} is not the entry point of any npm script`);
  } else {
    problems.push(`${where}: "${argv.join(' ')}" is neither npm run <script> nor node --import tsx <file>`);
  }
  if (file) {
    if (!existsSync(join(root, file))) problems.push(`${where}: ${file} does not exist`);
    if (ignoredBy(files.dockerignore)(file)) problems.push(`${where}: ${file} is left out of the image by .dockerignore`);
    if (spawnedBy(file).length === 0) problems.push(`${where}: no test spawns ${file}`);
  }
  return { file, problems };
}

function dockerfileProblems(files: Files): string[] {
  const problems: string[] = [];
  const all = parseDockerfile(files.dockerfile);
  const froms = all.filter((i) => i.op === 'FROM');
  if (froms.length < 2) problems.push('Dockerfile: not multi-stage (one FROM)');
  for (const f of froms) {
    const image = f.args.split(/\s+/)[0]!;
    const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
    if (!tag || tag === 'latest') problems.push(`Dockerfile: base image ${image} is not pinned by a tag`);
    if (/alpine/.test(image) || (image.startsWith('node:') && !/-(bookworm|bullseye|trixie)(-slim)?$/.test(tag))) {
      problems.push(`Dockerfile: base image ${image} is not Debian (glibc), which @temporalio/core-bridge needs`);
    }
  }
  for (const run of all.filter((i) => i.op === 'RUN')) {
    if (/setup\.sh|start\.sh|npm (run )?(setup|start)\b/.test(run.args)) problems.push(`Dockerfile: RUN ${run.args} provisions the local demo`);
  }
  if (!all.some((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args))) problems.push('Dockerfile: dependencies are not installed with npm ci from the lockfile');
  const last = froms.length - 1;
  const runtime = all.filter((i) => i.stage === last);
  const user = runtime.filter((i) => i.op === 'USER').at(-1)?.args.trim();
  if (!user) problems.push('Dockerfile: the runtime stage has no USER (it would run as root)');
  else if (/^(root|0)(:|$)/.test(user)) problems.push(`Dockerfile: the runtime stage runs as ${user}`);
  if (!runtime.some((i) => i.op === 'ENV' && /\bNODE_ENV=production\b/.test(i.args))) problems.push('Dockerfile: the runtime stage does not set NODE_ENV=production');
  if (!runtime.some((i) => i.op === 'EXPOSE' && /\b3000\b/.test(i.args))) problems.push('Dockerfile: the runtime stage does not EXPOSE 3000');
  for (const h of all.filter((i) => i.op === 'HEALTHCHECK')) {
    if (/\b(curl|wget)\b/.test(h.args)) problems.push('Dockerfile: the HEALTHCHECK needs curl or wget, which the image does not have');
  }
  const entry = runtime.filter((i) => i.op === 'ENTRYPOINT').at(-1);
  const cmd = runtime.filter((i) => i.op === 'CMD').at(-1);
  const entryArgv = entry ? execForm(entry.args) : [];
  const cmdArgv = cmd ? execForm(cmd.args) : null;
  if (!entryArgv || !cmdArgv) problems.push('Dockerfile: ENTRYPOINT and CMD must be in exec form (a JSON array), so no shell sits between PID 1 and node');
  else problems.push(...entryPoint([...entryArgv, ...cmdArgv], 'Dockerfile CMD', files).problems);
  return problems;
}

const SECRET_KEY = /PASSWORD|PWD|SECRET|TOKEN|API_KEY/i;
const REQUIRED_INTERPOLATION = /^\$\{[A-Z][A-Z0-9_]*:\?[^}]+\}$/;
/** Which entry point each Melker service must run. */
const SERVICE_ENTRY: Record<string, string> = {
  migrate: 'db/migrate.ts', schedules: 'scripts/schedule.ts', web: 'web/server.ts', worker: 'scripts/worker.ts',
};

function composeProblems(files: Files): string[] {
  const problems: string[] = [];
  let doc: YamlMap;
  try {
    doc = asMap(parseYaml(files.compose));
  } catch (e) {
    return [(e as Error).message];
  }
  const services = asMap(doc.services);
  for (const name of ['postgres', 'temporal', ...Object.keys(SERVICE_ENTRY)]) {
    if (!services[name]) problems.push(`compose.yaml: no service ${name}`);
  }
  const dependsOn = (service: string, on: string) => asMap(asMap(asMap(services[service]).depends_on)[on]).condition;

  for (const [name, raw] of Object.entries(services)) {
    const service = asMap(raw);
    const env = service.environment;
    if (env !== undefined && (typeof env !== 'object' || Array.isArray(env))) problems.push(`compose.yaml: ${name}.environment must be a mapping`);
    // No password or secret of compose's own: each must come from the operator, or compose stops.
    for (const [key, v] of Object.entries(asMap(env))) {
      const text = typeof v === 'string' ? v : '';
      if (SECRET_KEY.test(key) && !REQUIRED_INTERPOLATION.test(text)) problems.push(`compose.yaml: ${name}.${key} is not \${NAME:?…} (a literal or default secret)`);
      const userinfo = /^[a-z][a-z0-9+.-]*:\/\/[^/@:]*:(.*)@[^@]*$/i.exec(text);
      if (userinfo && !REQUIRED_INTERPOLATION.test(userinfo[1]!)) problems.push(`compose.yaml: ${name}.${key} has a password in its URL that is not \${NAME:?…}`);
    }
    for (const volume of asList(service.volumes)) {
      const host = volume.split(':')[0]!;
      if (host.startsWith('./') && !existsSync(join(root, host))) problems.push(`compose.yaml: ${name} mounts ${host}, which does not exist`);
    }
  }
  for (const m of files.compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)(:?[-+=])/g)) {
    if (SECRET_KEY.test(m[1]!)) problems.push(`compose.yaml: \${${m[1]}${m[2]}…} gives a secret a default`);
  }

  for (const [name, entry] of Object.entries(SERVICE_ENTRY)) {
    const service = asMap(services[name]);
    if (!services[name]) continue;
    if (service.build === undefined) problems.push(`compose.yaml: ${name} does not run the image built from the Dockerfile`);
    const command = service.command;
    const argv = typeof command === 'string' ? command.split(/\s+/) : asList(command);
    const found = entryPoint(argv, `compose.yaml ${name}`, files);
    problems.push(...found.problems);
    if (found.file && found.file !== entry) problems.push(`compose.yaml: ${name} runs ${found.file}, not ${entry}`);
    for (const key of Object.keys(asMap(service.environment))) {
      if (!configEnv.has(key)) problems.push(`compose.yaml: ${name} sets ${key}, which config/production.ts does not read`);
    }
  }

  // The order of a release: migrate → schedules → web and worker.
  const done = 'service_completed_successfully';
  if (dependsOn('migrate', 'postgres') !== 'service_healthy') problems.push('compose.yaml: migrate does not wait for a healthy postgres');
  if (dependsOn('schedules', 'migrate') !== done) problems.push('compose.yaml: schedules does not wait for migrate to complete successfully');
  for (const name of ['web', 'worker']) {
    for (const step of ['migrate', 'schedules']) {
      if (dependsOn(name, step) !== done) problems.push(`compose.yaml: ${name} does not wait for ${step} to complete successfully`);
    }
    const replicas = Number(asMap(asMap(services[name]).deploy).replicas ?? 1);
    if (!(replicas >= 2)) problems.push(`compose.yaml: ${name} runs ${replicas} replica(s), the example shows several`);
  }
  for (const name of ['migrate', 'schedules']) {
    if (asMap(services[name]).restart !== 'no') problems.push(`compose.yaml: the one-shot ${name} must have restart: "no"`);
  }

  // The web's health check: node's fetch (no curl in the image), on a probe the web app serves.
  const probe = asList(asMap(asMap(services.web).healthcheck).test).join(' ');
  const path = /http:\/\/127\.0\.0\.1:3000(\/\w+)/.exec(probe)?.[1];
  if (!probe.includes('node') || /\b(curl|wget)\b/.test(probe)) problems.push('compose.yaml: the web health check must use node, not curl or wget');
  if (!path || !webSources.includes(`'${path}'`)) problems.push(`compose.yaml: the web health check probes ${path ?? 'nothing'}, which the web app does not serve`);

  // The feed the Schedule names must be where the worker containers can read it.
  const feed = asMap(asMap(services.schedules).environment).MELKER_FEED_SOURCE;
  // host:container[:mode], where the host part may be a ${NAME:?…} with colons of its own.
  const mounts = asList(asMap(services.worker).volumes).map((v) => v.replace(/^\$\{[^}]*\}/, 'host').split(':')[1] ?? '');
  if (typeof feed !== 'string' || !mounts.some((m) => m && feed.startsWith(`${m}/`))) problems.push(`compose.yaml: MELKER_FEED_SOURCE ${String(feed)} is not inside a volume of the worker`);

  // The Temporal Web UI has no authorization of Melker's: never on a public interface.
  for (const port of asList(asMap(services['temporal-ui']).ports)) {
    if (!port.startsWith('127.0.0.1:')) problems.push(`compose.yaml: temporal-ui is published on ${port}, not only on localhost`);
  }
  return problems;
}

/** Paths .dockerignore must leave out of the image, and paths the image needs. */
const MUST_IGNORE = ['.data/test/pg/PG_VERSION', 'node_modules/tsx/package.json', '.git/HEAD', 'test/fixtures/person.ts', 'scripts/setup.sh'];
const MUST_KEEP = ['package.json', 'package-lock.json', 'tsconfig.json', 'db/migrations/0001_roles_and_organisations.sql', 'web/assets/admin.css', 'config/production.ts'];

function dockerignoreProblems(files: Files): string[] {
  const ignored = ignoredBy(files.dockerignore);
  return [
    ...MUST_IGNORE.filter((p) => !ignored(p)).map((p) => `.dockerignore: ${p} would be copied into the image`),
    ...MUST_KEEP.filter((p) => ignored(p)).map((p) => `.dockerignore: ${p} would be missing from the image`),
  ];
}

// ---------------------------------------------------------------- the tests

describe('container files', () => {
  it('the Dockerfile: multi-stage on a pinned Debian base, non-root runtime, its command an entry point the tests spawn', () => {
    expect(dockerfileProblems(realFiles())).toEqual([]);
  });

  it('compose.yaml: every Melker service runs its entry point, with settings config/production.ts reads and no secret of its own, in release order', () => {
    expect(composeProblems(realFiles())).toEqual([]);
  });

  it('.dockerignore leaves out local data, node_modules, tests and the demo provisioning, and keeps what the processes read', () => {
    expect(dockerignoreProblems(realFiles())).toEqual([]);
  });

  it('the entry points are the ones the suite spawns', () => {
    for (const file of Object.values(SERVICE_ENTRY)) expect(spawnedBy(file), file).not.toEqual([]);
  });
});

describe('the container checks fail on broken files', () => {
  /** The real files with one change; the change must apply, or the case tests nothing. */
  function broken(file: keyof Files, from: string | RegExp, to: string): Files {
    const files = realFiles();
    const changed = files[file].replace(from, to);
    expect(changed, `${file}: ${String(from)} not found`).not.toBe(files[file]);
    return { ...files, [file]: changed };
  }
  const problems = (files: Files) => [...dockerfileProblems(files), ...composeProblems(files), ...dockerignoreProblems(files)].join('\n');

  it.each([
    { file: 'Dockerfile', from: /^USER node$/m, to: 'USER root', expected: 'runs as root' },
    { file: 'Dockerfile', from: /^USER node$/m, to: '', expected: 'has no USER' },
    { file: 'Dockerfile', from: /^FROM node:[^ ]+ AS runtime$/m, to: 'FROM node:20-alpine AS runtime', expected: 'not Debian' },
    { file: 'Dockerfile', from: /^FROM node:[^ ]+ AS build$/m, to: 'FROM node AS build', expected: 'not pinned by a tag' },
    { file: 'Dockerfile', from: /^RUN npm ci.*$/m, to: 'RUN npm ci && bash scripts/setup.sh', expected: 'provisions the local demo' },
    { file: 'Dockerfile', from: /^CMD .*$/m, to: 'CMD ["npm", "start"]', expected: 'is neither npm run' },
    { file: 'Dockerfile', from: /^CMD .*$/m, to: 'CMD ["node", "--import", "tsx", "scripts/start.ts"]', expected: 'is not the entry point of any npm script' },
    { file: 'Dockerfile', from: /^CMD .*$/m, to: 'CMD node --import tsx web/server.ts', expected: 'exec form' },
    { file: 'Dockerfile', from: /^ENV NODE_ENV=production/m, to: 'ENV NODE_ENV=development', expected: 'NODE_ENV=production' },
    { file: 'compose', from: /POSTGRES_PASSWORD: "\$\{MELKER_PG_SUPERUSER_PASSWORD:\?[^}]*\}"/, to: 'POSTGRES_PASSWORD: hunter2', expected: 'POSTGRES_PASSWORD is not' },
    { file: 'compose', from: /POSTGRES_PWD: "[^"]*"/, to: 'POSTGRES_PWD: "${TEMPORAL_DB_PASSWORD:-temporal}"', expected: 'gives a secret a default' },
    { file: 'compose', from: /melker_app:\$\{MELKER_APP_DB_PASSWORD:\?[^}]*\}@/, to: 'melker_app:s3cret@', expected: 'password in its URL' },
    { file: 'compose', from: /OIDC_CLIENT_SECRET: "[^"]*"/, to: 'OIDC_CLIENT_SECRET: "${OIDC_CLIENT_SECRET}"', expected: 'OIDC_CLIENT_SECRET is not' },
    { file: 'compose', from: /PORT: "3000"/, to: 'PORT: "3000"\n      MELKER_DEV_IDP: "true"', expected: 'sets MELKER_DEV_IDP, which config/production.ts does not read' },
    { file: 'compose', from: /command: \["npm", "run", "migrate"\]/, to: 'command: ["npm", "run", "migrera"]', expected: 'npm run migrera is not a script' },
    { file: 'compose', from: /command: \["npm", "run", "schedules"\]/, to: 'command: ["npm", "run", "feed"]', expected: 'no test spawns scripts/feed.ts' },
    { file: 'compose', from: /command: \["node", "--import", "tsx", "scripts\/worker.ts"\]/, to: 'command: ["node", "--import", "tsx", "web/server.ts"]', expected: 'worker runs web/server.ts' },
    { file: 'compose', from: /(  web:[\s\S]*?)      schedules:\n        condition: service_completed_successfully\n/, to: '$1', expected: 'web does not wait for schedules' },
    { file: 'compose', from: /(?<head>  worker:[\s\S]*?      replicas: )2/, to: '$<head>1', expected: 'worker runs 1 replica' },
    { file: 'compose', from: /3000\/readyz'/, to: "3000/ready'", expected: 'which the web app does not serve' },
    { file: 'compose', from: /"127\.0\.0\.1:8080:8080"/, to: '"8080:8080"', expected: 'not only on localhost' },
    { file: 'compose', from: /:\/srv\/melker\/feed:ro/, to: ':/srv/feed:ro', expected: 'not inside a volume of the worker' },
    { file: 'compose', from: /  migrate:\n/, to: '  migrate: &app\n', expected: 'outside the YAML subset' },
    { file: 'Dockerfile', from: /^FROM node:[^ ]+ AS build$/m, to: '', expected: 'not multi-stage' },
    { file: 'Dockerfile', from: /^RUN npm ci.*$/m, to: 'RUN npm install', expected: 'not installed with npm ci' },
    { file: 'Dockerfile', from: /^EXPOSE 3000$/m, to: '', expected: 'does not EXPOSE 3000' },
    { file: 'Dockerfile', from: /^EXPOSE 3000$/m, to: 'EXPOSE 3000\nHEALTHCHECK CMD curl -f http://127.0.0.1:3000/livez', expected: 'needs curl or wget' },
    { file: 'compose', from: /^  postgres:$/m, to: '  database:', expected: 'no service postgres' },
    { file: 'compose', from: /(?<head>  web:\n)    build: \.\n/, to: '$<head>', expected: 'web does not run the image built from the Dockerfile' },
    { file: 'compose', from: /(?<head>  worker:[\s\S]*?    environment:\n)(      (?:[A-Z_]+: |# ).*\n)+/, to: '$<head>      - TEMPORAL_ADDRESS=temporal:7233\n', expected: 'worker.environment must be a mapping' },
    { file: 'compose', from: /(?<head>  migrate:[\s\S]*?postgres:\n        condition: )service_healthy/, to: '$<head>service_started', expected: 'migrate does not wait for a healthy postgres' },
    { file: 'compose', from: /(?<head>  schedules:[\s\S]*?migrate:\n        condition: )service_completed_successfully/, to: '$<head>service_started', expected: 'schedules does not wait for migrate' },
    { file: 'compose', from: /restart: "no"/, to: 'restart: on-failure', expected: 'the one-shot migrate must have restart: "no"' },
    { file: 'compose', from: /"node", "-e", "fetch\('http:\/\/127\.0\.0\.1:3000\/readyz'\)[^"]*"/, to: '"curl", "-f", "http://127.0.0.1:3000/readyz"', expected: 'must use node, not curl' },
    { file: 'compose', from: /\.\/deploy\/postgres\/init-melker\.sh:/, to: './deploy/postgres/init.sh:', expected: 'mounts ./deploy/postgres/init.sh, which does not exist' },
    { file: 'dockerignore', from: /^\.data$/m, to: '', expected: '.data/test/pg/PG_VERSION would be copied' },
    { file: 'dockerignore', from: /^node_modules$/m, to: '', expected: 'node_modules/tsx/package.json would be copied' },
    { file: 'dockerignore', from: /^scripts\/\*\.sh$/m, to: '', expected: 'scripts/setup.sh would be copied' },
    { file: 'dockerignore', from: /^test$/m, to: 'test\n*.json', expected: 'package.json would be missing' },
    { file: 'dockerignore', from: /^test$/m, to: 'test\nweb', expected: 'web/server.ts is left out of the image' },
  ] as const)('$file: $expected', ({ file, from, to, expected }) => {
    const key = file === 'Dockerfile' ? 'dockerfile' : file;
    expect(problems(broken(key, from, to))).toContain(expected);
  });
});
