/** The whole decision document on a page of its own (a 5 000-item table does not belong on the review page). */
import type { DecisionDocument } from '../../../domain/decision-document.js';
import { DecisionDocumentView } from '../../components/decision-document.js';
import type { OfficerApplication } from '../data/applications.js';
import { applicationHref } from './hrefs.js';

export function DecisionPage({ app, decision }: { app: OfficerApplication; decision: DecisionDocument }) {
  return (
    <>
      <p><a href={applicationHref(app.id)}>Till ansökan nr {app.id}</a></p>
      <div class="officer-decision">
        <DecisionDocumentView document={decision} headingLevel={2} />
      </div>
    </>
  );
}
