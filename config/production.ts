/**
 * Configuration of the production processes (web, worker), read from the environment and
 * validated at start. Outside the all-in-one demo (`npm start`) nothing has a default that could
 * be unsafe: a missing or unsafe setting stops the process with one Swedish message naming every
 * problem (fail closed). No development IdP, demo data or mail sink is started here at all.
 */
import { readFileSync } from 'node:fs';
import type { AuthConfig } from '../web/deps.js';
import { DEFAULT_ORG_CLAIM } from '../web/auth/oidc.js';
import { TASK_QUEUE } from '../contract/index.js';

export type TemporalSettings = {
  address: string;
  namespace: string;
  taskQueue: string;
  /** TLS to the frontend (Temporal Cloud, or a cluster with TLS). */
  tls: null | {
    serverRootCA?: Buffer;
    serverName?: string;
    /** mTLS client certificate and key. */
    clientCert?: Buffer;
    clientKey?: Buffer;
  };
  /** Temporal Cloud API key (implies TLS). */
  apiKey?: string;
};

export type WebConfig = {
  databaseUrl: string;
  publicUrl: string;
  port: number;
  host: string;
  auth: AuthConfig;
  temporal: TemporalSettings;
  /** Where `GET /metrics` is served, apart from the public port (METRICS_HOST, METRICS_PORT); null: nowhere (METRICS_PORT set empty). */
  metrics: { host: string; port: number } | null;
};

export type WorkerConfig = {
  databaseUrl: string;
  temporal: TemporalSettings;
  /** IP:port of the Temporal SDK's Prometheus endpoint (WORKER_METRICS_ADDRESS); null: none (set empty). */
  metricsAddress: string | null;
};

export const DEFAULT_WEB_METRICS_PORT = 9465;
export const DEFAULT_WORKER_METRICS_ADDRESS = '127.0.0.1:9464';

function portNumber(value: string): number | null {
  const port = Number(value);
  return /^\d{1,5}$/.test(value) && port >= 1 && port <= 65535 ? port : null;
}

type Env = NodeJS.ProcessEnv;
export type Checked<T> = { ok: true; config: T } | { ok: false; problems: string[] };

function file(env: Env, name: string, problems: string[]): Buffer | undefined {
  const path = env[name];
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch {
    problems.push(`${name}: filen ${path} kan inte läsas.`);
    return undefined;
  }
}

/** The application role's address; a password equal to the role's name or 'melker_app' (the old development one) is refused. */
function databaseUrl(env: Env, problems: string[]): string {
  const url = env.DATABASE_URL ?? '';
  if (!url) {
    problems.push('DATABASE_URL saknas: ange PostgreSQL-adressen för applikationens databasroll.');
    return '';
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    problems.push('DATABASE_URL är ingen giltig adress (postgres://roll:lösenord@värd:port/databas).');
    return '';
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) problems.push('DATABASE_URL ska börja med postgres://.');
  if (!parsed.password) problems.push('DATABASE_URL saknar lösenord för databasrollen.');
  if (decodeURIComponent(parsed.password) === decodeURIComponent(parsed.username) || decodeURIComponent(parsed.password) === 'melker_app') {
    problems.push('DATABASE_URL använder utvecklingslösenordet: ge databasrollen ett eget lösenord.');
  }
  return url;
}

function temporal(env: Env, problems: string[]): TemporalSettings {
  const address = env.TEMPORAL_ADDRESS ?? '';
  if (!address) problems.push('TEMPORAL_ADDRESS saknas: ange Temporal-klustrets adress (värd:port).');
  const clientCert = file(env, 'TEMPORAL_TLS_CERT', problems);
  const clientKey = file(env, 'TEMPORAL_TLS_KEY', problems);
  if (!!env.TEMPORAL_TLS_CERT !== !!env.TEMPORAL_TLS_KEY) problems.push('TEMPORAL_TLS_CERT och TEMPORAL_TLS_KEY anges tillsammans (mTLS).');
  const serverRootCA = file(env, 'TEMPORAL_TLS_CA', problems);
  const apiKey = env.TEMPORAL_API_KEY || undefined;
  const tlsWanted = env.TEMPORAL_TLS === 'true' || !!clientCert || !!serverRootCA || !!apiKey;
  if (env.TEMPORAL_TLS === 'false' && (clientCert || apiKey)) problems.push('TEMPORAL_TLS=false går inte ihop med klientcertifikat eller API-nyckel.');
  return {
    address,
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.MELKER_TASK_QUEUE || TASK_QUEUE,
    tls: tlsWanted ? { serverRootCA, clientCert, clientKey, serverName: env.TEMPORAL_TLS_SERVER_NAME || undefined } : null,
    apiKey,
  };
}

