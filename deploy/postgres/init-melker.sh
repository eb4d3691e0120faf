#!/bin/bash
# Melker's database and its two roles, created on the PostgreSQL container's first start (the
# postgres image runs /docker-entrypoint-initdb.d/* once, into an empty data directory; see
# compose.yaml). Later password changes are ALTER ROLE … PASSWORD, by hand.
#
#   melker_migrate  owns the database and its schema; `npm run migrate` connects as it
#                   (MIGRATION_DATABASE_URL). Not a superuser: pg_trgm is a trusted extension.
#   melker_app      the web and worker processes' role (DATABASE_URL); the migrations grant it its
#                   rights and stop when it does not exist (db/migrations/0001): no migration
#                   creates a role or a password.
#
# The passwords come from the environment; nothing here has a default.
set -euo pipefail
: "${MELKER_MIGRATION_DB_PASSWORD:?MELKER_MIGRATION_DB_PASSWORD is not set}"
: "${MELKER_APP_DB_PASSWORD:?MELKER_APP_DB_PASSWORD is not set}"

# psql quotes the passwords itself (:'name'), so no character in them can break out of the string.
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v migrate_password="$MELKER_MIGRATION_DB_PASSWORD" -v app_password="$MELKER_APP_DB_PASSWORD" <<'SQL'
create role melker_migrate login password :'migrate_password';
create role melker_app login password :'app_password';
create database melker owner melker_migrate encoding 'UTF8' template template0;
revoke all on database melker from public;
grant connect on database melker to melker_app;
SQL
