//! Backlink service orders (04A `BacklinkServiceOrder`): packages bought on marketplaces for a
//! site, with their price, cost and links.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::{ExpressionMethods, Insertable, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::auth::ReadScope;
use crate::db::schema::{igny8_backlink_service_orders as t, igny8_sag_backlinks as links, igny8_sites as sites};
use crate::db::{DbConn, lower};
use crate::db_run;

/// Which orders a list selects (already validated).
#[derive(Clone, Debug, Default)]
pub struct OrderQuery {
    pub account_id: Option<i64>,
    pub site_id: Option<i64>,
    pub status: Option<String>,
    pub package: Option<String>,
}

/// One link of an order, link by link.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = links)]
pub struct OrderLink {
    pub id: i64,
    pub order_id: Option<i64>,
    pub source_domain: String,
    pub source_url: String,
    pub target_url: String,
    pub status: String,
    pub domain_rating: Option<f64>,
    pub anchor_text: String,
    pub cost_cents: i64,
    pub currency: String,
    pub ordered_at: Option<NaiveDateTime>,
    pub delivered_at: Option<NaiveDateTime>,
    pub live_at: Option<NaiveDateTime>,
    pub indexed_at: Option<NaiveDateTime>,
}

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

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = t)]
pub struct NewOrder {
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
    pub notes: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = links)]
pub struct NewOrderLink {
    pub account_id: i64,
    pub site_id: i64,
    pub order_id: Option<i64>,
    pub target_url: String,
    pub source_url: String,
    pub source_domain: String,
    pub anchor_text: String,
    pub domain_rating: Option<f64>,
    pub tier: i32,
    pub status: String,
    pub cost_cents: i64,
    pub currency: String,
    pub ordered_at: Option<NaiveDateTime>,
    pub delivered_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl NewOrder {
    pub async fn insert(&self, conn: &mut DbConn<'_>) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| diesel::insert_into(t::table)
            .values(self)
            .returning(t::id)
            .get_result(c)
            .await)
    }
}

impl NewOrderLink {
    /// Adds the link and moves its order on: in progress, or delivered with its last link.
    pub async fn insert(&self, conn: &mut DbConn<'_>, order: &Order) -> diesel::QueryResult<i64> {
        let at = self.created_at;
        // the order's row first: two links recorded at once count one after the other
        db_run!(conn, |c| diesel::update(t::table.filter(t::id.eq(order.id)))
            .set(t::updated_at.eq(at))
            .execute(c)
            .await)?;
        let id = db_run!(conn, |c| diesel::insert_into(links::table)
            .values(self)
            .returning(links::id)
            .get_result(c)
            .await)?;
        let count: i64 = db_run!(conn, |c| links::table
            .filter(links::order_id.eq(order.id))
            .count()
            .get_result(c)
            .await)?;
        let delivered = count >= i64::from(order.links_ordered);
        let status = if delivered { "delivered" } else { "in_progress" };
        db_run!(conn, |c| diesel::update(t::table.filter(t::id.eq(order.id)))
            .set((
                t::status.eq(status),
                t::delivered_at.eq(delivered.then_some(at)),
                t::updated_at.eq(at)
            ))
            .execute(c)
            .await)?;
        Ok(id)
    }
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
    pub async fn past_due(
        conn: &mut DbConn<'_>,
        day: NaiveDate,
        sites: Option<&[i64]>,
    ) -> diesel::QueryResult<Vec<Order>> {
        db_run!(conn, |c| {
            let mut q = t::table
                .filter(t::due_date.lt(day))
                .filter(t::status.eq_any(OPEN))
                .select(Order::as_select())
                .order((t::due_date, t::id))
                .into_boxed();
            if let Some(ids) = sites {
                q = q.filter(t::site_id.eq_any(ids));
            }
            q.load(c).await
        })
    }

