DELETE FROM igny8_ahrefs_domain_snapshots WHERE domain_rating IS NULL OR referring_domains IS NULL OR backlinks IS NULL OR organic_keywords IS NULL OR organic_traffic IS NULL OR traffic_value_cents IS NULL;
ALTER TABLE igny8_ahrefs_domain_snapshots
    ALTER COLUMN domain_rating SET NOT NULL,
    ALTER COLUMN referring_domains SET NOT NULL,
    ALTER COLUMN backlinks SET NOT NULL,
    ALTER COLUMN organic_keywords SET NOT NULL,
    ALTER COLUMN organic_traffic SET NOT NULL,
    ALTER COLUMN traffic_value_cents SET NOT NULL;
DELETE FROM igny8_gsc_metrics_cache WHERE dimension IN ('country', 'device');
ALTER TABLE igny8_gsc_metrics_cache DROP CONSTRAINT ck_gsc_metrics_cache_dimension;
ALTER TABLE igny8_gsc_metrics_cache ADD CONSTRAINT ck_gsc_metrics_cache_dimension CHECK (dimension IN ('total', 'query', 'page'));
DROP TABLE igny8_imports;
