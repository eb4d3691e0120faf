/**
 * Ansökningar (case officers, issue 7): the worklist, the application with rule proposals and
 * "Varför?", decisions per item and the confirmed decision, live timelines of applications and
 * examinations, and the overview charts. Reads come from the projections; every change goes
 * through the services.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { confirmDecision, decideItem } from '../../services/index.js';
import { logRequest } from '../access-log.js';
import type { AppEnv } from '../deps.js';
import { actorOf, csrfOf, serviceDeps, userOf } from '../request.js';
import { isFragmentRequest, renderPage } from '../layout.js';
import { feature } from '../routes.js';
import { DashboardPage } from './dashboard.js';
import {
  dashboardRows, decisionContent, examinationByRun, examQuarters, filterChoices, officerApplication, officerItems, OFFICER_STATES, worklist,
  type OfficerApplication, type WorklistFilter,
} from './data.js';
import { ruleDescriptions } from './explain.js';
import { ApplicationPage, applicationHref, examinationHref, ExaminationPage, WorklistPage, type FieldErrors, type ItemFormState } from './pages.js';
import { CONSOLE_CSS } from './styles.js';
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

const NOTICES: Record<string, string> = {
  sparat: 'Beslutet för undersökningen är sparat.',
  beslutad: 'Beslutet är fattat och skickat till regionen.',
};

async function applicationPage(c: C, app: OfficerApplication, extra: { state?: ItemFormState; confirmError?: string; status?: 200 | 400 | 409 } = {}) {
  const { sql } = c.var.deps;
  const fresh = (await officerApplication(sql, app.id)) ?? app;
  const [items, decision, timeline] = await Promise.all([
    officerItems(sql, app.id), decisionContent(sql, app.id), applicationTimelineProps(c, fresh),
  ]);
  const labels = [...new Set(items.map((i) => i.evaluation?.ruleSet).filter((l): l is string => !!l))];
  const describe = new Map((await Promise.all(labels.map((l) => ruleDescriptions(sql, l)))).flatMap((m) => [...m]));
  await logRequest(c, { action: 'view', objectType: decision ? 'decision' : 'application', objectId: String(app.id), detail: { items: items.length, status: fresh.status } });
  return renderPage(c, { title: `Ansökan nr ${app.id} – ${fresh.regionName} ${fresh.quarter}`, active: ACTIVE, status: extra.status ?? 200 }, (
    <>
      <Styles />
      <ApplicationPage app={fresh} items={items} decision={decision} csrf={csrfOf(c)} state={extra.state} confirmError={extra.confirmError}
        describe={describe} timeline={timeline} notice={NOTICES[c.req.query('klart') ?? '']} />
    </>
  ));
}

export const officerFeature = feature('/handlaggning', (r) => {
  r.get('/stil.css', 'officer', (c) => c.body(CONSOLE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'private, max-age=3600' }));

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

  r.post('/ansokan/:id/poster/:examinationId', 'officer', async (c) => {
    const user = userOf(c);
    const app = await requireApplication(c);
    const examId = idParam.safeParse(c.req.param('examinationId'));
    const items = await officerItems(c.var.deps.sql, app.id);
    const item = examId.success ? items.find((i) => i.examinationId === examId.data) : undefined;
    if (!item) throw new HTTPException(404, { message: 'Undersökningen finns inte i ansökan.' });
    const body = await c.req.parseBody();
    const raw = { outcome: typeof body.outcome === 'string' ? body.outcome : undefined, reason: typeof body.reason === 'string' ? body.reason : undefined };
    const parsed = decideItemForm.safeParse(raw);
    if (!parsed.success) {
      const errors: ItemFormState['errors'] = {};
      for (const issue of parsed.error.issues) errors[issue.path[0] as 'outcome' | 'reason'] ??= issue.message;
      return applicationPage(c, app, { state: { examinationId: item.examinationId, ...(raw.outcome ? { outcome: raw.outcome } : {}), reason: (raw.reason ?? '').slice(0, 1000), errors }, status: 400 });
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
      const field = result.error.field === 'reason' ? 'reason' : 'outcome';
      return applicationPage(c, app, {
        state: { examinationId: item.examinationId, outcome: parsed.data.outcome, reason: parsed.data.reason, errors: { [field]: result.error.message } },
        status: result.error.field ? 400 : 409,
      });
    }
    return c.redirect(`${applicationHref(app.id)}?klart=sparat#post-${item.examinationId}`, 303);
  });

  r.post('/ansokan/:id/beslut', 'officer', async (c) => {
    const user = userOf(c);
    const app = await requireApplication(c);
    const result = await confirmDecision(serviceDeps(c), { applicationWorkflowId: app.workflowId, actor: actorOf(user), officerName: `${user.givenName} ${user.familyName}` });
    await logRequest(c, {
      action: 'decide', objectType: 'application', objectId: String(app.id), outcome: result.ok ? 'ok' : 'failed',
      detail: result.ok ? { state: result.value.state, totalAmountSek: result.value.totalAmountSek } : { code: result.error.code },
    });
    if (!result.ok) return applicationPage(c, app, { confirmError: result.error.message, status: 409 });
    return c.redirect(`${applicationHref(app.id)}?klart=beslutad`, 303);
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
