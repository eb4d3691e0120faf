/**
 * "Asylsökande m.fl. i länet" (SPEC §2): the region's people with search, filters, sorting and
 * paging in the URL, CSV and Excel exports of the same rows, and each person's actions (invite,
 * report, delete) for users who may report. Only the user's own region; never protected identities.
 */
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { HTTPException } from 'hono/http-exception';
import { stockholmDate } from '../../../domain/stockholm-time.js';
import { deleteExam, recordInvitation, registerExam, type Refusal } from '../../../services/index.js';
import { logRequest, type AccessAction } from '../../access-log.js';
import type { AppEnv } from '../../deps.js';
import { renderPage } from '../../layout.js';
import { actorOf, csrfOf, serviceDeps, userOf } from '../../request.js';
import { allows, feature, requireSameRegion } from '../../routes.js';
import type { ListRow } from '../columns.js';
import { listCursor, listPage, listRow, personRegion } from '../data/list.js';
import { coverageReason, personDetails, registrationHistory } from '../data/person.js';
import { csvStream, xlsxStream } from '../export.js';
import {
  DATE_FIELDS, DOSSIER_NUMBER, formValue, invitationSchema, listQueryString, parseListState, reportSchema, stateForLog, type DateFormName,
} from '../forms.js';
import { LIST_PATH, personPath } from '../pages/hrefs.js';
import { CountLine, FilterCount, ListAssets, ListPageBody, PersonBody, RESULTS_ID, Results, personName } from '../pages/list.js';
import { DeleteConfirmation, PersonActions, type ActionsView } from '../pages/person-actions.js';
import { PersonPage } from '../pages/person.js';

const VIEW = 'Se asylsökande m.fl. i länet';
const REPORT = 'Rapportera hälsoundersökning';
const TITLE = 'Asylsökande m.fl. i länet';

type C = Context<AppEnv>;

const region = (c: C) => userOf(c).orgNumber;
const actor = (c: C) => actorOf(userOf(c));
const htmxTarget = (c: C) => (c.req.header('HX-Request') === 'true' ? c.req.header('HX-Target') ?? '' : '');
/** Whether the request swaps the person's rows in the list (else it is the person's page). */
const inRow = (c: C) => htmxTarget(c).startsWith('person-');
const where = (c: C): 'row' | 'page' => (inRow(c) ? 'row' : 'page');
const listState = (c: C) => parseListState(new URL(c.req.url).searchParams);

