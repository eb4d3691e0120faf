/**
 * The demo world (SPEC §7): the organisations, the SITHS identities of the development identity
 * provider, and a seeded generator of fictitious people in the feed format (SPEC §2).
 * Pure and deterministic: no I/O, no Math.random, no clock except through `today`.
 */
import { epochDayOrNull, fromEpochDay } from './civil-dates.js';
import type { PersonEvent, PersonRecord, TypeCode } from './person.js';
import { stockholmDate } from './stockholm-time.js';

export const DEMO_SEED = 20260701;

/** `agreements`: the e-tjänster with an avtal (a region always has the regions' e-tjänst). */
export type DemoOrganisation = { orgNumber: string; name: string; kind: 'region' | 'kommun' | 'migrationsverket'; county: string | null; agreements?: readonly string[] };
export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  { orgNumber: '232100-0016', name: 'Region Stockholm', kind: 'region', county: 'Stockholms län' },
  { orgNumber: '232100-0131', name: 'Västra Götalandsregionen', kind: 'region', county: 'Västra Götalands län' },
  { orgNumber: '232100-0255', name: 'Region Skåne', kind: 'region', county: 'Skåne län' },
  { orgNumber: '202100-2163', name: 'Migrationsverket', kind: 'migrationsverket', county: null },
  // SPEC-KOMMUNER §10.
  { orgNumber: '212000-0142', name: 'Stockholms kommun', kind: 'kommun', county: 'Stockholms län', agreements: ['Se och ändra ansvar för ensamkommande', 'Ansök om statlig ersättning'] },
  { orgNumber: '212000-1355', name: 'Göteborgs kommun', kind: 'kommun', county: 'Västra Götalands län', agreements: ['Se och ändra ansvar för ensamkommande', 'Ansök om statlig ersättning'] },
  { orgNumber: '212000-1124', name: 'Malmö kommun', kind: 'kommun', county: 'Skåne län', agreements: ['Ansök om statlig ersättning'] },
];

const ALL_PERMISSIONS = [
  'Se asylsökande m.fl. i länet',
  'Rapportera hälsoundersökning',
  'Skapa ny ansökan om ersättning',
  'Skicka in ansökan om ersättning',
];
/**
 * `compensationTypes`: the ersättningstyper (rule data) the user also holds, resolved when the
 * demo is seeded — every type in force that day, or only the school types.
 */
export type DemoUser = {
  hsaId: string; givenName: string; familyName: string; email: string; orgNumber: string;
  role: 'user' | 'admin' | 'officer' | 'rule_maintainer' | 'sysadmin'; permissions: string[];
  compensationTypes?: 'in-force' | 'school';
};
export const DEMO_USERS: readonly DemoUser[] = [
  { hsaId: 'SE2321000016-ADM1', givenName: 'Anna', familyName: 'Admin', email: 'anna.admin@regionstockholm.example', orgNumber: '232100-0016', role: 'admin', permissions: [] },
  { hsaId: 'SE2321000016-USR1', givenName: 'Ulla', familyName: 'Användare', email: 'ulla.anvandare@regionstockholm.example', orgNumber: '232100-0016', role: 'user', permissions: ALL_PERMISSIONS },
  { hsaId: 'SE2321000016-USR2', givenName: 'Rolf', familyName: 'Rapportör', email: 'rolf.rapportor@regionstockholm.example', orgNumber: '232100-0016', role: 'user', permissions: ALL_PERMISSIONS.slice(0, 2) },
  { hsaId: 'SE2321000131-USR1', givenName: 'Vera', familyName: 'Västra', email: 'vera.vastra@vgregion.example', orgNumber: '232100-0131', role: 'user', permissions: ALL_PERMISSIONS },
  { hsaId: 'SE2021002163-HL1', givenName: 'Hanna', familyName: 'Handläggare', email: 'hanna.handlaggare@migrationsverket.example', orgNumber: '202100-2163', role: 'officer', permissions: [] },
  { hsaId: 'SE2021002163-RF1', givenName: 'Rita', familyName: 'Regelförvaltare', email: 'rita.regelforvaltare@migrationsverket.example', orgNumber: '202100-2163', role: 'rule_maintainer', permissions: [] },
  { hsaId: 'SE2021002163-ADM1', givenName: 'Mats', familyName: 'Systemadmin', email: 'mats.systemadmin@migrationsverket.example', orgNumber: '202100-2163', role: 'sysadmin', permissions: [] },
  // SPEC-KOMMUNER §10.
  { hsaId: 'SE2120000142-ADM1', givenName: 'Karl', familyName: 'Kommunadmin', email: 'karl.kommunadmin@stockholm.example', orgNumber: '212000-0142', role: 'admin', permissions: [] },
  { hsaId: 'SE2120000142-HLG1', givenName: 'Elin', familyName: 'Ensamkommande', email: 'elin.ensamkommande@stockholm.example', orgNumber: '212000-0142', role: 'user', permissions: ['Administrera barn utan vårdnadshavare'], compensationTypes: 'in-force' },
  { hsaId: 'SE2120000142-HLG2', givenName: 'Sam', familyName: 'Skola', email: 'sam.skola@stockholm.example', orgNumber: '212000-0142', role: 'user', permissions: [], compensationTypes: 'school' },
  { hsaId: 'SE2120001355-HLG1', givenName: 'Greta', familyName: 'Göteborg', email: 'greta.goteborg@goteborg.example', orgNumber: '212000-1355', role: 'user', permissions: ['Administrera barn utan vårdnadshavare'], compensationTypes: 'in-force' },
  { hsaId: 'SE2120001124-HLG1', givenName: 'Malte', familyName: 'Malmö', email: 'malte.malmo@malmo.example', orgNumber: '212000-1124', role: 'user', permissions: [], compensationTypes: 'in-force' },
];

