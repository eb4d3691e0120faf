/**
 * The e-tjänster and their fixed permissions (SPEC-KOMMUNER §10). The permissions of
 * `Ansök om statlig ersättning` are the ersättningstyper (rule data, rules/ersattning/), so the
 * whole catalogue lives in the database table permission_catalogue; this module names the parts
 * that never change. Migration 0016 inserts the same rows, and a test compares them.
 */
export const REGION_SERVICE = 'E-tjänst för landsting';
export const UNACCOMPANIED_SERVICE = 'Se och ändra ansvar för ensamkommande';
export const COMPENSATION_SERVICE = 'Ansök om statlig ersättning';

export const E_SERVICES = [REGION_SERVICE, UNACCOMPANIED_SERVICE, COMPENSATION_SERVICE] as const;
export type EService = (typeof E_SERVICES)[number];

export type OrganisationKind = 'region' | 'kommun' | 'migrationsverket';

/** Which kind of organisation an e-tjänst is for. */
export const E_SERVICE_FOR: Record<EService, Exclude<OrganisationKind, 'migrationsverket'>> = {
  [REGION_SERVICE]: 'region',
  [UNACCOMPANIED_SERVICE]: 'kommun',
  [COMPENSATION_SERVICE]: 'kommun',
};

/** Where each e-tjänst starts in the web tier. */
export const E_SERVICE_HOME: Record<EService, string> = {
  [REGION_SERVICE]: '/lista',
  [UNACCOMPANIED_SERVICE]: '/ensamkommande',
  [COMPENSATION_SERVICE]: '/statlig-ersattning',
};

/** The four region permissions (SPEC §1), with their exact Swedish names. */
export const REGION_PERMISSIONS = [
  'Se asylsökande m.fl. i länet',
  'Rapportera hälsoundersökning',
  'Skapa ny ansökan om ersättning',
  'Skicka in ansökan om ersättning',
] as const;
export type RegionPermission = (typeof REGION_PERMISSIONS)[number];

export const UNACCOMPANIED_PERMISSION = 'Administrera barn utan vårdnadshavare';

export function isEService(s: string): s is EService {
  return (E_SERVICES as readonly string[]).includes(s);
}

export function servicesFor(kind: OrganisationKind): EService[] {
  return E_SERVICES.filter((s) => E_SERVICE_FOR[s] === kind);
}

/** A kommun's org number is 212000-NNNN (SPEC-KOMMUNER §10). */
export function isKommunOrgNumber(orgNumber: string): boolean {
  return /^212000-\d{4}$/.test(orgNumber);
}
