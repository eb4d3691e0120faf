-- Persons as delivered by Migrationsverket's daily feed (SPEC §2). The whole feed record is kept
-- in `record`; the columns beside it are the list's projection, with the coverage date decided by
-- the rules at import time.
create extension if not exists pg_trgm;

create table persons (
  dossier_number text primary key,
  region_org_number text not null,
  given_name text not null,
  family_name text not null,
  birth_date date not null,
  type_code text not null check (type_code in ('A', 'AB', 'B', 'F', 'M')),
  municipality text not null,
  street text not null,
  postal_code text not null,
  city text not null,
  protected_identity boolean not null,
  population_registered_from date,
  detention_facility text,
  covered_from date,
  covered_from_rule_set text,
  record jsonb not null,
  record_hash text not null,
  search_text text not null default '',
  imported_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index persons_region_family_idx on persons (region_org_number, family_name, given_name, dossier_number)
  where not protected_identity;
create index persons_search_trgm_idx on persons using gin (search_text gin_trgm_ops);

create table feed_imports (
  id bigserial primary key,
  source text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  lines integer not null default 0,
  inserted integer not null default 0,
  updated integer not null default 0,
  unchanged integer not null default 0,
  rejected integer not null default 0,
  errors jsonb not null default '[]'
);
