-- Kommuner as tenants (SPEC-KOMMUNER §10): organisations of three kinds, e-tjänster, avtal per
-- organisation and e-tjänst, and the permission catalogue as data. The database enforces what the
-- code enforces: a permission exists in the catalogue, is granted only while it may be granted,
-- only to a user of an organisation of the e-tjänst's kind that has an avtal for it.

alter table organisations drop constraint if exists organisations_kind_check;
alter table organisations add constraint organisations_kind_check check (kind in ('region', 'kommun', 'migrationsverket'));
alter table organisations add constraint organisations_kommun_org_number check (kind <> 'kommun' or org_number ~ '^212000-\d{4}$');

create table e_services (
  name text primary key,
  for_kind text not null check (for_kind in ('region', 'kommun')),
  position integer not null unique
);
insert into e_services (name, for_kind, position) values
  ('E-tjänst för landsting', 'region', 1),
  ('Se och ändra ansvar för ensamkommande', 'kommun', 2),
  ('Ansök om statlig ersättning', 'kommun', 3);

-- One avtal per organisation and e-tjänst; ending it keeps the row (active = false, ended_at).
create table agreements (
  org_number text not null references organisations (org_number),
  e_service text not null references e_services (name),
  active boolean not null default true,
  started_at timestamptz not null default now(),
  ended_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (org_number, e_service)
);

create function agreements_match_kind() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from organisations o join e_services s on s.for_kind = o.kind
                 where o.org_number = new.org_number and s.name = new.e_service) then
    raise exception 'e-tjänsten % är inte för den här sortens organisation', new.e_service using errcode = 'check_violation';
  end if;
  return new;
end
$$;
create trigger agreements_match_kind before insert or update of org_number, e_service on agreements
  for each row execute function agreements_match_kind();

insert into agreements (org_number, e_service, active, ended_at)
  select org_number, 'E-tjänst för landsting', agreement_active, case when agreement_active then null else now() end
  from organisations where kind = 'region';

-- A region is registered with its avtal for the regions' e-tjänst, as before this migration.
create function organisations_region_agreement() returns trigger language plpgsql as $$
begin
  if new.kind = 'region' then
    insert into agreements (org_number, e_service) values (new.org_number, 'E-tjänst för landsting') on conflict do nothing;
  end if;
  return new;
end
$$;
create trigger organisations_region_agreement after insert on organisations
  for each row execute function organisations_region_agreement();

-- The catalogue: the fixed permissions here; the ersättningstyper are synchronised from the rule
-- data (rules/ersattning/) by the migrator and added by rule maintainers who publish a type.
-- valid_from/valid_to: when the permission may be granted (holders keep it after valid_to).
create table permission_catalogue (
  e_service text not null references e_services (name),
  permission text not null,
  position integer not null,
  valid_from date not null,
  valid_to date,
  source text not null check (source in ('fixed', 'shipped', 'published')),
  published_by text,
  created_at timestamptz not null default now(),
  primary key (e_service, permission),
  unique (permission),
  check (valid_to is null or valid_to >= valid_from)
);
insert into permission_catalogue (e_service, permission, position, valid_from, source) values
  ('E-tjänst för landsting', 'Se asylsökande m.fl. i länet', 1, '2000-01-01', 'fixed'),
  ('E-tjänst för landsting', 'Rapportera hälsoundersökning', 2, '2000-01-01', 'fixed'),
  ('E-tjänst för landsting', 'Skapa ny ansökan om ersättning', 3, '2000-01-01', 'fixed'),
  ('E-tjänst för landsting', 'Skicka in ansökan om ersättning', 4, '2000-01-01', 'fixed'),
  ('Se och ändra ansvar för ensamkommande', 'Administrera barn utan vårdnadshavare', 1, '2000-01-01', 'fixed');

-- The regions' e-tjänst has its name from the manual (SPEC-KOMMUNER §10).
alter table user_permissions drop constraint if exists user_permissions_pkey;
alter table user_permissions drop constraint if exists user_permissions_permission_check;
update user_permissions set service = 'E-tjänst för landsting' where service = 'Hälsoundersökning asylsökande';
alter table user_permissions alter column service set default 'E-tjänst för landsting';
alter table user_permissions add primary key (user_id, service, permission);
alter table user_permissions add constraint user_permissions_in_catalogue
  foreign key (service, permission) references permission_catalogue (e_service, permission);

create function user_permissions_grantable() returns trigger language plpgsql as $$
declare
  today date := (now() at time zone 'Europe/Stockholm')::date;
begin
  if tg_op = 'UPDATE' and new.service = old.service and new.permission = old.permission then
    return new;
  end if;
  if not exists (select 1 from permission_catalogue p
                 where p.e_service = new.service and p.permission = new.permission
                   and p.valid_from <= today and (p.valid_to is null or today <= p.valid_to)) then
    raise exception 'behörigheten "%" kan inte ges i dag', new.permission using errcode = 'check_violation';
  end if;
  if not exists (select 1 from users u
                 join organisations o on o.org_number = u.org_number
                 join agreements a on a.org_number = o.org_number and a.e_service = new.service and a.active
                 where u.id = new.user_id) then
    raise exception 'organisationen har inget aktivt avtal för e-tjänsten %', new.service using errcode = 'check_violation';
  end if;
  return new;
end
$$;
create trigger user_permissions_grantable before insert or update on user_permissions
  for each row execute function user_permissions_grantable();

-- Until the administration writes avtal directly (migration 0017 drops the column), a region's
-- agreement_active follows into its avtal.
create function organisations_agreement_active_follows() returns trigger language plpgsql as $$
begin
  if new.kind = 'region' and new.agreement_active is distinct from old.agreement_active then
    update agreements set active = new.agreement_active, ended_at = case when new.agreement_active then null else now() end, updated_at = now()
    where org_number = new.org_number and e_service = 'E-tjänst för landsting';
  end if;
  return new;
end
$$;
create trigger organisations_agreement_active_follows after update of agreement_active on organisations
  for each row execute function organisations_agreement_active_follows();

-- Ersättningstyper published after the shipped rule data (rules/ersattning/), as the rule data
-- they are; each has its row in the permission catalogue, written in the same transaction.
create table published_compensation_types (
  code text primary key,
  name text not null unique,
  content jsonb not null,
  published_by text not null,
  published_at timestamptz not null default now()
);
