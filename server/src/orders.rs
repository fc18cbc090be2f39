//! Backlink service orders: lists filterable by client, status and package, and orders with
//! their links; the admin list (search, sort, totals) and detail. Prices are the client's; costs
//! and margins are shown to Alorig staff only.

use std::collections::HashMap;

use app::types::Actor;
use app::types::order::{
    BacklinkLink, BacklinkOrder, ORDERS_PER_PAGE, OrderDetail, OrderFilter, OrderListPage, OrderListQuery,
    OrderListRow, OrderSort,
};
use app::types::page::Page;

use crate::auth::{Action, Resource, authorize, read_scope};
use crate::dates::rfc3339;
use crate::db::DbConn;
use crate::db::models::order::{OPEN, Order, OrderLink, OrderQuery, OrderSearch, SearchSort};
use crate::db::models::site::Site;
use crate::error::{AppError, AppResult};
use crate::pagination::PageArgs;

pub use app::types::order::{PACKAGES, STATUSES};

fn one_of(field: &str, value: &Option<String>, allowed: &[&str]) -> AppResult<Option<String>> {
    match value {
        Some(v) if !allowed.contains(&v.as_str()) => Err(AppError::invalid(
            field,
            format!("`{v}` is not one of {}", allowed.join(", ")),
        )),
        other => Ok(other.clone()),
    }
}

fn is_staff(actor: Option<&Actor>) -> bool {
    authorize(actor, Action::ViewServicesDashboard, Resource::Platform).is_ok()
}

fn link_dto(l: &OrderLink, staff: bool) -> BacklinkLink {
    BacklinkLink {
        id: l.id,
        source_domain: l.source_domain.clone(),
        source_url: l.source_url.clone(),
        target_url: l.target_url.clone(),
        status: l.status.clone(),
        domain_rating: l.domain_rating,
        anchor_text: l.anchor_text.clone(),
        cost_cents: staff.then_some(l.cost_cents),
        currency: l.currency.clone(),
        ordered_at: l.ordered_at.map(rfc3339),
        delivered_at: l.delivered_at.map(rfc3339),
        live_at: l.live_at.map(rfc3339),
        indexed_at: l.indexed_at.map(rfc3339),
    }
}

fn dto(o: &Order, site: String, staff: bool, links: Vec<BacklinkLink>) -> BacklinkOrder {
    BacklinkOrder {
        id: o.id,
        account_id: o.account_id,
        site_id: o.site_id,
        site_name: site,
        package: o.package.clone(),
        marketplace: o.marketplace.clone(),
        status: o.status.clone(),
        links_ordered: o.links_ordered,
        price_cents: o.price_cents,
        cost_cents: staff.then_some(o.cost_cents),
        margin_cents: staff.then_some(o.price_cents - o.cost_cents),
        currency: o.currency.clone(),
        ordered_at: rfc3339(o.ordered_at),
        due_date: o.due_date.to_string(),
        delivered_at: o.delivered_at.map(rfc3339),
        links,
    }
}

/// A page of orders (newest first) with their links.
pub async fn list(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    filter: &OrderFilter,
    page: PageArgs,
) -> AppResult<Page<BacklinkOrder>> {
    let scope = read_scope(actor, Action::ViewSubscriptions)?;
    let q = OrderQuery {
        account_id: filter.account_id,
        site_id: filter.site_id,
        status: one_of("status", &filter.status, &STATUSES)?,
        package: one_of("package", &filter.package, &PACKAGES)?,
    };
    let (rows, total) = Order::list(conn, &scope, &q, page.after, page.fetch()).await?;
    let ids: Vec<i64> = rows.iter().map(|(o, _)| o.id).collect();
    let staff = is_staff(actor);
    let mut links: HashMap<i64, Vec<BacklinkLink>> = HashMap::new();
    for l in Order::links_of(conn, &ids).await? {
        if let Some(order) = l.order_id {
            links.entry(order).or_default().push(link_dto(&l, staff));
        }
    }
    Ok(page.page(rows, total, |(o, _)| o.id).map(|(o, site)| {
        let l = links.remove(&o.id).unwrap_or_default();
        dto(&o, site, staff, l)
    }))
}

