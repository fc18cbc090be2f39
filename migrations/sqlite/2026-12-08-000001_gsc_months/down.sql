DROP TABLE IF EXISTS igny8_gsc_range_metrics;
DROP TABLE IF EXISTS igny8_report_gsc_months;
DELETE FROM igny8_gsc_metrics_cache WHERE dimension = 'query_country';
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