const ROLE_LABELS: Record<DemoUser['role'], string> = {
  user: 'Användare', admin: 'Administratör', officer: 'Handläggare', rule_maintainer: 'Regelförvaltare', sysadmin: 'Systemadministratör',
};
export type DemoIdentity = { hsaId: string; givenName: string; familyName: string; orgNumber: string; description: string };
/** Every card on the development identity provider's login page; Petra's must be refused by the app. */
export const DEMO_IDENTITIES: readonly DemoIdentity[] = [
  ...DEMO_USERS.map((u) => ({
    hsaId: u.hsaId, givenName: u.givenName, familyName: u.familyName, orgNumber: u.orgNumber,
    description: `${ROLE_LABELS[u.role]}, ${DEMO_ORGANISATIONS.find((o) => o.orgNumber === u.orgNumber)!.name}`,
  })),
  { hsaId: 'SE5566778899-USR1', givenName: 'Petra', familyName: 'Privat', orgNumber: '556677-8899', description: 'Privat vårdgivare (ska nekas)' },
];

// ---- Places. Dossier block = the county code (länskod), so regions never share dossier numbers.
type Place = { municipality: string; city: string; postal: string[]; weight: number };
type Region = { orgNumber: string; block: string; receptionUnit: string; places: Place[] };
const place = (municipality: string, postal: string[], weight: number, city = municipality): Place => ({ municipality, city, postal, weight });
const REGIONS: readonly Region[] = [
  { orgNumber: '232100-0016', block: '01', receptionUnit: 'Mottagningsenhet Stockholm', places: [
    place('Stockholm', ['112', '113', '116', '118', '120', '124', '127', '163'], 30), place('Huddinge', ['141'], 12),
    place('Botkyrka', ['147'], 8, 'Tumba'), place('Botkyrka', ['145'], 6, 'Norsborg'), place('Södertälje', ['151', '152'], 12),
    place('Solna', ['169', '171'], 6), place('Sundbyberg', ['172', '174'], 5), place('Järfälla', ['175', '177'], 6),
    place('Haninge', ['136'], 5, 'Handen'), place('Norrtälje', ['761'], 3)] },
  { orgNumber: '232100-0131', block: '14', receptionUnit: 'Mottagningsenhet Göteborg', places: [
    place('Göteborg', ['411', '415', '416', '417', '418'], 25), place('Göteborg', ['424'], 8, 'Angered'),
    place('Göteborg', ['421'], 5, 'Västra Frölunda'), place('Borås', ['503', '504', '506'], 10),
    place('Trollhättan', ['461'], 8), place('Uddevalla', ['451'], 6), place('Skövde', ['541'], 5),
    place('Mölndal', ['431'], 5), place('Lidköping', ['531'], 3), place('Alingsås', ['441'], 3), place('Vänersborg', ['462'], 3)] },
  { orgNumber: '232100-0255', block: '12', receptionUnit: 'Mottagningsenhet Malmö', places: [
    place('Malmö', ['211', '212', '213', '214', '215', '217'], 30), place('Helsingborg', ['252', '253', '254', '256'], 12),
    place('Lund', ['222', '224', '226'], 8), place('Kristianstad', ['291'], 7), place('Landskrona', ['261'], 6),
    place('Trelleborg', ['231'], 4), place('Hässleholm', ['281'], 4), place('Eslöv', ['241'], 3), place('Ystad', ['271'], 3)] },
];
export const DEMO_REGION_ORG_NUMBERS = REGIONS.map((r) => r.orgNumber);

