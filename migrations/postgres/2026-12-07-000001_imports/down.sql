DELETE FROM igny8_gsc_metrics_cache WHERE dimension IN ('country', 'device');
ALTER TABLE igny8_gsc_metrics_cache DROP CONSTRAINT ck_gsc_metrics_cache_dimension;
ALTER TABLE igny8_gsc_metrics_cache ADD CONSTRAINT ck_gsc_metrics_cache_dimension CHECK (dimension IN ('total', 'query', 'page'));
DROP TABLE igny8_imports;
