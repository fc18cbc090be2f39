//! Section 6, Backlink Campaign: links delivered in the period, every link by status, the DR
//! distribution, spend against the campaign budget, cost per new referring domain, link quality,
//! referring-domain growth from Ahrefs, and each SAG campaign's KPIs (its KPI snapshots).
//!
//! Money is in one currency, the budget's (the campaigns' currency; USD without campaigns):
//! - budget: each campaign's monthly budget for the days it ran in the period, month by month
//!   (a whole calendar month is the whole budget; draft campaigns have none);
//! - spend: orders placed in the period in that currency; orders in other currencies are listed
//!   apart (`other_currency_spend`) and never added in;
//! - cost per referring domain: spend ÷ the domains that first linked in the period (a domain
//!   that linked before is not new).

use std::collections::{BTreeMap, BTreeSet};

use app::types::report::{BacklinkSection, CampaignKpi, Compare, Count, SectionStatus};
use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime};
use diesel::{ExpressionMethods, JoinOnDsl, QueryDsl};
use diesel_async::RunQueryDsl;

use super::{Scope, round};
use crate::db::DbConn;
use crate::db::schema::{
    igny8_ahrefs_domain_snapshots as ahrefs, igny8_backlink_service_orders as orders,
    igny8_campaign_kpi_snapshots as kpis, igny8_sag_backlinks as links, igny8_sag_campaigns as campaigns,
};
use crate::db_run;
use crate::error::AppResult;

/// The link statuses in pipeline order.
pub const STATUSES: [&str; 7] = ["planned", "ordered", "delivered", "live", "indexed", "lost", "rejected"];
const DR_BUCKETS: [&str; 5] = ["0–19", "20–39", "40–59", "60–79", "80–100"];

pub async fn collect(conn: &mut DbConn<'_>, s: &Scope) -> AppResult<BacklinkSection> {
    let (_, until) = s.instants(&s.period);
    type LinkRow = (
        String,
        String,
        Option<f64>,
        Option<f64>,
        Option<NaiveDateTime>,
        [Option<NaiveDateTime>; 3],
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
            (links::ordered_at, links::live_at, links::indexed_at),
            links::updated_at
        ))
        .load(c)
        .await)?
    .into_iter()
    .map(|(st, d, dr, q, delivered, (o, l, i), u)| (st, d, dr, q, delivered, [o, l, i], u))
    .collect();

    let mut by_status: BTreeMap<&str, i64> = BTreeMap::new();
    let mut built = [0i64; 2];
    let mut drs = Vec::new();
    let mut quality = Vec::new();
    let mut domains = BTreeSet::new();
    let mut known_before = BTreeSet::new();
    for (status, domain, dr, q, delivered, [ordered, live, indexed], updated) in &rows {
        let status = status_at(status, [*ordered, *delivered, *live, *indexed], *updated, until);
        if let Some(k) = STATUSES.iter().find(|k| **k == status) {
            *by_status.entry(k).or_default() += 1;
        }
        let Some(day) = delivered.map(|d| s.local_day(d)) else {
            continue;
        };
        if day < s.period.start && !domain.is_empty() {
            known_before.insert(domain.as_str());
        }
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
    let new_domains = domains.difference(&known_before).count() as i64;
    let mut dist = [0i64; 5];
    for dr in &drs {
        dist[((*dr / 20.0).floor() as usize).min(4)] += 1;
    }

    let campaigns: Vec<(i64, String, NaiveDate, Option<NaiveDate>)> = db_run!(conn, |c| campaigns::table
        .filter(campaigns::site_id.eq(s.site_id))
        .filter(campaigns::status.ne("draft"))
        .filter(campaigns::starts_on.le(s.period.end))
        .select((
            campaigns::budget_cents,
            campaigns::currency,
            campaigns::starts_on,
            campaigns::ends_on
        ))
        .order(campaigns::id)
        .load(c)
        .await)?;
    let currency = <[_]>::first(&campaigns).map_or_else(|| "USD".to_owned(), |c| c.1.clone());
    let budgets: Vec<i64> = campaigns
        .iter()
        .filter(|(_, cur, ..)| *cur == currency)
        .filter_map(|(cents, _, from, to)| {
            let from = (*from).max(s.period.start);
            let to = to.map_or(s.period.end, |t| t.min(s.period.end));
            (from <= to).then(|| monthly_share(*cents, from, to))
        })
        .collect();
    let budget_cents = (!budgets.is_empty()).then(|| budgets.iter().sum::<i64>());

    let (from, _) = s.instants(&s.period);
    let orders: Vec<(i64, String)> = db_run!(conn, |c| orders::table
        .filter(orders::site_id.eq(s.site_id))
        .filter(orders::status.ne("cancelled"))
        .filter(orders::ordered_at.ge(from))
        .filter(orders::ordered_at.lt(until))
        .select((orders::price_cents, orders::currency))
        .load(c)
        .await)?;
    let mut spend_cents = 0;
    let mut other: BTreeMap<&str, i64> = BTreeMap::new();
    for (cents, cur) in &orders {
        if *cur == currency {
            spend_cents += cents;
        } else {
            *other.entry(cur.as_str()).or_default() += cents;
        }
    }

    let snapshots: Vec<(NaiveDate, Option<i32>)> = db_run!(conn, |c| ahrefs::table
        .filter(ahrefs::site_id.eq(s.site_id))
        .filter(ahrefs::referring_domains.is_not_null())
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
            .and_then(|(_, n)| n.map(f64::from))
    };

    let has_data = !rows.is_empty() || !orders.is_empty();
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
        other_currency_spend: other
            .into_iter()
            .map(|(label, value)| Count {
                label: label.to_owned(),
                value,
            })
            .collect(),
        new_referring_domains: has_data.then_some(new_domains),
        cost_per_referring_domain_cents: (new_domains > 0).then(|| spend_cents / new_domains),
        average_quality: mean(&quality),
        referring_domains: Compare::new(rd_at(&s.period), rd_at(&s.previous)),
        currency,
        campaigns: campaign_kpis(conn, s).await?,
    })
}