    pub async fn find(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<Order> {
        db_run!(conn, |c| t::table
            .filter(t::id.eq(id))
            .select(Order::as_select())
            .first(c)
            .await)
    }

    /// A page of orders in scope, newest first, with their site's name; and how many match.
    pub async fn list(
        conn: &mut DbConn<'_>,
        scope: &ReadScope,
        q: &OrderQuery,
        after: Option<i64>,
        limit: i64,
    ) -> diesel::QueryResult<(Vec<(Order, String)>, i64)> {
        macro_rules! filtered {
            ($query:expr) => {{
                let mut query = $query;
                if let ReadScope::Account { account_id, sites } = scope {
                    query = query.filter(t::account_id.eq(*account_id));
                    if let Some(ids) = sites {
                        query = query.filter(t::site_id.eq_any(ids.clone()));
                    }
                }
                if let Some(a) = q.account_id {
                    query = query.filter(t::account_id.eq(a));
                }
                if let Some(site) = q.site_id {
                    query = query.filter(t::site_id.eq(site));
                }
                if let Some(status) = &q.status {
                    query = query.filter(t::status.eq(status.clone()));
                }
                if let Some(package) = &q.package {
                    query = query.filter(t::package.eq(package.clone()));
                }
                query
            }};
        }
        db_run!(conn, |c| {
            let total: i64 = filtered!(t::table.into_boxed()).count().get_result(c).await?;
            let mut rows = filtered!(t::table.inner_join(sites::table).into_boxed())
                .select((Order::as_select(), sites::name))
                .order(t::id.desc())
                .limit(limit);
            if let Some(after) = after {
                rows = rows.filter(t::id.lt(after));
            }
            Ok((rows.load(c).await?, total))
        })
    }

    /// The links of these orders (one query), by id.
    pub async fn links_of(conn: &mut DbConn<'_>, order_ids: &[i64]) -> diesel::QueryResult<Vec<OrderLink>> {
        db_run!(conn, |c| links::table
            .filter(links::order_id.eq_any(order_ids))
            .select(OrderLink::as_select())
            .order(links::id)
            .load(c)
            .await)
    }

    /// An account's orders, newest first (billing history).
    pub async fn of_account(conn: &mut DbConn<'_>, account_id: i64) -> diesel::QueryResult<Vec<Order>> {
        db_run!(conn, |c| t::table
            .filter(t::account_id.eq(account_id))
            .select(Order::as_select())
            .order(t::id.desc())
            .load(c)
            .await)
    }
}

/// Links delivered in `[from, until)`, per site (a link counts whatever it reached since).
pub async fn delivered_by_site(
    conn: &mut DbConn<'_>,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> diesel::QueryResult<Vec<(i64, i64)>> {
    db_run!(conn, |c| links::table
        .filter(links::delivered_at.ge(from))
        .filter(links::delivered_at.lt(until))
        .group_by(links::site_id)
        .select((links::site_id, diesel::dsl::count_star()))
        .load(c)
        .await)
}

/// A site's links that reached each stage in `[from, until)`: ordered, delivered, live, indexed.
pub async fn stages_between(
    conn: &mut DbConn<'_>,
    site_id: i64,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> diesel::QueryResult<[i64; 4]> {
    let mut out = [0; 4];
    let ordered = db_run!(conn, |c| links::table
        .filter(links::site_id.eq(site_id))
        .filter(links::ordered_at.ge(from))
        .filter(links::ordered_at.lt(until))
        .count()
        .get_result::<i64>(c)
        .await)?;
    let delivered = db_run!(conn, |c| links::table
        .filter(links::site_id.eq(site_id))
        .filter(links::delivered_at.ge(from))
        .filter(links::delivered_at.lt(until))
        .count()
        .get_result::<i64>(c)
        .await)?;
    let live = db_run!(conn, |c| links::table
        .filter(links::site_id.eq(site_id))
        .filter(links::live_at.ge(from))
        .filter(links::live_at.lt(until))
        .count()
        .get_result::<i64>(c)
        .await)?;
    let indexed = db_run!(conn, |c| links::table
        .filter(links::site_id.eq(site_id))
        .filter(links::indexed_at.ge(from))
        .filter(links::indexed_at.lt(until))
        .count()
        .get_result::<i64>(c)
        .await)?;
    out.copy_from_slice(&[ordered, delivered, live, indexed]);
    Ok(out)
}

/// A site's links by status (the backlink tracker).
pub async fn link_statuses(conn: &mut DbConn<'_>, site_id: i64) -> diesel::QueryResult<Vec<(String, i64)>> {
    db_run!(conn, |c| links::table
        .filter(links::site_id.eq(site_id))
        .group_by(links::status)
        .select((links::status, diesel::dsl::count_star()))
        .load(c)
        .await)
}

/// The admin order list's sort (the order id breaks ties).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchSort {
    Ordered,
    Due,
    Client,
    Status,
    Price,
    Cost,
    Margin,
}

/// Every order in scope that matches: filters, a search over client, site, domain and
/// marketplace, a sort, and a window of the result.
#[derive(Clone, Debug)]
pub struct OrderSearch {
    pub query: OrderQuery,
    /// Lower case; empty: no search.
    pub text: String,
    pub sort: SearchSort,
    pub desc: bool,
    pub offset: i64,
    pub limit: i64,
}

/// A row of the search: the order, its site's name and domain, its client's name.
pub struct SearchRow {
    pub order: Order,
    pub site_name: String,
    pub domain: String,
    pub account_name: String,
}

/// What the whole matching set adds up to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SearchTotals {
    pub matching: i64,
    pub price_cents: i64,
    pub cost_cents: i64,
}

