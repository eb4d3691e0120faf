-- The access-log viewer filters by action and lists the actions in use (a loose index scan).
create index access_log_action_idx on access_log (action, at);
