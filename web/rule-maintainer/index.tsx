/**
 * Regler (rule maintainers, issue 7): installed rule sets and their rules in readable Swedish;
 * check and test as the CLI runs them; candidates (uploaded, or a copy with a changed parameter)
 * simulated against the live population as a Temporal workflow; publication with an effective
 * date (published_rule_sets, access-logged), which the worker picks up.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { stockholmDate } from '../../domain/stockholm-time.js';
import { latestVersion, nextVersion } from '../../rules/correction.js';
import { loadRuleSetsFromJson, ruleSetToJson, type RuleSet, type RuleSetJson } from '../../rules/index.js';
import { parseJson } from '../../rules/ruleset.js';
import type { Problem } from '../../rules/validate.js';
import {
  RULE_SIMULATION_WORKFLOW as ruleSimulationWorkflow, simulationQuery, simulationWorkflowId, TASK_QUEUE, type SimulationProgress,
} from '../../contract/index.js';
import { logRequest } from '../access-log.js';
import { withinQueryWait, type AppEnv } from '../deps.js';
import { csrfOf, userOf } from '../request.js';
import { CsrfField, isFragmentRequest, renderPage } from '../layout.js';
import { feature } from '../routes.js';
import { CONSOLE_CSS } from '../officer/styles.js';
import { temporalUiLink } from '../components/temporal-ui.js';
import { checkCandidate, checkInstalled, testCandidate, testInstalled } from './checks.js';
import {
  correctionHref, CorrectionPage, formValues, MAX_JUSTIFICATION, postedRows, previewRows, readCorrection, rowsOf, withBlankRows, type CorrectionPageProps,
} from './correction.js';
import {
  candidate as candidateById, candidates, createSimulation, deleteCandidate, installedSets, markPublished, openItemAmounts, publish, publishedDocuments, saveCandidate, simulation,
  simulationChanges, simulationsOf, type Candidate, type ChangeRow,
} from './data.js';
import {
  candidateHref, CandidatePage, CheckResult, KIND_LABELS, ListPage, RuleSetView, setHref, simulationHref, SimulationView, sourceText, TestResult, when,
  type FieldState,
} from './pages.js';

type C = Context<AppEnv>;
const ACTIVE = '/regler';
const STYLESHEET = '/regler/stil.css';
const Styles = () => <link rel="stylesheet" href={STYLESHEET} />;
const MAX_DOCUMENT = 2_000_000;
/** Additions to the console styles for the rule pages. */
const RULES_CSS = `
.table td.nowrap, .table th.nowrap { white-space: nowrap; }
.file-field { margin-bottom: 1.5rem; }
.confirm-question { font-weight: 600; font-size: 1.125rem; }
`;

const DATE_MESSAGE = 'Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2022-09-01.';
const isoDate = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, DATE_MESSAGE).refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, DATE_MESSAGE);

/** "Copy a set as a candidate", with the LMA change date to use. */
export const copyForm = z.object({
  source: z.string({ message: 'Välj en uppsättning att kopiera.' }).min(1, 'Välj en uppsättning att kopiera.').max(100),
  lmaChangeDate: z.union([z.literal(''), isoDate]).optional(),
});

