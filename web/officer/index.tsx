/**
 * Ansökningar (case officers, issue 7): the worklist, the application with rule proposals and
 * "Varför?", decisions per item and the confirmed decision, live timelines of applications and
 * examinations, and the overview charts. Reads come from the projections; every change goes
 * through the services.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { confirmDecision, decideItem, decideItems } from '../../services/index.js';
import { logRequest } from '../access-log.js';
import type { AppEnv } from '../deps.js';
import { actorOf, csrfOf, serviceDeps, userOf } from '../request.js';
import { isFragmentRequest, renderPage } from '../layout.js';
import { feature } from '../routes.js';
import { DashboardPage } from './dashboard.js';
import {
  dashboardRows, decisionContent, decisionSummary, examinationByRun, examQuarters, filterChoices, itemEvaluation, itemSummary, ITEM_VIEWS, MAX_SELECTION, officerApplication,
  officerItem, officerItemPage, OFFICER_STATES, selectedItems, undecidedIds, worklist,
  type ItemFilter, type ItemView, type OfficerApplication, type WorklistFilter,
} from './data.js';
import { REASON_LABELS, ruleDescriptions, TraceView } from './explain.js';
import {
  ApplicationPage, applicationHref, DecisionPage, examinationHref, ExaminationPage, itemViewHref, TracePage, WorklistPage,
  type BulkFormState, type FieldErrors, type ItemFilterErrors, type ItemFormState, type PageMessage,
} from './pages.js';
import { CONSOLE_CSS, SELECTION_JS } from './styles.js';
import { applicationTimeline, examinationTimeline, temporalUiLink, TimelineSection, type TimelineProps } from './timeline.js';

type C = Context<AppEnv>;
const ACTIVE = '/handlaggning';
export const OFFICER_STYLESHEET = '/handlaggning/stil.css';

const DOSSIER_MESSAGE = 'Ange dossiernumret som NN-NNNNNN, till exempel 12-345678.';
/** The worklist's search and filter (GET). */
export const worklistFilterForm = z.object({
  q: z.string().trim().max(20, DOSSIER_MESSAGE).refine((v) => v === '' || /^\d{1,2}-\d{6}$/.test(v), DOSSIER_MESSAGE).optional(),
  region: z.string().refine((v) => v === '' || /^\d{6}-\d{4}$/.test(v), 'Välj en region i listan.').optional(),
  quarter: z.string().refine((v) => v === '' || /^\d{4}-Q[1-4]$/.test(v), 'Välj ett kvartal i listan.').optional(),
  state: z.string().refine((v) => v === '' || v === 'alla' || (OFFICER_STATES as readonly string[]).includes(v), 'Välj en status i listan.').optional(),
});

const REASON_MESSAGE = 'Ange skäl för avslaget.';
/** One item's decision. */
export const decideItemForm = z.object({
  outcome: z.enum(['Beviljad', 'Avslagen'], { message: 'Välj Bevilja eller Avslå.' }),
  reason: z.string().max(1000, 'Skälet får vara högst 1 000 tecken.').optional().transform((v) => v?.trim() ?? ''),
}).superRefine((v, ctx) => {
  if (v.outcome === 'Avslagen' && v.reason === '') ctx.addIssue({ code: 'custom', path: ['reason'], message: REASON_MESSAGE });
});

const idParam = z.string().regex(/^[1-9]\d{0,14}$/).transform(Number);
const runIdParam = z.string().regex(/^[0-9a-f-]{36}$/);

const Styles = () => <link rel="stylesheet" href={OFFICER_STYLESHEET} />;

async function requireApplication(c: C): Promise<OfficerApplication> {
  const id = idParam.safeParse(c.req.param('id'));
  const app = id.success ? await officerApplication(c.var.deps.sql, id.data) : null;
  if (!app) throw new HTTPException(404, { message: 'Ansökan finns inte eller är inte inskickad.' });
  return app;
}

async function applicationTimelineProps(c: C, app: OfficerApplication): Promise<TimelineProps> {
  return {
    id: 'tidslinje', title: 'Tidslinje för ansökan', src: `${applicationHref(app.id)}/tidslinje`,
    data: await applicationTimeline(c, app.workflowId), temporalUrl: temporalUiLink(c.var.deps.temporalUiUrl, app.workflowId),
  };
}

const examWord = (n: number) => (n === 1 ? 'undersökning' : 'undersökningar');
const countFormat = new Intl.NumberFormat('sv-SE');
/** The message after an action, from the redirect's `klart` (and `antal`). */
function noticeOf(c: C): PageMessage | undefined {
  const n = /^\d{1,6}$/.test(c.req.query('antal') ?? '') ? Number(c.req.query('antal')) : null;
  const count = n === null ? '' : `${countFormat.format(n)} ${examWord(n)}`;
  const texts: Record<string, string | null> = {
    sparat: 'Beslutet för undersökningen är sparat.',
    beslutad: 'Beslutet är fattat och skickat till regionen.',
    forslag: count ? `Förslaget är godkänt för ${count}.` : null,
    beviljad: count ? `Beslutet Bevilja är sparat för ${count}.` : null,
    avslagen: count ? `Beslutet Avslå är sparat för ${count}.` : null,
  };
  const text = texts[c.req.query('klart') ?? ''];
  return text ? { kind: 'done', text } : undefined;
}

