//! `collect_report_metrics` (nightly): for each site with an active subscription,
//! - the day that ended last on its account's clock is pre-aggregated into a report metric
//!   snapshot: the indexing counts, which otherwise mean reading every inspection of the site's
//!   history. A report reads the snapshots when it has one for every day it shows and computes
//!   the same numbers from the raw rows otherwise (`reports::collect::indexing`);
//! - each of the last `MONTHS` whole months gets its Search Console aggregates (the queries'
//!   positions for rankings, the daily totals for traffic, and both for the target countries),
//!   recomputed when the month's rows changed since (`reports::collect::months`).

use std::collections::BTreeMap;

use chrono::{DateTime, Days, Months, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;

use super::clock::{Clock, stored};
use super::ledger::Outcome;
use super::{Job, JobContext, RunSummary, run_global};
use crate::db::DbConn;
use crate::db::models::metric_snapshot::{self, Metrics};
use crate::db::models::subscription::Subscription;
use crate::db::schema::igny8_url_inspection_records as ui;
use crate::db_run;
use crate::error::AppResult;
use crate::reports::collect::months::{self, store};
use crate::reports::collect::rankings::Queries;
use crate::reports::collect::traffic::Daily;
use crate::reports::collect::{Scope, indexing};
use crate::reports::period::Period;
use crate::state::AppState;

/// Sites whose inspections are read at once.
const CHUNK: usize = 500;

/// Whole months kept aggregated: a quarter and the quarter before it.
const MONTHS: u32 = 6;

pub async fn collect_report_metrics(ctx: &JobContext, clock: &dyn Clock) -> AppResult<RunSummary> {
    let job = Job::CollectReportMetrics;
    let mut summary = RunSummary::new(job);
    let Some(schedule) = ctx.schedule(job) else {
        summary.disabled = true;
        return Ok(summary);
    };
    let now = clock.now();
    for at in schedule.latest(ctx.state.config.jobs.timezone, ctx.lookback(now), now, 64) {
        let period = at.date_naive().to_string();
        let instant = at.with_timezone(&Utc);
        run_global(ctx, clock, &mut summary, period, || async {
            let (days, months) = aggregate(&ctx.state, instant, stored(now)).await?;
            Ok(Outcome::Done(format!("{days} site-days, {months} site-months")))
        })
        .await?;
    }
    Ok(summary)
}

/// Writes the snapshot of the last day that ended before `at` on each account's clock, and the
/// month aggregates that are missing or stale, for every site with an active subscription;
/// returns how many snapshots and month aggregates were written.
pub async fn aggregate(state: &AppState, at: DateTime<Utc>, now: NaiveDateTime) -> AppResult<(usize, usize)> {
    let subs = {
        let mut pooled = state.conn().await?;
        Subscription::active_of_tiers_with_timezone(&mut pooled.conn(), &["lite", "pro"]).await?
    };
    let mut by_zone: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut countries = BTreeMap::new();
    for (sub, zone) in subs {
        by_zone.entry(zone).or_default().push(sub.site_id);
        countries.insert(sub.site_id, crate::reports::target_countries(&sub.config));
    }
    let (mut written, mut months_written) = (0, 0);
    for (zone, sites) in by_zone {
        let Ok(tz) = zone.parse::<Tz>() else {
            tracing::warn!(%zone, "sites of accounts with an unknown time zone get no snapshots");
            continue;
        };
        let day = at.with_timezone(&tz).date_naive() - Days::new(1);
        let scope_of = |site_id| Scope::new(site_id, Period { start: day, end: day }, stored(at), tz);
        let (_, until) = scope_of(0).instants(&Period { start: day, end: day });
        for chunk in sites.chunks(CHUNK) {
            let mut pooled = state.conn().await?;
            let mut conn = pooled.conn();
            let rows: Vec<(i64, String, String, NaiveDateTime)> = db_run!(&mut conn, |c| ui::table
                .filter(ui::site_id.eq_any(chunk))
                .filter(ui::inspected_at.lt(until))
                .select((ui::site_id, ui::url, ui::verdict, ui::inspected_at))
                .order((ui::site_id, ui::id))
                .load(c)
                .await)?;
            let mut by_site: BTreeMap<i64, Vec<(String, String, NaiveDateTime)>> =
                chunk.iter().map(|s| (*s, Vec::new())).collect();
            for (site, url, verdict, inspected) in rows {
                by_site.entry(site).or_default().push((url, verdict, inspected));
            }
            crate::db_transaction!(&mut conn, |c| {
                for (site, rows) in &by_site {
                    let metrics = Metrics {
                        timezone: zone.clone(),
                        indexing: indexing::counts(&scope_of(*site), rows, day),
                    };
                    metric_snapshot::upsert(c, *site, day, &metrics, now).await?;
                }
                Ok::<_, crate::error::AppError>(())
            })?;
            written += by_site.len();
            months_written += chunk_months(&mut conn, chunk, &countries, day, now).await?;
        }
    }
    Ok((written, months_written))
}

/// Stores the Search Console aggregates of the `MONTHS` whole months before the one `day` is
/// in that are missing or stale, for a chunk of sites; returns how many were written. Sites with
/// the same target countries share their sources' queries.
async fn chunk_months(
    conn: &mut DbConn<'_>,
    sites: &[i64],
    countries: &BTreeMap<i64, Vec<String>>,
    day: NaiveDate,
    now: NaiveDateTime,
) -> AppResult<usize> {
    let mut targeting: BTreeMap<&[String], Vec<i64>> = BTreeMap::new();
    for site in sites {
        if !countries[site].is_empty() {
            targeting.entry(&countries[site]).or_default().push(*site);
        }
    }
    let mut written = 0;
    let current = months::month(day + Days::new(1)).start;
    for back in 1..=MONTHS {
        let month = months::month(current - Months::new(back));
        written += store(conn, sites, month, &Queries::All, now).await?;
        written += store(conn, sites, month, &Daily::Total, now).await?;
        for (countries, sites) in &targeting {
            written += store(conn, sites, month, &Daily::Countries(countries), now).await?;
            written += store(conn, sites, month, &Queries::Countries(countries), now).await?;
        }
    }
    Ok(written)
}
