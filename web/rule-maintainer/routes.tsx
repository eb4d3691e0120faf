/**
 * Regler (rule maintainers, issues 7 and 11): installed rule sets and their rules in readable
 * Swedish; check and test as the CLI runs them; candidates (uploaded, or a copy with a changed
 * parameter) simulated against the live population; publication with an effective date, and
 * amount corrections. Every change goes through services/rule-maintenance.ts and is access-logged.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { stockholmDate } from '../../domain/stockholm-time.js';
import { latestVersion, nextVersion } from '../../rules/correction.js';
import { loadRuleSetsFromJson, type RuleSet } from '../../rules/index.js';
import { checkCandidate, checkInstalled, testCandidate, testInstalled, type CheckReport, type TestReport } from '../../services/rule-checks.js';
import {
  copyCandidate, createCandidate, deleteCandidate, installedSets, publishCandidate, publishCorrection, simulationProgress, startSimulation, testCorrection,
  updateCandidate,
} from '../../services/rule-maintenance.js';
import type { SimulationProgress } from '../../contract/index.js';
import { logRequest } from '../access-log.js';
import { withinQueryWait, type AppEnv } from '../deps.js';
import { isFragmentRequest, renderPage } from '../layout.js';
import { csrfOf, serviceDeps, userOf } from '../request.js';
import { feature } from '../routes.js';
import {
  candidate as candidateById, candidates, openItemAmounts, previewRows, publishedDocuments, simulation, simulationChanges, simulationsOf, type Candidate, type ChangeRow,
} from './data.js';
import {
  candidateForm, copyForm, fieldErrors, formValues, idParam, MAX_DOCUMENT, MAX_JUSTIFICATION, postedRows, publishForm, readCorrection, rowsOf, strings, uploadedText,
  withBlankRows,
} from './forms.js';
import { CandidatePage, DeleteCandidatePage, DeleteRefused } from './pages/candidate.js';
import { candidateHref, CheckResult, correctionHref, setHref, simulationHref, Styles, TestResult, type FieldState } from './pages/common.js';
import { CorrectionPage, type CorrectionPageProps } from './pages/correction.js';
import { ListPage } from './pages/list.js';
import { RuleSetPage } from './pages/rule-set.js';
import { KIND_LABELS, SimulationView } from './pages/simulation.js';

type C = Context<AppEnv>;
const ACTIVE = '/regler';
const today = () => stockholmDate(Date.now());
const pretty = (json: unknown) => JSON.stringify(json, null, 2);
/** The access log's names for a refused publication (as before the service answered codes). */
const PUBLISH_REFUSALS: Record<string, string> = { CHECK_FAILED: 'check', TESTS_FAILED: 'tests' };

