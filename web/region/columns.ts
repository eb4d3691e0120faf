/**
 * The asylsökandelista's columns (SPEC §2), in order: one definition drives the table, its sort
 * links and both exports, so headers and values are the same everywhere.
 */

/** One row of the list as read from `persons` (exam fields: the person's live examination). */
export type ListRow = {
  dossier_number: string;
  family_name: string;
  given_name: string;
  birth_date: string;
  type_code: string;
  covered_from: string | null;
  street: string;
  postal_code: string;
  city: string;
  exam_invited_date: string | null;
  exam_date: string | null;
  exam_status: string | null;
};

export type Column = {
  /** Used in the URL (`sortera=`) — never a value. */
  key: string;
  header: string;
  field: keyof ListRow;
  /** SQL sort expression (Swedish collation for names and addresses). */
  sortSql: string;
  /** The tooltip of the header, if any. */
  tooltip?: string;
  /** Values that must not wrap on screen (dates, codes); the others wrap so the table fits the window. */
  nowrap?: boolean;
};

/** Where the long compound words of the headers may break on screen (with a hyphen); the exports never break them. */
const HEADER_BREAKS: Record<string, string> = {
  Dossiernummer: 'Dossier\u00ADnummer', Födelsedatum: 'Födelse\u00ADdatum', Postnummer: 'Post\u00ADnummer', hälsoundersökning: 'hälso\u00ADundersökning',
  Hälsoundersökning: 'Hälso\u00ADundersökning',
};

/** The header as the table draws it: the same words, with soft hyphens in the long ones so narrow columns can wrap. */
export function screenHeader(column: Column): string {
  return column.header.replace(/[\p{L}]+/gu, (word) => HEADER_BREAKS[word] ?? word);
}

export const COVERED_FROM_TOOLTIP =
  'Obs! Datum i denna kolumn saknas för bevispersoner (B) samt asylsökande barn (AB) då de inte omfattas av LMA';

const sv = (f: string) => `${f} collate sv_se`;

export const COLUMNS: readonly Column[] = [
  { key: 'dossiernummer', header: 'Dossiernummer', field: 'dossier_number', sortSql: 'dossier_number collate "C"' },
  { key: 'efternamn', header: 'Efternamn', field: 'family_name', sortSql: sv('family_name') },
  { key: 'fornamn', header: 'Förnamn', field: 'given_name', sortSql: sv('given_name') },
  { key: 'fodelsedatum', header: 'Födelsedatum', field: 'birth_date', sortSql: 'birth_date', nowrap: true },
  { key: 'typ', header: 'Typ av sökande', field: 'type_code', sortSql: 'type_code collate "C"', nowrap: true },
  { key: 'omfattas', header: 'Omf. LMA / förvar fr.o.m.', field: 'covered_from', sortSql: 'covered_from', tooltip: COVERED_FROM_TOOLTIP, nowrap: true },
  { key: 'adress', header: 'Adress', field: 'street', sortSql: sv('street') },
  { key: 'postnummer', header: 'Postnummer', field: 'postal_code', sortSql: 'postal_code collate "C"', nowrap: true },
  { key: 'ort', header: 'Ort', field: 'city', sortSql: sv('city') },
  { key: 'kallad', header: 'Kallad till hälsoundersökning', field: 'exam_invited_date', sortSql: 'exam_invited_date', nowrap: true },
  { key: 'genomford', header: 'Hälsoundersökning genomförd', field: 'exam_date', sortSql: 'exam_date', nowrap: true },
];

export const DEFAULT_SORT = 'efternamn';

export function columnByKey(key: string): Column | undefined {
  return COLUMNS.find((c) => c.key === key);
}

/** The cell's text, exactly as the table shows it and the exports write it. */
export function cellValue(row: ListRow, column: Column): string {
  const v = row[column.field];
  return v == null ? '' : String(v);
}

export function rowValues(row: ListRow): string[] {
  return COLUMNS.map((c) => cellValue(row, c));
}

export const HEADERS: readonly string[] = COLUMNS.map((c) => c.header);

export const TYPE_CODE_LABELS: Record<string, string> = {
  A: 'Asylsökande',
  AB: 'Asylsökande barn',
  B: 'Bevisperson',
  F: 'Förvarstagen',
  M: 'Skyddsbehövande enligt massflyktsdirektivet',
};

/** Exam status filter: URL slug → label and the `persons.exam_status` it means (null: none). */
export const EXAM_STATUS_FILTERS: readonly { slug: string; label: string; status: string | null }[] = [
  { slug: 'ej-kallad', label: 'Ej kallad', status: null },
  { slug: 'kallad', label: 'Kallad', status: 'Kallad' },
  { slug: 'rapporterad', label: 'Rapporterad', status: 'Rapporterad' },
  { slug: 'ansokningsbar', label: 'Ansökningsbar', status: 'Ansökningsbar' },
  { slug: 'i-ansokan', label: 'I ansökan', status: 'I ansökan' },
  { slug: 'inskickad', label: 'Inskickad', status: 'Inskickad' },
  { slug: 'beviljad', label: 'Beviljad', status: 'Beviljad' },
  { slug: 'avslagen', label: 'Avslagen', status: 'Avslagen' },
  { slug: 'utbetald', label: 'Utbetald', status: 'Utbetald' },
  { slug: 'forfallen', label: 'Förfallen', status: 'Förfallen' },
];
