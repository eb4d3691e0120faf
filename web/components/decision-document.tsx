/**
 * The decision on an application for state compensation, rendered from the stored decision
 * document (`decisions.content`, built by domain/decision-document.ts). Shared by the region's
 * tab and the case officers' console; its styles (print layout included) are web/assets/decision.css, part of melker.css.
 */
import type { Child } from 'hono/jsx';
import type { DecisionDocument, DecisionItemRow } from '../../domain/decision-document.js';

export type DecisionDocumentViewProps = {
  document: DecisionDocument;
  /** level of the document's title; sections are one level below (default 2, inside a page with its own h1) */
  headingLevel?: 1 | 2 | 3;
  /** prefix for element ids, when several decisions are on one page */
  idPrefix?: string;
};

function Heading({ level, id, children }: { level: number; id?: string; children: Child }) {
  switch (level) {
    case 1: return <h1 id={id}>{children}</h1>;
    case 2: return <h2 id={id}>{children}</h2>;
    case 3: return <h3 id={id}>{children}</h3>;
    default: return <h4 id={id}>{children}</h4>;
  }
}

function cell(row: DecisionItemRow, key: DecisionDocument['itemColumns'][number]['key']): string {
  const value = row[key];
  return value === null || value === '' ? '–' : String(value);
}

export function DecisionDocumentView({ document: d, headingLevel = 2, idPrefix = 'beslut' }: DecisionDocumentViewProps) {
  const sub = headingLevel + 1;
  const titleId = `${idPrefix}-titel`;
  return (
    <article class="decision" aria-labelledby={titleId}>
      <header class="decision__header">
        <p class="decision__authority">{d.authority}</p>
        <Heading level={headingLevel} id={titleId}>{d.title}</Heading>
        <dl class="decision__meta">
          <div><dt>Beslutsdatum</dt><dd>{d.decisionDate}</dd></div>
          {d.dossierNumber && <div><dt>Diarienummer</dt><dd>{d.dossierNumber}</dd></div>}
          <div><dt>Ansökan nr</dt><dd>{d.applicationId}</dd></div>
          <div><dt>Kvartal</dt><dd>{d.quarter}</dd></div>
          <div><dt>Ansökan kom in</dt><dd>{d.receivedDate}</dd></div>
          <div><dt>{d.parties.applicant.role}</dt><dd>{d.parties.applicant.name} (organisationsnummer {d.parties.applicant.orgNumber})</dd></div>
          <div><dt>{d.parties.authority.role}</dt><dd>{d.parties.authority.name}</dd></div>
        </dl>
      </header>

      <section class="decision__section">
        <Heading level={sub}>Ärendet</Heading>
        <p>{d.subject}</p>
      </section>

      <section class="decision__section">
        <Heading level={sub}>Beslut</Heading>
        <p class="decision__outcome">{d.outcome}</p>
        <p>{d.summary}</p>
        <div class="decision__table-wrap">
          <table class="table decision__items">
            <caption>Hälsoundersökningar i ansökan</caption>
            <thead>
              <tr>{d.itemColumns.map((col) => <th scope="col" class={col.key === 'amountText' ? 'num' : undefined}>{col.label}</th>)}</tr>
            </thead>
            <tbody>
              {d.items.map((row) => (
                <tr>
                  {d.itemColumns.map((col) => (
                    <td class={col.key === 'amountText' ? 'num' : col.key === 'outcome' ? `outcome outcome--${row.outcome === 'Beviljad' ? 'granted' : 'rejected'}` : undefined}>
                      {cell(row, col.key)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={d.itemColumns.findIndex((col) => col.key === 'amountText')}>Beviljat belopp totalt</th>
                <td class="num">{d.totals.grantedText}</td>
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
        <dl class="decision__totals">
          <div><dt>Sökta undersökningar</dt><dd>{d.totals.appliedCount}</dd></div>
          <div><dt>Beviljade</dt><dd>{d.totals.grantedCount}</dd></div>
          <div><dt>Avslagna</dt><dd>{d.totals.rejectedCount}</dd></div>
          <div><dt>Beviljat belopp</dt><dd>{d.totals.grantedText}</dd></div>
          <div><dt>Utbetalningsdag</dt><dd>{d.payout.date ?? 'Ingen utbetalning'}</dd></div>
        </dl>
        <p>{d.payout.sentence}</p>
      </section>

      {d.sections.map((s) => (
        <section class="decision__section">
          <Heading level={sub}>{s.heading}</Heading>
          {s.paragraphs.map((p) => <p>{p}</p>)}
          {s.list.length > 0 && <ul>{s.list.map((item) => <li>{item}</li>)}</ul>}
        </section>
      ))}

      <p class="decision__signature">{d.signature}</p>
    </article>
  );
}
