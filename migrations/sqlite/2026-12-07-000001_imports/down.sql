DELETE FROM igny8_ahrefs_domain_snapshots WHERE domain_rating IS NULL OR referring_domains IS NULL OR backlinks IS NULL OR organic_keywords IS NULL OR organic_traffic IS NULL OR traffic_value_cents IS NULL;
CREATE TABLE igny8_ahrefs_domain_snapshots_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE,
    site_id INTEGER NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE,
    snapshot_date DATE NOT NULL,
    domain_rating DOUBLE NOT NULL,
    ahrefs_rank BIGINT,
    referring_domains INTEGER NOT NULL,
    backlinks BIGINT NOT NULL,
    organic_keywords INTEGER NOT NULL,
    organic_traffic BIGINT NOT NULL,
    traffic_value_cents BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO igny8_ahrefs_domain_snapshots_old SELECT * FROM igny8_ahrefs_domain_snapshots;
DROP TABLE igny8_ahrefs_domain_snapshots;
ALTER TABLE igny8_ahrefs_domain_snapshots_old RENAME TO igny8_ahrefs_domain_snapshots;
CREATE UNIQUE INDEX ux_ahrefs_domain_snapshots_site_id_snapshot_date ON igny8_ahrefs_domain_snapshots (site_id, snapshot_date);
CREATE INDEX ix_ahrefs_domain_snapshots_account_id ON igny8_ahrefs_domain_snapshots (account_id);
DELETE FROM igny8_gsc_metrics_cache WHERE dimension IN ('country', 'device');
CREATE TABLE igny8_gsc_metrics_cache_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE,
    site_id INTEGER NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE,
    metric_date DATE NOT NULL,
    dimension TEXT NOT NULL CONSTRAINT ck_gsc_metrics_cache_dimension CHECK (dimension IN ('total', 'query', 'page')),
    dimension_value TEXT NOT NULL DEFAULT '',
    clicks BIGINT NOT NULL,
    impressions BIGINT NOT NULL,
    ctr DOUBLE NOT NULL CONSTRAINT ck_gsc_metrics_cache_ctr CHECK (ctr BETWEEN 0 AND 1),
    position DOUBLE,
    fetched_at TIMESTAMP NOT NULL
);
INSERT INTO igny8_gsc_metrics_cache_old SELECT * FROM igny8_gsc_metrics_cache;
DROP TABLE igny8_gsc_metrics_cache;
ALTER TABLE igny8_gsc_metrics_cache_old RENAME TO igny8_gsc_metrics_cache;
CREATE UNIQUE INDEX ux_gsc_metrics_cache_site_id_metric_date_dim_value ON igny8_gsc_metrics_cache (site_id, metric_date, dimension, dimension_value);
DROP TABLE igny8_imports;
