-- Counting the asylsökandelista (every page shows "Visar 1–50 av N"): a narrow index with the
-- filter columns, the nullable sort columns and the search text answers the counts, and short
-- searches that trigrams cannot serve, by an index-only scan. It replaces the wide covering index
-- of 0006, which the planner passed over for a scan of the whole table.
drop index if exists persons_list_idx;
create index persons_list_count_idx on persons (region_org_number, type_code, exam_status)
  include (covered_from, exam_invited_date, exam_date, search_text)
  where not protected_identity;
