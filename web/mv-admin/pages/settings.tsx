/** Inställningar: whether clean applications are decided automatically (SPEC §5). A pure function of its props. */
import { formatStockholmDateTime } from '../../../domain/stockholm-time.js';
import type { AutoDecideSetting } from '../../../services/settings.js';
import { CsrfField } from '../../layout.js';
import { assetUrl } from '../../static.js';

export const BASE = '/mv-admin/installningar';
const STYLESHEET = assetUrl('mv-admin.css');

const NOTICES: Record<string, string> = {
  pa: 'Sparat. Rena ansökningar som skickas in från och med nu beviljas automatiskt.',
  av: 'Sparat. Från och med nu beslutar en handläggare om varje ansökan som skickas in.',
};
/** The confirmation of `?sparat=`, if it names one. */
export const noticeOf = (key: string | undefined) => NOTICES[key ?? ''];

export function SettingsPage({ csrf, setting, error, notice }: {
  csrf: string | undefined; setting: AutoDecideSetting; error?: string | undefined; notice?: string | undefined;
}) {
  const on = setting.enabled;
  return (
    <>
      <link rel="stylesheet" href={STYLESHEET} />
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
          <p>Senast ändrad {formatStockholmDateTime(setting.updatedAt)} av {setting.updatedByName ? `${setting.updatedByName} (${setting.updatedBy})` : setting.updatedBy}.</p>
        )}
        <form method="post" action={BASE} novalidate>
          <CsrfField token={csrf} />
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
