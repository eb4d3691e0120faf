-- The application's own database role: it reads and writes projections but can only append to
-- the access log. It is never created here (no default password is ever made): the operator
-- creates it with a password of its own before the first migration, see the README's "Running it
-- in production"; the local clusters of npm start and npm test are given one by scripts/services.ts.
do $$
begin
  if not exists (select from pg_roles where rolname = 'melker_app') then
    raise exception using
      message = 'Applikationens databasroll melker_app saknas: den skapas av den som driftar databasen innan migreringen, med ett eget lösenord. '
        || 'The application role melker_app must be created by the operator before migrating: create role melker_app login password ''…''',
      hint = 'create role melker_app login password ''<ett eget lösenord>'';';
  end if;
end
$$;

alter default privileges in schema public grant select, insert, update, delete on tables to melker_app;
alter default privileges in schema public grant usage, select on sequences to melker_app;
grant usage on schema public to melker_app;

create table organisations (
  org_number text primary key check (org_number ~ '^\d{6}-\d{4}$'),
  name text not null,
  kind text not null check (kind in ('region', 'migrationsverket')),
  county text,
  agreement_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table users (
  id bigserial primary key,
  hsa_id text not null unique check (hsa_id ~ '^SE\d{10}-[A-Za-z0-9]+$'),
  given_name text not null,
  family_name text not null,
  email text not null,
  org_number text not null references organisations (org_number),
  role text not null check (role in ('user', 'admin', 'officer', 'rule_maintainer', 'sysadmin')),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table user_permissions (
  user_id bigint not null references users (id) on delete cascade,
  service text not null default 'Hälsoundersökning asylsökande',
  permission text not null check (permission in (
    'Se asylsökande m.fl. i länet',
    'Rapportera hälsoundersökning',
    'Skapa ny ansökan om ersättning',
    'Skicka in ansökan om ersättning'
  )),
  granted_at timestamptz not null default now(),
  primary key (user_id, service, permission)
);
