DROP INDEX igny8_agency_branding_custom_domain;
ALTER TABLE igny8_agency_branding DROP COLUMN domain_verified_at;
ALTER TABLE igny8_agency_branding DROP COLUMN domain_token;
ALTER TABLE igny8_agency_branding DROP COLUMN custom_domain;
