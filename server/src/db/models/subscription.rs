//! Managed service subscriptions (04A): one per site, Lite or Pro.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::{ExpressionMethods, Insertable, JoinOnDsl, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::{igny8_managed_service_subscriptions as subs, igny8_sites};
use crate::db_run;

/// A row of `Subscription::monthly_by_tier`.
#[derive(Debug, Clone, PartialEq, diesel::QueryableByName)]
pub struct MonthlyByTier {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub currency: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub tier: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub subscriptions: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub monthly_cents: i64,
}

/// A row of `Subscription::active_by_account`.
#[derive(Debug, Clone, PartialEq, diesel::QueryableByName)]
pub struct ActiveByAccount {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub account_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub subscriptions: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub monthly_cents: i64,
}

/// The months of a row's billing interval, in SQL; an unknown interval counts as monthly, as
/// `BillingInterval::parse(…).unwrap_or(Month)`.
fn months_sql() -> String {
    let whens = app::types::BillingInterval::ALL
        .iter()
        .map(|i| format!("WHEN '{}' THEN {}", i.as_str(), i.months()))
        .collect::<Vec<_>>()
        .join(" ");
    format!("(CASE billing_interval {whens} ELSE 1 END)")
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = subs)]
pub struct Subscription {
    pub id: i64,
    pub account_id: i64,
    pub site_id: i64,
    pub tier: String,
    pub status: String,
    pub price_cents: i64,
    pub cost_cents: i64,
    pub currency: String,
    pub billing_interval: String,
    pub articles_per_month: i32,
    pub backlinks_per_month: i32,
    pub review_required: bool,
    pub started_on: NaiveDate,
    pub renewal_date: NaiveDate,
    pub cancelled_at: Option<NaiveDateTime>,
    pub report_recipients: String,
    pub config: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = subs)]
pub struct NewSubscription {
    pub account_id: i64,
    pub site_id: i64,
    pub tier: String,
    pub status: String,
    pub price_cents: i64,
    pub cost_cents: i64,
    pub currency: String,
    pub billing_interval: String,
    pub articles_per_month: i32,
    pub backlinks_per_month: i32,
    pub review_required: bool,
    pub started_on: NaiveDate,
    pub renewal_date: NaiveDate,
    pub cancelled_at: Option<NaiveDateTime>,
    pub report_recipients: String,
    pub config: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Which subscriptions a query may return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscriptionScope<'a> {
    /// Every account (Alorig staff in the admin views).
    All,
    /// One account, optionally only some of its sites.
    Account { account_id: i64, sites: Option<&'a [i64]> },
}

impl Subscription {
    /// Subscriptions in scope with their site's name, ordered by site name.
    pub async fn list_with_site(
        conn: &mut DbConn<'_>,
        scope: SubscriptionScope<'_>,
    ) -> diesel::QueryResult<Vec<(Subscription, String)>> {
        db_run!(conn, |c| {
            let base = subs::table
                .inner_join(igny8_sites::table.on(igny8_sites::id.eq(subs::site_id)))
                .select((Subscription::as_select(), igny8_sites::name))
                .order((igny8_sites::name, subs::id));
            match scope {
                SubscriptionScope::All => base.load(c).await,
                SubscriptionScope::Account {
                    account_id,
                    sites: None,
                } => base.filter(subs::account_id.eq(account_id)).load(c).await,
                SubscriptionScope::Account {
                    account_id,
                    sites: Some(ids),
                } => {
                    base.filter(subs::account_id.eq(account_id))
                        .filter(subs::site_id.eq_any(ids))
                        .load(c)
                        .await
                }
            }
        })
    }

    /// Active subscriptions of these tiers, by site id (the scheduled report runs).
    pub async fn active_of_tiers(conn: &mut DbConn<'_>, tiers: &[&str]) -> diesel::QueryResult<Vec<Subscription>> {
        db_run!(conn, |c| subs::table
            .filter(subs::status.eq("active"))
            .filter(subs::tier.eq_any(tiers))
            .select(Subscription::as_select())
            .order(subs::site_id)
            .load(c)
            .await)
    }

