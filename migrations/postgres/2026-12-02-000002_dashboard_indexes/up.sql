-- The dashboard at 10,000 subscriptions: MRR and the status summary read covering indexes
-- (no table rows), the client page walks accounts by name, its past-due orders are found by
-- site and status.
DROP INDEX ix_managed_service_subscriptions_status; -- the prefix of the two below
CREATE INDEX ix_managed_service_subscriptions_status_tier ON igny8_managed_service_subscriptions (status, tier);
CREATE INDEX ix_managed_service_subscriptions_mrr ON igny8_managed_service_subscriptions (status, currency, tier, billing_interval, price_cents, account_id);
CREATE INDEX ix_backlink_service_orders_site_id_status_due_date ON igny8_backlink_service_orders (site_id, status, due_date);
CREATE INDEX ix_accounts_name ON igny8_accounts (name);
