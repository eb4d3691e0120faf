/**
 * Ansökan om ersättning (SPEC §4–§5): the region's quarters and applications, creating one (with a
 * self-updating progress fragment), the draft, removing items, submitting, the decision and its
 * printable page. State changes go through the services; reads come from the projections,
 * scoped to the user's region. `:ref` is a quarter (`2026-Q1`, the user's own region) or an
 * application number (checked against the user's region).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { addQuarters, firstDayOfQuarter, formatQuarter, parseQuarter, quarterOf } from '../../../domain/quarters.js';
import { stockholmDate } from '../../../domain/stockholm-time.js';
import {
  addItems, applicableQuarter, applicationStatus, createApplication, deadlineForQuarter, removeItem, submitApplication,
} from '../../../services/index.js';
import { logRequest } from '../../access-log.js';
import { withinQueryWait, type AppEnv, type RegionPermission } from '../../deps.js';
import { renderPage } from '../../layout.js';
import { actorOf, csrfOf, serviceDeps, userOf } from '../../request.js';
import { allows, feature, requireSameRegion } from '../../routes.js';
import {
  applicationById, applicationByQuarter, applicationItem, applicationItems, countExams, decisionOf, outsideExams, regionApplications, type ApplicationRow,
} from '../data/applications.js';
import {
  createApplicationForm, examinationIdParam, isApplicationNumber, parseAddItems, QUARTER, QUARTER_MESSAGE, type FormError,
} from '../forms.js';
import { RemoveConfirm, SubmitConfirm } from '../pages/application-confirm.js';
import { OverviewPage, ProgressFragment } from '../pages/application-overview.js';
import { ApplicationSection, DecisionPrintPage, quarterLabel } from '../pages/application.js';
import { APPLICATIONS_PATH, applicationHref } from '../pages/hrefs.js';

const CREATE: RegionPermission = 'Skapa ny ansökan om ersättning';
const SUBMIT: RegionPermission = 'Skicka in ansökan om ersättning';
const VIEW = [CREATE, SUBMIT] as const;
const TITLE = 'Ansökan om ersättning';
const ACTIVE = APPLICATIONS_PATH;

type C = Context<AppEnv>;

const noApplication = (quarter: string) => new HTTPException(404, { message: `Regionen har ingen ansökan för ${quarter}.` });

/** The application a `:ref` names, in the user's region; null when the quarter has none in the projection yet. */
async function resolve(c: C): Promise<{ quarter: string; app: ApplicationRow | null }> {
  const user = userOf(c);
  const ref = c.req.param('ref') ?? '';
  if (QUARTER.test(ref)) return { quarter: ref, app: await applicationByQuarter(c.var.deps.sql, user.orgNumber, ref) };
  if (isApplicationNumber(ref)) {
    const app = await applicationById(c.var.deps.sql, Number(ref));
    if (!app) throw new HTTPException(404, { message: `Ansökan nr ${ref} finns inte.` });
    await requireSameRegion(c, app.regionOrgNumber, { type: 'application', id: String(app.id) });
    return { quarter: app.quarter, app };
  }
  throw new HTTPException(400, { message: `Ogiltigt kvartal. ${QUARTER_MESSAGE}` });
}

async function requireApplication(c: C): Promise<ApplicationRow> {
  const { quarter, app } = await resolve(c);
  if (!app) throw noApplication(quarter);
  return app;
}

/** The application's item named by `:examinationId` (404 when the application holds no such item). */
async function itemOf(c: C, app: ApplicationRow) {
  const parsed = examinationIdParam.safeParse(c.req.param('examinationId'));
  const item = parsed.success ? await applicationItem(c.var.deps.sql, app, parsed.data) : null;
  if (!item) throw new HTTPException(404, { message: 'Hälsoundersökningen finns inte i ansökan.' });
  return item;
}

/** The application as the projection has it now (after a refusal), else as it was read. */
async function fresh(c: C, app: ApplicationRow): Promise<ApplicationRow> {
  return (await applicationByQuarter(c.var.deps.sql, userOf(c).orgNumber, app.quarter)) ?? app;
}