impl Order {
    /// A window of the matching orders, and the count and totals of all of them.
    pub async fn search(
        conn: &mut DbConn<'_>,
        scope: &ReadScope,
        s: &OrderSearch,
    ) -> diesel::QueryResult<(Vec<SearchRow>, SearchTotals)> {
        use diesel::dsl::sql;
        use diesel::sql_types::BigInt;
        use diesel::{BoolExpressionMethods, EscapeExpressionMethods, TextExpressionMethods};

        use crate::db::schema::igny8_accounts as accounts;
        let pattern = crate::db::contains_pattern(&s.text);
        macro_rules! matching {
            () => {{
                let mut query = t::table
                    .inner_join(sites::table)
                    .inner_join(accounts::table)
                    .into_boxed();
                if let ReadScope::Account {
                    account_id,
                    sites: visible,
                } = scope
                {
                    query = query.filter(t::account_id.eq(*account_id));
                    if let Some(ids) = visible {
                        query = query.filter(t::site_id.eq_any(ids.clone()));
                    }
                }
                let q = &s.query;
                if let Some(a) = q.account_id {
                    query = query.filter(t::account_id.eq(a));
                }
                if let Some(site) = q.site_id {
                    query = query.filter(t::site_id.eq(site));
                }
                if let Some(status) = &q.status {
                    query = query.filter(t::status.eq(status.clone()));
                }
                if let Some(package) = &q.package {
                    query = query.filter(t::package.eq(package.clone()));
                }
                if !s.text.is_empty() {
                    query = query.filter(
                        lower(accounts::name)
                            .like(pattern.clone())
                            .escape('\\')
                            .or(lower(sites::name).like(pattern.clone()).escape('\\'))
                            .or(lower(sites::domain).like(pattern.clone()).escape('\\'))
                            .or(lower(t::marketplace).like(pattern.clone()).escape('\\')),
                    );
                }
                query
            }};
        }
        db_run!(conn, |c| {
            let (matching, price_cents, cost_cents) = matching!()
                .select((
                    sql::<BigInt>("COUNT(*)"),
                    sql::<BigInt>("COALESCE(CAST(SUM(igny8_backlink_service_orders.price_cents) AS BIGINT), 0)"),
                    sql::<BigInt>("COALESCE(CAST(SUM(igny8_backlink_service_orders.cost_cents) AS BIGINT), 0)"),
                ))
                .first::<(i64, i64, i64)>(c)
                .await?;
            let mut rows = matching!().select((Order::as_select(), sites::name, sites::domain, accounts::name));
            rows = match (s.sort, s.desc) {
                (SearchSort::Ordered, false) => rows.order(t::ordered_at.asc()),
                (SearchSort::Ordered, true) => rows.order(t::ordered_at.desc()),
                (SearchSort::Due, false) => rows.order(t::due_date.asc()),
                (SearchSort::Due, true) => rows.order(t::due_date.desc()),
                (SearchSort::Client, false) => rows.order(accounts::name.asc()),
                (SearchSort::Client, true) => rows.order(accounts::name.desc()),
                (SearchSort::Status, false) => rows.order(t::status.asc()),
                (SearchSort::Status, true) => rows.order(t::status.desc()),
                (SearchSort::Price, false) => rows.order(t::price_cents.asc()),
                (SearchSort::Price, true) => rows.order(t::price_cents.desc()),
                (SearchSort::Cost, false) => rows.order(t::cost_cents.asc()),
                (SearchSort::Cost, true) => rows.order(t::cost_cents.desc()),
                (SearchSort::Margin, false) => rows.order((t::price_cents - t::cost_cents).asc()),
                (SearchSort::Margin, true) => rows.order((t::price_cents - t::cost_cents).desc()),
            };
            rows = if s.desc {
                rows.then_order_by(t::id.desc())
            } else {
                rows.then_order_by(t::id.asc())
            };
            let rows: Vec<(Order, String, String, String)> = rows.offset(s.offset).limit(s.limit).load(c).await?;
            Ok((
                rows.into_iter()
                    .map(|(order, site_name, domain, account_name)| SearchRow {
                        order,
                        site_name,
                        domain,
                        account_name,
                    })
                    .collect(),
                SearchTotals {
                    matching,
                    price_cents,
                    cost_cents,
                },
            ))
        })
    }
}
