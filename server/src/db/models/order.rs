//! Backlink service orders (04A `BacklinkServiceOrder`): packages bought on marketplaces for a
//! site, with their price, cost and links.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::{ExpressionMethods, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_backlink_service_orders as t;
use crate::db_run;

/// Order states that still owe links.
pub const OPEN: [&str; 3] = ["pending", "ordered", "in_progress"];

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct Order {
    pub id: i64,
    pub account_id: i64,
    pub site_id: i64,
    pub subscription_id: Option<i64>,
    pub package: String,
    pub marketplace: String,
    pub status: String,
    pub links_ordered: i32,
    pub price_cents: i64,
    pub cost_cents: i64,
    pub currency: String,
    pub ordered_at: NaiveDateTime,
    pub due_date: NaiveDate,
    pub delivered_at: Option<NaiveDateTime>,
}

impl Order {
    /// Orders placed in `[from, until)` that are not cancelled.
    pub async fn placed_between(
        conn: &mut DbConn<'_>,
        from: NaiveDateTime,
        until: NaiveDateTime,
    ) -> diesel::QueryResult<Vec<Order>> {
        db_run!(conn, |c| t::table
            .filter(t::ordered_at.ge(from))
            .filter(t::ordered_at.lt(until))
            .filter(t::status.ne("cancelled"))
            .select(Order::as_select())
            .order(t::id)
            .load(c)
            .await)
    }

    /// Open orders due before `day`.
    pub async fn past_due(conn: &mut DbConn<'_>, day: NaiveDate) -> diesel::QueryResult<Vec<Order>> {
        db_run!(conn, |c| t::table
            .filter(t::due_date.lt(day))
            .filter(t::status.eq_any(OPEN))
            .select(Order::as_select())
            .order((t::due_date, t::id))
            .load(c)
            .await)
    }
}
