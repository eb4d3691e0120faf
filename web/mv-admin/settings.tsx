/**
 * Inställningar: Migrationsverket's system administrator switches the automatic decision of clean
 * applications (SPEC §5) on and off. Stored in PostgreSQL; a change is access-logged with who and
 * when, and applies to applications created after it.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { autoDecideSetting, setAutoDecide, type AutoDecideSetting } from '../../services/settings.js';
import { logRequest } from '../access-log.js';
import type { AppEnv } from '../deps.js';
import { CsrfField, renderPage } from '../layout.js';
import type { RouteRegistrar } from '../routes.js';
import { MV_ADMIN_STYLESHEET } from './styles.js';

const BASE = '/mv-admin/installningar';

/** The form: "pa" or "av". */
export const autoDecideForm = z.object({
  automatisktBeslut: z.enum(['pa', 'av'], { message: 'Välj om rena ansökningar ska beslutas automatiskt eller inte.' }),
});

const stockholm = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });

function SettingsPage({ c, setting, error, notice }: { c: Context<AppEnv>; setting: AutoDecideSetting; error?: string | undefined; notice?: string | undefined }) {
  const on = setting.enabled;
  return (
    <>
      <link rel="stylesheet" href={MV_ADMIN_STYLESHEET} />
      {notice && <div class="message-box message-box--success" role="status"><p>{notice}</p></div>}
      <section class="setting-box" aria-labelledby="auto-rubrik">
        <h2 id="auto-rubrik">Automatiskt beslut om rena ansökningar</h2>
        <p>
          När en region skickar in en ansökan prövas varje hälsoundersökning mot reglerna. Om alla undersökningar i ansökan
          uppfyller villkoren kan ansökan beviljas direkt, utan att en handläggare går igenom den. Ansökningar där någon
          undersökning inte uppfyller villkoren går alltid till en handläggare.
        </p>
        <p class="setting-state" data-testid="automatiskt-beslut">
          Just nu: <strong>{on ? 'På' : 'Av'}</strong>
          {' – '}{on ? 'rena ansökningar beviljas automatiskt.' : 'en handläggare beslutar om varje ansökan.'}
        </p>
        {setting.updatedBy && setting.updatedAt && (
          <p>Senast ändrad {stockholm.format(setting.updatedAt)} av {setting.updatedByName ? `${setting.updatedByName} (${setting.updatedBy})` : setting.updatedBy}.</p>
        )}
        <form method="post" action={BASE} novalidate>
          <CsrfField token={c.var.session?.csrfToken} />
          <fieldset class="radio-group" aria-describedby={error ? 'auto-fel' : 'auto-hjalp'}>
            <legend>Ska rena ansökningar beslutas automatiskt?</legend>
            <p id="auto-hjalp">Ändringen gäller ansökningar som skickas in efter att du har sparat. Ansökningar som redan är inskickade påverkas inte.</p>
            {error && <p id="auto-fel" class="field-error">{error}</p>}
            <label class="radio-option">
              <input type="radio" name="automatisktBeslut" value="pa" checked={on} aria-invalid={error ? 'true' : undefined} />
              <span>Ja, bevilja rena ansökningar automatiskt</span>
            </label>
            <label class="radio-option">
              <input type="radio" name="automatisktBeslut" value="av" checked={!on} aria-invalid={error ? 'true' : undefined} />
              <span>Nej, en handläggare beslutar om varje ansökan</span>
            </label>
          </fieldset>
          <button type="submit" class="button button--primary button--medium">Spara</button>
        </form>
      </section>
    </>
  );
}

const NOTICES: Record<string, string> = {
  pa: 'Sparat. Rena ansökningar som skickas in från och med nu beviljas automatiskt.',
  av: 'Sparat. Från och med nu beslutar en handläggare om varje ansökan som skickas in.',
};

const page = (c: Context<AppEnv>, body: ReturnType<typeof SettingsPage>, status: 200 | 400 = 200) =>
  renderPage(c, { title: 'Inställningar', active: BASE, status }, body);

export function registerSettings(r: RouteRegistrar) {
  r.get('/installningar', 'sysadmin', async (c) => {
    const setting = await autoDecideSetting(c.var.deps.sql);
    return page(c, <SettingsPage c={c} setting={setting} notice={NOTICES[c.req.query('sparat') ?? '']} />);
  });

  r.post('/installningar', 'sysadmin', async (c) => {
    const { sql } = c.var.deps;
    const body = await c.req.parseBody();
    const parsed = autoDecideForm.safeParse({ automatisktBeslut: typeof body.automatisktBeslut === 'string' ? body.automatisktBeslut : undefined });
    if (!parsed.success) {
      await logRequest(c, { action: 'change_setting', objectType: 'setting', objectId: 'auto_decide', outcome: 'failed', detail: { reason: 'invalid' } });
      return page(c, <SettingsPage c={c} setting={await autoDecideSetting(sql)} error={parsed.error.issues[0]!.message} />, 400);
    }
    const enabled = parsed.data.automatisktBeslut === 'pa';
    const user = c.var.user!;
    const { before } = await setAutoDecide(sql, enabled, user.hsaId);
    await logRequest(c, { action: 'change_setting', objectType: 'setting', objectId: 'auto_decide', detail: { before, after: enabled } });
    return c.redirect(`${BASE}?sparat=${enabled ? 'pa' : 'av'}`, 303);
  });
}
