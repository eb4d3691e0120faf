-- The web process checks at start that the schema is the one its code expects (web/server.ts).
-- schema_migrations is created by the migrate step before 0001's default privileges exist, so the
-- application role could not read it: the production web process refused to start.
grant select on schema_migrations to melker_app;