    /// Active subscriptions of these tiers with their account's time zone, by site id.
    pub async fn active_of_tiers_with_timezone(
        conn: &mut DbConn<'_>,
        tiers: &[&str],
    ) -> diesel::QueryResult<Vec<(Subscription, String)>> {
        use crate::db::schema::igny8_accounts as accounts;
        db_run!(conn, |c| subs::table
            .inner_join(accounts::table.on(accounts::id.eq(subs::account_id)))
            .filter(subs::status.eq("active"))
            .filter(subs::tier.eq_any(tiers))
            .select((Subscription::as_select(), accounts::account_timezone))
            .order(subs::site_id)
            .load(c)
            .await)
    }

    /// Every subscription with its account's and site's names, by account name then site name.
    pub async fn all_with_names(conn: &mut DbConn<'_>) -> diesel::QueryResult<Vec<(Subscription, String, String)>> {
        Subscription::page_with_names(conn, 0, i64::MAX).await
    }

    /// `limit` subscriptions from `offset` in the order of `all_with_names`.
    pub async fn page_with_names(
        conn: &mut DbConn<'_>,
        offset: i64,
        limit: i64,
    ) -> diesel::QueryResult<Vec<(Subscription, String, String)>> {
        use crate::db::schema::igny8_accounts as accounts;
        db_run!(conn, |c| subs::table
            .inner_join(igny8_sites::table.on(igny8_sites::id.eq(subs::site_id)))
            .inner_join(accounts::table.on(accounts::id.eq(subs::account_id)))
            .select((Subscription::as_select(), accounts::name, igny8_sites::name))
            .order((accounts::name, igny8_sites::name, subs::id))
            .offset(offset)
            .limit(limit)
            .load(c)
            .await)
    }

    /// How many subscriptions there are of each (status, tier).
    pub async fn count_by_status_and_tier(conn: &mut DbConn<'_>) -> diesel::QueryResult<Vec<(String, String, i64)>> {
        db_run!(conn, |c| subs::table
            .group_by((subs::status, subs::tier))
            .select((subs::status, subs::tier, diesel::dsl::count_star()))
            .load(c)
            .await)
    }

    pub async fn find(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<Subscription> {
        db_run!(conn, |c| subs::table
            .filter(subs::id.eq(id))
            .select(Subscription::as_select())
            .first(c)
            .await)
    }

    /// Loads these subscriptions (one query, for the GraphQL loader).
    pub async fn find_many(conn: &mut DbConn<'_>, ids: &[i64]) -> diesel::QueryResult<Vec<Subscription>> {
        db_run!(conn, |c| subs::table
            .filter(subs::id.eq_any(ids))
            .select(Subscription::as_select())
            .load(c)
            .await)
    }

    pub async fn update_config(
        conn: &mut DbConn<'_>,
        id: i64,
        config: &str,
        at: NaiveDateTime,
    ) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(subs::table.filter(subs::id.eq(id)))
            .set((subs::config.eq(config), subs::updated_at.eq(at)))
            .execute(c)
            .await)
    }

