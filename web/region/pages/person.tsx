/**
 * The person's page, opened from the list by the dossier number: every column of the list and
 * the rest of the feed record, the coverage date with the reason in plain Swedish, the
 * examination (invitation, report, application window and deadline, its history) and, for users
 * who may report, the actions. A pure function of its props.
 */
import type { Child } from 'hono/jsx';
import { applicationDeadline, applicationWindow } from '../../../domain/quarters.js';
import type { PersonEvent } from '../../../domain/person.js';
import { formatStockholmDateTime } from '../../../domain/stockholm-time.js';
import { TYPE_CODE_LABELS, type ListRow } from '../columns.js';
import { LIST_PATH } from './hrefs.js';
import { personName } from './list.js';
import type { CoverageReason, HistoryEntry, PersonDetails, Registration } from '../data/person.js';

const EVENT_LABELS: Record<PersonEvent['type'], string> = {
  'asylum-application': 'Asylansökan',
  'detention-start': 'Förvar började',
  'detention-end': 'Förvar upphörde',
  'temporary-protection-application': 'Ansökan om tillfälligt skydd (massflyktsdirektivet)',
  'temporary-protection-granted': 'Tillfälligt skydd beviljat (massflyktsdirektivet)',
};
const FACILITY_LABELS: Record<string, string> = {
  forvar: 'Migrationsverkets förvar', kriminalvard: 'Kriminalvården', polisarrest: 'Polisarrest',
};

const stockholmTime = (at: string | Date) => formatStockholmDateTime(at);
const quarterText = (q: string) => `kvartal ${q.slice(6)} ${q.slice(0, 4)}`;
const typeText = (code: string) => `${code} – ${TYPE_CODE_LABELS[code] ?? code}`;

/** Why the coverage date is what it is, in plain Swedish (SPEC §3), from the rule that set it. */
export function coverageText(row: ListRow, reason: CoverageReason | null): string {
  const date = row.covered_from;
  if (row.type_code === 'AB' || row.type_code === 'B') {
    return `Personen är ${row.type_code === 'AB' ? 'asylsökande barn (AB)' : 'bevisperson (B)'} och omfattas inte av LMA. Därför finns inget datum, och regionen kan inte få statlig ersättning för en hälsoundersökning av personen.`;
  }
  switch (reason?.source) {
    case 'fact:latestAsylumApplication':
      return `Personen är asylsökande (A) och omfattas av LMA från dagen för sin senaste asylansökan, ${date}. Har personen tagits ur förvar och fortfarande är asylsökande gäller datumet för den ursprungliga asylansökan; en helt ny asylansökan ger ett nytt datum.`;
    case 'fact:currentDetentionStart':
      return `Personen är förvarstagen (F). Datumet är dagen då det pågående förvaret började, ${date}.`;
    case 'fact:latestTemporaryProtectionApplication':
      return `Personen är skyddsbehövande enligt massflyktsdirektivet (M) och ansökte om tillfälligt skydd den 1 juli 2022 eller senare. Datumet är dagen för den senaste ansökan, ${date}.`;
    case 'fact:firstTemporaryProtectionGranted':
      return `Personen är skyddsbehövande enligt massflyktsdirektivet (M) och beviljades tillfälligt skydd före den 1 juli 2022. Datumet är dagen för beslutet, ${date}.`;
    case 'param:lmaChangeDate':
      return `Personen är skyddsbehövande enligt massflyktsdirektivet (M) och ansökte om tillfälligt skydd före den 1 juli 2022 utan att beviljas före dess. Personen omfattas av LMA från den dag lagändringen trädde i kraft, ${date}.`;
    default:
      if (date && reason?.description) return `${reason.description} Datumet är ${date}.`;
      if (date) return `Personen omfattas av LMA eller är i förvar från ${date}.`;
      return 'Migrationsverkets uppgifter om personen räcker inte för att avgöra från vilket datum personen omfattas av LMA eller är i förvar. Regionen kan därför inte söka ersättning för en hälsoundersökning förrän uppgifterna är kompletta.';
  }
}

function Facts({ items }: { items: [string, Child][] }) {
  return (
    <dl class="person-facts">
      {items.map(([term, value]) => <div><dt>{term}</dt><dd>{value}</dd></div>)}
    </dl>
  );
}

function PersonSection({ row, details }: { row: ListRow; details: PersonDetails }) {
  const r = details.record;
  const items: [string, Child][] = [
    ['Dossiernummer', row.dossier_number],
    ['Efternamn', row.family_name],
    ['Förnamn', row.given_name],
    ['Födelsedatum', row.birth_date],
    ['Typ av sökande', typeText(row.type_code)],
    ['Adress', row.street || '–'],
    ['Postnummer', row.postal_code || '–'],
    ['Ort', row.city || '–'],
    ['Kommun', r.municipality],
  ];
  if (r.receptionUnit) items.push(['Mottagningsenhet', r.receptionUnit]);
  if (r.detentionFacility) items.push(['Förvar', FACILITY_LABELS[r.detentionFacility] ?? r.detentionFacility]);
  if (r.populationRegisteredFrom) items.push(['Folkbokförd från', r.populationRegisteredFrom]);
  return (
    <section class="person-section" aria-labelledby="person-uppgifter">
      <h2 id="person-uppgifter">Personuppgifter</h2>
      <Facts items={items} />
      <p class="person-note">Uppgifterna hämtas en gång per dygn från Migrationsverket.</p>
    </section>
  );
}

