//! Section 6, Backlink Campaign: links delivered in the period, every link by status, the DR
//! distribution, spend against the campaign budget, cost per new referring domain, link quality,
//! and referring-domain growth from Ahrefs.

use std::collections::{BTreeMap, BTreeSet};

use app::types::report::{BacklinkSection, Compare, Count, SectionStatus};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;

use super::{Scope, round};
use crate::db::DbConn;
use crate::db::schema::{
    igny8_ahrefs_domain_snapshots as ahrefs, igny8_backlink_service_orders as orders, igny8_sag_backlinks as links,
    igny8_sag_campaigns as campaigns,
};
use crate::db_run;
use crate::error::AppResult;

/// The link statuses in pipeline order.
pub const STATUSES: [&str; 7] = ["planned", "ordered", "delivered", "live", "indexed", "lost", "rejected"];
const DR_BUCKETS: [&str; 5] = ["0–19", "20–39", "40–59", "60–79", "80–100"];

pub async fn collect(conn: &mut DbConn<'_>, s: &Scope) -> AppResult<BacklinkSection> {
    let (_, until) = s.period.instants();
    type LinkRow = (
        String,
        String,
        Option<f64>,
        Option<f64>,
        Option<NaiveDateTime>,
        NaiveDateTime,
    );
    let rows: Vec<LinkRow> = db_run!(conn, |c| links::table
        .filter(links::site_id.eq(s.site_id))
        .filter(links::created_at.lt(until))
        .select((
            links::status,
            links::source_domain,
            links::domain_rating,
            links::quality_score,
            links::delivered_at,
            links::created_at
        ))
        .load(c)
        .await)?;

    let mut by_status: BTreeMap<&str, i64> = BTreeMap::new();
    let mut built = [0i64; 2];
    let mut drs = Vec::new();
    let mut quality = Vec::new();
    let mut domains = BTreeSet::new();
    for (status, domain, dr, q, delivered, _) in &rows {
        if let Some(k) = STATUSES.iter().find(|k| **k == status) {
            *by_status.entry(k).or_default() += 1;
        }
        let Some(day) = delivered.map(|d| d.date()) else {
            continue;
        };
        if s.period.contains(day) {
            built[0] += 1;
            drs.extend(*dr);
            quality.extend(*q);
            if !domain.is_empty() {
                domains.insert(domain.as_str());
            }
        } else if s.previous.contains(day) {
            built[1] += 1;
        }
    }
    let mut dist = [0i64; 5];
    for dr in &drs {
        dist[((*dr / 20.0).floor() as usize).min(4)] += 1;
    }

    let (from, _) = s.period.instants();
    let spend: Vec<(i64, String)> = db_run!(conn, |c| orders::table
        .filter(orders::site_id.eq(s.site_id))
        .filter(orders::status.ne("cancelled"))
        .filter(orders::ordered_at.ge(from))
        .filter(orders::ordered_at.lt(until))
        .select((orders::price_cents, orders::currency))
        .load(c)
        .await)?;
    let spend_cents: i64 = spend.iter().map(|r| r.0).sum();
    let currency = <[_]>::first(&spend).map_or_else(|| "USD".to_owned(), |r: &(i64, String)| r.1.clone());
    // the campaign's monthly budget, pro-rated to the period's length
    let budgets: Vec<i64> = db_run!(conn, |c| campaigns::table
        .filter(campaigns::site_id.eq(s.site_id))
        .filter(campaigns::status.eq_any(["active", "paused"]))
        .filter(campaigns::starts_on.le(s.period.end))
        .select(campaigns::budget_cents)
        .load(c)
        .await)?;
    let budget_cents = (!budgets.is_empty())
        .then(|| (budgets.iter().sum::<i64>() as f64 * s.period.days() as f64 / 30.0).round() as i64);

    let snapshots: Vec<(NaiveDate, i32)> = db_run!(conn, |c| ahrefs::table
        .filter(ahrefs::site_id.eq(s.site_id))
        .filter(ahrefs::snapshot_date.ge(s.previous.start))
        .filter(ahrefs::snapshot_date.le(s.period.end))
        .select((ahrefs::snapshot_date, ahrefs::referring_domains))
        .order(ahrefs::snapshot_date)
        .load(c)
        .await)?;
    let rd_at = |p: &super::Period| {
        snapshots
            .iter()
            .rev()
            .find(|(d, _)| p.contains(*d))
            .map(|(_, n)| f64::from(*n))
    };

    let has_data = !rows.is_empty() || !spend.is_empty();
    let fig = |x: i64| has_data.then_some(x as f64);
    let mean = |v: &[f64]| (!v.is_empty()).then(|| round(v.iter().sum::<f64>() / v.len() as f64, 1));
    Ok(BacklinkSection {
        status: if has_data {
            SectionStatus::Ok
        } else {
            SectionStatus::NoData
        },
        links_built: Compare::new(fig(built[0]), fig(built[1])),
        by_status: STATUSES
            .iter()
            .map(|k| Count {
                label: (*k).to_owned(),
                value: by_status.get(k).copied().unwrap_or(0),
            })
            .collect(),
        dr_distribution: DR_BUCKETS
            .iter()
            .zip(dist)
            .map(|(label, value)| Count {
                label: (*label).to_owned(),
                value,
            })
            .collect(),
        average_dr: mean(&drs),
        spend_cents,
        budget_cents,
        cost_per_referring_domain_cents: (!domains.is_empty()).then(|| spend_cents / domains.len() as i64),
        average_quality: mean(&quality),
        referring_domains: Compare::new(rd_at(&s.period), rd_at(&s.previous)),
        currency,
    })
}
