/**
 * Activities: every side effect of the workflows. Built by a factory that receives its
 * dependencies; only the worker makes real connections.
 */
import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import type { Sql } from '../db/sql.js';
import { importFeedStream, type FeedImportResult } from './feed-import.js';

export type ActivityDeps = { sql: Sql };

export type ExaminationProjection = {
  workflowId: string;
  dossierNumber: string;
  regionOrgNumber: string;
  status: string;
  examDate: string | null;
  invitedDate: string | null;
  actor: string | null;
};

export function createActivities({ sql }: ActivityDeps) {
  return {
    /** Imports the daily feed from a file path or an http(s) URL. */
    async importFeed(source: string): Promise<Omit<FeedImportResult, 'errors'> & { errors: FeedImportResult['errors'] }> {
      let input: Readable;
      if (/^https?:\/\//.test(source)) {
        const res = await fetch(source);
        if (!res.ok || !res.body) throw new Error(`feed source answered ${res.status}`);
        input = Readable.fromWeb(res.body as never);
      } else {
        input = createReadStream(source);
      }
      const result = await importFeedStream(sql, input, { source });
      // Keep the workflow history small: at most 50 line errors travel back.
      return { ...result, errors: result.errors.slice(0, 50) };
    },

    /** Writes the examination's row in the projection the lists read (idempotent). */
    async projectExamination(p: ExaminationProjection): Promise<void> {
      await sql`
        insert into examinations (workflow_id, dossier_number, region_org_number, status, exam_date, invited_date, registered_by, updated_by)
        values (${p.workflowId}, ${p.dossierNumber}, ${p.regionOrgNumber}, ${p.status}, ${p.examDate}, ${p.invitedDate}, ${p.actor}, ${p.actor})
        on conflict (workflow_id) do update set
          status = excluded.status, exam_date = excluded.exam_date, invited_date = excluded.invited_date,
          updated_by = excluded.updated_by, updated_at = now()`;
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
