-- The two region roles are mutually exclusive (SPEC §1, seed 002 ch. 2.1): only a region user
-- (role 'user') holds permissions, and a person who holds some cannot be given another role.
-- One HSA-id is one person: the uniqueness ignores letter case, as the SITHS card may.
create function user_permissions_only_for_region_users() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from users where id = new.user_id and role = 'user') then
    raise exception 'only region users (role user) hold permissions' using errcode = 'check_violation';
  end if;
  return new;
end
$$;
create trigger user_permissions_only_for_region_users before insert or update on user_permissions
  for each row execute function user_permissions_only_for_region_users();

create function users_role_change_without_permissions() returns trigger language plpgsql as $$
begin
  if new.role <> 'user' and exists (select 1 from user_permissions where user_id = new.id) then
    raise exception 'a user holding permissions cannot get role %', new.role using errcode = 'check_violation';
  end if;
  return new;
end
$$;
create trigger users_role_change_without_permissions before update of role on users
  for each row execute function users_role_change_without_permissions();

create unique index users_hsa_id_upper_key on users (upper(hsa_id));
