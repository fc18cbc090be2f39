//! Backlink service orders: lists filterable by client, status and package, and orders with
//! their links; the admin list (search, sort, totals) and detail. Prices are the client's; costs
//! and margins are shown to Alorig staff only. Staff record the orders they place and the links
//! delivered.

use std::collections::HashMap;

use app::types::Actor;
use app::types::order::{
    BacklinkLink, BacklinkOrder, MARKETPLACES, ORDERS_PER_PAGE, OrderDetail, OrderFilter, OrderInput, OrderLinkInput,
    OrderListPage, OrderListQuery, OrderListRow, OrderSort,
};
use app::types::page::Page;

use serde_json::json;

use crate::auth::{Action, Resource, authorize, may, read_scope};
use crate::dates::rfc3339;
use crate::db::DbConn;
use crate::db::models::audit::NewAuditEntry;
use crate::db::models::order::{NewOrder, NewOrderLink, OPEN, Order, OrderLink, OrderQuery, OrderSearch, SearchSort};
use crate::db::models::site::Site;
use crate::db::models::subscription::Subscription;
use crate::error::{AppError, AppResult, one_line};
use crate::pagination::PageArgs;
use crate::state::AppState;

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
        can_manage: authorize(actor, Action::ManageClients, Resource::Platform).is_ok(),
    })
}

/// Records an order placed on a marketplace for a site (Alorig staff admins): its package, links,
/// price and cost, each checked; it counts in the month's margin at once.
pub async fn record(state: &AppState, actor: Option<&Actor>, input: &OrderInput) -> AppResult<BacklinkOrder> {
    may(actor, Action::ManageClients)?;
    let mut pooled = state.conn().await?;
    let conn = &mut pooled.conn();
    let site = crate::sites::manageable(conn, actor, input.site_id).await?;
    let a = actor.expect("authorized actors exist");
    for (field, value, allowed) in [
        ("package", &input.package, &PACKAGES[..]),
        ("marketplace", &input.marketplace, &MARKETPLACES[..]),
    ] {
        one_of(field, &Some(value.clone()), allowed)?;
    }
    if !(1..=500).contains(&input.links_ordered) {
        return Err(AppError::invalid("links_ordered", "must be between 1 and 500"));
    }
    for (field, cents) in [("price_cents", input.price_cents), ("cost_cents", input.cost_cents)] {
        if !(0..=100_000_000).contains(&cents) {
            return Err(AppError::invalid(field, "must be between 0 and 100,000,000 cents"));
        }
    }
    let today = crate::db::now().date();
    let due_date = crate::dates::parse("due_date", &input.due_date)?;
    if due_date < today - chrono::Days::new(366) || due_date > today + chrono::Days::new(366) {
        return Err(AppError::invalid("due_date", "must be within a year of today"));
    }
    let notes = input.notes.clone().unwrap_or_default();
    if notes.chars().count() > 2000 {
        return Err(AppError::invalid("notes", "must be at most 2000 characters"));
    }
    let subscription_id = Subscription::for_site(conn, site.id).await?.map(|s| s.id);
    let now = crate::db::now();
    let new = NewOrder {
        account_id: site.account_id,
        site_id: site.id,
        subscription_id,
        package: input.package.clone(),
        marketplace: input.marketplace.clone(),
        status: "ordered".into(),
        links_ordered: input.links_ordered,
        price_cents: input.price_cents,
        cost_cents: input.cost_cents,
        currency: crate::subscriptions::CURRENCY.into(),
        ordered_at: now,
        due_date,
        notes,
        created_at: now,
        updated_at: now,
    };
    let id = crate::db_transaction!(conn, |tx| {
        let id = new.insert(tx).await?;
        let detail = json!({ "site": site.domain, "package": new.package, "marketplace": new.marketplace,
            "links_ordered": new.links_ordered, "price_cents": new.price_cents, "cost_cents": new.cost_cents });
        NewAuditEntry::by(a, site.account_id, "order.record", ("order", id), detail, now)
            .insert(tx)
            .await?;
        Ok::<_, diesel::result::Error>(id)
    })?;
    state.dashboard.forget();
    get(conn, actor, id).await
}

