-- Rule maintainers' candidates and their simulations against the live population (issue 7).
-- A candidate is one rule-set document (ruleSetToJson format); a simulation is a Temporal
-- workflow whose batches write every changed outcome here (idempotent by subject).
create table rule_candidates (
  id bigserial primary key,
  content jsonb not null,
  label text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table rule_simulations (
  id bigserial primary key,
  candidate_id bigint not null references rule_candidates (id) on delete cascade,
  workflow_id text not null unique,
  candidate jsonb not null,
  candidate_label text not null,
  current_labels text[] not null default '{}',
  today date not null,
  status text not null default 'Pågår' check (status in ('Pågår', 'Klar', 'Misslyckad')),
  counts jsonb,
  started_by text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index rule_simulations_candidate_idx on rule_simulations (candidate_id, started_at);

create table rule_simulation_changes (
  simulation_id bigint not null references rule_simulations (id) on delete cascade,
  subject_type text not null check (subject_type in ('person', 'examination')),
  subject_id text not null,
  dossier_number text not null,
  exam_date date,
  kinds text[] not null,
  old jsonb not null,
  new jsonb not null,
  primary key (simulation_id, subject_type, subject_id)
);
create index rule_simulation_changes_kind_idx on rule_simulation_changes using gin (kinds);