const EMPTY_DOCUMENT = 'Välj en fil eller klistra in regeluppsättningen.';
/** A candidate document (upload or edit): JSON, one object, a rule set that passes the check. */
export const candidateForm = z.object({
  content: z.string({ message: EMPTY_DOCUMENT }).max(MAX_DOCUMENT, 'Dokumentet är för stort (högst 2 MB).').transform((text, ctx) => {
    if (text.trim() === '') {
      ctx.addIssue({ code: 'custom', message: EMPTY_DOCUMENT });
      return z.NEVER;
    }
    const problems: Problem[] = [];
    const doc = parseJson(text, 'dokumentet', problems);
    if (problems.length > 0 || typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      ctx.addIssue({ code: 'custom', message: problems.length ? `Texten är inte giltig JSON: ${problems[0]!.message}.` : 'Innehållet ska vara en hel regeluppsättning i JSON-format, med beskrivning, värden, regler och testfall.' });
      return z.NEVER;
    }
    const o = doc as Record<string, unknown>;
    const isObj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    const json: RuleSetJson = { manifest: o.manifest, parameters: o.parameters, ruleFiles: isObj(o.ruleFiles) ? o.ruleFiles as Record<string, unknown> : {}, cases: isObj(o.cases) ? o.cases as Record<string, unknown> : {} };
    const m = isObj(json.manifest) ? json.manifest as Record<string, unknown> : {};
    const label = `${String(m.id ?? 'kandidat')}@${String(m.version ?? '?')}`;
    const check = checkCandidate(json, label);
    if (!check.ok) {
      const more = check.problems.length > 3 ? ` (och ${check.problems.length - 3} fel till)` : '';
      ctx.addIssue({ code: 'custom', message: `Regeluppsättningen har ${check.problems.length} fel: ${check.problems.slice(0, 3).join('; ')}${more}` });
      return z.NEVER;
    }
    return { json, label };
  }),
});

/** Publication: the date the set is in force from (after today), its id and version. */
export const publishForm = z.object({
  effectiveFrom: isoDate.refine((d) => d > stockholmDate(Date.now()), 'Ange ett datum efter i dag: publicerade regler gäller bara framåt.'),
  id: z.string().trim().max(63).refine((v) => v === '' || /^[a-z0-9][a-z0-9-]{1,62}$/.test(v), 'Namnet får bara innehålla små bokstäver (a–z), siffror och bindestreck, till exempel lma-2027-01-01.'),
  version: z.string().trim().regex(/^[0-9]+(\.[0-9]+){0,2}$/, 'Ange versionen som 1, 1.1 eller 1.1.1.'),
});

const idParam = z.string().regex(/^[1-9]\d{0,14}$/).transform(Number);

const today = () => stockholmDate(Date.now());

function fieldErrors(issues: z.core.$ZodIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? 'content')] ??= issue.message;
  return errors;
}
const strings = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;

async function listPage(c: C, extra: { copy?: FieldState; upload?: FieldState; status?: 200 | 400; check?: ReturnType<typeof checkInstalled>; test?: Awaited<ReturnType<typeof testInstalled>> } = {}) {
  const { sql } = c.var.deps;
  const [sets, cands] = await Promise.all([installedSets(sql), candidates(sql)]);
  const removed = c.req.query('borttagen') ?? '';
  return renderPage(c, { title: 'Regler', active: ACTIVE, status: extra.status ?? 200 }, (
    <><Styles />{/^\d{1,15}$/.test(removed) && <div class="message-box message-box--success" role="status"><p>Kandidat {removed} är borttagen.</p></div>}<ListPage sets={sets} candidates={cands} csrf={csrfOf(c)} copy={extra.copy ?? { values: {}, errors: {} }}
      upload={extra.upload ?? { values: {}, errors: {} }} check={extra.check} test={extra.test} /></>
  ));
}

async function requireCandidate(c: C): Promise<{ cand: Candidate; set: RuleSet }> {
  const id = idParam.safeParse(c.req.param('id'));
  const cand = id.success ? await candidateById(c.var.deps.sql, id.data) : null;
  if (!cand) throw new HTTPException(404, { message: 'Kandidaten finns inte.' });
  const [set] = loadRuleSetsFromJson([cand.content]);
  return { cand, set: set! };
}

const pretty = (json: RuleSetJson) => JSON.stringify(json, null, 2);

const CANDIDATE_NOTICES: Record<string, string> = {
  skapad: 'Kandidaten är sparad. Kontrollera, testa och simulera den innan du publicerar.',
  sparad: 'Ändringarna är sparade.',
};

