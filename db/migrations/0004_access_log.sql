-- Append-only access log (SPEC §1): who, organisation, what, which object, when (UTC).
-- The application role may insert and read, never change or remove; a trigger stops everyone else.
create table access_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_hsa_id text,
  actor_org text,
  action text not null,
  object_type text,
  object_id text,
  outcome text not null default 'ok' check (outcome in ('ok', 'denied', 'failed')),
  detail jsonb not null default '{}'
);
create index access_log_at_idx on access_log (at);
create index access_log_actor_idx on access_log (actor_hsa_id, at);
create index access_log_object_idx on access_log (object_type, object_id, at);

revoke update, delete, truncate on access_log from melker_app;
grant select, insert on access_log to melker_app;

create function access_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'access_log is append-only';
end
$$;
create trigger access_log_no_update before update or delete on access_log
  for each statement execute function access_log_is_append_only();
create trigger access_log_no_truncate before truncate on access_log
  for each statement execute function access_log_is_append_only();
