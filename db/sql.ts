/**
 * The one module that owns PostgreSQL connections. Everything else receives a `Sql` from here.
 */
import postgres from 'postgres';

export type Sql = postgres.Sql<Record<string, never>>;

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (run through npm start / npm test, or set it)');
  return url;
}

export function connect(url: string = databaseUrl(), options: postgres.Options<Record<string, never>> = {}): Sql {
  return postgres(url, {
    max: 10,
    idle_timeout: 30,
    connect_timeout: 10,
    // Reconnect quickly after PostgreSQL restarts: the library's default delay grows to 20 s,
    // which kept requests stalled long after the database was back (test/crash-and-restart.test.ts).
    backoff: (attempt: number) => Math.min(0.05 * 2 ** attempt, 1),
    onnotice: () => {},
    types: {
      // Dates stay ISO strings (YYYY-MM-DD): never JS Date objects that shift with time zones.
      date: { to: 1082, from: [1082], serialize: (v: string) => v, parse: (v: string) => v },
    },
    ...options,
  }) as unknown as Sql;
}
