-- The administration writes avtal to agreements directly (one row per organisation and
-- e-tjänst), so the region's single agreement flag and the trigger that carried it over go.
drop trigger if exists organisations_agreement_active_follows on organisations;
drop function if exists organisations_agreement_active_follows();
alter table organisations drop column if exists agreement_active;