async function listPage(c: C, extra: { copy?: FieldState; upload?: FieldState; status?: 200 | 400; check?: CheckReport; test?: TestReport } = {}) {
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

const CANDIDATE_NOTICES: Record<string, string> = {
  skapad: 'Kandidaten är sparad. Kontrollera, testa och simulera den innan du publicerar.',
  sparad: 'Ändringarna är sparade.',
};

async function candidatePage(c: C, cand: Candidate, set: RuleSet, extra: {
  edit?: FieldState; publish?: FieldState & { formError?: string }; status?: 200 | 400 | 409; check?: CheckReport | undefined; test?: TestReport | undefined;
} = {}) {
  const sims = await simulationsOf(c.var.deps.sql, cand.id);
  return renderPage(c, { title: `Kandidat ${cand.id}: ${cand.label}`, active: ACTIVE, status: extra.status ?? 200 }, (
    <><Styles /><CandidatePage candidate={cand} set={set} simulations={sims} csrf={csrfOf(c)}
      edit={extra.edit ?? { values: { content: pretty(cand.content) }, errors: {} }}
      publish={extra.publish ?? { values: { version: '1' }, errors: {} }} check={extra.check} test={extra.test}
      notice={CANDIDATE_NOTICES[c.req.query('klart') ?? '']} /></>
  ));
}

async function simulationProps(c: C) {
  const id = idParam.safeParse(c.req.param('id'));
  const { sql, temporal } = c.var.deps;
  const sim = id.success ? await simulation(sql, id.data) : null;
  if (!sim) throw new HTTPException(404, { message: 'Simuleringen finns inte.' });
  let progress: SimulationProgress | null = null;
  if (sim.status === 'Pågår') {
    // Just started: no workflow task done yet, so no answer.
    progress = await withinQueryWait(temporal, () => simulationProgress(temporal, sim.workflowId)).catch(() => null);
  }
  const examples: Record<string, ChangeRow[]> = {};
  let changes = { rows: [] as ChangeRow[], total: 0 };
  if (sim.status === 'Klar') {
    for (const kind of Object.keys(KIND_LABELS)) {
      if (sim.counts?.byKind?.[kind]) examples[kind] = (await simulationChanges(sql, sim.id, { kind, limit: 5 })).rows;
    }
    changes = await simulationChanges(sql, sim.id, { limit: 1000 });
  }
  return { sim, progress, examples, changes };
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
  r.get('/', 'rule_maintainer', (c) => listPage(c));

  r.post('/kontroll', 'rule_maintainer', async (c) => {
    const report = await checkInstalled(await publishedDocuments(c.var.deps.sql));
    if (isFragmentRequest(c)) return c.html(<CheckResult report={report} />);
    return listPage(c, { check: report });
  });

  r.post('/test', 'rule_maintainer', async (c) => {
    const report = await testInstalled((await installedSets(c.var.deps.sql)).map((s) => s.set));
    if (isFragmentRequest(c)) return c.html(<TestResult report={report} />);
    return listPage(c, { test: report });
  });

  r.get('/uppsattning/:label', 'rule_maintainer', async (c) => {
    const installed = await installedSets(c.var.deps.sql);
    const found = installed.find((s) => s.set.label === c.req.param('label'));
    if (!found) throw new HTTPException(404, { message: 'Regeluppsättningen finns inte.' });
    const latest = latestVersion(installed.map((s) => s.set), found.set) === found.set;
    return renderPage(c, { title: `Regeluppsättning ${found.set.label}`, active: ACTIVE }, (
      <><Styles /><RuleSetPage installed={found} latest={latest} done={c.req.query('klart')} /></>
    ));
  });

  r.post('/kandidat/kopia', 'rule_maintainer', async (c) => {
    const body = strings(await c.req.parseBody());
    const values = { lmaChangeDate: (body.lmaChangeDate ?? '').slice(0, 10), source: body.source ?? '' };
    const parsed = copyForm.safeParse(body);
    if (!parsed.success) return listPage(c, { copy: { values, errors: fieldErrors(parsed.error.issues) }, status: 400 });
    const created = await copyCandidate(serviceDeps(c), { ...parsed.data, by: userOf(c).hsaId });
    if (!created.ok) return listPage(c, { copy: { values, errors: { [created.error.field ?? 'source']: created.error.message } }, status: 400 });
    const { id } = created.value;
    await logRequest(c, { action: 'create', objectType: 'rule_candidate', objectId: String(id), detail: { copyOf: parsed.data.source, lmaChangeDate: parsed.data.lmaChangeDate ?? null } });
    return c.redirect(`${candidateHref(id)}?klart=skapad`, 303);
  });

  r.post('/kandidat', 'rule_maintainer', async (c) => {
    const text = await uploadedText(await c.req.parseBody());
    const parsed = await candidateForm.safeParseAsync({ content: text });
    const upload = (errors: Record<string, string>) => listPage(c, { upload: { values: { content: text.length > MAX_DOCUMENT ? '' : text }, errors }, status: 400 });
    if (!parsed.success) return upload(fieldErrors(parsed.error.issues));
    const { json, label } = parsed.data.content;
    const created = await createCandidate(serviceDeps(c), { content: json, label, by: userOf(c).hsaId });
    if (!created.ok) return upload({ content: created.error.message });
    await logRequest(c, { action: 'create', objectType: 'rule_candidate', objectId: String(created.value.id), detail: { label } });
    return c.redirect(`${candidateHref(created.value.id)}?klart=skapad`, 303);
  });

  r.get('/kandidat/:id', 'rule_maintainer', async (c) => {
    const { cand, set } = await requireCandidate(c);
    return candidatePage(c, cand, set);
  });

  r.post('/kandidat/:id', 'rule_maintainer', async (c) => {
    const { cand, set } = await requireCandidate(c);
    const body = strings(await c.req.parseBody());
    const parsed = await candidateForm.safeParseAsync({ content: body.content ?? '' });
    const edit = (errors: Record<string, string>) => candidatePage(c, cand, set, { edit: { values: { content: (body.content ?? '').slice(0, MAX_DOCUMENT) }, errors }, status: 400 });
    if (!parsed.success) return edit(fieldErrors(parsed.error.issues));
    const { json, label } = parsed.data.content;
    const saved = await updateCandidate(serviceDeps(c), { id: cand.id, content: json, label });
    if (!saved.ok) return saved.error.code === 'NOT_FOUND' ? c.notFound() : edit({ content: saved.error.message });
    await logRequest(c, { action: 'update', objectType: 'rule_candidate', objectId: String(cand.id), detail: { label } });
    return c.redirect(`${candidateHref(cand.id)}?klart=sparad`, 303);
  });

  r.post('/kandidat/:id/kontroll', 'rule_maintainer', async (c) => {
    const { cand, set } = await requireCandidate(c);
    const report = await checkCandidate(cand.content, cand.label);
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
    const { cand } = await requireCandidate(c);
    const started = await startSimulation(serviceDeps(c), { candidateId: cand.id, by: userOf(c).hsaId });
    if (!started.ok) throw new HTTPException(404, { message: started.error.message });
    const { simulationId } = started.value;
    await logRequest(c, { action: 'simulate', objectType: 'rule_candidate', objectId: String(cand.id), detail: { simulationId, label: cand.label } });
    return c.redirect(simulationHref(simulationId), 303);
  });

  r.get('/simulering/:id', 'rule_maintainer', async (c) => {
    const props = await simulationProps(c);
    const { sim } = props;
    await logRequest(c, { action: 'view', objectType: 'rule_simulation', objectId: String(sim.id), detail: { status: sim.status } });
    return renderPage(c, { title: `Simulering ${sim.id} av ${sim.candidateLabel}`, active: ACTIVE }, (
      <><Styles /><p><a href={candidateHref(sim.candidateId)}>Till kandidat {sim.candidateId}</a></p><SimulationView {...props} /></>
    ));
  });

  r.get('/simulering/:id/status', 'rule_maintainer', async (c) => {
    const props = await simulationProps(c);
    const { sim } = props;
    if (sim.status !== 'Pågår') await logRequest(c, { action: 'view', objectType: 'rule_simulation', objectId: String(sim.id), detail: { status: sim.status } });
    if (isFragmentRequest(c)) return c.html(<SimulationView {...props} />);
    return c.redirect(simulationHref(sim.id), 303);
  });

  r.get('/kandidat/:id/ta-bort', 'rule_maintainer', async (c) => {
    const { cand } = await requireCandidate(c);
    return renderPage(c, { title: `Ta bort kandidat ${cand.id}`, active: ACTIVE, status: cand.publishedAs ? 409 : 200 }, <DeleteCandidatePage candidate={cand} csrf={csrfOf(c)} />);
  });

  r.post('/kandidat/:id/ta-bort', 'rule_maintainer', async (c) => {
    const { cand } = await requireCandidate(c);
    const deleted = await deleteCandidate(serviceDeps(c), cand.id);
    await logRequest(c, {
      action: 'delete_candidate', objectType: 'rule_candidate', objectId: String(cand.id), outcome: deleted.ok ? 'ok' : 'denied',
      detail: { label: cand.label, outcome: deleted.ok ? 'deleted' : deleted.error.code.toLowerCase() },
    });
    if (deleted.ok) return c.redirect(`${ACTIVE}?borttagen=${cand.id}`, 303);
    if (deleted.error.code === 'NOT_FOUND') throw new HTTPException(404, { message: deleted.error.message });
    return renderPage(c, { title: `Ta bort kandidat ${cand.id}`, active: ACTIVE, status: 409 }, <DeleteRefused candidateId={cand.id} message={deleted.error.message} />);
  });

  r.post('/kandidat/:id/publicera', 'rule_maintainer', async (c) => {
    const { cand, set } = await requireCandidate(c);
    const body = strings(await c.req.parseBody());
    const values = { effectiveFrom: (body.effectiveFrom ?? '').slice(0, 10), id: (body.id ?? '').slice(0, 63), version: (body.version ?? '').slice(0, 20) };
    const parsed = publishForm.safeParse(body);
    if (!parsed.success) return candidatePage(c, cand, set, { publish: { values, errors: fieldErrors(parsed.error.issues) }, status: 400 });
    const published = await publishCandidate(serviceDeps(c), { candidateId: cand.id, ...parsed.data, by: userOf(c).hsaId });
    if (!published.ok && published.error.code === 'NOT_FOUND') throw new HTTPException(404, { message: published.error.message });
    const { effectiveFrom } = parsed.data;
    const label = published.ok ? published.value.label : `${parsed.data.id || `lma-${effectiveFrom}`}@${parsed.data.version}`;
    await logRequest(c, {
      action: 'publish', objectType: 'rule_set', objectId: label, outcome: published.ok ? 'ok' : 'failed',
      detail: published.ok ? { candidate: cand.id, effectiveFrom, lmaChangeDate: published.value.lmaChangeDate } : { candidate: cand.id, reason: PUBLISH_REFUSALS[published.error.code] ?? published.error.code.toLowerCase() },
    });
    if (published.ok) return c.redirect(`${setHref(label)}?klart=publicerad`, 303);
    const { error } = published;
    const state = error.field ? { values, errors: { [error.field]: error.message } } : { values, errors: {}, formError: error.message };
    return candidatePage(c, cand, set, { publish: state, check: error.check, test: error.test, status: error.field === 'effectiveFrom' ? 400 : 409 });
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
    const tested = await testCorrection(result.json);
    if (!tested.ok) return view({ formError: tested.error.message }, 409);
    const [corrected] = loadRuleSetsFromJson([result.json]);
    const preview = { changes: result.changes, rows: previewRows(await openItemAmounts(c.var.deps.sql), t.installed, corrected!), adjustedCases: result.adjustedCases };
    if (body.steg !== 'publicera') return view({ preview }, 200);

    const published = await publishCorrection(serviceDeps(c), { json: result.json, by: userOf(c).hsaId });
    await logRequest(c, {
      action: 'correct_amount', objectType: 'rule_set', objectId: result.label, outcome: published.ok ? 'ok' : 'failed',
      detail: {
        replaces: t.set.label, effectiveFrom: t.set.effectiveFrom, changes: result.changes, justification: result.justification,
        openApplications: new Set(preview.rows.map((p) => p.applicationId)).size, openItems: preview.rows.reduce((s, p) => s + p.items, 0),
        differenceSek: preview.rows.reduce((s, p) => s + p.items * (p.after - p.before), 0),
      },
    });
    if (!published.ok) return view({ preview, formError: published.error.message }, 409);
    return c.redirect(`${setHref(result.label)}?klart=rattad`, 303);
  });
});