function refuseDemoSwitches(env: Env, problems: string[]) {
  for (const name of ['MELKER_DEV_IDP', 'MELKER_DEMO_DATA', 'MELKER_MAIL_SINK']) {
    if (env[name] && env[name] !== 'false') problems.push(`${name}: utvecklings- och demodelar startas bara av npm start, aldrig i drift.`);
  }
}

export function webConfig(env: Env = process.env): Checked<WebConfig> {
  const problems: string[] = [];
  const db = databaseUrl(env, problems);
  const t = temporal(env, problems);
  refuseDemoSwitches(env, problems);
  const issuer = env.OIDC_ISSUER ?? '';
  if (!issuer) problems.push('OIDC_ISSUER saknas: ange IdP:ns adress (https://…).');
  else if (!issuer.startsWith('https://')) problems.push('OIDC_ISSUER ska vara en https-adress.');
  if (!env.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID saknas.');
  if (!env.OIDC_CLIENT_SECRET) problems.push('OIDC_CLIENT_SECRET saknas.');
  const publicUrl = (env.PUBLIC_URL ?? '').replace(/\/+$/, '');
  if (!publicUrl) problems.push('PUBLIC_URL saknas: ange adressen som webbläsarna når e-tjänsten på (https://…).');
  else if (!publicUrl.startsWith('https://')) problems.push('PUBLIC_URL ska vara en https-adress (säkra kakor kräver det).');
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push('PORT ska vara ett portnummer 1–65535.');
  // Unset: the default port; set empty: no metrics endpoint.
  const metricsOff = env.METRICS_PORT === '';
  const metricsPort = metricsOff ? null : portNumber(env.METRICS_PORT ?? String(DEFAULT_WEB_METRICS_PORT));
  if (!metricsOff && metricsPort === null) problems.push('METRICS_PORT ska vara ett portnummer 1–65535 (eller tomt för inga mätvärden).');
  else if (metricsPort === port) problems.push('METRICS_PORT ska vara en annan port än PORT: mätvärdena visas inte på den publika porten.');
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    config: {
      databaseUrl: db, publicUrl, port, host: env.HOST || '0.0.0.0', temporal: t,
      metrics: metricsPort === null ? null : { host: env.METRICS_HOST || '127.0.0.1', port: metricsPort },
      auth: { issuer, clientId: env.OIDC_CLIENT_ID!, clientSecret: env.OIDC_CLIENT_SECRET!, orgClaim: env.OIDC_ORG_CLAIM || DEFAULT_ORG_CLAIM },
    },
  };
}

