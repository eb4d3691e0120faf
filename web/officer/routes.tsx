/**
 * Ansökningar (case officers, issue 7): the worklist, the application with rule proposals and
 * "Varför?", decisions per item and the confirmed decision, live timelines of applications and
 * examinations, and the overview charts. Reads come from the projections; every change goes
 * through the services.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { confirmDecision, decideItem, decideItems } from '../../services/index.js';
import { logRequest } from '../access-log.js';
import type { AppEnv } from '../deps.js';
import { isFragmentRequest, renderPage } from '../layout.js';
import { actorOf, csrfOf, serviceDeps, userOf } from '../request.js';
import { feature } from '../routes.js';
import { assetUrl } from '../static.js';
import { decisionContent, decisionSummary, filterChoices, officerApplication, worklist, type OfficerApplication, type WorklistFilter } from './data/applications.js';
import { dashboardRows, examQuarters } from './data/dashboard.js';
import { itemEvaluation, ruleDescriptions } from './data/evaluations.js';
import { examinationByRun, type OfficerExam } from './data/examinations.js';
import { itemSummary, officerItem, officerItemPage, selectedItems, undecidedIds, type ItemFilter } from './data/items.js';
import { applicationTimeline, examinationTimeline } from './data/timelines.js';
import {
  actionNotice, bulkFormState, decideItemForm, departureNeedsReason, field, filterOfForm, idParam, parseBulkForm, parseItemFilter, runIdParam, worklistFilterForm,
} from './forms.js';
import { ApplicationPage, type ItemFilterErrors, type PageMessage } from './pages/application.js';
import type { BulkFormState } from './pages/bulk-form.js';
import { DashboardPage } from './pages/dashboard.js';
import { DecisionPage } from './pages/decision.js';
import { ExaminationPage } from './pages/examination.js';
import { TracePage, TraceView } from './pages/explain.js';
import { applicationHref, examinationHref, itemViewHref } from './pages/hrefs.js';
import type { ItemFormState } from './pages/item-rows.js';
import { TimelineSection, type TimelineProps } from './pages/timeline.js';
import { WorklistPage, type FieldErrors } from './pages/worklist.js';

type C = Context<AppEnv>;
const ACTIVE = '/handlaggning';
const CONSOLE_STYLESHEET = assetUrl('console.css');

const Styles = () => <link rel="stylesheet" href={CONSOLE_STYLESHEET} />;

async function requireApplication(c: C): Promise<OfficerApplication> {
  const id = idParam.safeParse(c.req.param('id'));
  const app = id.success ? await officerApplication(c.var.deps.sql, id.data) : null;
  if (!app) throw new HTTPException(404, { message: 'Ansökan finns inte eller är inte inskickad.' });
  return app;
}

async function requireExamination(c: C): Promise<OfficerExam> {
  const runId = runIdParam.safeParse(c.req.param('runId'));
  const exam = runId.success ? await examinationByRun(c.var.deps.sql, runId.data) : null;
  if (!exam) throw new HTTPException(404, { message: 'Undersökningen finns inte.' });
  return exam;
}

async function applicationTimelineProps(c: C, app: OfficerApplication): Promise<TimelineProps> {
  return {
    id: 'tidslinje', title: 'Tidslinje för ansökan', src: `${applicationHref(app.id)}/tidslinje`,
    data: await applicationTimeline(c.var.deps, app.workflowId),
  };
}

async function examinationTimelineProps(c: C, exam: OfficerExam): Promise<TimelineProps> {
  return {
    id: 'tidslinje', title: 'Tidslinje för undersökningen', src: `${examinationHref(exam.runId)}/tidslinje`,
    data: await examinationTimeline(c.var.deps, exam.workflowId, exam.runId),
  };
}

type PageExtra = {
  filter?: ItemFilter; filterErrors?: ItemFilterErrors; state?: ItemFormState; bulk?: BulkFormState; confirmError?: string; message?: PageMessage;
  status?: 200 | 202 | 400 | 409;
};

async function applicationPage(c: C, app: OfficerApplication, extra: PageExtra = {}) {
  const { sql } = c.var.deps;
  const parsed = extra.filter ? { filter: extra.filter, errors: extra.filterErrors ?? {} } : parseItemFilter(c.req.query());
  const filter = parsed.filter;
  // After an action the application's row may have moved on; a GET has just read it.
  const fresh = c.req.method === 'GET' ? app : ((await officerApplication(sql, app.id)) ?? app);
  const [page, summary, decision] = await Promise.all([officerItemPage(sql, app.id, filter), itemSummary(sql, app.id), decisionSummary(sql, app.id)]);
  await logRequest(c, {
    action: 'view', objectType: decision ? 'decision' : 'application', objectId: String(app.id),
    detail: { items: summary.total, shown: page.items.length, page: page.page, view: filter.view, reason: filter.reason, status: fresh.status },
  });
  const status = extra.status ?? (Object.keys(parsed.errors).length ? 400 : 200);
  return renderPage(c, { title: `Ansökan nr ${app.id} – ${fresh.regionName} ${fresh.quarter}`, active: ACTIVE, status }, (
    <>
      <Styles />
      <ApplicationPage app={fresh} page={page} summary={summary} filter={{ ...filter, page: page.page }} filterErrors={parsed.errors}
        undecidedInView={page.undecided} decision={decision} csrf={csrfOf(c)} state={extra.state} bulk={extra.bulk}
        confirmError={extra.confirmError} timelineSrc={`${applicationHref(app.id)}/tidslinje`}
        message={extra.message ?? actionNotice(c.req.query())} />
    </>
  ));
}

/** A workflow that did not answer in time: the page says so and offers a reload (202). */
const stillProcessing = (code: string) => code === 'STILL_PROCESSING' || code === 'UNAVAILABLE';
const processing = (text: string, reloadHref: string): PageMessage => ({ kind: 'processing', text, reloadHref });

