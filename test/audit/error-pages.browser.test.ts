/**
 * Security audit (issue 14): the pages a user meets when the new limits refuse a request — a
 * control character in a query (400), a form body over the limit (413), too many logins from one
 * client (429) — and the logged-out page, in Chromium: Swedish, fitting 1366 px, axe clean, with
 * screenshots when MELKER_SHOTS names a directory.
 */
import { describe, expect, it } from 'vitest';
import { loginAs, useBrowserWorld } from '../web/browser-support.js';
import { checkPageState } from '../web/page-checks.js';

const world = useBrowserWorld({ abuse: { loginsPerMinute: 3 } });

describe('the limits\' error pages', () => {
  it('a control character in the search, a form body over the limit, and logging out', async () => {
    const page = await (await world.browser.newContext()).newPage();
    await loginAs(page, world.running.baseUrl, /Ulla Användare/);

    const bad = await page.goto(`${world.running.baseUrl}/lista?sok=%01`);
    expect(bad?.status()).toBe(400);
    await expect(page.locator('main').innerText()).resolves.toMatch(/tecken/i);
    await checkPageState(page, 'fel-400-styrtecken');

    // A form posted with more than the 64 kB a form may hold (as a script or a broken client would).
    await page.goto(`${world.running.baseUrl}/lista`);
    const [tooLarge] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.evaluate(`(() => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/lista/person/00-000000/rapport';
        const field = document.createElement('textarea');
        field.name = 'examDate';
        field.value = 'x'.repeat(70 * 1024);
        form.append(field);
        document.body.append(form);
        form.submit();
      })()`),
    ]);
    expect(tooLarge.status()).toBe(413);
    await page.waitForLoadState('load');
    await expect(page.locator('main').innerText()).resolves.toMatch(/för stor|för mycket/i);
    await checkPageState(page, 'fel-413-for-stor');

    await page.goto(`${world.running.baseUrl}/lista`);
    await page.getByRole('banner').getByRole('button', { name: 'Logga ut' }).click();
    await page.getByRole('heading', { name: 'Du är utloggad' }).waitFor();
    await checkPageState(page, 'utloggad');
    await page.context().close();
  });

  it('too many logins from one client in a minute', async () => {
    const page = await (await world.browser.newContext()).newPage();
    let status = 0;
    for (let i = 0; i < 6 && status !== 429; i++) status = (await page.goto(`${world.running.baseUrl}/auth/login`))?.status() ?? 0;
    expect(status).toBe(429);
    await expect(page.locator('main').innerText()).resolves.toMatch(/försök igen/i);
    await checkPageState(page, 'fel-429-for-manga');
    await page.context().close();
  });
});
