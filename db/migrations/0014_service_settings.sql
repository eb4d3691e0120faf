-- Settings Migrationsverket changes in the UI (issue 12), one row per setting with who changed it
-- last and when (every change is also in the access log). `auto_decide`: a clean application
-- (every item passes the rules) is decided without a case officer; off until switched on.
create table if not exists service_settings (
  key text primary key,
  value jsonb not null,
  updated_by text,
  updated_at timestamptz not null default now()
);
insert into service_settings (key, value) values ('auto_decide', 'false') on conflict (key) do nothing;

-- A published candidate names the rule set it became: it is kept (a published set is never
-- removed), while unpublished candidates may be deleted.
alter table rule_candidates add column if not exists published_as text;
