//! A bulk loader for seeding: rows become multi-row `INSERT … VALUES` statements that both
//! SQLite and PostgreSQL accept, with ids assigned here so children can reference parents
//! without a round trip. Buffers flush in table order (parents first), so foreign keys hold.

use diesel_async::SimpleAsyncConnection;

use crate::db::DbConn;
use crate::db_run;
use crate::error::AppResult;

pub use crate::db::literal::Lit;

/// One table being loaded.
struct TableBuf {
    name: &'static str,
    columns: &'static str,
    next_id: i64,
    pending: String,
    pending_rows: usize,
    written: u64,
}

/// Rows buffered per table; `flush` writes all tables in registration order.
pub struct Loader {
    tables: Vec<TableBuf>,
    buffered: usize,
    flush_every: usize,
}

/// The tables the seed writes, parents before children, with their columns (id first).
pub const TABLES: &[(&str, &str)] = &[
    (
        "igny8_plans",
        "id, name, slug, price_cents, currency, max_sites, max_users, included_credits, is_active, created_at",
    ),
    (
        "igny8_accounts",
        "id, name, slug, plan_id, status, account_timezone, feature_gates, is_agency, credits, created_at, updated_at",
    ),
    (
        "igny8_users",
        "id, account_id, email, first_name, last_name, password_hash, role, is_staff, site_restricted, is_active, last_login_at, created_at, updated_at",
    ),
    (
        "igny8_sites",
        "id, account_id, name, domain, industry, is_active, created_at, updated_at",
    ),
    ("igny8_site_user_access", "id, user_id, site_id, created_at"),
    ("igny8_feature_flags", "id, name, enabled, description, updated_at"),
    (
        "igny8_sectors",
        "id, account_id, site_id, name, description, is_active, created_at",
    ),
    (
        "igny8_managed_service_subscriptions",
        "id, account_id, site_id, tier, status, price_cents, cost_cents, currency, billing_interval, articles_per_month, backlinks_per_month, review_required, started_on, renewal_date, cancelled_at, report_recipients, config, created_at, updated_at",
    ),
    (
        "igny8_agency_branding",
        "id, account_id, created_by, brand_name, brand_logo_url, primary_color, secondary_color, contact_email, contact_phone, website_url, footer_text, is_active, created_at, updated_at, custom_domain, domain_token, domain_verified_at",
    ),
    (
        "igny8_sag_blueprints",
        "id, account_id, site_id, name, status, version, sag_health_score, last_health_check, content_gaps, created_at, updated_at",
    ),
    (
        "igny8_sag_clusters",
        "id, blueprint_id, site_id, name, cluster_type, status, hub_page_type, target_articles, published_articles, link_coverage_score, created_at, updated_at",
    ),
    (
        "igny8_sag_campaigns",
        "id, account_id, site_id, blueprint_id, name, country, status, monthly_link_target, budget_cents, currency, starts_on, ends_on, created_at, updated_at",
    ),
    (
        "igny8_campaign_kpi_snapshots",
        "id, campaign_id, site_id, snapshot_date, links_live, referring_domains, avg_domain_rating, organic_clicks, tipping_point_reached, created_at",
    ),
    (
        "igny8_backlink_service_orders",
        "id, account_id, site_id, subscription_id, package, marketplace, status, links_ordered, price_cents, cost_cents, currency, ordered_at, due_date, delivered_at, notes, created_at, updated_at",
    ),
    (
        "igny8_sag_backlinks",
        "id, account_id, site_id, campaign_id, order_id, target_url, source_url, source_domain, anchor_text, domain_rating, tier, status, cost_cents, currency, quality_score, ordered_at, delivered_at, live_at, indexed_at, last_checked_at, created_at, updated_at",
    ),
    (
        "igny8_backlink_indexing_requests",
        "id, account_id, site_id, backlink_id, url, provider, status, attempts, submitted_at, checked_at, indexed_at, last_error, created_at, updated_at",
    ),
    (
        "igny8_ahrefs_domain_snapshots",
        "id, account_id, site_id, snapshot_date, domain_rating, ahrefs_rank, referring_domains, backlinks, organic_keywords, organic_traffic, traffic_value_cents, created_at",
    ),
    (
        "igny8_content",
        "id, account_id, site_id, sector_id, title, slug, content_type, content_structure, status, word_count, images_count, sag_cluster_id, external_url, published_at, created_at, updated_at",
    ),
    (
        "igny8_url_inspection_records",
        "id, account_id, site_id, content_id, url, verdict, coverage_state, indexing_state, last_crawl_time, inspected_at, created_at",
    ),
    (
        "igny8_gsc_metrics_cache",
        "id, account_id, site_id, metric_date, dimension, dimension_value, clicks, impressions, ctr, position, fetched_at",
    ),
    (
        "igny8_social_posts",
        "id, account_id, site_id, content_id, platform, body, status, scheduled_at, published_at, external_url, created_at, updated_at",
    ),
    (
        "igny8_social_engagements",
        "id, post_id, site_id, captured_on, impressions, likes, comments, shares, clicks, created_at",
    ),
    (
        "igny8_automation_queue",
        "id, account_id, site_id, item_type, title, status, priority, scheduled_for, payload, created_at, updated_at",
    ),
    (
        "igny8_approval_items",
        "id, account_id, site_id, item_type, object_id, title, status, requested_at, decided_at, decided_by, note, created_at, updated_at, excerpt, review_url",
    ),
    (
        "igny8_invoices",
        "id, account_id, subscription_id, invoice_number, invoice_type, status, currency, subtotal_cents, tax_cents, total_cents, issued_at, due_date, paid_at, expires_at, void_reason, line_items, metadata, created_at, updated_at",
    ),
    (
        "igny8_payments",
        "id, account_id, invoice_id, amount_cents, currency, status, payment_method, transaction_reference, processed_at, metadata, created_at",
    ),
];

