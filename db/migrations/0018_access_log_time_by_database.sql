-- The database, not the caller, says when an access-log row was written (security audit, issue 14):
-- the application role could insert rows with any timestamp. Whatever `at` an insert names is
-- replaced by the time of the insert; the application role may not name it at all.
create function access_log_stamp() returns trigger language plpgsql as $$
begin
  new.at := now();
  return new;
end
$$;
create trigger access_log_stamp before insert on access_log
  for each row execute function access_log_stamp();

revoke insert on access_log from melker_app;
grant insert (actor_hsa_id, actor_org, action, object_type, object_id, outcome, detail) on access_log to melker_app;
