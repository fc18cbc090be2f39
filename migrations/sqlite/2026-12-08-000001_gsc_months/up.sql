-- Month aggregates of Search Console figures (issue 16): written nightly by
-- collect_report_metrics, read by the traffic and rankings sections for each whole calendar
-- month of a report's periods, and only while the rows they were computed from are unchanged.
CREATE TABLE igny8_report_gsc_months (
    id INTEGER PRIMARY KEY AUTOINCREMENT, -- primary key
    site_id INTEGER NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site the figures are of
    month DATE NOT NULL, -- first day of the calendar month (Search Console's days)
    source TEXT NOT NULL, -- what was aggregated: 'total', 'query' or 'country:<codes>'
    fingerprint TEXT NOT NULL, -- row count and latest fetched_at of the rows read; a mismatch means stale
    figures TEXT NOT NULL, -- JSON, the section's own partial sums for the month
    computed_at TIMESTAMP NOT NULL -- computation time (UTC)
);
CREATE UNIQUE INDEX ux_report_gsc_months_site_id_month_source ON igny8_report_gsc_months (site_id, month, source);

-- Search Console rows by query and country ('query_country', the value `us:dentist near me`):
-- what the rankings section reads for a plan's target countries.
CREATE TABLE igny8_gsc_metrics_cache_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT, -- primary key
    account_id INTEGER NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id INTEGER NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    metric_date DATE NOT NULL, -- day the metrics describe
    dimension TEXT NOT NULL CONSTRAINT ck_gsc_metrics_cache_dimension CHECK (dimension IN ('total', 'query', 'page', 'country', 'device', 'query_country')), -- row kind
    dimension_value TEXT NOT NULL DEFAULT '', -- query, page URL, ISO 3166-1 alpha-2 country (lower case), device, or country:query ('us:dentist near me'); '' for total rows
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

-- Search Console figures over a range of days rather than by day (issue 17): a Search
-- Analytics response without the date dimension (its request's dates, as the importer gives
-- them) and the Queries and Pages tables of a Performance export of several days. A report
-- reads them for a period that is exactly their range and has no rows by day.
CREATE TABLE igny8_gsc_range_metrics (
    id INTEGER PRIMARY KEY AUTOINCREMENT, -- primary key
    account_id INTEGER NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id INTEGER NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    start_date DATE NOT NULL, -- first day the figures sum
    end_date DATE NOT NULL, -- last day the figures sum
    dimension TEXT NOT NULL CONSTRAINT ck_gsc_range_metrics_dimension CHECK (dimension IN ('total', 'query', 'page', 'country', 'device', 'query_country')), -- row kind
    dimension_value TEXT NOT NULL DEFAULT '', -- as in igny8_gsc_metrics_cache; '' for total rows
    clicks BIGINT NOT NULL, -- clicks
    impressions BIGINT NOT NULL, -- impressions
    ctr DOUBLE NOT NULL CONSTRAINT ck_gsc_range_metrics_ctr CHECK (ctr BETWEEN 0 AND 1), -- click-through rate, fraction 0-1
    position DOUBLE, -- average position; NULL when impressions = 0
    fetched_at TIMESTAMP NOT NULL -- time imported (UTC)
);
CREATE UNIQUE INDEX ux_gsc_range_metrics_site_id_range_dim_value ON igny8_gsc_range_metrics (site_id, start_date, end_date, dimension, dimension_value);