    /// Replaces the report recipients (a JSON list of addresses).
    pub async fn set_recipients(
        conn: &mut DbConn<'_>,
        id: i64,
        recipients: &str,
        at: NaiveDateTime,
    ) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(subs::table.filter(subs::id.eq(id)))
            .set((subs::report_recipients.eq(recipients), subs::updated_at.eq(at)))
            .execute(c)
            .await)
    }

    /// Every subscription of an account.
    pub async fn of_account(conn: &mut DbConn<'_>, account_id: i64) -> diesel::QueryResult<Vec<Subscription>> {
        db_run!(conn, |c| subs::table
            .filter(subs::account_id.eq(account_id))
            .select(Subscription::as_select())
            .order(subs::id)
            .load(c)
            .await)
    }

    /// The subscription of a site, if it has one.
    pub async fn for_site(conn: &mut DbConn<'_>, site_id: i64) -> diesel::QueryResult<Option<Subscription>> {
        use diesel::OptionalExtension;
        db_run!(conn, |c| subs::table
            .filter(subs::site_id.eq(site_id))
            .select(Subscription::as_select())
            .order(subs::id.desc())
            .first(c)
            .await
            .optional())
    }

    /// Whether the account has a managed subscription that is not cancelled (the client
    /// portal's sidebar entry).
    pub async fn account_has_managed(conn: &mut DbConn<'_>, account_id: i64) -> diesel::QueryResult<bool> {
        let n: i64 = db_run!(conn, |c| subs::table
            .filter(subs::account_id.eq(account_id))
            .filter(subs::status.ne("cancelled"))
            .count()
            .get_result(c)
            .await)?;
        Ok(n > 0)
    }

    /// Active subscriptions, and the accounts they belong to.
    pub async fn active_counts(conn: &mut DbConn<'_>) -> diesel::QueryResult<(i64, i64)> {
        use diesel::expression_methods::AggregateExpressionMethods;
        db_run!(conn, |c| subs::table
            .filter(subs::status.eq("active"))
            .select((
                diesel::dsl::count_star(),
                diesel::dsl::count(subs::account_id).aggregate_distinct()
            ))
            .get_result(c)
            .await)
    }

    /// The active subscriptions by currency and tier, with the sum of their monthly prices: each
    /// price divided by the months of its billing interval and rounded half up, per subscription
    /// (`subscriptions::monthly_cents`, in SQL so that 10,000 rows stay in the database).
    pub async fn monthly_by_tier(conn: &mut DbConn<'_>) -> diesel::QueryResult<Vec<MonthlyByTier>> {
        let months = months_sql();
        let sql = format!(
            "SELECT currency, tier, COUNT(*) AS subscriptions, \
             CAST(SUM((price_cents * 2 + {months}) / (2 * {months})) AS BIGINT) AS monthly_cents \
             FROM igny8_managed_service_subscriptions WHERE status = 'active' \
             GROUP BY currency, tier ORDER BY currency, tier"
        );
        db_run!(conn, |c| diesel::sql_query(&sql).load(c).await)
    }

    /// Per account, its active subscriptions in `currency` and the sum of their monthly prices
    /// (`subscriptions::monthly_cents` per subscription, as `monthly_by_tier`).
    pub async fn active_by_account(conn: &mut DbConn<'_>, currency: &str) -> diesel::QueryResult<Vec<ActiveByAccount>> {
        let sql = format!(
            "SELECT account_id, COUNT(*) AS subscriptions, \
             CAST(SUM((price_cents * 2 + {m}) / (2 * {m})) AS BIGINT) AS monthly_cents \
             FROM igny8_managed_service_subscriptions WHERE status = 'active' AND currency = $1 \
             GROUP BY account_id",
            m = months_sql()
        );
        db_run!(conn, |c| diesel::sql_query(&sql)
            .bind::<diesel::sql_types::Text, _>(currency)
            .load(c)
            .await)
    }

    /// Moves a subscription to `to` if it is in one of `from` (0 rows when it is not: someone
    /// else changed it first). Cancelling stamps `cancelled_at`; anything else clears it.
    pub async fn set_status(
        conn: &mut DbConn<'_>,
        id: i64,
        from: &[&str],
        to: &str,
        at: NaiveDateTime,
    ) -> diesel::QueryResult<usize> {
        let cancelled_at = (to == "cancelled").then_some(at);
        db_run!(conn, |c| diesel::update(
            subs::table.filter(subs::id.eq(id)).filter(subs::status.eq_any(from))
        )
        .set((
            subs::status.eq(to),
            subs::cancelled_at.eq(cancelled_at),
            subs::updated_at.eq(at)
        ))
        .execute(c)
        .await)
    }

    /// Sets whether the client reviews articles; 0 when it was so already.
    pub async fn set_review(
        conn: &mut DbConn<'_>,
        id: i64,
        required: bool,
        at: NaiveDateTime,
    ) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            subs::table
                .filter(subs::id.eq(id))
                .filter(subs::review_required.ne(required))
        )
        .set((subs::review_required.eq(required), subs::updated_at.eq(at)))
        .execute(c)
        .await)
    }

    pub async fn set_renewal(
        conn: &mut DbConn<'_>,
        id: i64,
        renewal: NaiveDate,
        at: NaiveDateTime,
    ) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(subs::table.filter(subs::id.eq(id)))
            .set((subs::renewal_date.eq(renewal), subs::updated_at.eq(at)))
            .execute(c)
            .await)
    }

    pub async fn insert(conn: &mut DbConn<'_>, new: &NewSubscription) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| diesel::insert_into(subs::table)
            .values(new)
            .returning(subs::id)
            .get_result(c)
            .await)
    }
}
