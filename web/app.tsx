/**
 * The Hono application: one sub-app per role is mounted here as they are built.
 */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import type { WebDeps } from './deps.js';

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error('timeout')), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export function createApp(deps: WebDeps) {
  const app = new Hono();
  app.use('*', secureHeaders());

  app.get('/healthz', async (c) => {
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await withTimeout(fn(), 2000);
        return 'ok' as const;
      } catch {
        return 'fel' as const;
      }
    };
    const [database, temporal] = await Promise.all([
      check(() => deps.sql`select 1`),
      check(() => deps.temporal.connection.workflowService.getSystemInfo({})),
    ]);
    const ok = database === 'ok' && temporal === 'ok';
    return c.json({ status: ok ? 'ok' : 'fel', database, temporal }, ok ? 200 : 503);
  });

  app.get('/', (c) =>
    c.html(
      <html lang="sv">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Melker – e-tjänst för regioner</title>
        </head>
        <body>
          <main>
            <h1>Melker</h1>
            <p>E-tjänst för regioner: hälsoundersökningar och ansökan om statlig ersättning för asylsökande m.fl.</p>
          </main>
        </body>
      </html>,
    ),
  );

  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    console.error(err);
    return c.text('Ett tekniskt fel inträffade. Försök igen senare.', 500);
  });
  return app;
}
