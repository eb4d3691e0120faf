-- Columns nothing reads or writes: an item taken out of an application is deleted, not marked
-- removed, and an examination's amount lives on its application item (by the rule set in force
-- on the exam date), never on the examination.
alter table application_items drop column if exists removed;
alter table examinations drop column if exists amount_sek;
