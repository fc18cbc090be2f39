DROP TABLE IF EXISTS igny8_gsc_range_metrics;
DROP TABLE IF EXISTS igny8_report_gsc_months;
DELETE FROM igny8_gsc_metrics_cache WHERE dimension = 'query_country';
ALTER TABLE igny8_gsc_metrics_cache DROP CONSTRAINT ck_gsc_metrics_cache_dimension;
ALTER TABLE igny8_gsc_metrics_cache ADD CONSTRAINT ck_gsc_metrics_cache_dimension CHECK (dimension IN ('total', 'query', 'page', 'country', 'device'));