function CoverageSection({ row, details, reason }: { row: ListRow; details: PersonDetails; reason: CoverageReason | null }) {
  const events = [...details.record.events].sort((a, b) => a.date.localeCompare(b.date));
  return (
    <section class="person-section" aria-labelledby="person-omfattas">
      <h2 id="person-omfattas">Omf. LMA / förvar fr.o.m.</h2>
      <p class="person-coverage-date"><strong>{row.covered_from ?? 'Datum saknas'}</strong></p>
      <div class="message-box message-box--info lista-info">
        <h3 class="message-box__heading">Varför?</h3>
        <p>{coverageText(row, reason)}</p>
        {reason?.ruleSetFrom && (
          <p class="person-note">
            Beräknat enligt reglerna som gäller från {reason.ruleSetFrom}{reason.ruleSetVersion ? ` (version ${reason.ruleSetVersion})` : ''}.
          </p>
        )}
      </div>
      <h3>Händelser hos Migrationsverket</h3>
      {events.length ? (
        <table class="person-table">
          <caption class="sr-only">Händelser hos Migrationsverket för {personName(row)}</caption>
          <thead><tr><th scope="col">Datum</th><th scope="col">Händelse</th></tr></thead>
          <tbody>{events.map((e) => <tr><td class="nowrap">{e.date}</td><td>{EVENT_LABELS[e.type] ?? e.type}</td></tr>)}</tbody>
        </table>
      ) : <p>Inga händelser registrerade.</p>}
    </section>
  );
}

function windowText(row: ListRow, live: Registration | undefined, today: string): Child {
  if (!row.exam_date) {
    return `Ingen hälsoundersökning är rapporterad. En undersökning som görs i dag kan sökas i ansökan för ${quarterText(applicationWindow(today).quarter)}, senast ${applicationDeadline(today)}.`;
  }
  const w = applicationWindow(row.exam_date);
  const deadline = live?.applicationDeadline ?? w.deadline;
  return (
    <>
      Kan sökas i ansökan för {quarterText(w.quarter)}, från <span class="nowrap">{w.opens}</span>.{' '}
      <strong>Sista dag för ansökan: <span class="nowrap">{deadline}</span></strong>{deadline < today ? ' (har passerat)' : ''}.
    </>
  );
}

function HistoryTable({ history, name }: { history: HistoryEntry[]; name: string }) {
  return (
    <table class="person-table">
      <caption class="sr-only">Historik för hälsoundersökningen av {name}</caption>
      <thead><tr><th scope="col">Tid</th><th scope="col">Status</th><th scope="col">Av</th><th scope="col">Händelse</th></tr></thead>
      <tbody>
        {history.map((h) => (
          <tr>
            <td class="nowrap"><time datetime={h.at}>{stockholmTime(h.at)}</time></td>
            <td>{h.from ? `${h.from} → ${h.to}` : h.to}</td>
            <td>{h.actorName}</td>
            <td>{h.cause}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ExamSection({ row, details, today }: { row: ListRow; details: PersonDetails; today: string }) {
  const [newest, ...earlier] = details.registrations;
  const live = newest && newest.status === row.exam_status ? newest : undefined;
  return (
    <section class="person-section" aria-labelledby="person-undersokning">
      <h2 id="person-undersokning">Hälsoundersökning</h2>
      <Facts items={[
        ['Status', <strong>{row.exam_status ?? 'Ej kallad'}</strong>],
        ['Kallad till hälsoundersökning', row.exam_invited_date ?? 'Inte kallad'],
        ['Hälsoundersökning genomförd', row.exam_date ?? 'Inte rapporterad'],
      ]} />
      <p>{windowText(row, live, today)}</p>
      {newest && (
        <>
          <h3>Historik</h3>
          {details.history ? <HistoryTable history={details.history} name={personName(row)} />
            : <p>Historiken kan inte visas just nu. Ladda om sidan om en stund.</p>}
        </>
      )}
      {earlier.length > 0 && (
        <>
          <h3>Tidigare registreringar</h3>
          <table class="person-table">
            <caption class="sr-only">Tidigare registreringar för {personName(row)}</caption>
            <thead><tr><th scope="col">Registrerad</th><th scope="col">Status</th><th scope="col">Kallad</th><th scope="col">Genomförd</th></tr></thead>
            <tbody>
              {earlier.map((r) => (
                <tr><td class="nowrap">{stockholmTime(r.createdAt)}</td><td>{r.status}</td><td>{r.invitedDate ?? '–'}</td><td>{r.examDate ?? '–'}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export type PersonPageProps = {
  row: ListRow;
  details: PersonDetails;
  coverage: CoverageReason | null;
  today: string;
  /** The actions the user may take (none without the report permission). */
  actions: Child | null;
};

export function PersonPage({ row, details, coverage, today, actions }: PersonPageProps) {
  return (
    <div class="person-page">
      <p><a href={LIST_PATH}>Tillbaka till listan</a></p>
      <h1>{personName(row)}</h1>
      <p class="person-lead">Dossiernummer {row.dossier_number} · {typeText(row.type_code)}</p>
      <div class="person-grid">
        <PersonSection row={row} details={details} />
        <CoverageSection row={row} details={details} reason={coverage} />
      </div>
      <div class="person-grid">
        <ExamSection row={row} details={details} today={today} />
        {actions && <section class="person-section person-actions" aria-labelledby={`atgarder-${row.dossier_number}`}>{actions}</section>}
      </div>
    </div>
  );
}
