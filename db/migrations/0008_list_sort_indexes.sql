-- Sort indexes of the asylsökandelista: every column sorts (both directions, Swedish order) by
-- walking an index to the requested page instead of sorting a whole region. The dossier number
-- breaks ties so that pages are stable. Nullable columns get partial indexes over the filled
-- values; the empty ones follow in dossier order (see web/region/list-query.ts).
create index persons_sort_dossier_idx on persons (region_org_number, dossier_number collate "C") where not protected_identity;
create index persons_sort_family_idx on persons (region_org_number, family_name collate sv_se, given_name collate sv_se, dossier_number collate "C")
  where not protected_identity;
create index persons_sort_given_idx on persons (region_org_number, given_name collate sv_se, dossier_number collate "C") where not protected_identity;
create index persons_sort_birth_idx on persons (region_org_number, birth_date, dossier_number collate "C") where not protected_identity;
create index persons_sort_type_idx on persons (region_org_number, type_code collate "C", dossier_number collate "C") where not protected_identity;
create index persons_sort_street_idx on persons (region_org_number, street collate sv_se, dossier_number collate "C") where not protected_identity;
create index persons_sort_postal_idx on persons (region_org_number, postal_code collate "C", dossier_number collate "C") where not protected_identity;
create index persons_sort_city_idx on persons (region_org_number, city collate sv_se, dossier_number collate "C") where not protected_identity;
create index persons_sort_covered_idx on persons (region_org_number, covered_from, dossier_number collate "C")
  where not protected_identity and covered_from is not null;
create index persons_sort_invited_idx on persons (region_org_number, exam_invited_date, dossier_number collate "C")
  where not protected_identity and exam_invited_date is not null;
create index persons_sort_examined_idx on persons (region_org_number, exam_date, dossier_number collate "C")
  where not protected_identity and exam_date is not null;