/**
 * The creation progress from the workflow while the application is being created; null once it is
 * past that. A draft is asked too: the projection says Utkast a moment before the workflow does,
 * and the draft's actions are only accepted once the workflow is there.
 */
async function creationProgress(c: C, quarter: string, app: ApplicationRow | null) {
  if (app && app.status !== 'Skapas' && app.status !== 'Utkast') return null;
  const fallback = app?.status === 'Utkast' ? null : { done: 0, total: 0 };
  let status: Awaited<ReturnType<typeof applicationStatus>>;
  try {
    const deps = serviceDeps(c);
    status = await withinQueryWait(deps.client, () => applicationStatus(deps, userOf(c).orgNumber, quarter));
  } catch (err) {
    // Just started (no workflow task done yet) or Temporal briefly away: keep polling.
    c.var.log.warn({ err, quarter, region: userOf(c).orgNumber }, 'application: progress query failed');
    return fallback;
  }
  if (!status.ok) {
    if (app) return fallback;
    throw noApplication(quarter);
  }
  return status.value.state === 'Skapas' ? status.value.progress : null;
}

/**
 * The page of an application: the progress fragment while it is being created, else the
 * application itself. The polling fragment re-reads the row (`reread`): the one read before the
 * progress query may still say Skapas.
 */
async function applicationPage(c: C, quarter: string, app: ApplicationRow | null, opts: { reread: boolean }) {
  const title = `Ansökan ${quarter}`;
  const progress = await creationProgress(c, quarter, app);
  if (progress) return renderPage(c, { title, active: ACTIVE }, <ProgressFragment quarter={quarter} progress={progress} />);
  const row = (opts.reread ? null : app) ?? (await applicationByQuarter(c.var.deps.sql, userOf(c).orgNumber, quarter));
  if (!row) throw noApplication(quarter);
  return renderPage(c, { title, active: ACTIVE }, await applicationSection(c, row, opts.reread ? undefined : noticeFor(c, row)));
}

async function applicationSection(c: C, app: ApplicationRow, notice?: string, addError?: FormError) {
  const user = userOf(c);
  const { sql } = c.var.deps;
  const decided = app.status === 'Beslutad' || app.status === 'Utbetald';
  const canAdd = app.status === 'Utkast' && allows(user, CREATE);
  const [items, decision, outside, addable] = await Promise.all([
    applicationItems(sql, app), decided ? decisionOf(sql, app) : Promise.resolve(null), countExams(sql, user.orgNumber, app.quarter, 'Ansökningsbar'),
    canAdd ? outsideExams(sql, user.orgNumber, app.quarter) : Promise.resolve(undefined),
  ]);
  await logRequest(c, {
    action: 'view', objectType: decision ? 'decision' : 'application', objectId: String(app.id),
    detail: { quarter: app.quarter, status: app.status, items: items.length, ...(addable?.length ? { addable: addable.length } : {}) },
  });
  return (
    <ApplicationSection app={app} items={items} decision={decision} canCreate={allows(user, CREATE)} canSubmit={allows(user, SUBMIT)} outside={outside}
      addable={addable} csrf={csrfOf(c)} addError={addError} notice={notice} />
  );
}

/** Confirmations after a redirect (`?klart=`), shown only while the application is still in the state they confirm. */
const NOTICES: Record<string, { text: string; status: string }> = {
  borttagen: { text: 'Hälsoundersökningen är borttagen ur ansökan.', status: 'Utkast' },
  inskickad: { text: 'Ansökan är inskickad till Migrationsverket.', status: 'Inskickad' },
};
function noticeFor(c: C, app: ApplicationRow): string | undefined {
  if (c.req.query('klart') === 'tillagda' && app.status === 'Utkast') {
    const n = Number(c.req.query('antal'));
    if (Number.isSafeInteger(n) && n >= 0) {
      return n === 0 ? 'Inga hälsoundersökningar lades till: de uppfyller inte villkoren eller ingår redan i ansökan.'
        : n === 1 ? '1 hälsoundersökning är tillagd i ansökan.' : `${n} hälsoundersökningar är tillagda i ansökan.`;
    }
  }
  const notice = NOTICES[c.req.query('klart') ?? ''];
  return notice && notice.status === app.status ? notice.text : undefined;
}