async function candidatePage(c: C, cand: Candidate, set: RuleSet, extra: {
  edit?: FieldState; publish?: FieldState & { formError?: string }; status?: 200 | 400 | 409;
  check?: ReturnType<typeof checkCandidate>; test?: Awaited<ReturnType<typeof testCandidate>>;
} = {}) {
  const sims = await simulationsOf(c.var.deps.sql, cand.id);
  return renderPage(c, { title: `Kandidat ${cand.id}: ${cand.label}`, active: ACTIVE, status: extra.status ?? 200 }, (
    <><Styles /><CandidatePage candidate={cand} set={set} simulations={sims} csrf={csrfOf(c)}
      edit={extra.edit ?? { values: { content: pretty(cand.content) }, errors: {} }}
      publish={extra.publish ?? { values: { version: '1' }, errors: {} }} check={extra.check} test={extra.test}
      notice={CANDIDATE_NOTICES[c.req.query('klart') ?? '']} /></>
  ));
}

async function simulationProps(c: C, id: number) {
  const { sql, temporal } = c.var.deps;
  const sim = await simulation(sql, id);
  if (!sim) throw new HTTPException(404, { message: 'Simuleringen finns inte.' });
  let progress: SimulationProgress | null = null;
  if (sim.status === 'Pågår') {
    try {
      progress = await withinQueryWait(temporal, () => temporal.workflow.getHandle(sim.workflowId).query(simulationQuery));
    } catch {
      progress = null; // just started: no workflow task done yet
    }
  }
  const examples: Record<string, ChangeRow[]> = {};
  let changes = { rows: [] as ChangeRow[], total: 0 };
  if (sim.status === 'Klar') {
    for (const kind of Object.keys(KIND_LABELS)) {
      if (sim.counts?.byKind?.[kind]) examples[kind] = (await simulationChanges(sql, id, { kind, limit: 5 })).rows;
    }
    changes = await simulationChanges(sql, id, { limit: 1000 });
  }
  return { sim, progress, examples, changes, temporalUrl: temporalUiLink(c.var.deps.temporalUiUrl, sim.workflowId) };
}

/** The set an amount correction starts from, the sets installed now and the correction's version. */
async function correctionTarget(c: C) {
  const installed = (await installedSets(c.var.deps.sql)).map((s) => s.set);
  const set = installed.find((s) => s.label === c.req.param('label'));
  if (!set) throw new HTTPException(404, { message: 'Regeluppsättningen finns inte.' });
  return { set, installed, latest: latestVersion(installed, set), version: nextVersion(installed, set.id) };
}

function correctionView(c: C, props: Omit<CorrectionPageProps, 'csrf'>, status: 200 | 400 | 409 = 200) {
  return renderPage(c, { title: `Rätta belopp i ${props.set.label}`, active: ACTIVE, status }, <><Styles /><CorrectionPage {...props} csrf={csrfOf(c)} /></>);
}