function exportResponse(c: C, stream: Readable, type: string, extension: string) {
  const name = `asylsokande-${region(c)}-${stockholmDate(Date.now())}.${extension}`;
  return c.body(Readable.toWeb(stream) as ReadableStream, 200, {
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="${name}"`,
  });
}

/** The person behind a dossier number in the path, if the user's region may see them (else 404, logged). */
async function personOf(c: C): Promise<ListRow> {
  const dossier = c.req.param('dossier') ?? '';
  if (!DOSSIER_NUMBER.test(dossier)) throw new HTTPException(404);
  const { sql } = c.var.deps;
  const person = await personRegion(sql, dossier);
  if (!person) throw new HTTPException(404);
  await requireSameRegion(c, person.regionOrgNumber, { type: 'person', id: dossier });
  const row = person.protectedIdentity ? null : await listRow(sql, region(c), dossier);
  if (!row) {
    await logRequest(c, { action: 'access', objectType: 'person', objectId: dossier, outcome: 'denied', detail: { reason: 'protected_identity', path: c.req.path } });
    throw new HTTPException(404);
  }
  return row;
}

/** The person's page, with `actions` (what the user may do now) when the user may report. */
async function personPage(c: C, row: ListRow, actions: Child | null, status: 200 | 400 | 409 = 200) {
  const { sql, temporal } = c.var.deps;
  const details = await personDetails(sql, region(c), row.dossier_number);
  if (!details) throw new HTTPException(404);
  const newest = details.registrations[0];
  if (newest) details.history = await registrationHistory(sql, temporal, row.dossier_number, newest.runId);
  const coverage = await coverageReason(sql, details.record, details.coveredFromRuleSet);
  return renderPage(c, { title: personName(row), active: LIST_PATH, heading: false, status }, (
    <div data-lista hx-history="false">
      <ListAssets nonce={c.var.secureHeadersNonce} />
      <PersonPage row={row} details={details} coverage={coverage} today={stockholmDate(Date.now())} actions={actions} />
    </div>
  ));
}

/** A person's rows for htmx (replacing them in the list), or the person's page. */
function personResponse(c: C, row: ListRow, content: Child, status: 200 | 400 | 409 = 200) {
  if (inRow(c)) return c.html(<PersonBody row={row} canReport open>{content}</PersonBody>, status);
  return personPage(c, row, content, status);
}

async function reloaded(c: C, row: ListRow): Promise<ListRow> {
  return (await listRow(c.var.deps.sql, region(c), row.dossier_number)) ?? row;
}

type DateAction = {
  form: DateFormName;
  schema: typeof invitationSchema | typeof reportSchema;
  logAction: AccessAction;
  run: (c: C, dossierNumber: string, date: string) => Promise<{ ok: true } | { ok: false; error: Refusal }>;
  notice: (date: string) => string;
};

const ACTIONS: DateAction[] = [
  {
    form: 'kallelse', schema: invitationSchema, logAction: 'record_invitation',
    run: (c, dossierNumber, invitedDate) => recordInvitation(serviceDeps(c), { dossierNumber, invitedDate, actor: actor(c) }),
    notice: (date) => `Kallelsen är sparad med datum ${date}.`,
  },
  {
    form: 'rapport', schema: reportSchema, logAction: 'report_exam',
    run: (c, dossierNumber, examDate) => registerExam(serviceDeps(c), { dossierNumber, examDate, actor: actor(c) }),
    notice: (date) => `Hälsoundersökningen den ${date} är rapporterad.`,
  },
];

export const listFeature = feature(LIST_PATH, (r) => {
  r.get('/', VIEW, async (c) => {
    const state = listState(c);
    const result = await listPage(c.var.deps.sql, region(c), state);
    const shown = { ...state, page: result.page };
    // What was shown: the dossier numbers of the page's rows (a search term itself is not logged).
    await logRequest(c, {
      action: 'view_list', objectType: 'region', objectId: region(c),
      detail: { ...stateForLog(shown), visade: result.rows.map((r) => r.dossier_number) },
    });
    const canReport = allows(userOf(c), REPORT);
    if (htmxTarget(c) === RESULTS_ID) {
      c.header('HX-Push-Url', `${LIST_PATH}${listQueryString(shown)}`);
      return c.html(<><Results state={shown} result={result} canReport={canReport} /><CountLine result={result} oob /><FilterCount state={shown} oob /></>);
    }
    return renderPage(c, { title: TITLE, active: LIST_PATH, heading: false }, (
      <ListPageBody state={shown} result={result} canReport={canReport} nonce={c.var.secureHeadersNonce} />
    ));
  });

  r.get('/export.csv', VIEW, async (c) => {
    const state = listState(c);
    await logRequest(c, { action: 'export_list', objectType: 'region', objectId: region(c), detail: { format: 'csv', ...stateForLog(state) } });
    return exportResponse(c, csvStream(listCursor(c.var.deps.sql, region(c), state)), 'text/csv; charset=utf-8', 'csv');
  });

  r.get('/export.xlsx', VIEW, async (c) => {
    const state = listState(c);
    await logRequest(c, { action: 'export_list', objectType: 'region', objectId: region(c), detail: { format: 'xlsx', ...stateForLog(state) } });
    return exportResponse(c, xlsxStream(listCursor(c.var.deps.sql, region(c), state), TITLE),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx');
  });

  r.get('/person/:dossier', VIEW, async (c) => {
    const row = await personOf(c);
    await logRequest(c, { action: 'view_person', objectType: 'person', objectId: row.dossier_number, detail: { vy: 'personsida' } });
    const actions = allows(userOf(c), REPORT) ? <PersonActions row={row} view={{ where: 'page' }} csrf={csrfOf(c)} /> : null;
    return personPage(c, row, actions);
  });

  r.get('/person/:dossier/atgarder', REPORT, async (c) => {
    const row = await personOf(c);
    if (!inRow(c)) return c.redirect(`${personPath(row.dossier_number)}#atgarder-${row.dossier_number}`, 303);
    await logRequest(c, { action: 'view_person', objectType: 'person', objectId: row.dossier_number, detail: { vy: 'rad' } });
    return personResponse(c, row, <PersonActions row={row} view={{ where: 'row' }} csrf={csrfOf(c)} />);
  });

  r.get('/person/:dossier/rad', VIEW, async (c) => {
    const row = await personOf(c);
    if (!inRow(c)) return c.redirect(LIST_PATH, 303);
    await logRequest(c, { action: 'view_person', objectType: 'person', objectId: row.dossier_number, detail: { vy: 'rad-detaljer' } });
    return c.html(<PersonBody row={row} canReport={allows(userOf(c), REPORT)} />);
  });

  for (const action of ACTIONS) {
    r.post(`/person/:dossier/${action.form}`, REPORT, async (c) => {
      const row = await personOf(c);
      const field = DATE_FIELDS[action.form];
      const value = formValue(await c.req.parseBody(), field);
      const parsed = action.schema.safeParse({ [field]: value });
      if (!parsed.success) {
        const view: ActionsView = { where: where(c), form: action.form, value, error: parsed.error.issues[0]?.message ?? 'Ange ett giltigt datum.' };
        return personResponse(c, row, <PersonActions row={row} view={view} csrf={csrfOf(c)} />, 400);
      }
      const date = (parsed.data as Record<string, string>)[field]!;
      const result = await action.run(c, row.dossier_number, date);
      await logRequest(c, {
        action: action.logAction, objectType: 'person', objectId: row.dossier_number, outcome: result.ok ? 'ok' : 'failed',
        detail: result.ok ? { date } : { date, code: result.error.code },
      });
      const fresh = await reloaded(c, row);
      const view: ActionsView = result.ok
        ? { where: where(c), notice: action.notice(date) } : { where: where(c), form: action.form, value, refusal: result.error };
      return personResponse(c, fresh, <PersonActions row={fresh} view={view} csrf={csrfOf(c)} />, result.ok ? 200 : 409);
    });
  }

  r.get('/person/:dossier/ta-bort', REPORT, async (c) => {
    const row = await personOf(c);
    return personResponse(c, row, <DeleteConfirmation row={row} csrf={csrfOf(c)} where={where(c)} />);
  });

  r.post('/person/:dossier/ta-bort', REPORT, async (c) => {
    const row = await personOf(c);
    const result = await deleteExam(serviceDeps(c), { dossierNumber: row.dossier_number, actor: actor(c) });
    await logRequest(c, {
      action: 'delete_exam', objectType: 'person', objectId: row.dossier_number, outcome: result.ok ? 'ok' : 'failed',
      detail: result.ok ? {} : { code: result.error.code },
    });
    const fresh = await reloaded(c, row);
    if (!result.ok) return personResponse(c, fresh, <DeleteConfirmation row={fresh} csrf={csrfOf(c)} error={result.error.message} where={where(c)} />, 409);
    const notice = 'Registreringen är borttagen. Du kan registrera en ny hälsoundersökning med rätt datum.';
    return personResponse(c, fresh, <PersonActions row={fresh} view={{ where: where(c), notice }} csrf={csrfOf(c)} />);
  });
});
