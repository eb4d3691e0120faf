/** What the web tier depends on; shared types live here, never in the app entry. */
import type { Client } from '@temporalio/client';
import type { Sql } from '../db/sql.js';

export type WebDeps = {
  sql: Sql;
  temporal: Client;
  temporalUiUrl?: string | null;
};
