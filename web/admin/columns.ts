/** The user list's columns: one list drives the table, the search and the sorting. */
import type { UserRow } from './data.js';

export type SortKey = 'fornamn' | 'efternamn' | 'hsaid' | 'epost' | 'etjanst' | 'behorigheter';
export type Column = { key: SortKey; label: string; text: (u: UserRow) => string };

export const COLUMNS: readonly Column[] = [
  { key: 'fornamn', label: 'Förnamn', text: (u) => u.givenName },
  { key: 'efternamn', label: 'Efternamn', text: (u) => u.familyName },
  { key: 'hsaid', label: 'HSA-id', text: (u) => u.hsaId },
  { key: 'epost', label: 'E-post', text: (u) => u.email },
  { key: 'etjanst', label: 'E-tjänst', text: (u) => u.services.join(', ') },
  { key: 'behorigheter', label: 'Behörigheter', text: (u) => u.permissions.join(', ') },
];
