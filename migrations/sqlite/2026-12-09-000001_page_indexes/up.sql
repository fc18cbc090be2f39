-- The admin pages at 10,000 subscriptions. The indexing dashboard reads the requests made in a
-- range of days (their counts by site and state from the index alone), and those indexed or
-- failed in it; the orders list walks orders newest first and stops at its page.
DROP INDEX ix_backlink_indexing_requests_status; -- the prefix of the one by state and update
CREATE INDEX ix_backlink_indexing_requests_made ON igny8_backlink_indexing_requests (created_at, site_id, status, checked_at);
CREATE INDEX ix_backlink_indexing_requests_indexed_at ON igny8_backlink_indexing_requests (indexed_at);
CREATE INDEX ix_backlink_indexing_requests_status_updated_at ON igny8_backlink_indexing_requests (status, updated_at);
CREATE INDEX ix_backlink_service_orders_ordered_at ON igny8_backlink_service_orders (ordered_at, id);
