-- A feed import started by the workflow is keyed by its activity (workflow id, run id, activity
-- id): a retried attempt (a killed worker) finds the row its earlier attempt began and resumes from
-- the progress committed with each batch (lines and counts so far, in the same transaction as the
-- batch's writes) instead of beginning a second import. Imports by hand have no key.
alter table feed_imports add column run_key text unique;