export function workerConfig(env: Env = process.env): Checked<WorkerConfig> {
  const problems: string[] = [];
  // Like the web process: the local clusters give the application role a random password too.
  const db = databaseUrl(env, problems);
  const t = temporal(env, problems);
  refuseDemoSwitches(env, problems);
  // Unset: the default address; set empty: no metrics endpoint. The SDK's core takes an IP address
  // and a port (no host name).
  const metricsAddress = env.WORKER_METRICS_ADDRESS === '' ? null : env.WORKER_METRICS_ADDRESS ?? DEFAULT_WORKER_METRICS_ADDRESS;
  const hostPort = metricsAddress === null ? null : /^(\[[0-9A-Fa-f:.]+\]|\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(metricsAddress);
  if (metricsAddress !== null && (!hostPort || portNumber(hostPort[2]!) === null)) {
    problems.push('WORKER_METRICS_ADDRESS ska vara IP-adress:port, till exempel 0.0.0.0:9464 (där Prometheus hämtar workerns mätvärden), eller tomt för inga mätvärden.');
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, config: { databaseUrl: db, temporal: t, metricsAddress } };
}

/** The one message a process prints before it exits on bad configuration. */
export function configurationMessage(process: string, problems: string[]): string {
  return `Melker (${process}) startar inte: inställningarna är ofullständiga eller osäkra.\n${problems.map((p) => `  - ${p}`).join('\n')}\nSe README, avsnittet "Running it in production".`;
}

/** Prints the one message and ends the process (exit 1): how every entry point fails closed. */
export function stopWith(name: string, problems: string[]): never {
  console.error(configurationMessage(name, problems));
  process.exit(1);
}

/** The validated settings, or the process stops naming every problem. */
export function settingsOrStop<T>(name: string, checked: Checked<T>): T {
  if (!checked.ok) stopWith(name, checked.problems);
  return checked.config;
}

/** Options for `Connection.connect` and `NativeConnection.connect` from the settings. */
export function temporalConnectionOptions(t: TemporalSettings) {
  return {
    address: t.address,
    ...(t.tls ? {
      tls: {
        ...(t.tls.serverRootCA ? { serverRootCACertificate: t.tls.serverRootCA } : {}),
        ...(t.tls.serverName ? { serverNameOverride: t.tls.serverName } : {}),
        ...(t.tls.clientCert && t.tls.clientKey ? { clientCertPair: { crt: t.tls.clientCert, key: t.tls.clientKey } } : {}),
      },
    } : {}),
    ...(t.apiKey ? { apiKey: t.apiKey } : {}),
  };
}

export type MigrateConfig = {
  migrationDatabaseUrl: string;
  /** PostgreSQL's lock_timeout for every migration's transaction (e.g. '15s'). */
  lockTimeout: string;
  /** The Temporal namespace whose search attributes the step creates or checks; none when not given. */
  temporal: TemporalSettings | null;
  /** The operator lets the migrate step create missing search attributes (else it only checks). */
  createSearchAttributes: boolean;
};

const APP_ROLE = 'melker_app';

/**
 * The migrate step: its own database role (never the application's), a lock timeout so it never
 * queues behind a long transaction for ever, and optionally the Temporal namespace's search attributes.
 */
export function migrateConfig(env: Env = process.env): Checked<MigrateConfig> {
  const problems: string[] = [];
  const url = env.MIGRATION_DATABASE_URL ?? '';
  if (!url) {
    problems.push('MIGRATION_DATABASE_URL saknas: migreringar körs med en egen databasroll som äger schemat, inte med applikationens roll.');
  } else {
    try {
      const parsed = new URL(url);
      if (!/^postgres(ql)?:$/.test(parsed.protocol)) problems.push('MIGRATION_DATABASE_URL ska börja med postgres://.');
      if (decodeURIComponent(parsed.username) === APP_ROLE) problems.push(`MIGRATION_DATABASE_URL använder applikationens roll ${APP_ROLE}: migreringar körs med en egen roll.`);
      if (env.DATABASE_URL) {
        const app = new URL(env.DATABASE_URL);
        if (app.username && app.username === parsed.username) problems.push('MIGRATION_DATABASE_URL och DATABASE_URL använder samma roll: migreringar körs med en egen roll.');
      }
    } catch {
      problems.push('MIGRATION_DATABASE_URL är ingen giltig adress (postgres://roll:lösenord@värd:port/databas).');
    }
  }
  const lockTimeout = env.MELKER_MIGRATION_LOCK_TIMEOUT || '15s';
  if (!/^[1-9]\d{0,5}(ms|s|min)$/.test(lockTimeout)) problems.push('MELKER_MIGRATION_LOCK_TIMEOUT ska vara en tid som 15s, 500ms eller 2min.');
  const createSearchAttributes = env.MELKER_CREATE_SEARCH_ATTRIBUTES === 'true';
  if (env.MELKER_CREATE_SEARCH_ATTRIBUTES && !['true', 'false'].includes(env.MELKER_CREATE_SEARCH_ATTRIBUTES)) {
    problems.push('MELKER_CREATE_SEARCH_ATTRIBUTES ska vara true eller false.');
  }
  let t: TemporalSettings | null = null;
  if (env.TEMPORAL_ADDRESS) t = temporal(env, problems);
  else if (createSearchAttributes) problems.push('MELKER_CREATE_SEARCH_ATTRIBUTES=true kräver TEMPORAL_ADDRESS (och TEMPORAL_NAMESPACE).');
  refuseDemoSwitches(env, problems);
  if (problems.length) return { ok: false, problems };
  return { ok: true, config: { migrationDatabaseUrl: url, lockTimeout, temporal: t, createSearchAttributes } };
}

export type SchedulesConfig = { temporal: TemporalSettings; feedSource: string };

/** The Schedules' bootstrap: the Temporal settings and where the population feed is read. */
export function schedulesConfig(env: Env = process.env): Checked<SchedulesConfig> {
  const problems: string[] = [];
  const t = temporal(env, problems);
  const feedSource = env.MELKER_FEED_SOURCE ?? '';
  if (!feedSource) problems.push('MELKER_FEED_SOURCE saknas: ange filen som workern läser folkbokföringsflödet från (absolut sökväg).');
  else if (!feedSource.startsWith('/')) problems.push('MELKER_FEED_SOURCE ska vara en absolut sökväg till flödesfilen, som workern kan läsa.');
  refuseDemoSwitches(env, problems);
  if (problems.length) return { ok: false, problems };
  return { ok: true, config: { temporal: t, feedSource } };
}