const STREETS = ['Storgatan', 'Kyrkogatan', 'Drottninggatan', 'Järnvägsgatan', 'Skolgatan', 'Trädgårdsgatan', 'Bergsgatan',
  'Hantverkargatan', 'Nygatan', 'Östra Långgatan', 'Björkvägen', 'Tallvägen', 'Ekvägen', 'Ringvägen', 'Parkvägen',
  'Skogsvägen', 'Ängsvägen', 'Stationsvägen', 'Solrosvägen', 'Lärkvägen', 'Fabriksgatan', 'Norra vägen', 'Södra vägen',
  'Kvarngatan', 'Smedjegatan', 'Backavägen', 'Idrottsvägen', 'Lindgatan'];

// ---- Names, grouped by origin so that a given name goes with a plausible family name.
// "Ivanov/Ivanova" is a family name with a masculine and a feminine form.
type Origin = { f: string[]; m: string[]; family: string[] };
const ORIGINS: Record<string, Origin> = {
  arabic: { f: ['Amina', 'Fatima', 'Layla', 'Rania', 'Nour'], m: ['Omar', 'Ahmad', 'Youssef', 'Khaled', 'Samir'], family: ['Haddad', 'Al-Hassan', 'Mansour', 'Khalil', 'Saleh', 'Nasser'] },
  afghan: { f: ['Zahra', 'Mariam', 'Freshta', 'Nazanin'], m: ['Mohammad', 'Ali', 'Farid', 'Hamid', 'Wahid'], family: ['Ahmadi', 'Rahimi', 'Hosseini', 'Karimi', 'Popal', 'Noori'] },
  somali: { f: ['Hodan', 'Ayaan', 'Sahra', 'Ifrah'], m: ['Abdi', 'Mohamed', 'Abdirahman', 'Hassan'], family: ['Warsame', 'Farah', 'Abdullahi', 'Jama', 'Osman'] },
  tigrinya: { f: ['Selam', 'Senait', 'Luwam', 'Helen'], m: ['Yonas', 'Dawit', 'Tesfay', 'Merhawi'], family: ['Tesfamariam', 'Gebremedhin', 'Haile', 'Kidane', 'Berhane'] },
  ukrainian: { f: ['Olena', 'Oksana', 'Iryna', 'Yuliia', 'Sofiia'], m: ['Mykola', 'Andrii', 'Dmytro', 'Oleksandr', 'Taras'], family: ['Kovalenko', 'Shevchenko', 'Bondarenko', 'Melnyk', 'Tkachenko', 'Kravchuk'] },
  russian: { f: ['Natalia', 'Svetlana', 'Anastasia'], m: ['Sergei', 'Aleksei', 'Pavel'], family: ['Ivanov/Ivanova', 'Sokolov/Sokolova', 'Volkov/Volkova', 'Morozov/Morozova'] },
  kurdish: { f: ['Rojin', 'Berfin', 'Jiyan', 'Dilan'], m: ['Azad', 'Rebin', 'Karwan', 'Shvan'], family: ['Rashid', 'Mirza', 'Dosky', 'Hawrami', 'Baban'] },
  persian: { f: ['Shirin', 'Parisa', 'Negar', 'Maryam'], m: ['Reza', 'Arash', 'Behzad', 'Navid'], family: ['Rezaei', 'Moradi', 'Jafari', 'Sadeghi', 'Tehrani'] },
};
const ASYLUM_ORIGINS: [string, number][] = [['arabic', 20], ['afghan', 20], ['somali', 12], ['tigrinya', 12], ['kurdish', 12], ['persian', 10], ['russian', 7], ['ukrainian', 7]];
const MASS_FLIGHT_ORIGINS: [string, number][] = [['ukrainian', 90], ['russian', 10]];
const TYPE_MIX: [TypeCode, number][] = [['A', 55], ['AB', 8], ['B', 5], ['F', 7], ['M', 25]];
const AGE_BANDS: [[number, number], number][] = [[[0, 17], 20], [[18, 60], 75], [[61, 80], 5]];
const FACILITIES: [NonNullable<PersonRecord['detentionFacility']>, number][] = [['forvar', 80], ['kriminalvard', 12], ['polisarrest', 8]];

