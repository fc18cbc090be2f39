-- Imports (issue 17): every file imported into a site — who, when, which file (name, size,
-- sha-256), its format and what it changed; a failed file wrote nothing and says why.
CREATE TABLE igny8_imports (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site the rows were imported into
    user_id BIGINT REFERENCES igny8_users(id) ON DELETE SET NULL, -- who imported; NULL = the command line
    file_name TEXT NOT NULL, -- the file's name as uploaded
    sha256 TEXT NOT NULL, -- sha-256 hex of the file's bytes
    bytes BIGINT NOT NULL, -- the file's size
    format TEXT NOT NULL, -- the format read (detected or forced); 'unknown' when none was recognised
    status TEXT NOT NULL CONSTRAINT ck_imports_status CHECK (status IN ('done', 'failed')), -- done = its rows are in; failed = nothing was written
    rows_added BIGINT NOT NULL DEFAULT 0, -- rows that were new
    rows_updated BIGINT NOT NULL DEFAULT 0, -- rows that replaced different figures
    rows_skipped BIGINT NOT NULL DEFAULT 0, -- rows unchanged or not stored (see notes)
    notes TEXT NOT NULL DEFAULT '[]', -- JSON array of {row, column, message}: the error of a failed file, or why rows were skipped
    created_at TIMESTAMP NOT NULL -- row creation time (UTC)
);
CREATE INDEX ix_imports_account_id_created_at ON igny8_imports (account_id, created_at);
CREATE INDEX ix_imports_site_id ON igny8_imports (site_id);


-- Search Console rows by country and by device (imports carry them; target_countries reads them).
ALTER TABLE igny8_gsc_metrics_cache DROP CONSTRAINT ck_gsc_metrics_cache_dimension;
ALTER TABLE igny8_gsc_metrics_cache ADD CONSTRAINT ck_gsc_metrics_cache_dimension CHECK (dimension IN ('total', 'query', 'page', 'country', 'device'));

-- Ahrefs figures may be known one at a time (an import of domain-rating history alone): NULL = not known.
ALTER TABLE igny8_ahrefs_domain_snapshots
    ALTER COLUMN domain_rating DROP NOT NULL,
    ALTER COLUMN referring_domains DROP NOT NULL,
    ALTER COLUMN backlinks DROP NOT NULL,
    ALTER COLUMN organic_keywords DROP NOT NULL,
    ALTER COLUMN organic_traffic DROP NOT NULL,
    ALTER COLUMN traffic_value_cents DROP NOT NULL;
