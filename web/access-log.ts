/**
 * Writes the append-only access log (SPEC §1): who, organisation, what, which object; the time is
 * the database's (UTC). Personal identity numbers never go in: any that slip into an object id or
 * the detail are masked before writing. Dossier numbers are fine as object ids.
 */
import type { Context } from 'hono';
import type { Sql } from '../db/sql.js';
import type { AppEnv } from './deps.js';

/** Every action the log records, with the Swedish words the log viewer shows for it. */
export const ACCESS_ACTIONS = {
  login: 'Inloggning', logout: 'Utloggning', access: 'Åtkomst', csrf: 'Avvisad begäran (CSRF)',
  view: 'Visning', search: 'Sökning', export: 'Export', create: 'Tillägg', update: 'Ändring', delete: 'Borttagning',
  view_list: 'Visning av asylsökandelistan', export_list: 'Export av asylsökandelistan', view_person: 'Visning av person',
  record_invitation: 'Registrering av kallelse', report_exam: 'Rapportering av hälsoundersökning',
  delete_exam: 'Borttagning av hälsoundersökning', submit: 'Inskickning av ansökan', remove_item: 'Borttagning ur ansökan', add_items: 'Tillägg i ansökan',
  decide_item: 'Beslut om undersökning', decide: 'Beslut om ansökan', simulate: 'Simulering av regeluppsättning',
  publish: 'Publicering av regeluppsättning', correct_amount: 'Rättelse av belopp',
  run_feed_import: 'Start av inläsning av personer', change_setting: 'Ändring av inställning',
  delete_candidate: 'Borttagning av regelkandidat',
} as const;
export type AccessAction = keyof typeof ACCESS_ACTIONS;
/** Words for actions written under their earlier, Swedish names. */
export const FORMER_ACTIONS: Record<string, string> = {
  'visa lista': ACCESS_ACTIONS.view_list, 'exportera lista': ACCESS_ACTIONS.export_list, 'visa person': ACCESS_ACTIONS.view_person,
  'ta bort hälsoundersökning': ACCESS_ACTIONS.delete_exam, 'registrera kallelse': ACCESS_ACTIONS.record_invitation,
  'rapportera hälsoundersökning': ACCESS_ACTIONS.report_exam,
};

export type AccessOutcome = 'ok' | 'denied' | 'failed';
export type AccessActor = { hsaId: string | null; orgNumber: string | null };
export type AccessEntry = {
  actor: AccessActor | null;
  action: AccessAction;
  objectType?: string | null;
  objectId?: string | null;
  outcome?: AccessOutcome;
  detail?: Record<string, unknown>;
};

// YYMMDD-NNNN / YYYYMMDDNNNN with a plausible month (01–12) and day (01–31, +60 for samordningsnummer).
// Organisation numbers have a month part ≥ 20, so they are not caught.
const PERSONAL_NUMBER = /\b(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:[0-3]\d|[6-9]\d)[-+]?\d{4}\b/g;
const MASK = '[personnummer borttaget]';

export function maskPersonalNumbers<T>(value: T): T {
  // NUL cannot be stored in text or jsonb: it becomes U+FFFD, so a hostile input never breaks the log.
  if (typeof value === 'string') return value.replace(PERSONAL_NUMBER, MASK).replace(/\u0000/g, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(maskPersonalNumbers) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPersonalNumbers(v)])) as T;
  }
  return value;
}

export async function logAccess(sql: Sql, entry: AccessEntry): Promise<void> {
  const detail = maskPersonalNumbers(entry.detail ?? {});
  await sql`
    insert into access_log (actor_hsa_id, actor_org, action, object_type, object_id, outcome, detail)
    values (${entry.actor?.hsaId ?? null}, ${entry.actor?.orgNumber ?? null}, ${entry.action},
            ${entry.objectType ?? null}, ${entry.objectId == null ? null : maskPersonalNumbers(entry.objectId)},
            ${entry.outcome ?? 'ok'}, ${sql.json(detail as Parameters<Sql['json']>[0])})`;
}

/** `logAccess` with the actor taken from the request's logged-in user. */
export function logRequest(c: Context<AppEnv>, entry: Omit<AccessEntry, 'actor'>): Promise<void> {
  const user = c.var.user;
  return logAccess(c.var.deps.sql, { ...entry, actor: user ? { hsaId: user.hsaId, orgNumber: user.orgNumber } : null });
}