export const officerFeature = feature('/handlaggning', (r) => {
  r.get('/', 'officer', async (c) => {
    const { sql } = c.var.deps;
    const parsed = worklistFilterForm.safeParse(c.req.query());
    const choices = await filterChoices(sql);
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) errors[issue.path[0] as keyof FieldErrors] ??= issue.message;
      const raw = c.req.query();
      return renderPage(c, { title: 'Ansökningar', active: ACTIVE, status: 400 }, (
        <><Styles /><WorklistPage rows={[]} filter={{ q: raw.q?.slice(0, 20) ?? '' }} choices={choices} errors={errors} /></>
      ));
    }
    const filter: WorklistFilter = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v)) as WorklistFilter;
    const rows = await worklist(sql, filter);
    if (filter.q) await logRequest(c, { action: 'search', objectType: 'person', objectId: filter.q, detail: { hits: rows.length } });
    return renderPage(c, { title: 'Ansökningar', active: ACTIVE }, <><Styles /><WorklistPage rows={rows} filter={filter} choices={choices} errors={{}} /></>);
  });

  r.get('/ansokan/:id', 'officer', async (c) => applicationPage(c, await requireApplication(c)));

  r.get('/ansokan/:id/tidslinje', 'officer', async (c) => {
    const app = await requireApplication(c);
    const timeline = await applicationTimelineProps(c, app);
    if (isFragmentRequest(c)) return c.html(<TimelineSection {...timeline} />);
    await logRequest(c, { action: 'view', objectType: 'application_timeline', objectId: String(app.id), detail: { transitions: timeline.data.history.length } });
    return renderPage(c, { title: `Tidslinje för ansökan nr ${app.id}`, active: ACTIVE }, (
      <><Styles /><p><a href={applicationHref(app.id)}>Till ansökan nr {app.id}</a></p><TimelineSection {...timeline} /></>
    ));
  });

  r.post('/ansokan/:id/poster', 'officer', async (c) => {
    const user = userOf(c);
    const app = await requireApplication(c);
    const { sql } = c.var.deps;
    const input = parseBulkForm(await c.req.parseBody({ all: true }));
    const { filter, action, bySelection, selected, outcome, reason, errors } = input;
    let ids: number[] = [];
    if (Object.keys(errors).length === 0 && bySelection) {
      const items = await selectedItems(sql, app.id, selected);
      if (items.length !== selected.length) errors.selection = 'Någon av de valda undersökningarna finns inte i ansökan. Ladda om sidan och välj igen.';
      const departing = items.filter((i) => !i.eligible).length;
      if (action === 'beslut-valda' && outcome === 'Beviljad' && !reason && departing > 0) errors.reason = departureNeedsReason(departing);
      ids = items.map((i) => i.examinationId);
    } else if (Object.keys(errors).length === 0) {
      // Only the undecided: the officer's own decisions in the view are kept.
      ids = await undecidedIds(sql, app.id, filter);
      if (ids.length === 0) errors.action = 'Alla undersökningar i urvalet är redan beslutade.';
    }
    if (Object.keys(errors).length > 0) return applicationPage(c, app, { filter, bulk: bulkFormState(input), status: 400 });

    const decided = action === 'beslut-valda' ? (outcome as 'Beviljad' | 'Avslagen') : 'Förslag';
    const result = await decideItems(serviceDeps(c), {
      applicationWorkflowId: app.workflowId, examinationIds: ids, outcome: decided, ...(decided !== 'Förslag' && reason ? { reason } : {}),
      // "… för alla ej beslutade": an item another officer decided meanwhile keeps that decision.
      ...(bySelection ? {} : { onlyUndecided: true }), actor: actorOf(user),
    });
    await logRequest(c, {
      action: 'decide_item', objectType: 'application', objectId: String(app.id), outcome: result.ok ? 'ok' : 'failed',
      detail: { bulk: action, outcome: decided, items: ids.length, ...(result.ok ? { changed: result.value.changed } : { code: result.error.code }) },
    });
    if (!result.ok) {
      if (stillProcessing(result.error.code)) {
        return applicationPage(c, app, { filter, status: 202, message: processing(result.error.message, itemViewHref(app.id, filter)) });
      }
      if (result.error.field === 'reason') errors.reason = result.error.message;
      else if (result.error.field === 'examinationIds') errors.selection = result.error.message;
      else errors.action = result.error.message;
      return applicationPage(c, app, { filter, bulk: bulkFormState(input), status: result.error.field ? 400 : 409 });
    }
    const klart = decided === 'Förslag' ? 'forslag' : decided === 'Beviljad' ? 'beviljad' : 'avslagen';
    return c.redirect(itemViewHref(app.id, filter, { klart, antal: String(result.value.changed) }, '#resultat'), 303);
  });

  r.post('/ansokan/:id/poster/:examinationId', 'officer', async (c) => {
    const user = userOf(c);
    const app = await requireApplication(c);
    const examId = idParam.safeParse(c.req.param('examinationId'));
    const item = examId.success ? await officerItem(c.var.deps.sql, app.id, examId.data) : null;
    if (!item) throw new HTTPException(404, { message: 'Undersökningen finns inte i ansökan.' });
    const body = await c.req.parseBody();
    const filter = filterOfForm(body);
    const raw = { outcome: field(body, 'outcome'), reason: field(body, 'reason') };
    const parsed = decideItemForm.safeParse(raw);
    if (!parsed.success) {
      const errors: ItemFormState['errors'] = {};
      for (const issue of parsed.error.issues) errors[issue.path[0] as 'outcome' | 'reason'] ??= issue.message;
      return applicationPage(c, app, { filter, state: { examinationId: item.examinationId, ...(raw.outcome ? { outcome: raw.outcome } : {}), reason: (raw.reason ?? '').slice(0, 1000), errors }, status: 400 });
    }
    const result = await decideItem(serviceDeps(c), {
      applicationWorkflowId: app.workflowId, examinationId: item.examinationId, outcome: parsed.data.outcome,
      ...(parsed.data.reason ? { reason: parsed.data.reason } : {}), actor: actorOf(user),
    });
    await logRequest(c, {
      action: 'decide_item', objectType: 'application_item', objectId: `${app.id}:${item.examinationId}`, outcome: result.ok ? 'ok' : 'failed',
      detail: { outcome: parsed.data.outcome, dossierNumber: item.dossierNumber, ...(result.ok ? {} : { code: result.error.code }) },
    });
    if (!result.ok) {
      if (stillProcessing(result.error.code)) {
        return applicationPage(c, app, { filter, status: 202, message: processing(result.error.message, itemViewHref(app.id, filter)) });
      }
      const errorField = result.error.field === 'reason' ? 'reason' : 'outcome';
      return applicationPage(c, app, {
        filter, state: { examinationId: item.examinationId, outcome: parsed.data.outcome, reason: parsed.data.reason, errors: { [errorField]: result.error.message } },
        status: result.error.field ? 400 : 409,
      });
    }
    return c.redirect(itemViewHref(app.id, filter, { klart: 'sparat' }, '#resultat'), 303);
  });

  r.get('/ansokan/:id/poster/:examinationId/varfor', 'officer', async (c) => {
    const app = await requireApplication(c);
    const { sql } = c.var.deps;
    const examId = idParam.safeParse(c.req.param('examinationId'));
    const item = examId.success ? await officerItem(sql, app.id, examId.data) : null;
    const evaluation = item ? await itemEvaluation(sql, app.id, item.examinationId) : null;
    if (!item || !evaluation) throw new HTTPException(404, { message: 'Det finns ingen sparad regelbedömning för undersökningen.' });
    const describe = await ruleDescriptions(sql, evaluation.ruleSet);
    await logRequest(c, { action: 'view', objectType: 'application_item', objectId: `${app.id}:${item.examinationId}`, detail: { dossierNumber: item.dossierNumber, trace: true } });
    if (isFragmentRequest(c)) return c.html(<TraceView proposal={item.proposal} evaluation={evaluation} describe={describe} />);
    return renderPage(c, { title: `Regelbedömning för ${item.name}`, active: ACTIVE }, (
      <><Styles /><TracePage app={app} item={item} evaluation={evaluation} describe={describe} /></>
    ));
  });

  r.get('/ansokan/:id/beslut', 'officer', async (c) => {
    const app = await requireApplication(c);
    const decision = await decisionContent(c.var.deps.sql, app.id);
    if (!decision) throw new HTTPException(404, { message: 'Ansökan är inte beslutad ännu.' });
    await logRequest(c, { action: 'view', objectType: 'decision', objectId: String(app.id), detail: { items: decision.items.length } });
    return renderPage(c, { title: `Beslut om ansökan nr ${app.id}`, active: ACTIVE }, (
      <><Styles /><DecisionPage app={app} decision={decision} /></>
    ));
  });

  r.post('/ansokan/:id/beslut', 'officer', async (c) => {
    const user = userOf(c);
    const app = await requireApplication(c);
    const result = await confirmDecision(serviceDeps(c), { applicationWorkflowId: app.workflowId, actor: actorOf(user), officerName: `${user.givenName} ${user.familyName}` });
    await logRequest(c, {
      action: 'decide', objectType: 'application', objectId: String(app.id), outcome: result.ok ? 'ok' : 'failed',
      detail: result.ok ? { state: result.value.state, totalAmountSek: result.value.totalAmountSek } : { code: result.error.code },
    });
    if (!result.ok && stillProcessing(result.error.code)) {
      return applicationPage(c, app, { filter: { view: 'alla', reason: null, page: 1 }, status: 202, message: processing(result.error.message, applicationHref(app.id)) });
    }
    if (!result.ok) return applicationPage(c, app, { confirmError: result.error.message, status: 409 });
    return c.redirect(`${applicationHref(app.id)}?klart=beslutad#resultat`, 303);
  });

  r.get('/undersokning/:runId', 'officer', async (c) => {
    const exam = await requireExamination(c);
    await logRequest(c, { action: 'view', objectType: 'examination', objectId: exam.runId, detail: { dossierNumber: exam.dossierNumber } });
    const timeline = await examinationTimelineProps(c, exam);
    return renderPage(c, { title: `Hälsoundersökning för ${exam.dossierNumber}`, active: ACTIVE }, <><Styles /><ExaminationPage exam={exam} timeline={timeline} /></>);
  });

  r.get('/undersokning/:runId/tidslinje', 'officer', async (c) => {
    const exam = await requireExamination(c);
    const timeline = await examinationTimelineProps(c, exam);
    if (isFragmentRequest(c)) return c.html(<TimelineSection {...timeline} />);
    await logRequest(c, { action: 'view', objectType: 'examination_timeline', objectId: exam.runId, detail: { dossierNumber: exam.dossierNumber } });
    return renderPage(c, { title: `Tidslinje för undersökning ${exam.dossierNumber}`, active: ACTIVE }, (
      <><Styles /><p><a href={examinationHref(exam.runId)}>Till undersökningen</a></p><TimelineSection {...timeline} /></>
    ));
  });

  r.get('/oversikt', 'officer', async (c) => {
    const { sql } = c.var.deps;
    const quarters = await examQuarters(sql);
    const q = c.req.query('quarter');
    const quarter = q && quarters.includes(q) ? q : undefined;
    const rows = await dashboardRows(sql, quarter);
    return renderPage(c, { title: 'Översikt per region och kvartal', active: ACTIVE }, <><Styles /><DashboardPage rows={rows} quarter={quarter} quarters={quarters} /></>);
  });
});
