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
fn counts(s: &Scope, rows: &[(String, String, NaiveDateTime)], day: NaiveDate) -> [i64; 3] {
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

pub async fn collect(conn: &mut DbConn<'_>, s: &Scope) -> AppResult<IndexingSection> {
    let (_, until) = s.instants(&s.period);
    let rows: Vec<(String, String, NaiveDateTime)> = db_run!(conn, |c| t::table
        .filter(t::site_id.eq(s.site_id))
        .filter(t::inspected_at.lt(until))
        .select((t::url, t::verdict, t::inspected_at))
        .order(t::id)
        .load(c)
        .await)?;
    let now = counts(s, &rows, s.period.end);
    let before = counts(s, &rows, s.previous.end);
    let has_now = now.iter().sum::<i64>() > 0;
    let has_before = before.iter().sum::<i64>() > 0;
    let fig = |has: bool, x: i64| has.then_some(x as f64);

    let mut weekly = Vec::new();
    let mut week = s.period.start;
    while week <= s.period.end {
        let end = (week + Days::new(6)).min(s.period.end);
        let [indexed, pending, error] = counts(s, &rows, end);
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
