/**
 * One item of the application page: its row with the selection box, and below it "Varför?" and
 * the item's own decision form.
 */
import { CsrfField } from '../../layout.js';
import { reasonLabel } from '../../components/reasons.js';
import type { OfficerApplication } from '../data/applications.js';
import type { ItemFilter, OfficerItem } from '../data/items.js';
import { Explanation, proposalText } from './explain.js';
import { applicationHref, examinationHref } from './hrefs.js';

export type ItemFormState = { examinationId: number; outcome?: string; reason?: string; errors: { outcome?: string; reason?: string } };

/** The view an item form returns to (the page the officer acted on). */
export function ViewFields({ filter }: { filter: ItemFilter }) {
  return (
    <>
      <input type="hidden" name="visa" value={filter.view} />
      <input type="hidden" name="skal" value={filter.reason ?? ''} />
      <input type="hidden" name="sida" value={String(filter.page)} />
    </>
  );
}

function DecideForm({ app, item, csrf, state, filter }: { app: OfficerApplication; item: OfficerItem; csrf: string | null; state?: ItemFormState | undefined; filter: ItemFilter }) {
  const base = `post-${item.examinationId}`;
  const outcome = state?.outcome ?? item.outcome ?? (item.proposal?.eligible ? 'Beviljad' : 'Avslagen');
  const reason = state?.reason ?? item.outcomeReason ?? '';
  const reasonError = state?.errors.reason;
  const outcomeError = state?.errors.outcome;
  return (
    <form method="post" action={`${applicationHref(app.id)}/poster/${item.examinationId}`} class="officer-decide" novalidate>
      <CsrfField token={csrf} />
      <ViewFields filter={filter} />
      <fieldset class="fieldset radio-button-group" aria-describedby={outcomeError ? `${base}-utfall-fel` : undefined}>
        <legend class="label fieldset__label">Beslut för {item.name}</legend>
        {outcomeError && <p class="label__message label__message--error" id={`${base}-utfall-fel`} tabindex={-1} autofocus>{outcomeError}</p>}
        <div class="fieldset__content radio-button-group__content">
          <div class="radio-button">
            <input class="radio-button__input" type="radio" id={`${base}-bevilja`} name="outcome" value="Beviljad" checked={outcome === 'Beviljad'} />
            <label class="radio-button__label" for={`${base}-bevilja`}>Bevilja</label>
          </div>
          <div class="radio-button">
            <input class="radio-button__input" type="radio" id={`${base}-avsla`} name="outcome" value="Avslagen" checked={outcome === 'Avslagen'} />
            <label class="radio-button__label" for={`${base}-avsla`}>Avslå</label>
          </div>
        </div>
      </fieldset>
      <div class={`textarea-field${reasonError ? ' textarea-field--error' : ''}`}>
        <label class="label" for={`${base}-skal`}>
          Skäl för avslag
          <span class="label__description" id={`${base}-skal-hjalp`}>Krävs vid avslag och när beslutet avviker från förslaget. Skälet står i beslutet.</span>
          {reasonError && <span class="label__message label__message--error" id={`${base}-skal-fel`}>{reasonError}</span>}
        </label>
        <textarea class="textarea-field__textarea" id={`${base}-skal`} name="reason" rows={3} maxlength={1000}
          aria-invalid={reasonError ? 'true' : undefined} aria-describedby={`${base}-skal-hjalp${reasonError ? ` ${base}-skal-fel` : ''}`}
          autofocus={reasonError && !outcomeError ? true : undefined}>{reason}</textarea>
      </div>
      <button type="submit" class="button button--secondary button--medium">Spara beslut<span class="sr-only"> för {item.name}</span></button>
    </form>
  );
}

function outcomeText(item: OfficerItem): string {
  if (!item.outcome) return 'Inte beslutad';
  return `${item.outcome}${item.outcomeReason ? ` – ${item.outcomeReason}` : ' enligt förslaget'}`;
}

const departs = (item: OfficerItem) => item.outcome !== null && item.outcome !== (item.proposal?.eligible ? 'Beviljad' : 'Avslagen');

/** One item: its row with the selection box, and a row below with "Varför?" and the item's own decision form. */
export function ItemRows({ app, item, csrf, state, open, selected, filter }: {
  app: OfficerApplication; item: OfficerItem; csrf: string | null; state?: ItemFormState | undefined; open: boolean;
  selected: boolean; filter: ItemFilter;
}) {
  const id = item.examinationId;
  const refusalReasons = item.proposal && !item.proposal.eligible ? item.proposal.reasons.map((r) => reasonLabel(r.code)) : [];
  return (
    <tbody class="officer-item" id={`post-${id}`} aria-labelledby={`post-${id}-namn`}>
      <tr>
        {open && (
          <td class="officer-items__select">
            <input type="checkbox" class="officer-items__checkbox" name="valda" value={String(id)} form="massbeslut" id={`valj-${id}`} checked={selected} />
            <label for={`valj-${id}`} class="sr-only">Välj {item.name}, {item.dossierNumber}</label>
          </td>
        )}
        <th scope="row" id={`post-${id}-namn`}>
          {item.name}<br /><span class="officer-items__dossier">{item.dossierNumber}</span>
        </th>
        <td>{item.examDate}<br /><a href={examinationHref(item.runId)}>{item.examStatus}<span class="sr-only"> – tidslinje för {item.name}</span></a></td>
        <td data-testid={`forslag-${item.dossierNumber}`}>
          {proposalText(item.proposal)}
          {refusalReasons.length > 0 && <span class="officer-items__reasons"> – {refusalReasons.join(', ')}</span>}
        </td>
        <td data-testid={`beslut-${item.dossierNumber}`} class={departs(item) ? 'officer-items__changed' : undefined}>
          {outcomeText(item)}{departs(item) && <span class="officer-items__badge"> (ändrat)</span>}
        </td>
      </tr>
      <tr class="officer-items__more">
        <td colspan={open ? 5 : 4}>
          <details class="why">
            <summary>Varför?<span class="sr-only"> Regelbedömningen för {item.name}</span></summary>
            <Explanation id={`varfor-${id}`} name={item.name} proposal={item.proposal} evaluation={item.evaluation} src={`${applicationHref(app.id)}/poster/${id}/varfor`} />
          </details>
          {open && (
            <details class="why officer-items__decide" open={state ? true : undefined}>
              <summary>Besluta om undersökningen<span class="sr-only"> för {item.name}</span></summary>
              <DecideForm app={app} item={item} csrf={csrf} state={state} filter={filter} />
            </details>
          )}
        </td>
      </tr>
    </tbody>
  );
}
