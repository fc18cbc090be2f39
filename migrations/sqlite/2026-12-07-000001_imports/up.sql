-- Imports (issue 17): every file imported into a site — who, when, which file (name, size,
-- sha-256), its format and what it changed; a failed file wrote nothing and says why.
CREATE TABLE igny8_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT, -- primary key
    account_id INTEGER NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id INTEGER NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site the rows were imported into
    user_id INTEGER REFERENCES igny8_users(id) ON DELETE SET NULL, -- who imported; NULL = the command line
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
CREATE TABLE igny8_gsc_metrics_cache_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT, -- primary key
    account_id INTEGER NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id INTEGER NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    metric_date DATE NOT NULL, -- day the metrics describe
    dimension TEXT NOT NULL CONSTRAINT ck_gsc_metrics_cache_dimension CHECK (dimension IN ('total', 'query', 'page', 'country', 'device')), -- row kind
    dimension_value TEXT NOT NULL DEFAULT '', -- query, page URL, ISO 3166-1 alpha-2 country (lower case) or device; '' for total rows
    clicks BIGINT NOT NULL, -- clicks
    impressions BIGINT NOT NULL, -- impressions
    ctr DOUBLE NOT NULL CONSTRAINT ck_gsc_metrics_cache_ctr CHECK (ctr BETWEEN 0 AND 1), -- click-through rate, fraction 0-1
    position DOUBLE, -- average position; NULL when impressions = 0
    fetched_at TIMESTAMP NOT NULL -- time fetched from GSC (UTC)
);
INSERT INTO igny8_gsc_metrics_cache_new SELECT * FROM igny8_gsc_metrics_cache;
DROP TABLE igny8_gsc_metrics_cache;
ALTER TABLE igny8_gsc_metrics_cache_new RENAME TO igny8_gsc_metrics_cache;
CREATE UNIQUE INDEX ux_gsc_metrics_cache_site_id_metric_date_dim_value ON igny8_gsc_metrics_cache (site_id, metric_date, dimension, dimension_value);

-- Ahrefs figures may be known one at a time (an import of domain-rating history alone): NULL = not known.
CREATE TABLE igny8_ahrefs_domain_snapshots_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT, -- primary key
    account_id INTEGER NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id INTEGER NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    snapshot_date DATE NOT NULL, -- day the snapshot describes
    domain_rating DOUBLE, -- Ahrefs domain rating 0-100; NULL = not known
    ahrefs_rank BIGINT, -- Ahrefs rank
    referring_domains INTEGER, -- referring domains; NULL = not known
    backlinks BIGINT, -- total backlinks; NULL = not known
    organic_keywords INTEGER, -- ranking organic keywords; NULL = not known
    organic_traffic BIGINT, -- estimated monthly organic traffic; NULL = not known
    traffic_value_cents BIGINT, -- estimated traffic value in USD cents; NULL = not known
    created_at TIMESTAMP NOT NULL -- row creation time (UTC)
);
INSERT INTO igny8_ahrefs_domain_snapshots_new SELECT * FROM igny8_ahrefs_domain_snapshots;
DROP TABLE igny8_ahrefs_domain_snapshots;
ALTER TABLE igny8_ahrefs_domain_snapshots_new RENAME TO igny8_ahrefs_domain_snapshots;
CREATE UNIQUE INDEX ux_ahrefs_domain_snapshots_site_id_snapshot_date ON igny8_ahrefs_domain_snapshots (site_id, snapshot_date);
CREATE INDEX ix_ahrefs_domain_snapshots_account_id ON igny8_ahrefs_domain_snapshots (account_id);
