/** The confirmations before an item is removed from a draft and before the draft is submitted. */
import { formatSek } from '../../../domain/decision-document.js';
import { CsrfField } from '../../layout.js';
import type { ApplicationItemRow, ApplicationRow } from '../data/applications.js';
import type { FormError } from '../forms.js';
import { quarterLabel } from './application.js';
import { applicationHref } from './hrefs.js';

export function RemoveConfirm({ app, item, csrf, error }: { app: ApplicationRow; item: ApplicationItemRow; csrf: string | null; error?: FormError | undefined }) {
  const errorId = 'ta-bort-fel';
  return (
    <>
      <p>Vill du ta bort den här hälsoundersökningen ur ansökan för {app.quarter}?</p>
      <dl class="application-facts">
        <div><dt>Dossiernummer</dt><dd>{item.dossierNumber}</dd></div>
        <div><dt>Namn</dt><dd>{item.name}</dd></div>
        <div><dt>Undersökningsdatum</dt><dd>{item.examDate}</dd></div>
        <div><dt>Belopp</dt><dd>{item.amountSek == null ? '–' : formatSek(item.amountSek)}</dd></div>
      </dl>
      <p>Undersökningen ersätts då inte genom denna ansökan. Registreringen av hälsoundersökningen finns kvar.</p>
      <form method="post" action={`${applicationHref(app.quarter)}/poster/${item.examinationId}/ta-bort`}>
        <CsrfField token={csrf} />
        <div class="actions">
          <button type="submit" class="button button--primary" aria-describedby={error ? errorId : undefined}>Ta bort ur ansökan</button>
          <a href={applicationHref(app.quarter)}>Avbryt</a>
          {error && <p id={errorId} class="form-error" role="alert">{error.message}</p>}
        </div>
      </form>
    </>
  );
}

export function SubmitConfirm({ app, csrf, error }: { app: ApplicationRow; csrf: string | null; error?: FormError | undefined }) {
  const errorId = 'skicka-in-fel';
  return (
    <>
      <p>Du skickar in ansökan om statlig ersättning för hälsoundersökningar under {quarterLabel(app.quarter)} till Migrationsverket.</p>
      <dl class="application-facts">
        <div><dt>Antal hälsoundersökningar</dt><dd>{app.itemCount}</dd></div>
        <div><dt>Totalt belopp</dt><dd data-testid="bekrafta-totalt">{formatSek(app.totalAmountSek)}</dd></div>
        <div><dt>Sista dag för ansökan</dt><dd data-testid="bekrafta-sista-dag">{app.deadline}</dd></div>
      </dl>
      <p>När ansökan är inskickad kan inga undersökningar tas bort eller läggas till. Migrationsverket prövar varje undersökning och fattar beslut.</p>
      <form method="post" action={`${applicationHref(app.quarter)}/skicka-in`}>
        <CsrfField token={csrf} />
        <div class="actions">
          <button type="submit" class="button button--primary" aria-describedby={error ? errorId : undefined}>Bekräfta och skicka in</button>
          <a href={applicationHref(app.quarter)}>Avbryt</a>
          {error && <p id={errorId} class="form-error" role="alert">{error.message}</p>}
        </div>
      </form>
    </>
  );
}
