/**
 * The one logger of the processes (issue 14): JSON lines on stdout through pino, one object per
 * line with `time`, `level`, `msg` and, for the web tier, `reqId`. No personal data goes in: the
 * web tier logs route patterns, never paths or query strings, and everything that comes from
 * elsewhere (Temporal's log metadata, error messages) is scrubbed of dossier and personal identity
 * numbers first (`scrub`).
 *
 * `LOG_LEVEL` sets the level (trace, debug, info, warn, error, fatal, silent; default info, and
 * silent under vitest, where NODE_ENV is `test`, so the test output stays readable).
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

function defaultLevel(env: NodeJS.ProcessEnv): string {
  const wanted = env.LOG_LEVEL?.toLowerCase();
  if (wanted && LEVELS.has(wanted)) return wanted;
  return env.NODE_ENV === 'test' ? 'silent' : 'info';
}

/** A logger with the processes' format; tests pass their own `destination` to read the lines. */
export function createLogger(options: { level?: string; destination?: DestinationStream; base?: Record<string, unknown> } = {}): Logger {
  return pino({
    level: options.level ?? defaultLevel(process.env),
    base: { pid: process.pid, ...options.base },
    // pino's own err serializer copies every enumerable property of an error (a database error's
    // parameters, for one): only the type, code, message and stack are logged, scrubbed.
    serializers: { err: serializeError },
    timestamp: pino.stdTimeFunctions.isoTime,
    // A safety net under every line: its message and fields are scrubbed (child bindings, the
    // request id and the process's own fields, are set by this code and not).
    hooks: {
      logMethod(args, method) {
        // log.error(err) takes its message from the error: give the error as a field instead.
        const [first, ...rest] = args as unknown[];
        const given = first instanceof Error ? [{ err: first }, rest.length ? rest[0] : first.message, ...rest.slice(1)] : args;
        method.apply(this, given.map((a: unknown) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
      },
    },
    formatters: {
      level: (label) => ({ level: label }),
      log: (fields) => scrubValue(fields) as Record<string, unknown>,
    },
  }, options.destination ?? pino.destination({ dest: 1, sync: true }));
}

/** The process logger. */
export const log: Logger = createLogger();

// Dossier numbers (NN-NNNNNN, also inside a workflow id: examination-NN-NNNNNN) and personal
// identity or coordination numbers (YYMMDD-NNNN, YYYYMMDDNNNN, + after 100; a plausible month and
// day, so organisation numbers, whose month part is 20 or more, and most UUIDs stay).
const DOSSIER = /(?<![0-9A-Za-z])\d{1,2}-\d{6}(?![0-9A-Za-z])/g;
const IDENTITY = /(?<![0-9A-Za-z])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:[0-3]\d|[6-9]\d)[-+]?\d{4}(?![0-9A-Za-z])/g;

/** `text` without dossier or personal identity numbers. */
export function scrub(text: string): string {
  return text.replace(IDENTITY, '[nummer borttaget]').replace(DOSSIER, '[dossiernummer borttaget]');
}

/** A copy of `value` whose every string is scrubbed (objects and arrays to a small depth). */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 6) return '[…]';
  if (value instanceof Error) return serializeError(value);
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => scrubValue(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, depth + 1)]));
}

export function serializeError(err: unknown): Record<string, unknown> {
  // Under formatters.log an error has already become a plain object (scrubValue).
  if (!(err instanceof Error)) return err !== null && typeof err === 'object' ? scrubValue(err) as Record<string, unknown> : { message: scrub(String(err)) };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    message: scrub(err.message),
    ...(err.stack ? { stack: scrub(err.stack) } : {}),
  };
}

type TemporalLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
type TemporalMeta = Record<string | symbol, unknown>;

/**
 * The Temporal SDK's Logger interface (`Runtime.install({ logger })`, the workflow bundler) on top
 * of pino. Workflow ids hold dossier numbers (`examination-NN-NNNNNN`): the logger scrubs every
 * message and meta value; run ids, task queues and activity types stay.
 */
export function temporalLogger(logger: Logger = log) {
  const target = logger.child({ component: 'temporal' });
  const METHOD = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
  const write = (level: TemporalLevel, message: string, meta?: TemporalMeta) => {
    const fields: Record<string, unknown> = { ...meta };
    // The SDK passes errors as `error` or `failure`: log them as pino's `err` (type, message, stack).
    if (fields.error instanceof Error) {
      fields.err = fields.error;
      delete fields.error;
    }
    target[METHOD[level] ?? 'info'](fields, String(message));
  };
  return {
    log: write,
    trace: (message: string, meta?: TemporalMeta) => write('TRACE', message, meta),
    debug: (message: string, meta?: TemporalMeta) => write('DEBUG', message, meta),
    info: (message: string, meta?: TemporalMeta) => write('INFO', message, meta),
    warn: (message: string, meta?: TemporalMeta) => write('WARN', message, meta),
    error: (message: string, meta?: TemporalMeta) => write('ERROR', message, meta),
  };
}
