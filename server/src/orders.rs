//! Backlink service orders: lists filterable by client, status and package, and orders with
//! their links. Prices are the client's; costs and margins are shown to Alorig staff only.

use std::collections::HashMap;

use app::types::Actor;
use app::types::order::{BacklinkLink, BacklinkOrder, OrderFilter};
use app::types::page::Page;
use chrono::NaiveDateTime;

use crate::auth::{Action, Resource, authorize, read_scope};
use crate::db::DbConn;
use crate::db::models::order::{Order, OrderLink, OrderQuery};
use crate::db::models::site::Site;
use crate::error::{AppError, AppResult};
use crate::pagination::PageArgs;

pub const STATUSES: [&str; 6] = [
    "pending",
    "ordered",
    "in_progress",
    "delivered",
    "completed",
    "cancelled",
];
pub const PACKAGES: [&str; 4] = ["starter", "growth", "authority", "custom"];

fn time(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

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

fn link_dto(l: &OrderLink) -> BacklinkLink {
    BacklinkLink {
        id: l.id,
        source_domain: l.source_domain.clone(),
        source_url: l.source_url.clone(),
        target_url: l.target_url.clone(),
        status: l.status.clone(),
        domain_rating: l.domain_rating,
        delivered_at: l.delivered_at.map(time),
        live_at: l.live_at.map(time),
        indexed_at: l.indexed_at.map(time),
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
        ordered_at: time(o.ordered_at),
        due_date: o.due_date.to_string(),
        delivered_at: o.delivered_at.map(time),
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
    let mut links: HashMap<i64, Vec<BacklinkLink>> = HashMap::new();
    for l in Order::links_of(conn, &ids).await? {
        if let Some(order) = l.order_id {
            links.entry(order).or_default().push(link_dto(&l));
        }
    }
    let staff = is_staff(actor);
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
    let links = Order::links_of(conn, &[o.id]).await?.iter().map(link_dto).collect();
    Ok(dto(&o, site.name, is_staff(actor), links))
}