/// Records a link an order delivered (Alorig staff admins): to a page of the order's site, from
/// an http(s) page; the order is in progress, or delivered with its last link.
pub async fn record_link(
    state: &AppState,
    actor: Option<&Actor>,
    order_id: i64,
    input: &OrderLinkInput,
) -> AppResult<BacklinkOrder> {
    may(actor, Action::ManageClients)?;
    let mut pooled = state.conn().await?;
    let conn = &mut pooled.conn();
    let order = Order::find(conn, order_id).await?;
    authorize(
        actor,
        Action::ManageClients,
        Resource::Site {
            account_id: order.account_id,
            site_id: order.site_id,
        },
    )?;
    let a = actor.expect("authorized actors exist");
    if !OPEN.contains(&order.status.as_str()) {
        return Err(AppError::Conflict(format!(
            "the order is {}: it owes no more links",
            order.status
        )));
    }
    let site = Site::find(conn, order.site_id).await?;
    let source = web_url("source_url", &input.source_url)?;
    let target = web_url("target_url", &input.target_url)?;
    let bare = |host: &str| host.trim_start_matches("www.").to_owned();
    let (target_host, site_host) = (bare(target.host_str().unwrap_or_default()), bare(&site.domain));
    if target_host != site_host && !target_host.ends_with(&format!(".{site_host}")) {
        return Err(AppError::invalid(
            "target_url",
            format!("must be a page of {} (the order's site)", site.domain),
        ));
    }
    let anchor = input.anchor_text.trim();
    if anchor.is_empty() {
        return Err(AppError::invalid("anchor_text", "is required"));
    }
    one_line("anchor_text", anchor, 300)?;
    if !(1..=3).contains(&input.tier) {
        return Err(AppError::invalid(
            "tier",
            "must be 1, 2 or 3 (links go to hub pages only)",
        ));
    }
    if let Some(dr) = input.domain_rating
        && !(0.0..=100.0).contains(&dr)
    {
        return Err(AppError::invalid("domain_rating", "must be between 0 and 100"));
    }
    let cost = input.cost_cents.unwrap_or(0);
    if !(0..=100_000_000).contains(&cost) {
        return Err(AppError::invalid(
            "cost_cents",
            "must be between 0 and 100,000,000 cents",
        ));
    }
    let now = crate::db::now();
    let new = NewOrderLink {
        account_id: order.account_id,
        site_id: order.site_id,
        order_id: Some(order.id),
        target_url: target.to_string(),
        source_domain: source
            .host_str()
            .unwrap_or_default()
            .trim_start_matches("www.")
            .to_owned(),
        source_url: source.to_string(),
        anchor_text: anchor.to_owned(),
        domain_rating: input.domain_rating,
        tier: input.tier,
        status: "delivered".into(),
        cost_cents: cost,
        currency: order.currency.clone(),
        ordered_at: Some(order.ordered_at),
        delivered_at: Some(now),
        created_at: now,
        updated_at: now,
    };
    crate::db_transaction!(conn, |tx| {
        let id = new.insert(tx, &order).await?;
        let detail = json!({ "order": order.id, "source_url": new.source_url, "target_url": new.target_url });
        NewAuditEntry::by(a, order.account_id, "order.link", ("backlink", id), detail, now)
            .insert(tx)
            .await?;
        Ok::<_, diesel::result::Error>(())
    })?;
    state.dashboard.forget();
    get(conn, actor, order.id).await
}

/// An absolute http(s) URL with a host, or the field's error.
fn web_url(field: &str, raw: &str) -> AppResult<url::Url> {
    let bad = || AppError::invalid(field, format!("`{}` is not an http(s) URL", raw.trim()));
    let u = url::Url::parse(raw.trim()).map_err(|_| bad())?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none_or(str::is_empty) || raw.len() > 2000 {
        return Err(bad());
    }
    Ok(u)
}