// ---- Seeded randomness: one mulberry32 stream per person, keyed by (seed, region, index), so a
// person does not change when more people or other regions are generated.
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
class Rng {
  constructor(private state: number) {}
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(items: readonly T[]): T { return items[Math.floor(this.next() * items.length)]!; }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let x = this.next() * items.reduce((s, [, w]) => s + w, 0);
    for (const [item, w] of items) if ((x -= w) < 0) return item;
    return items[items.length - 1]![0];
  }
}

// Dates are epoch days while generating; a malformed date becomes NaN, which the option check refuses.
const toDay = (iso: string) => epochDayOrNull(iso) ?? NaN;
const toIso = fromEpochDay;
const DIRECTIVE = toDay('2022-03-04'); // first day Sweden took applications under the mass-flight directive
const LMA_CHANGE = toDay('2022-07-01'); // M applicants came under LMA
const YEAR = 365;

type History = { events: PersonEvent[]; coveredFrom: number | null; facility: PersonRecord['detentionFacility'] };
const ev = (type: PersonEvent['type'], day: number): PersonEvent => ({ type, date: toIso(day) });

function history(type: TypeCode, r: Rng, today: number): History {
  const none: History = { events: [], coveredFrom: null, facility: null };
  switch (type) {
    case 'A': {
      const applied = today - r.int(0, 4 * YEAR);
      const renewed = r.chance(0.1) && today - applied > 200 ? r.int(applied + 180, today) : null;
      const events = [ev('asylum-application', applied)];
      const until = renewed ?? today;
      if (r.chance(0.08) && until - applied > 60) { // released from detention, still an asylum seeker
        const start = r.int(applied + 14, until - 30);
        events.push(ev('detention-start', start), ev('detention-end', r.int(start + 3, Math.min(start + 120, until))));
      }
      if (renewed !== null) events.push(ev('asylum-application', renewed));
      return { events, coveredFrom: renewed ?? applied, facility: null };
    }
    case 'F': {
      const current = today - r.int(0, 180);
      const facility = r.weighted(FACILITIES);
      if (r.chance(0.3)) {
        const prevEnd = current - r.int(10, 300);
        const prevStart = prevEnd - r.int(7, 90);
        const applied = prevStart - r.int(10, 700);
        return { events: [ev('asylum-application', applied), ev('detention-start', prevStart), ev('detention-end', prevEnd), ev('detention-start', current)], coveredFrom: current, facility };
      }
      return { events: [ev('asylum-application', current - r.int(1, 1000)), ev('detention-start', current)], coveredFrom: current, facility };
    }
    case 'M': {
      const v = r.next();
      let applied: number; let granted: number | null;
      if (v < 0.35) { // granted before the LMA change
        applied = r.int(DIRECTIVE, LMA_CHANGE - 10);
        granted = r.int(applied + 1, Math.min(applied + 40, LMA_CHANGE - 1));
      } else if (v < 0.55) { // applied before the change, granted after it or not yet
        applied = r.int(DIRECTIVE, LMA_CHANGE - 1);
        granted = r.chance(0.7) ? r.int(LMA_CHANGE, Math.min(LMA_CHANGE + 180, today)) : null;
      } else { // applied after the change
        applied = r.int(LMA_CHANGE, today);
        granted = r.chance(0.85) && applied < today ? r.int(applied + 1, Math.min(applied + 60, today)) : null;
      }
      const events = [ev('temporary-protection-application', applied)];
      if (granted !== null) events.push(ev('temporary-protection-granted', granted));
      const coveredFrom = applied >= LMA_CHANGE ? applied : granted !== null && granted < LMA_CHANGE ? granted : LMA_CHANGE;
      return { events, coveredFrom, facility: null };
    }
    case 'AB':
      return r.chance(0.5) ? { ...none, events: [ev('asylum-application', today - r.int(0, 4 * YEAR))] } : none;
    case 'B':
      return r.chance(0.3) ? { ...none, events: [ev('asylum-application', today - r.int(0, 4 * YEAR))] } : none;
  }
}

