-- The asylsökandelista reads one table: each person's live examination (the latest one not
-- Borttagen) is copied into persons by a trigger on the examinations projection, in the same
-- transaction, so a registration shows in the list at once and every column sorts and filters
-- without a join. One covering index serves every sort order (index-only scan + top-N sort).
-- Names and addresses sort in Swedish order (å, ä, ö last).
create collation if not exists sv_se (provider = icu, locale = 'sv-SE');

alter table persons
  add column exam_status text,
  add column exam_invited_date date,
  add column exam_date date;

create index examinations_person_idx on examinations (dossier_number, id);

create function persons_follow_examination() returns trigger language plpgsql as $$
begin
  update persons p set (exam_status, exam_invited_date, exam_date) = (
      select e.status, e.invited_date, e.exam_date from examinations e
      where e.dossier_number = p.dossier_number and e.status <> 'Borttagen'
      order by e.id desc limit 1)
  where p.dossier_number = new.dossier_number;
  return null;
end
$$;

create trigger examinations_to_persons after insert or update of status, invited_date, exam_date, dossier_number
  on examinations for each row execute function persons_follow_examination();

update persons p set (exam_status, exam_invited_date, exam_date) = (
    select e.status, e.invited_date, e.exam_date from examinations e
    where e.dossier_number = p.dossier_number and e.status <> 'Borttagen'
    order by e.id desc limit 1)
where exists (select 1 from examinations e where e.dossier_number = p.dossier_number);

create index persons_list_idx on persons (region_org_number) include (
    dossier_number, family_name, given_name, birth_date, type_code, covered_from, street, postal_code, city,
    exam_status, exam_invited_date, exam_date, search_text)
  where not protected_identity;