async function overview(c: C, error?: FormError, status: 400 | 409 | 200 = 200) {
  const user = userOf(c);
  const { sql } = c.var.deps;
  const quarter = applicableQuarter();
  const current = formatQuarter(quarterOf(stockholmDate(Date.now())));
  const [examCount, reportedCount, applications] = await Promise.all([
    countExams(sql, user.orgNumber, quarter, 'Ansökningsbar'),
    countExams(sql, user.orgNumber, current, 'Rapporterad'),
    regionApplications(sql, user.orgNumber),
  ]);
  return renderPage(c, { title: TITLE, active: ACTIVE, status }, (
    <OverviewPage
      applicable={{ quarter, examCount, deadline: deadlineForQuarter(quarter), existing: applications.find((a) => a.quarter === quarter) ?? null }}
      current={{ quarter: current, reportedCount, opens: firstDayOfQuarter(addQuarters(parseQuarter(current), 1)) }}
      applications={applications} canCreate={allows(user, CREATE)} csrf={csrfOf(c)} error={error}
    />
  ));
}

export const applicationsFeature = feature(APPLICATIONS_PATH, (r) => {
  r.get('/', VIEW, (c) => overview(c));

  r.post('/', CREATE, async (c) => {
    const user = userOf(c);
    const parsed = createApplicationForm.safeParse(await c.req.parseBody());
    if (!parsed.success) return overview(c, { message: parsed.error.issues[0]?.message ?? QUARTER_MESSAGE }, 400);
    const { quarter } = parsed.data;
    // An application gathers the exams there are when it is created, and there is one per quarter:
    // an empty one would only block the quarter.
    if (quarter === applicableQuarter() && (await countExams(c.var.deps.sql, user.orgNumber, quarter, 'Ansökningsbar')) === 0
      && !(await applicationByQuarter(c.var.deps.sql, user.orgNumber, quarter))) {
      return overview(c, { code: 'NO_EXAMS', message: `Det finns inga ansökningsbara hälsoundersökningar från ${quarter}. Rapportera undersökningarna först.` }, 409);
    }
    const result = await createApplication(serviceDeps(c), { quarter, actor: actorOf(user) });
    await logRequest(c, {
      action: 'create', objectType: 'application', objectId: result.ok ? result.value.workflowId : `${user.orgNumber}:${quarter}`,
      outcome: result.ok ? 'ok' : 'failed', detail: result.ok ? { quarter } : { quarter, code: result.error.code },
    });
    if (!result.ok) {
      // A double click creates once; the second click lands here and is shown the way to the application.
      const link = result.error.code === 'APPLICATION_EXISTS' ? { href: applicationHref(quarter), text: `Öppna ansökan för ${quarter}` } : undefined;
      return overview(c, { code: result.error.code, message: result.error.message, ...(link ? { link } : {}) }, result.error.code === 'INVALID_QUARTER' ? 400 : 409);
    }
    return c.redirect(applicationHref(quarter), 303);
  });

  r.get('/:ref', VIEW, async (c) => {
    const { quarter, app } = await resolve(c);
    return applicationPage(c, quarter, app, { reread: false });
  });

  r.get('/:ref/forlopp', VIEW, async (c) => {
    const { quarter, app } = await resolve(c);
    return applicationPage(c, quarter, app, { reread: true });
  });

  r.get('/:ref/poster/:examinationId/ta-bort', CREATE, async (c) => {
    const app = await requireApplication(c);
    const item = await itemOf(c, app);
    if (app.status !== 'Utkast') return c.redirect(applicationHref(app.quarter), 303);
    await logRequest(c, { action: 'view', objectType: 'application_item', objectId: `${app.id}:${item.examinationId}` });
    return renderPage(c, { title: 'Ta bort ur ansökan', active: ACTIVE }, <RemoveConfirm app={app} item={item} csrf={csrfOf(c)} />);
  });

  r.post('/:ref/poster/:examinationId/ta-bort', CREATE, async (c) => {
    const app = await requireApplication(c);
    const item = await itemOf(c, app);
    const result = await removeItem(serviceDeps(c), { quarter: app.quarter, examinationId: item.examinationId, actor: actorOf(userOf(c)) });
    await logRequest(c, {
      action: 'remove_item', objectType: 'application_item', objectId: `${app.id}:${item.examinationId}`,
      outcome: result.ok ? 'ok' : 'failed', detail: { quarter: app.quarter, dossierNumber: item.dossierNumber, ...(result.ok ? {} : { code: result.error.code }) },
    });
    if (!result.ok) {
      return renderPage(c, { title: 'Ta bort ur ansökan', active: ACTIVE, status: 409 },
        <RemoveConfirm app={app} item={item} csrf={csrfOf(c)} error={{ code: result.error.code, message: result.error.message }} />);
    }
    return c.redirect(`${applicationHref(app.quarter)}?klart=borttagen`, 303);
  });

  r.post('/:ref/lagg-till', CREATE, async (c) => {
    const app = await requireApplication(c);
    if (app.status !== 'Utkast') return c.redirect(applicationHref(app.quarter), 303);
    const { all, ids, error: bad } = parseAddItems(await c.req.parseBody({ all: true }));
    const result = bad ? null : await addItems(serviceDeps(c), { quarter: app.quarter, examinationIds: all ? 'all' : ids, actor: actorOf(userOf(c)) });
    await logRequest(c, {
      action: 'add_items', objectType: 'application', objectId: String(app.id), outcome: result?.ok ? 'ok' : 'failed',
      detail: { quarter: app.quarter, selection: all ? 'all' : ids.length, ...(result?.ok ? { added: result.value.added } : { code: bad?.code ?? result?.error.code }) },
    });
    if (!result?.ok) {
      const error = bad ?? { code: result!.error.code, message: result!.error.message };
      return renderPage(c, { title: `Ansökan ${app.quarter}`, active: ACTIVE, status: bad ? 400 : 409 }, await applicationSection(c, await fresh(c, app), undefined, error));
    }
    return c.redirect(`${applicationHref(app.quarter)}?klart=tillagda&antal=${result.value.added}`, 303);
  });

  r.get('/:ref/skicka-in', SUBMIT, async (c) => {
    const app = await requireApplication(c);
    if (app.status !== 'Utkast') return c.redirect(applicationHref(app.quarter), 303);
    return renderPage(c, { title: `Skicka in ansökan ${app.quarter}`, active: ACTIVE }, <SubmitConfirm app={app} csrf={csrfOf(c)} />);
  });

  r.post('/:ref/skicka-in', SUBMIT, async (c) => {
    const app = await requireApplication(c);
    const result = await submitApplication(serviceDeps(c), { quarter: app.quarter, actor: actorOf(userOf(c)) });
    await logRequest(c, {
      action: 'submit', objectType: 'application', objectId: String(app.id),
      outcome: result.ok ? 'ok' : 'failed', detail: { quarter: app.quarter, ...(result.ok ? { state: result.value.state } : { code: result.error.code }) },
    });
    if (!result.ok) {
      return renderPage(c, { title: `Skicka in ansökan ${app.quarter}`, active: ACTIVE, status: 409 },
        <SubmitConfirm app={await fresh(c, app)} csrf={csrfOf(c)} error={{ code: result.error.code, message: result.error.message }} />);
    }
    return c.redirect(`${applicationHref(app.quarter)}?klart=inskickad`, 303);
  });

  r.get('/:ref/beslut', VIEW, async (c) => {
    const app = await requireApplication(c);
    const decision = await decisionOf(c.var.deps.sql, app);
    if (!decision) throw new HTTPException(404, { message: `Det finns inget beslut för ansökan ${app.quarter} ännu.` });
    await logRequest(c, { action: 'view', objectType: 'decision', objectId: String(app.id), detail: { quarter: app.quarter, print: true } });
    return renderPage(c, { title: `Beslut ${quarterLabel(app.quarter)}`, active: ACTIVE, heading: false },
      <DecisionPrintPage app={app} decision={decision} nonce={c.var.secureHeadersNonce} />);
  });
});
