//! Section 3, Indexing Status: each inspected URL counts by its latest verdict — PASS is
//! indexed, NEUTRAL (discovered, not yet indexed) pending, FAIL/PARTIAL an error — at the end of
//! the period, the previous period, and each week of the period.

use std::collections::HashMap;

use app::types::report::{Compare, IndexingSection, IndexingWeek};
use chrono::{Days, NaiveDate, NaiveDateTime};
use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;

use super::{Scope, round};
use crate::db::DbConn;
use crate::db::models::metric_snapshot;
use crate::db::schema::igny8_url_inspection_records as t;
use crate::db_run;
use crate::error::AppResult;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Indexed,
    Pending,
    Error,
}

fn state(verdict: &str) -> Option<State> {
    match verdict {
        "PASS" => Some(State::Indexed),
        "NEUTRAL" => Some(State::Pending),
        "FAIL" | "PARTIAL" => Some(State::Error),
        _ => None,
    }
}

/// (indexed, pending, error) by each URL's latest inspection on or before the local `day`.
pub(crate) fn counts(s: &Scope, rows: &[(String, String, NaiveDateTime)], day: NaiveDate) -> [i64; 3] {
    let mut latest: HashMap<&str, (NaiveDateTime, &str)> = HashMap::new();
    for (url, verdict, at) in rows.iter().filter(|r| s.local_day(r.2) <= day) {
        let e = latest.entry(url.as_str()).or_insert((*at, verdict.as_str()));
        if *at >= e.0 {
            *e = (*at, verdict.as_str());
        }
    }
    let mut out = [0i64; 3];
    for (_, verdict) in latest.values() {
        match state(verdict) {
            Some(State::Indexed) => out[0] += 1,
            Some(State::Pending) => out[1] += 1,
            Some(State::Error) => out[2] += 1,
            None => {}
        }
    }
    out
}

/// The days whose counts the section shows: the ends of the period, the previous period and
/// each week of the period.
fn days_shown(s: &Scope) -> Vec<NaiveDate> {
    let mut days = vec![s.period.end, s.previous.end];
    let mut week = s.period.start;
    while week <= s.period.end {
        days.push((week + Days::new(6)).min(s.period.end));
        week = week + Days::new(7);
    }
    days
}

/// The counts of every day shown, from the nightly snapshots when there is one for each of them
/// (`collect_report_metrics`), else from the site's inspections.
async fn counts_by_day(conn: &mut DbConn<'_>, s: &Scope) -> AppResult<HashMap<NaiveDate, [i64; 3]>> {
    let days = days_shown(s);
    let zone = s.tz.name();
    let snapshots: HashMap<NaiveDate, [i64; 3]> = metric_snapshot::of_days(conn, s.site_id, &days)
        .await?
        .into_iter()
        .filter(|(_, m)| m.timezone == zone)
        .map(|(d, m)| (d, m.indexing))
        .collect();
    if days.iter().all(|d| snapshots.contains_key(d)) {
        return Ok(snapshots);
    }
    let (_, until) = s.instants(&s.period);
    let rows: Vec<(String, String, NaiveDateTime)> = db_run!(conn, |c| t::table
        .filter(t::site_id.eq(s.site_id))
        .filter(t::inspected_at.lt(until))
        .select((t::url, t::verdict, t::inspected_at))
        .order(t::id)
        .load(c)
        .await)?;
    Ok(days.into_iter().map(|d| (d, counts(s, &rows, d))).collect())
}

pub async fn collect(conn: &mut DbConn<'_>, s: &Scope) -> AppResult<IndexingSection> {
    let by_day = counts_by_day(conn, s).await?;
    let at = |d: NaiveDate| by_day.get(&d).copied().unwrap_or_default();
    let now = at(s.period.end);
    let before = at(s.previous.end);
    let has_now = now.iter().sum::<i64>() > 0;
    let has_before = before.iter().sum::<i64>() > 0;
    let fig = |has: bool, x: i64| has.then_some(x as f64);

    let mut weekly = Vec::new();
    let mut week = s.period.start;
    while week <= s.period.end {
        let end = (week + Days::new(6)).min(s.period.end);
        let [indexed, pending, error] = at(end);
        weekly.push(IndexingWeek {
            week_start: week.to_string(),
            indexed,
            pending,
            error,
        });
        week = week + Days::new(7);
    }
    let total = now.iter().sum::<i64>();
    Ok(IndexingSection {
        status: s.gsc_status(has_now),
        indexed: Compare::new(fig(has_now, now[0]), fig(has_before, before[0])),
        pending: Compare::new(fig(has_now, now[1]), fig(has_before, before[1])),
        error: Compare::new(fig(has_now, now[2]), fig(has_before, before[2])),
        indexed_pct: (total > 0).then(|| round(now[0] as f64 * 100.0 / total as f64, 1)),
        weekly: if has_now { weekly } else { Vec::new() },
    })
}
