-- Agency domains (issue 15 § 5): a branding may serve its clients' portal and report links on its
-- own host name once the host is verified (an HTTP token the service answers on that host).
ALTER TABLE igny8_agency_branding ADD COLUMN custom_domain TEXT; -- lower-case host name, e.g. reports.agency.example; NULL = none
ALTER TABLE igny8_agency_branding ADD COLUMN domain_token TEXT; -- what /.well-known/brand-domain-verification answers on the domain
ALTER TABLE igny8_agency_branding ADD COLUMN domain_verified_at TIMESTAMP; -- when the domain was verified (UTC); NULL = not verified
CREATE UNIQUE INDEX igny8_agency_branding_custom_domain ON igny8_agency_branding (custom_domain);