export const ruleMaintainerFeature = feature('/regler', (r) => {
  r.get('/stil.css', 'rule_maintainer', (c) => c.body(CONSOLE_CSS + RULES_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'private, max-age=3600' }));

  r.get('/', 'rule_maintainer', (c) => listPage(c));

  r.post('/kontroll', 'rule_maintainer', async (c) => {
    const report = checkInstalled(await publishedDocuments(c.var.deps.sql));
    if (isFragmentRequest(c)) return c.html(<CheckResult report={report} />);
    return listPage(c, { check: report });
  });

  r.post('/test', 'rule_maintainer', async (c) => {
    const report = await testInstalled((await installedSets(c.var.deps.sql)).map((s) => s.set));
    if (isFragmentRequest(c)) return c.html(<TestResult report={report} />);
    return listPage(c, { test: report });
  });

  r.get('/uppsattning/:label', 'rule_maintainer', async (c) => {
    const label = c.req.param('label');
    const installed = await installedSets(c.var.deps.sql);
    const found = installed.find((s) => s.set.label === label);
    if (!found) throw new HTTPException(404, { message: 'Regeluppsättningen finns inte.' });
    const { set } = found;
    const latest = latestVersion(installed.map((s) => s.set), set) === set;
    return renderPage(c, { title: `Regeluppsättning ${set.label}`, active: ACTIVE }, (
      <>
        <Styles />
        <p><a href="/regler">Till regeluppsättningarna</a></p>
        {c.req.query('klart') === 'publicerad' && (
          <div class="message-box message-box--success" role="status"><p>{set.label} är publicerad och gäller från {set.effectiveFrom}.</p></div>
        )}
        {c.req.query('klart') === 'rattad' && (
          <div class="message-box message-box--success" role="status">
            <p>Beloppen är rättade och publicerade som {set.label}, för undersökningar från {set.effectiveFrom}. Systemet använder rättelsen inom en halv minut.</p>
          </div>
        )}
        <dl class="application-facts">
          <div><dt>Gäller från</dt><dd>{set.effectiveFrom}</dd></div>
          <div><dt>Ursprung</dt><dd>{sourceText(found)}</dd></div>
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
          <pre class="rules-json">{pretty(ruleSetToJson(set))}</pre>
        </details>
      </>
    ));
  });

  r.post('/kandidat/kopia', 'rule_maintainer', async (c) => {
    const user = userOf(c);
    const body = strings(await c.req.parseBody());
    const parsed = copyForm.safeParse(body);
    const sets = await installedSets(c.var.deps.sql);
    const source = parsed.success ? sets.find((s) => s.set.label === parsed.data.source) : undefined;
    if (!parsed.success || !source) {
      const errors = parsed.success ? { source: 'Välj en uppsättning att kopiera.' } : fieldErrors(parsed.error.issues);
      return listPage(c, { copy: { values: { lmaChangeDate: (body.lmaChangeDate ?? '').slice(0, 10), source: body.source ?? '' }, errors }, status: 400 });
    }
    const json = ruleSetToJson(source.set) as RuleSetJson & { manifest: Record<string, unknown>; parameters: Record<string, unknown> };
    const changed = parsed.data.lmaChangeDate;
    if (changed) {
      json.parameters.lmaChangeDate = changed;
      json.manifest.description = `Kandidat: ${source.set.label} med LMA-ändringen ${changed}. ${String(json.manifest.description)}`;
    } else {
      json.manifest.description = `Kandidat: kopia av ${source.set.label}. ${String(json.manifest.description)}`;
    }
    const id = await saveCandidate(c.var.deps.sql, { label: source.set.label, content: json, by: user.hsaId });
    await logRequest(c, { action: 'create', objectType: 'rule_candidate', objectId: String(id), detail: { copyOf: source.set.label, lmaChangeDate: changed ?? null } });
    return c.redirect(`${candidateHref(id)}?klart=skapad`, 303);
  });

  r.post('/kandidat', 'rule_maintainer', async (c) => {
    const user = userOf(c);
    const body = await c.req.parseBody();
    const file = body.file;
    const text = file instanceof File && file.size > 0 ? (file.size > MAX_DOCUMENT ? 'x'.repeat(MAX_DOCUMENT + 1) : await file.text()) : typeof body.content === 'string' ? body.content : '';
    const parsed = candidateForm.safeParse({ content: text });
    if (!parsed.success) {
      return listPage(c, { upload: { values: { content: text.length > MAX_DOCUMENT ? '' : text }, errors: fieldErrors(parsed.error.issues) }, status: 400 });
    }
    const id = await saveCandidate(c.var.deps.sql, { label: parsed.data.content.label, content: parsed.data.content.json, by: user.hsaId });
    await logRequest(c, { action: 'create', objectType: 'rule_candidate', objectId: String(id), detail: { label: parsed.data.content.label } });
    return c.redirect(`${candidateHref(id)}?klart=skapad`, 303);
  });

  r.get('/kandidat/:id', 'rule_maintainer', async (c) => {
    const { cand, set } = await requireCandidate(c);
    return candidatePage(c, cand, set);
  });

  r.post('/kandidat/:id', 'rule_maintainer', async (c) => {
    const user = userOf(c);
    const { cand, set } = await requireCandidate(c);
    const body = strings(await c.req.parseBody());
    const parsed = candidateForm.safeParse({ content: body.content ?? '' });
    if (!parsed.success) {
      return candidatePage(c, cand, set, { edit: { values: { content: (body.content ?? '').slice(0, MAX_DOCUMENT) }, errors: fieldErrors(parsed.error.issues) }, status: 400 });
    }
    await saveCandidate(c.var.deps.sql, { id: cand.id, label: parsed.data.content.label, content: parsed.data.content.json, by: user.hsaId });
    await logRequest(c, { action: 'update', objectType: 'rule_candidate', objectId: String(cand.id), detail: { label: parsed.data.content.label } });
    return c.redirect(`${candidateHref(cand.id)}?klart=sparad`, 303);
  });

  r.post('/kandidat/:id/kontroll', 'rule_maintainer', async (c) => {
    const { cand, set } = await requireCandidate(c);
    const report = checkCandidate(cand.content, cand.label);
    if (isFragmentRequest(c)) return c.html(<CheckResult report={report} />);
    return candidatePage(c, cand, set, { check: report });
  });

  r.post('/kandidat/:id/test', 'rule_maintainer', async (c) => {
    const { cand, set } = await requireCandidate(c);
    const report = await testCandidate(cand.content);
    if (isFragmentRequest(c)) return c.html(<TestResult report={report} />);
    return candidatePage(c, cand, set, { test: report });
  });

  r.post('/kandidat/:id/simulering', 'rule_maintainer', async (c) => {
    const user = userOf(c);
    const { cand } = await requireCandidate(c);
    const { sql, temporal, taskQueue } = c.var.deps;
    const id = await createSimulation(sql, cand, today(), user.hsaId, simulationWorkflowId);
    await temporal.workflow.start(ruleSimulationWorkflow, { workflowId: simulationWorkflowId(id), taskQueue: taskQueue ?? TASK_QUEUE, args: [{ simulationId: id }] });
    await logRequest(c, { action: 'simulate', objectType: 'rule_candidate', objectId: String(cand.id), detail: { simulationId: id, label: cand.label } });
    return c.redirect(simulationHref(id), 303);
  });

  r.get('/simulering/:id', 'rule_maintainer', async (c) => {
    const id = idParam.safeParse(c.req.param('id'));
    if (!id.success) throw new HTTPException(404, { message: 'Simuleringen finns inte.' });
    const props = await simulationProps(c, id.data);
    await logRequest(c, { action: 'view', objectType: 'rule_simulation', objectId: String(id.data), detail: { status: props.sim.status } });
    return renderPage(c, { title: `Simulering ${id.data} av ${props.sim.candidateLabel}`, active: ACTIVE }, (
      <><Styles /><p><a href={candidateHref(props.sim.candidateId)}>Till kandidat {props.sim.candidateId}</a></p><SimulationView {...props} /></>
    ));
  });

  r.get('/simulering/:id/status', 'rule_maintainer', async (c) => {
    const id = idParam.safeParse(c.req.param('id'));
    if (!id.success) throw new HTTPException(404, { message: 'Simuleringen finns inte.' });
    const props = await simulationProps(c, id.data);
    if (props.sim.status !== 'Pågår') await logRequest(c, { action: 'view', objectType: 'rule_simulation', objectId: String(id.data), detail: { status: props.sim.status } });
    if (isFragmentRequest(c)) return c.html(<SimulationView {...props} />);
    return c.redirect(simulationHref(id.data), 303);
  });

  r.get('/kandidat/:id/ta-bort', 'rule_maintainer', async (c) => {
    const { cand } = await requireCandidate(c);
    const base = candidateHref(cand.id);
    return renderPage(c, { title: `Ta bort kandidat ${cand.id}`, active: ACTIVE, status: cand.publishedAs ? 409 : 200 }, cand.publishedAs ? (
      <div class="message-box message-box--info" role="status">
        <p>Kandidat {cand.id} är publicerad som {cand.publishedAs} och kan inte tas bort. Publicerade regler finns kvar så att beslut alltid kan förklaras.</p>
        <p><a href={base}>Tillbaka till kandidaten</a></p>
      </div>
    ) : (
      <div class="message-box message-box--warning confirm-box">
        <p class="confirm-question">Är du säker på att du vill ta bort kandidaten?</p>
        <p>Kandidat {cand.id}: {cand.label}, skapad {when(cand.createdAt)} av {cand.createdBy}. Kandidatens simuleringar tas också bort.</p>
        <form method="post" action={`${base}/ta-bort`} class="button-group">
          <CsrfField token={csrfOf(c)} />
          <button type="submit" class="button button--primary button--medium button-group__item">OK</button>
          <a class="button button--secondary button--medium button-group__item button-link" href={base}>Avbryt</a>
        </form>
      </div>
    ));
  });

  r.post('/kandidat/:id/ta-bort', 'rule_maintainer', async (c) => {
    const { cand } = await requireCandidate(c);
    const outcome = await deleteCandidate(c.var.deps.sql, cand.id);
    await logRequest(c, {
      action: 'delete_candidate', objectType: 'rule_candidate', objectId: String(cand.id), outcome: outcome === 'deleted' ? 'ok' : 'denied',
      detail: { label: cand.label, outcome },
    });
    if (outcome === 'deleted') return c.redirect(`${ACTIVE}?borttagen=${cand.id}`, 303);
    if (outcome === 'not_found') throw new HTTPException(404, { message: 'Kandidaten finns inte.' });
    const text = outcome === 'published'
      ? `Kandidat ${cand.id} är publicerad som ${cand.publishedAs ?? 'en regeluppsättning'} och kan inte tas bort. Publicerade regler finns kvar så att beslut alltid kan förklaras.`
      : `Kandidat ${cand.id} kan inte tas bort medan en simulering av den pågår. Vänta tills simuleringen är klar och försök igen.`;
    return renderPage(c, { title: `Ta bort kandidat ${cand.id}`, active: ACTIVE, status: 409 }, (
      <div class="message-box message-box--error" role="alert"><p>{text}</p><p><a href={candidateHref(cand.id)}>Tillbaka till kandidaten</a></p></div>
    ));
  });

  r.post('/kandidat/:id/publicera', 'rule_maintainer', async (c) => {
    const user = userOf(c);
    const { cand, set } = await requireCandidate(c);
    const body = strings(await c.req.parseBody());
    const values = { effectiveFrom: (body.effectiveFrom ?? '').slice(0, 10), id: (body.id ?? '').slice(0, 63), version: (body.version ?? '').slice(0, 20) };
    const parsed = publishForm.safeParse(body);
    if (!parsed.success) return candidatePage(c, cand, set, { publish: { values, errors: fieldErrors(parsed.error.issues) }, status: 400 });
    const { effectiveFrom, version } = parsed.data;
    const setId = parsed.data.id || `lma-${effectiveFrom}`;
    const label = `${setId}@${version}`;
    const { sql } = c.var.deps;
    if ((await installedSets(sql)).some((s) => s.set.label === label)) {
      return candidatePage(c, cand, set, { publish: { values, errors: { id: `${label} finns redan. Ange ett annat namn eller en högre version.` } }, status: 409 });
    }
    const json = ruleSetToJson(set) as RuleSetJson & { manifest: Record<string, unknown> };
    json.manifest = { ...json.manifest, id: setId, version, effectiveFrom };
    // The set's own cases that name its label expect the label it is published under.
    for (const file of Object.values(json.cases) as { cases?: { expected?: Record<string, unknown> }[] }[]) {
      for (const tc of file.cases ?? []) if (tc.expected?.ruleSet === set.label) tc.expected.ruleSet = label;
    }
    const check = checkCandidate(json, label);
    const test = check.ok ? await testCandidate(json) : undefined;
    if (!check.ok || (test && test.failed > 0)) {
      const formError = !check.ok
        ? `Kandidaten klarar inte kontrollen (${check.problems.length} fel): ${check.problems.slice(0, 2).join('; ')}`
        : `${test!.failed} testfall misslyckades. Rätta reglerna eller testfallen innan du publicerar.`;
      await logRequest(c, { action: 'publish', objectType: 'rule_set', objectId: label, outcome: 'failed', detail: { candidate: cand.id, reason: check.ok ? 'tests' : 'check' } });
      return candidatePage(c, cand, set, { publish: { values, errors: {}, formError }, check, ...(test ? { test } : {}), status: 409 });
    }
    const stored = await publish(sql, { id: setId, version, effectiveFrom, content: json, by: user.hsaId });
    await logRequest(c, {
      action: 'publish', objectType: 'rule_set', objectId: label, outcome: stored ? 'ok' : 'failed',
      detail: { candidate: cand.id, effectiveFrom, lmaChangeDate: (json.parameters as Record<string, unknown>).lmaChangeDate ?? null },
    });
    if (!stored) return candidatePage(c, cand, set, { publish: { values, errors: { id: `${label} finns redan. Ange ett annat namn eller en högre version.` } }, status: 409 });
    await markPublished(sql, cand.id, label);
    return c.redirect(`${setHref(label)}?klart=publicerad`, 303);
  });
  r.get('/uppsattning/:label/belopp', 'rule_maintainer', async (c) => {
    const t = await correctionTarget(c);
    // A correction starts from the newest version of the set (the one in force).
    if (t.latest !== t.set) return c.redirect(correctionHref(t.latest.label), 303);
    const rows = rowsOf(t.set);
    return correctionView(c, { set: t.set, version: t.version, rows, state: { values: formValues(rows, ''), errors: {} } });
  });

  /** "Förhandsgranska" (steg=granska) shows what changes; "Publicera" (steg=publicera) publishes the next version. */
  r.post('/uppsattning/:label/belopp', 'rule_maintainer', async (c) => {
    const user = userOf(c);
    const t = await correctionTarget(c);
    const body = strings(await c.req.parseBody());
    const posted = postedRows(body);
    const justification = (body.motivering ?? '').slice(0, MAX_JUSTIFICATION + 1);
    const rows = withBlankRows(posted);
    const view = (extra: Pick<CorrectionPageProps, 'formError' | 'preview'> & { errors?: Record<string, string> }, status: 200 | 400 | 409) =>
      correctionView(c, { set: t.set, version: t.version, rows, state: { values: formValues(rows, justification), errors: extra.errors ?? {} },
        formError: extra.formError, preview: extra.preview }, status);
    if (t.latest !== t.set) {
      return view({ formError: `${t.latest.label} har publicerats sedan du öppnade sidan. Rätta beloppen i den i stället: ${correctionHref(t.latest.label)}` }, 409);
    }
    const result = readCorrection(t.set, posted, justification, t.version, today());
    if (!result.ok) return view({ errors: result.errors, formError: result.formError }, 400);
    const test = await testCandidate(result.json);
    if (test.failed > 0) {
      const first = test.failures[0]!;
      return view({ formError: `${test.failed} av uppsättningens testfall misslyckas med de rättade beloppen, till exempel ${first.file}: ${first.name}: ${first.details.join('; ')}. Rätta testfallen i en kandidat i stället.` }, 409);
    }
    const [corrected] = loadRuleSetsFromJson([result.json]);
    const { sql } = c.var.deps;
    const preview = { changes: result.changes, rows: previewRows(await openItemAmounts(sql), t.installed, corrected!), adjustedCases: result.adjustedCases };
    if (body.steg !== 'publicera') return view({ preview }, 200);

    const stored = await publish(sql, { id: t.set.id, version: t.version, effectiveFrom: t.set.effectiveFrom, content: result.json, by: user.hsaId });
    await logRequest(c, {
      action: 'correct_amount', objectType: 'rule_set', objectId: result.label, outcome: stored ? 'ok' : 'failed',
      detail: {
        replaces: t.set.label, effectiveFrom: t.set.effectiveFrom, changes: result.changes, justification: result.justification,
        openApplications: new Set(preview.rows.map((p) => p.applicationId)).size, openItems: preview.rows.reduce((s, p) => s + p.items, 0),
        differenceSek: preview.rows.reduce((s, p) => s + p.items * (p.after - p.before), 0),
      },
    });
    if (!stored) return view({ preview, formError: `${result.label} har redan publicerats av någon annan. Ladda om sidan och utgå från den senaste versionen.` }, 409);
    return c.redirect(`${setHref(result.label)}?klart=rattad`, 303);
  });
});

