/**
 * Self-hosted static files: htmx and the FKUI design system straight from node_modules (no CDN,
 * so the CSP can stay 'self'), plus Melker's own stylesheets and scripts from web/assets/
 * (plain .css and .js files, one per role or page family; none holds personal data, so all are
 * public and cacheable). `melker.css` is melker.css followed by decision.css.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from './routes.js';

const require = createRequire(import.meta.url);
const ASSETS = new URL('./assets/', import.meta.url);

const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };
const asset = (name: string) => () => readFileSync(new URL(name, ASSETS), 'utf8');

const FILES: Record<string, { resolve: () => string | Buffer; type: string }> = {
  'htmx.min.js': { resolve: () => readFileSync(require.resolve('htmx.org/dist/htmx.min.js')), type: TYPES.js! },
  'fkui.css': { resolve: () => readFileSync(require.resolve('@fkui/design/lib/fkui.min.css')), type: TYPES.css! },
};
for (const name of readdirSync(ASSETS)) {
  const type = TYPES[name.split('.').pop()!];
  if (type) FILES[name] = { resolve: asset(name), type };
}
FILES['melker.css'] = { resolve: () => asset('melker.css')() + asset('decision.css')(), type: TYPES.css! };

const cache = new Map<string, string | Buffer>();

/** The URL of a stylesheet or script in web/assets/ (throws at startup for a file that is not there). */
export function assetUrl(name: string): string {
  if (!Object.hasOwn(FILES, name)) throw new Error(`web/assets/${name} does not exist`);
  return `/static/${name}`;
}

export const staticFiles = feature('/static', (r) => {
  r.get('/:file', 'public', (c) => {
    const name = c.req.param('file');
    const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (!file) return c.notFound();
    let body = cache.get(name);
    if (body === undefined) cache.set(name, (body = file.resolve()));
    return c.body(typeof body === 'string' ? body : new Uint8Array(body), 200, {
      'Content-Type': file.type,
      'Cache-Control': 'public, max-age=3600',
    });
  });
});
