/**
 * Inställningar: the system administrator switches automatic decisions of clean applications on
 * and off (services/settings.ts); a change is logged with who and when, and applies to
 * applications submitted after it.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { autoDecideSetting, setAutoDecide } from '../../../services/settings.js';
import { logRequest } from '../../access-log.js';
import type { AppEnv } from '../../deps.js';
import { renderPage } from '../../layout.js';
import type { RouteRegistrar } from '../../routes.js';
import { readAutoDecideForm } from '../forms.js';
import { BASE, noticeOf, SettingsPage } from '../pages/settings.js';

const page = (c: Context<AppEnv>, body: Child, status: 200 | 400 = 200) =>
  renderPage(c, { title: 'Inställningar', active: BASE, status }, body);

export function registerSettings(r: RouteRegistrar) {
  r.get('/installningar', 'sysadmin', async (c) => {
    const setting = await autoDecideSetting(c.var.deps.sql);
    return page(c, <SettingsPage csrf={c.var.session?.csrfToken} setting={setting} notice={noticeOf(c.req.query('sparat'))} />);
  });

  r.post('/installningar', 'sysadmin', async (c) => {
    const { sql } = c.var.deps;
    const choice = readAutoDecideForm(await c.req.parseBody());
    if (!choice.ok) {
      await logRequest(c, { action: 'change_setting', objectType: 'setting', objectId: 'auto_decide', outcome: 'failed', detail: { reason: 'invalid' } });
      return page(c, <SettingsPage csrf={c.var.session?.csrfToken} setting={await autoDecideSetting(sql)} error={choice.error} />, 400);
    }
    const { before } = await setAutoDecide(sql, choice.enabled, c.var.user!.hsaId);
    await logRequest(c, { action: 'change_setting', objectType: 'setting', objectId: 'auto_decide', detail: { before, after: choice.enabled } });
    return c.redirect(`${BASE}?sparat=${choice.enabled ? 'pa' : 'av'}`, 303);
  });
}
