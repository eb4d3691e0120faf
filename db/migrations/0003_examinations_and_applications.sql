-- Projections of the examination and application workflows. Workflows own the state; activities
-- keep these rows current idempotently through their unique business keys.
create table examinations (
  id bigserial primary key,
  -- The workflow id is derived from the person; a re-registration after deletion is a new run.
  workflow_id text not null,
  run_id text not null unique,
  dossier_number text not null references persons (dossier_number),
  region_org_number text not null,
  status text not null check (status in (
    'Kallad', 'Rapporterad', 'Ansökningsbar', 'I ansökan', 'Inskickad',
    'Beviljad', 'Avslagen', 'Utbetald', 'Borttagen', 'Förfallen'
  )),
  invited_date date,
  exam_date date,
  quarter text,
  application_deadline date,
  amount_sek integer,
  registered_by text,
  updated_by text,
  cause text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One live examination per person nationally (SFS 1996:1357 3 §); deleted ones do not count.
create unique index examinations_one_live_per_person on examinations (dossier_number)
  where status not in ('Borttagen', 'Förfallen');
create index examinations_workflow_idx on examinations (workflow_id);
create index examinations_region_quarter_idx on examinations (region_org_number, quarter, status);

create table applications (
  id bigserial primary key,
  workflow_id text not null unique,
  region_org_number text not null,
  quarter text not null check (quarter ~ '^\d{4}-Q[1-4]$'),
  status text not null check (status in ('Skapas', 'Utkast', 'Inskickad', 'Under handläggning', 'Beslutad', 'Utbetald')),
  deadline date not null,
  item_count integer not null default 0,
  total_amount_sek integer not null default 0,
  created_by text,
  created_at timestamptz not null default now(),
  submitted_by text,
  submitted_at timestamptz,
  decided_by text,
  decided_at timestamptz,
  payout_date date,
  updated_at timestamptz not null default now(),
  unique (region_org_number, quarter)
);

create table application_items (
  application_id bigint not null references applications (id) on delete cascade,
  examination_id bigint not null references examinations (id),
  amount_sek integer,
  proposal jsonb,
  outcome text check (outcome in ('Beviljad', 'Avslagen')),
  outcome_reason text,
  decided_by text,
  removed boolean not null default false,
  updated_at timestamptz not null default now(),
  primary key (application_id, examination_id)
);

create table decisions (
  id bigserial primary key,
  application_id bigint not null unique references applications (id),
  decided_by text not null,
  decided_at timestamptz not null,
  total_amount_sek integer not null,
  payout_date date not null,
  content jsonb not null
);

-- Every rule evaluation: why a decision was made, with the rule-set version that made it.
create table rule_evaluations (
  id bigserial primary key,
  idempotency_key text not null unique,
  subject_type text not null check (subject_type in ('examination', 'application_item', 'person')),
  subject_id text not null,
  purpose text not null check (purpose in ('report', 'application', 'decision', 'simulation')),
  rule_set text not null,
  facts jsonb not null,
  result jsonb not null,
  trace jsonb not null,
  evaluated_at timestamptz not null default now()
);
create index rule_evaluations_subject_idx on rule_evaluations (subject_type, subject_id);

create table published_rule_sets (
  id text not null,
  version text not null,
  effective_from date not null,
  content jsonb not null,
  published_by text not null,
  published_at timestamptz not null default now(),
  primary key (id, version)
);