function person(region: Region, index: number, seed: number, today: number): PersonRecord {
  const r = new Rng(mix(mix(seed ^ Math.imul(Number(region.block), 0x9e3779b1)) ^ index));
  const typeCode = r.weighted(TYPE_MIX);
  const { events, coveredFrom, facility } = history(typeCode, r, today);

  const origin = ORIGINS[r.weighted(typeCode === 'M' ? MASS_FLIGHT_ORIGINS : ASYLUM_ORIGINS)]!;
  const female = r.chance(0.5);
  const [masculine, feminine = masculine] = r.pick(origin.family).split('/') as [string, string?];
  const [minAge, maxAge] = typeCode === 'AB' ? [0, 17] : r.weighted(AGE_BANDS);
  let birth = today - r.int(Math.round(minAge * 365.25), Math.round((maxAge + 1) * 365.25) - 1);
  // Nobody applies for anything before they are born.
  const first = events.reduce((min, e) => Math.min(min, toDay(e.date)), Infinity);
  if (birth > first) birth = first - r.int(0, 200);

  let populationRegisteredFrom: string | null = null;
  if ((typeCode === 'A' || typeCode === 'M') && r.chance(0.06)) {
    const from = Math.max(coveredFrom ?? 0, ...events.map((e) => toDay(e.date))) + 30;
    if (from < today) populationRegisteredFrom = toIso(r.int(from, today));
  }
  // The feed does not promise chronological order; a few records come reversed.
  if (events.length > 1 && r.chance(0.03)) events.reverse();

  const at = r.weighted(region.places.map((p) => [p, p.weight] as const));
  const houseNumber = `${r.int(1, 120)}${r.chance(0.1) ? r.pick(['A', 'B', 'C']) : ''}`;
  return {
    dossierNumber: `${region.block}-${String(index).padStart(6, '0')}`,
    givenName: r.pick(female ? origin.f : origin.m),
    familyName: female ? feminine : masculine,
    birthDate: toIso(birth),
    typeCode,
    regionOrgNumber: region.orgNumber,
    municipality: at.municipality,
    address: { street: `${r.pick(STREETS)} ${houseNumber}`, postalCode: `${r.pick(at.postal)} ${String(r.int(0, 99)).padStart(2, '0')}`, city: at.city },
    receptionUnit: typeCode === 'AB' ? null : region.receptionUnit, // AB children are outside the reception system
    protectedIdentity: r.chance(0.01),
    populationRegisteredFrom,
    detentionFacility: facility,
    events,
  };
}

export type DemoOptions = { seed: number; perRegion?: number; regions?: string[]; today?: string };

/** `perRegion` people (default 3000) in each region, region by region; dossier `<länskod>-<000001…>`. */
export function generatePeople(opts: DemoOptions): Generator<PersonRecord> {
  const perRegion = opts.perRegion ?? 3000;
  if (!Number.isInteger(perRegion) || perRegion < 0 || perRegion > 999_999) throw new Error('perRegion must be an integer 0–999 999');
  const today = toDay(opts.today ?? stockholmDate(Date.now()));
  if (!(today >= toDay('2023-01-01'))) throw new Error('today must be a date from 2023-01-01 on');
  const regions = (opts.regions ?? DEMO_REGION_ORG_NUMBERS).map((org) => {
    const region = REGIONS.find((r) => r.orgNumber === org);
    if (!region) throw new Error(`unknown demo region ${org} (known: ${DEMO_REGION_ORG_NUMBERS.join(', ')})`);
    return region;
  });
  // Options are checked above, at the call, not at the first iteration.
  return (function* () {
    for (const region of regions) for (let i = 1; i <= perRegion; i++) yield person(region, i, opts.seed, today);
  })();
}

/** The same people as feed lines (JSON, no newline). */
export function demoFeedLines(opts: DemoOptions): Generator<string> {
  const people = generatePeople(opts);
  return (function* () {
    for (const p of people) yield JSON.stringify(p);
  })();
}
