/**
 * Security audit (issue 14): htmx's history cache must not keep pages with personal data in the
 * tab's sessionStorage, neither while the user works nor after logout.
 */
import { describe, expect, it } from 'vitest';
import { loginAs, useBrowserWorld } from '../web/browser-support.js';

const world = useBrowserWorld();

describe('htmx history cache', () => {
  it('keeps nothing of the user list in sessionStorage, and the back button still shows the list', async () => {
    const page = await (await world.browser.newContext()).newPage();
    await loginAs(page, world.running.baseUrl, /Anna Admin/);
    await page.getByRole('link', { name: 'Ulla' }).waitFor();
    const stored = () => page.evaluate<string>('JSON.stringify(Object.fromEntries(Object.entries(sessionStorage)))');

    // A search pushes a history entry: htmx would save the page it leaves (names, HSA-ids, e-mail).
    await page.getByRole('searchbox', { name: /^Sök/ }).fill('Rolf');
    await page.waitForURL(/sok=Rolf/);
    await page.getByRole('link', { name: 'Ulla' }).waitFor({ state: 'detached' });
    expect(await stored()).not.toMatch(/SE2321000016|Ulla|regionstockholm\.example/);

    await page.goBack();
    await page.getByRole('link', { name: 'Ulla' }).waitFor();
    expect(await stored()).not.toMatch(/SE2321000016|Ulla|regionstockholm\.example/);

    await page.getByRole('banner').getByRole('button', { name: 'Logga ut' }).click();
    await page.getByRole('heading', { name: 'Du är utloggad' }).waitFor();
    expect(await page.evaluate<string | null>("sessionStorage.getItem('htmx-history-cache')")).toBeNull();
    await page.context().close();
  });
});