/// One order with its links, link by link.
pub async fn get(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<BacklinkOrder> {
    actor.ok_or(AppError::Unauthenticated)?;
    let o = Order::find(conn, id).await?;
    authorize(
        actor,
        Action::ViewSubscriptions,
        Resource::Site {
            account_id: o.account_id,
            site_id: o.site_id,
        },
    )?;
    let site = Site::find(conn, o.site_id).await?;
    let staff = is_staff(actor);
    let links = Order::links_of(conn, &[o.id])
        .await?
        .iter()
        .map(|l| link_dto(l, staff))
        .collect();
    Ok(dto(&o, site.name, staff, links))
}

/// A page of every client's orders for Alorig staff (the admin list): filtered, searched and
/// sorted in the database, with the count and the price, cost and margin of every matching order.
pub async fn search(conn: &mut DbConn<'_>, actor: Option<&Actor>, q: &OrderListQuery) -> AppResult<OrderListPage> {
    authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
    let query = OrderQuery {
        account_id: q.account_id,
        site_id: None,
        status: one_of("status", &q.status, &STATUSES)?,
        package: one_of("package", &q.package, &PACKAGES)?,
    };
    let sort = match q.sort {
        OrderSort::Ordered => SearchSort::Ordered,
        OrderSort::Due => SearchSort::Due,
        OrderSort::Client => SearchSort::Client,
        OrderSort::Status => SearchSort::Status,
        OrderSort::Price => SearchSort::Price,
        OrderSort::Cost => SearchSort::Cost,
        OrderSort::Margin => SearchSort::Margin,
    };
    let offset = (q.page - 1).saturating_mul(ORDERS_PER_PAGE);
    let (rows, totals) = Order::search(
        conn,
        &crate::auth::ReadScope::All,
        &OrderSearch {
            query,
            text: q.q.to_lowercase(),
            sort,
            desc: q.desc,
            offset,
            limit: ORDERS_PER_PAGE,
        },
    )
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.order.id).collect();
    let mut delivered: HashMap<i64, i64> = HashMap::new();
    for l in Order::links_of(conn, &ids).await? {
        if let (Some(order), Some(_)) = (l.order_id, l.delivered_at) {
            *delivered.entry(order).or_default() += 1;
        }
    }
    let today = crate::db::now().date();
    let pages = ((totals.matching + ORDERS_PER_PAGE - 1) / ORDERS_PER_PAGE).max(1);
    Ok(OrderListPage {
        first_position: if rows.is_empty() { 0 } else { offset + 1 },
        rows: rows
            .into_iter()
            .map(|r| {
                let o = r.order;
                OrderListRow {
                    id: o.id,
                    account_id: o.account_id,
                    account_name: r.account_name,
                    site_name: r.site_name,
                    domain: r.domain,
                    links_delivered: delivered.get(&o.id).copied().unwrap_or(0),
                    late: OPEN.contains(&o.status.as_str()) && o.due_date < today,
                    package: o.package,
                    marketplace: o.marketplace,
                    status: o.status,
                    links_ordered: o.links_ordered,
                    price_cents: o.price_cents,
                    cost_cents: o.cost_cents,
                    margin_cents: o.price_cents - o.cost_cents,
                    currency: o.currency,
                    ordered_on: o.ordered_at.date().to_string(),
                    due_date: o.due_date.to_string(),
                }
            })
            .collect(),
        matching: totals.matching,
        page: q.page,
        pages,
        price_cents: totals.price_cents,
        cost_cents: totals.cost_cents,
        margin_cents: totals.price_cents - totals.cost_cents,
    })
}

/// One order for the admin page (Alorig staff): its links and whose it is.
pub async fn detail(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<OrderDetail> {
    authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
    let order = get(conn, actor, id).await?;
    let site = Site::find(conn, order.site_id).await?;
    let account = crate::db::models::account::Account::find(conn, order.account_id).await?;
    let subscription_id = crate::db::models::subscription::Subscription::for_site(conn, order.site_id)
        .await?
        .map(|s| s.id);
    Ok(OrderDetail {
        order,
        account_name: account.name,
        domain: site.domain,
        subscription_id,
    })
}
