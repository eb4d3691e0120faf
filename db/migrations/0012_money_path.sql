-- The money path (issue 11).
-- One compensated examination per person (SFS 1996:1357 3 §): an exam that ended without
-- compensation (Borttagen, Förfallen, Avslagen) does not count, exactly as the rules' "previous
-- exams" treat it (domain/exam-states.ts; a test compares the two).
drop index if exists examinations_one_live_per_person;
create unique index examinations_one_live_per_person on examinations (dossier_number)
  where status not in ('Borttagen', 'Förfallen', 'Avslagen');

-- A draft never submitted before its deadline lapses.
alter table applications drop constraint if exists applications_status_check;
alter table applications add constraint applications_status_check
  check (status in ('Skapas', 'Utkast', 'Inskickad', 'Under handläggning', 'Beslutad', 'Utbetald', 'Förfallen'));

-- A grant is never of 0 kr (or of no amount): such a decision is refused, not stored.
alter table application_items drop constraint if exists application_items_granted_amount_check;
alter table application_items add constraint application_items_granted_amount_check
  check (outcome is distinct from 'Beviljad' or amount_sek > 0);