/// Builds `(v1, v2, …)` from values of mixed types.
#[macro_export]
macro_rules! row {
    ($($v:expr),+ $(,)?) => {{
        let mut out = String::from("(");
        let mut first = true;
        $(
            if !first { out.push(','); }
            first = false;
            $crate::seed::bulk::Lit::lit(&$v, &mut out);
        )+
        let _ = first;
        out.push(')');
        out
    }};
}

impl Loader {
    pub fn new(flush_every: usize) -> Loader {
        Loader {
            tables: TABLES
                .iter()
                .map(|(name, columns)| TableBuf {
                    name,
                    columns,
                    next_id: 1,
                    pending: String::new(),
                    pending_rows: 0,
                    written: 0,
                })
                .collect(),
            buffered: 0,
            flush_every,
        }
    }

    fn table(&mut self, name: &str) -> &mut TableBuf {
        self.tables
            .iter_mut()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("seed table {name} is not registered"))
    }

    /// Reserves the next id of `table`.
    pub fn id(&mut self, table: &str) -> i64 {
        let t = self.table(table);
        let id = t.next_id;
        t.next_id += 1;
        id
    }

    /// Buffers one row (`values` from `row!`, starting with the id); flushes when full.
    pub async fn push(&mut self, conn: &mut DbConn<'_>, table: &str, values: String) -> AppResult<()> {
        let t = self.table(table);
        if t.pending_rows > 0 {
            t.pending.push(',');
        }
        t.pending.push_str(&values);
        t.pending_rows += 1;
        self.buffered += 1;
        if self.buffered >= self.flush_every {
            self.flush(conn).await?;
        }
        Ok(())
    }

    /// Writes every buffered row, parents first.
    pub async fn flush(&mut self, conn: &mut DbConn<'_>) -> AppResult<()> {
        for t in &mut self.tables {
            if t.pending_rows == 0 {
                continue;
            }
            let sql = format!("INSERT INTO {} ({}) VALUES {}", t.name, t.columns, t.pending);
            db_run!(conn, |c| c.batch_execute(&sql).await)?;
            t.written += t.pending_rows as u64;
            t.pending.clear();
            t.pending_rows = 0;
        }
        self.buffered = 0;
        Ok(())
    }

    /// Flushes, and on PostgreSQL moves each id sequence past the ids written here.
    pub async fn finish(mut self, conn: &mut DbConn<'_>) -> AppResult<Vec<(&'static str, u64)>> {
        self.flush(conn).await?;
        if let DbConn::Pg(c) = conn {
            for t in self.tables.iter().filter(|t| t.written > 0) {
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence('{0}', 'id'), (SELECT MAX(id) FROM {0}))",
                    t.name
                );
                (**c).batch_execute(&sql).await?;
            }
        }
        Ok(self.tables.iter().map(|t| (t.name, t.written)).collect())
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    #[test]
    fn literals_are_quoted_and_escaped() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        let r = row!(1i64, "O'Brien; DROP TABLE x", None::<i64>, true, 0.5f64, d);
        assert_eq!(r, "(1,'O''Brien; DROP TABLE x',NULL,TRUE,0.5,'2026-01-02')");
    }
}
