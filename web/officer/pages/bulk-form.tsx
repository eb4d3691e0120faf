/** The bulk actions of the application page. */
import { CsrfField } from '../../layout.js';
import type { OfficerApplication } from '../data/applications.js';
import type { ItemFilter } from '../data/items.js';
import { num } from './format.js';
import { applicationHref } from './hrefs.js';
import { ViewFields } from './item-rows.js';

/** A bulk action's form as the officer sent it, with the messages for its fields. */
export type BulkFormState = {
  selected: number[];
  outcome?: string;
  reason?: string;
  errors: { selection?: string; outcome?: string; reason?: string; action?: string };
};

/** The bulk actions: "Godkänn förslaget" for the selection or for every undecided item of the view, one outcome with one reason for the selection. */
export function BulkForm({ app, csrf, filter, undecidedInView, state }: {
  app: OfficerApplication; csrf: string | null; filter: ItemFilter; undecidedInView: number; state?: BulkFormState | undefined;
}) {
  const e = state?.errors ?? {};
  const inView = filter.view !== 'alla' || filter.reason ? ' i urvalet' : '';
  return (
    <form method="post" action={`${applicationHref(app.id)}/poster`} id="massbeslut" class="officer-bulk" aria-labelledby="massbeslut-rubrik" novalidate>
      <CsrfField token={csrf} />
      <ViewFields filter={filter} />
      <div class="officer-bulk__top">
        <h3 id="massbeslut-rubrik" class="officer-bulk__heading">Beslut för flera undersökningar</h3>
        <p class="officer-bulk__selected" id="massbeslut-valda" aria-live="polite">
          {state?.selected.length ? `${num(state.selected.length)} valda på sidan.` : 'Inga valda på sidan.'}
        </p>
      </div>
      {e.selection && <p class="form-error officer-bulk__error" id="massbeslut-urval-fel" tabindex={-1} autofocus>{e.selection}</p>}
      {e.action && <p class="form-error officer-bulk__error" id="massbeslut-fel" role="alert" tabindex={-1} autofocus={!e.selection ? true : undefined}>{e.action}</p>}
      <div class="officer-bulk__row">
        <button type="submit" name="action" value="forslag-valda" class="button button--secondary button--medium"
          aria-describedby={e.selection ? 'massbeslut-urval-fel' : undefined}>Godkänn förslaget för valda</button>
        <button type="submit" name="action" value="forslag-alla" class="button button--secondary button--medium" disabled={undecidedInView === 0 ? true : undefined}>
          Godkänn förslaget för alla ej beslutade{inView} ({num(undecidedInView)})
        </button>
      </div>
      <fieldset class="fieldset officer-bulk__other">
        <legend class="label fieldset__label">Annat beslut för valda</legend>
        <div class={`officer-bulk__outcome radio-button-group radio-button-group--horizontal${e.outcome ? ' radio-button-group--error' : ''}`} role="radiogroup" aria-labelledby="massbeslut-utfall-rubrik"
          aria-describedby={e.outcome ? 'massbeslut-utfall-fel' : undefined}>
          <span class="label" id="massbeslut-utfall-rubrik">Beslut</span>
          {e.outcome && <span class="label__message label__message--error" id="massbeslut-utfall-fel">{e.outcome}</span>}
          <div class="radio-button-group__content officer-bulk__radios">
            <div class="radio-button">
              <input class="radio-button__input" type="radio" id="massbeslut-bevilja" name="outcome" value="Beviljad" checked={state?.outcome === 'Beviljad'} />
              <label class="radio-button__label" for="massbeslut-bevilja">Bevilja</label>
            </div>
            <div class="radio-button">
              <input class="radio-button__input" type="radio" id="massbeslut-avsla" name="outcome" value="Avslagen" checked={state?.outcome === 'Avslagen'} />
              <label class="radio-button__label" for="massbeslut-avsla">Avslå</label>
            </div>
          </div>
        </div>
        <div class={`text-field officer-bulk__reason${e.reason ? ' text-field--error' : ''}`}>
          <label class="label" for="massbeslut-skal">
            Skäl
            <span class="label__description" id="massbeslut-skal-hjalp">Krävs vid avslag och när beslutet avviker från förslaget. Skälet står i beslutet.</span>
            {e.reason && <span class="label__message label__message--error" id="massbeslut-skal-fel">{e.reason}</span>}
          </label>
          <div class="text-field__input-wrapper">
            <input class="text-field__input" type="text" id="massbeslut-skal" name="reason" maxlength={1000} value={state?.reason ?? ''} autocomplete="off"
              aria-invalid={e.reason ? 'true' : undefined} aria-describedby={`massbeslut-skal-hjalp${e.reason ? ' massbeslut-skal-fel' : ''}`}
              autofocus={e.reason && !e.selection && !e.action ? true : undefined} />
          </div>
        </div>
        <button type="submit" name="action" value="beslut-valda" class="button button--primary button--medium">Spara beslutet för valda</button>
      </fieldset>
    </form>
  );
}