/// Each campaign's KPIs from its snapshots: the period's last against the previous period's
/// last; campaigns without a snapshot in the period are left out.
async fn campaign_kpis(conn: &mut DbConn<'_>, s: &Scope) -> AppResult<Vec<CampaignKpi>> {
    type Snapshot = (i64, String, NaiveDate, i32, i32, Option<f64>, i64, bool);
    let rows: Vec<Snapshot> = db_run!(conn, |c| kpis::table
        .inner_join(campaigns::table.on(campaigns::id.eq(kpis::campaign_id)))
        .filter(kpis::site_id.eq(s.site_id))
        .filter(kpis::snapshot_date.ge(s.previous.start))
        .filter(kpis::snapshot_date.le(s.period.end))
        .select((
            kpis::campaign_id,
            campaigns::name,
            kpis::snapshot_date,
            kpis::links_live,
            kpis::referring_domains,
            kpis::avg_domain_rating,
            kpis::organic_clicks,
            kpis::tipping_point_reached,
        ))
        .order((campaigns::name, kpis::campaign_id, kpis::snapshot_date))
        .load(c)
        .await)?;
    let mut out = Vec::new();
    for group in rows.chunk_by(|a, b| a.0 == b.0) {
        let last_in = |p: &super::Period| group.iter().rev().find(|r| p.contains(r.2));
        let Some(now) = last_in(&s.period) else { continue };
        let before = last_in(&s.previous);
        let figure = |f: fn(&Snapshot) -> f64| Compare::new(Some(f(now)), before.map(f));
        out.push(CampaignKpi {
            name: now.1.clone(),
            links_live: figure(|r| f64::from(r.3)),
            referring_domains: figure(|r| f64::from(r.4)),
            average_dr: now.5.map(|d| round(d, 1)),
            organic_clicks: figure(|r| r.6 as f64),
            tipping_point_reached: now.7,
        });
    }
    Ok(out)
}

/// A monthly amount for the days `from..=to`, month by month: each calendar month contributes
/// its share of days (all of October is the whole amount, half of it half).
pub fn monthly_share(monthly_cents: i64, from: NaiveDate, to: NaiveDate) -> i64 {
    let mut total = 0.0;
    let mut day = from;
    while day <= to {
        let month_start = day.with_day(1).expect("day 1 exists");
        let month_end = month_start + Months::new(1) - Days::new(1);
        let last = month_end.min(to);
        let days_in_month = (month_end - month_start).num_days() + 1;
        total += monthly_cents as f64 * ((last - day).num_days() + 1) as f64 / days_in_month as f64;
        day = last + Days::new(1);
    }
    total.round() as i64
}

/// A link's status at `until`: its status now if the row has not changed since, else the
/// furthest step of the pipeline (ordered, delivered, live, indexed) it had reached by then. A
/// link lost or rejected in the period whose row changed afterwards is counted at the step it
/// had reached: the platform records no time for those two.
pub(super) fn status_at(
    now: &str,
    steps: [Option<NaiveDateTime>; 4],
    updated: NaiveDateTime,
    until: NaiveDateTime,
) -> &str {
    if updated < until {
        return now;
    }
    let reached = steps.iter().rposition(|at| at.is_some_and(|at| at < until));
    reached.map_or("planned", |i| STATUSES[i + 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn budgets_are_shared_by_calendar_month() {
        assert_eq!(monthly_share(30_000, d("2026-10-01"), d("2026-10-31")), 30_000);
        assert_eq!(monthly_share(31_000, d("2026-10-16"), d("2026-10-31")), 16_000);
        assert_eq!(monthly_share(28_000, d("2026-02-01"), d("2026-02-14")), 14_000);
        // a quarter is three budgets; a week across two months takes from both
        assert_eq!(monthly_share(10_000, d("2026-07-01"), d("2026-09-30")), 30_000);
        assert_eq!(
            monthly_share(31_000, d("2026-10-29"), d("2026-11-04")),
            3_000 + 4 * 31_000 / 30
        );
    }

    #[test]
    fn a_link_is_counted_with_the_status_it_had_at_the_end_of_the_period() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let until = at("2026-11-01 00:00");
        let steps = [
            Some(at("2026-10-02 09:00")),
            Some(at("2026-10-20 09:00")),
            Some(at("2026-10-31 23:59")),
            Some(at("2026-11-05 09:00")),
        ];
        assert_eq!(status_at("indexed", steps, at("2026-11-05 09:00"), until), "live");
        assert_eq!(
            status_at("lost", steps, at("2026-11-20 09:00"), until),
            "live",
            "lost later"
        );
        assert_eq!(status_at("lost", steps, at("2026-10-31 23:59"), until), "lost");
        assert_eq!(
            status_at("ordered", [steps[0], None, None, None], at("2026-10-02 09:00"), until),
            "ordered"
        );
        assert_eq!(
            status_at("delivered", [Some(until), Some(until), None, None], until, until),
            "planned"
        );
        assert_eq!(
            status_at("rejected", [None; 4], at("2026-11-02 10:00"), until),
            "planned"
        );
    }
}
