/**
 * A rule set's page: its dates and amounts, and its rules in readable Swedish. Pure functions of
 * their props.
 */
import { CONCERN_TITLES, ConditionView, eventText, type Condition } from '../../components/readable.js';
import { ruleSetToJson, type RuleSet } from '../../../rules/index.js';
import type { InstalledSet } from '../../../services/rule-maintenance.js';
import { correctionHref, when } from './common.js';

/** The parameters' names in words. */
const PARAM_TITLES: Record<string, string> = { lmaChangeDate: 'Datum för LMA-ändringen' };
const paramTitle = (k: string) => PARAM_TITLES[k] ?? k;

export const sourceText = (s: InstalledSet) => s.source === 'shipped' ? 'Levererad med e-tjänsten' : `Publicerad ${when(s.publishedAt!)} av ${s.publishedBy}`;

export function RuleSetView({ set, headingLevel = 2 }: { set: RuleSet; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const H2 = headingLevel === 2 ? 'h3' : 'h4';
  const params = Object.entries(set.parameters).filter(([k]) => k !== '$schema' && k !== 'amountPerExamYear');
  return (
    <>
      <H>Datum och belopp som reglerna använder</H>
      <dl class="application-facts">
        {params.map(([k, v]) => <div><dt>{paramTitle(k)}</dt><dd data-testid={`parameter-${k}`}>{String(v)}</dd></div>)}
      </dl>
      <div class="table-wrap">
        <table class="table">
          <caption>Belopp per undersökningsår</caption>
          <thead><tr><th scope="col">Från år</th><th scope="col">Till år</th><th scope="col" class="num">Belopp (kr)</th></tr></thead>
          <tbody>{set.parameters.amountPerExamYear.map((p) => <tr><td>{p.fromYear}</td><td>{p.toYear ?? 'tills vidare'}</td><td class="num">{p.amountSek}</td></tr>)}</tbody>
        </table>
      </div>
      {set.ruleFiles.map((file) => (
        <section aria-label={CONCERN_TITLES[file.concern] ?? file.name}>
          <H>{CONCERN_TITLES[file.concern] ?? file.name}</H>
          <p>{file.description}</p>
          {(file.rules as { name: string; description: string; conditions: Condition; event: { type: string; params?: Record<string, unknown> } }[]).map((rule) => (
            <div class="rule-card">
              <H2>{rule.description}</H2>
              <p class="rule-name">Regelns beteckning: {rule.name}</p>
              <p><strong>Om</strong></p>
              <ConditionView c={rule.conditions} params={set.parameters} />
              <p><strong>Då:</strong> {eventText(rule.event, set.parameters)}</p>
            </div>
          ))}
        </section>
      ))}
      <p>Testfall: {set.cases.reduce((n, f) => n + f.cases.length, 0)} i {set.cases.length} {set.cases.length === 1 ? 'fil' : 'filer'}.</p>
    </>
  );
}

export type RuleSetPageProps = { installed: InstalledSet; latest: boolean; done?: string | undefined };

/** An installed set; the newest version of a set offers an amount correction. */
export function RuleSetPage({ installed, latest, done }: RuleSetPageProps) {
  const { set } = installed;
  return (
    <>
      <p><a href="/regler">Till regeluppsättningarna</a></p>
      {done === 'publicerad' && (
        <div class="message-box message-box--success" role="status"><p>{set.label} är publicerad och gäller från {set.effectiveFrom}.</p></div>
      )}
      {done === 'rattad' && (
        <div class="message-box message-box--success" role="status">
          <p>Beloppen är rättade och publicerade som {set.label}, för undersökningar från {set.effectiveFrom}. Systemet använder rättelsen inom en halv minut.</p>
        </div>
      )}
      <dl class="application-facts">
        <div><dt>Gäller från</dt><dd>{set.effectiveFrom}</dd></div>
        <div><dt>Ursprung</dt><dd>{sourceText(installed)}</dd></div>
        <div><dt>Beskrivning</dt><dd>{set.description}</dd></div>
      </dl>
      {latest && (
        <p>
          <a href={correctionHref(set.label)}>Rätta belopp</a>: publicera en rättad version av beloppen per undersökningsår, även för passerade år.
        </p>
      )}
      <RuleSetView set={set} />
      <details>
        <summary>Visa innehållet i JSON-format</summary>
        <pre class="rules-json">{JSON.stringify(ruleSetToJson(set), null, 2)}</pre>
      </details>
    </>
  );
}