const REASON_CODES = Object.keys(REASON_LABELS);
/** The view of an application's items from the query or a form: `visa`, `skal`, `sida`. */
function parseItemFilter(raw: { visa?: string | undefined; skal?: string | undefined; sida?: string | undefined }): { filter: ItemFilter; errors: ItemFilterErrors } {
  const errors: ItemFilterErrors = {};
  let view: ItemView = 'alla';
  if (raw.visa && (ITEM_VIEWS as readonly string[]).includes(raw.visa)) view = raw.visa as ItemView;
  else if (raw.visa) errors.view = 'Välj vad som ska visas i listan.';
  let reason: string | null = null;
  if (raw.skal && REASON_CODES.includes(raw.skal)) reason = raw.skal;
  else if (raw.skal) errors.reason = 'Välj ett skäl i listan.';
  const page = raw.sida && /^\d{1,6}$/.test(raw.sida) ? Math.max(1, Number(raw.sida)) : 1;
  return { filter: { view, reason, page }, errors };
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
        message={extra.message ?? noticeOf(c)} />
    </>
  ));
}

/** A form field's single value (a repeated field gives its first). */
function field(body: Record<string, string | File | (string | File)[]>, name: string): string | undefined {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

const BULK_ACTIONS = ['forslag-valda', 'forslag-alla', 'beslut-valda'] as const;
type BulkAction = (typeof BULK_ACTIONS)[number];
const examIdPattern = /^[1-9]\d{0,14}$/;

export const officerFeature = feature('/handlaggning', (r) => {
  r.get('/stil.css', 'officer', (c) => c.body(CONSOLE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'private, max-age=3600' }));

  r.get('/urval.js', 'officer', (c) => c.body(SELECTION_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'private, max-age=3600' }));

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
    return renderPage(c, { title: `Tidslinje för ansökan nr ${app.id}`, active: ACTIVE }, (
      <><Styles /><p><a href={applicationHref(app.id)}>Till ansökan nr {app.id}</a></p><TimelineSection {...timeline} /></>
    ));
  });

  r.post('/ansokan/:id/poster', 'officer', async (c) => {
    const user = userOf(c);
    const app = await requireApplication(c);
    const { sql } = c.var.deps;
    const body = await c.req.parseBody({ all: true });
    const { filter } = parseItemFilter({ visa: field(body, 'visa'), skal: field(body, 'skal'), sida: field(body, 'sida') });
    const rawSelected = ([] as unknown[]).concat(body.valda ?? []);
    const action = field(body, 'action');
    const outcome = field(body, 'outcome');
    const reason = (field(body, 'reason') ?? '').trim();
    const errors: BulkFormState['errors'] = {};
    const wellFormed = rawSelected.length <= MAX_SELECTION && rawSelected.every((v) => typeof v === 'string' && examIdPattern.test(v));
    const selected = wellFormed ? [...new Set((rawSelected as string[]).map(Number))] : [];
    const form = (): BulkFormState => ({ selected, ...(outcome ? { outcome: outcome.slice(0, 20) } : {}), reason: reason.slice(0, 1000), errors });
    if (!(BULK_ACTIONS as readonly string[]).includes(action ?? '')) errors.action = 'Välj en åtgärd: godkänn förslaget eller spara ett annat beslut.';
    const act = action as BulkAction;
    const bySelection = act === 'forslag-valda' || act === 'beslut-valda';
    if (!wellFormed) errors.selection = 'Urvalet kunde inte läsas. Ladda om sidan och välj undersökningarna igen.';
    else if (bySelection && selected.length === 0) errors.selection = 'Välj minst en undersökning i listan.';
    if (act === 'beslut-valda') {
      if (outcome !== 'Beviljad' && outcome !== 'Avslagen') errors.outcome = 'Välj Bevilja eller Avslå.';
      if (reason.length > 1000) errors.reason = 'Skälet får vara högst 1 000 tecken.';
      else if (outcome === 'Avslagen' && !reason) errors.reason = 'Ange skäl för avslaget.';
    }
    let ids: number[] = [];
    if (Object.keys(errors).length === 0 && bySelection) {
      const items = await selectedItems(sql, app.id, selected);
      if (items.length !== selected.length) errors.selection = 'Någon av de valda undersökningarna finns inte i ansökan. Ladda om sidan och välj igen.';
      const departing = items.filter((i) => !i.eligible).length;
      if (act === 'beslut-valda' && outcome === 'Beviljad' && !reason && departing > 0) {
        errors.reason = departing === 1
          ? 'Ange skäl: en av de valda undersökningarna föreslås avslås, och att bevilja den avviker från förslaget.'
          : `Ange skäl: ${countFormat.format(departing)} av de valda undersökningarna föreslås avslås, och att bevilja dem avviker från förslaget.`;
      }
      ids = items.map((i) => i.examinationId);
    } else if (Object.keys(errors).length === 0) {
      // Only the undecided: the officer's own decisions in the view are kept.
      ids = await undecidedIds(sql, app.id, filter);
      if (ids.length === 0) errors.action = 'Alla undersökningar i urvalet är redan beslutade.';
    }
    if (Object.keys(errors).length > 0) return applicationPage(c, app, { filter, bulk: form(), status: 400 });

    const decided = act === 'beslut-valda' ? (outcome as 'Beviljad' | 'Avslagen') : 'Förslag';
    const result = await decideItems(serviceDeps(c), {
      applicationWorkflowId: app.workflowId, examinationIds: ids, outcome: decided, ...(decided !== 'Förslag' && reason ? { reason } : {}),
      // "… för alla ej beslutade": an item another officer decided meanwhile keeps that decision.
      ...(bySelection ? {} : { onlyUndecided: true }), actor: actorOf(user),
    });
    await logRequest(c, {
      action: 'decide_item', objectType: 'application', objectId: String(app.id), outcome: result.ok ? 'ok' : 'failed',
      detail: { bulk: act, outcome: decided, items: ids.length, ...(result.ok ? { changed: result.value.changed } : { code: result.error.code }) },
    });
    if (!result.ok) {
      if (result.error.code === 'STILL_PROCESSING' || result.error.code === 'UNAVAILABLE') {
        return applicationPage(c, app, { filter, status: 202, message: { kind: 'processing', text: result.error.message, reloadHref: itemViewHref(app.id, filter) } });
      }
      if (result.error.field === 'reason') errors.reason = result.error.message;
      else if (result.error.field === 'examinationIds') errors.selection = result.error.message;
      else errors.action = result.error.message;
      return applicationPage(c, app, { filter, bulk: form(), status: result.error.field ? 400 : 409 });
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
    const { filter } = parseItemFilter({ visa: field(body, 'visa'), skal: field(body, 'skal'), sida: field(body, 'sida') });
    const raw = { outcome: typeof body.outcome === 'string' ? body.outcome : undefined, reason: typeof body.reason === 'string' ? body.reason : undefined };
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
      if (result.error.code === 'STILL_PROCESSING' || result.error.code === 'UNAVAILABLE') {
        return applicationPage(c, app, { filter, status: 202, message: { kind: 'processing', text: result.error.message, reloadHref: itemViewHref(app.id, filter) } });
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
    if (!result.ok && (result.error.code === 'STILL_PROCESSING' || result.error.code === 'UNAVAILABLE')) {
      return applicationPage(c, app, { filter: { view: 'alla', reason: null, page: 1 }, status: 202, message: { kind: 'processing', text: result.error.message, reloadHref: applicationHref(app.id) } });
    }
    if (!result.ok) return applicationPage(c, app, { confirmError: result.error.message, status: 409 });
    return c.redirect(`${applicationHref(app.id)}?klart=beslutad#resultat`, 303);
  });

  r.get('/undersokning/:runId', 'officer', async (c) => {
    const runId = runIdParam.safeParse(c.req.param('runId'));
    const exam = runId.success ? await examinationByRun(c.var.deps.sql, runId.data) : null;
    if (!exam) throw new HTTPException(404, { message: 'Undersökningen finns inte.' });
    await logRequest(c, { action: 'view', objectType: 'examination', objectId: exam.runId, detail: { dossierNumber: exam.dossierNumber } });
    const timeline: TimelineProps = {
      id: 'tidslinje', title: 'Tidslinje för undersökningen', src: `${examinationHref(exam.runId)}/tidslinje`,
      data: await examinationTimeline(c, exam.workflowId, exam.runId), temporalUrl: temporalUiLink(c.var.deps.temporalUiUrl, exam.workflowId, exam.runId),
    };
    return renderPage(c, { title: `Hälsoundersökning för ${exam.dossierNumber}`, active: ACTIVE }, <><Styles /><ExaminationPage exam={exam} timeline={timeline} /></>);
  });

  r.get('/undersokning/:runId/tidslinje', 'officer', async (c) => {
    const runId = runIdParam.safeParse(c.req.param('runId'));
    const exam = runId.success ? await examinationByRun(c.var.deps.sql, runId.data) : null;
    if (!exam) throw new HTTPException(404, { message: 'Undersökningen finns inte.' });
    const timeline: TimelineProps = {
      id: 'tidslinje', title: 'Tidslinje för undersökningen', src: `${examinationHref(exam.runId)}/tidslinje`,
      data: await examinationTimeline(c, exam.workflowId, exam.runId), temporalUrl: temporalUiLink(c.var.deps.temporalUiUrl, exam.workflowId, exam.runId),
    };
    if (isFragmentRequest(c)) return c.html(<TimelineSection {...timeline} />);
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
