//! The indexing dashboard (staff): the backlink indexing requests of every client made in a
//! range of days — by state (`trackers::summarize`, as GraphQL's `indexing`), their trend by
//! week, the sites with the most failures, and the requests themselves a page at a time.

use std::collections::BTreeMap;

use app::types::Actor;
use app::types::indexing::{
    IndexingDashboard, IndexingQuery, IndexingRequestRow, IndexingWeekRow, REQUEST_STATES, REQUESTS_PER_PAGE,
    SiteIndexing,
};
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};

use crate::auth::{Action, ReadScope, Resource, authorize};
use crate::dates::{parse, rfc3339};
use crate::db::DbConn;
use crate::db::models::site::Site;
use crate::db::models::tracking::{self, DayCount, RequestFilter};
use crate::error::{AppError, AppResult};

/// The range shown when the URL names none: the last twelve weeks.
const DEFAULT_DAYS: u64 = 7 * 12;
/// The longest range (its weeks are drawn).
const MAX_DAYS: i64 = 731;
/// Sites listed with the most failures.
const MOST_ERRORS: usize = 10;

/// The view `q` asks for, checked: (from, to, status, page).
fn view(q: &IndexingQuery, today: NaiveDate) -> AppResult<(NaiveDate, NaiveDate, Option<String>, i64)> {
    let day = |field: &str, raw: &str| (!raw.trim().is_empty()).then(|| parse(field, raw)).transpose();
    let to = day("to", &q.to)?.unwrap_or(today);
    let from = day("from", &q.from)?.unwrap_or(to - Days::new(DEFAULT_DAYS - 1));
    crate::dates::check_range(from, to)?;
    if (to - from).num_days() >= MAX_DAYS {
        return Err(AppError::invalid(
            "from",
            format!("{from} to {to} is longer than two years"),
        ));
    }
    let status = match q.status.trim() {
        "" => None,
        s if REQUEST_STATES.contains(&s) => Some(s.to_owned()),
        s => {
            return Err(AppError::invalid(
                "status",
                format!("`{s}` is not one of {}", REQUEST_STATES.join(", ")),
            ));
        }
    };
    let page = match q.page.trim() {
        "" => 1,
        p => p
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=100_000).contains(n))
            .ok_or_else(|| AppError::invalid("page", format!("`{p}` is not a page number")))?,
    };
    Ok((from, to, status, page))
}

fn midnight(day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(0, 0, 0).unwrap_or_default()
}

/// The Monday of `day`'s week.
fn monday(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// Requests made, links indexed and requests failed by week of the range, from each one's
/// counts by UTC day (YYYY-MM-DD).
fn weekly(
    made: &[(String, i64)],
    indexed: &[(String, i64)],
    failed: &[(String, i64)],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<IndexingWeekRow> {
    let mut weeks: BTreeMap<NaiveDate, [i64; 3]> = BTreeMap::new();
    let mut week = monday(from);
    while week <= to {
        weeks.insert(week, [0; 3]);
        week = week + Days::new(7);
    }
    for (i, days) in [made, indexed, failed].into_iter().enumerate() {
        for (day, n) in days {
            if let Ok(day) = day.parse::<NaiveDate>()
                && (from..=to).contains(&day)
                && let Some(w) = weeks.get_mut(&monday(day))
            {
                w[i] += n;
            }
        }
    }
    weeks
        .into_iter()
        .map(|(w, [requested, indexed, failed])| IndexingWeekRow {
            week_start: w.to_string(),
            requested,
            indexed,
            failed,
        })
        .collect()
}

/// The dashboard for the view `q` (today: the range's default end).
pub async fn dashboard(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    q: &IndexingQuery,
    today: NaiveDate,
) -> AppResult<IndexingDashboard> {
    authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
    let (from, to, status, page) = view(q, today)?;
    let needle = q.q.trim();
    let site_ids = if needle.is_empty() {
        None
    } else {
        Some(Site::matching(conn, needle).await?)
    };
    let filter = RequestFilter {
        site_ids,
        made: Some((midnight(from), midnight(to + Days::new(1)))),
        status: None,
    };
    let counts = tracking::indexing_counts(conn, &ReadScope::All, &filter).await?;
    let summary = crate::trackers::tally(counts);
    let made = tracking::indexing_by_day(conn, &filter, DayCount::Made).await?;
    let indexed = tracking::indexing_by_day(conn, &filter, DayCount::Indexed).await?;
    let failed = tracking::indexing_by_day(conn, &filter, DayCount::Failed).await?;
    let weekly = weekly(&made, &indexed, &failed, from, to);
    let listed = RequestFilter { status, ..filter };
    let (rows, matching) =
        tracking::indexing_page(conn, &listed, (page - 1) * REQUESTS_PER_PAGE, REQUESTS_PER_PAGE).await?;
    let mut worst: Vec<_> = summary.sites.iter().filter(|s| s.failed > 0).cloned().collect();
    worst.sort_by(|a, b| b.failed.cmp(&a.failed).then(a.site_id.cmp(&b.site_id)));
    worst.truncate(MOST_ERRORS);
    let mut ids: Vec<i64> = worst
        .iter()
        .map(|s| s.site_id)
        .chain(rows.iter().map(|r| r.1))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let sites: BTreeMap<i64, Site> = Site::find_many(conn, &ids)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let domain = |id: i64| sites.get(&id).map(|s| s.domain.clone()).unwrap_or_default();
    for s in &mut worst {
        s.site_name = sites.get(&s.site_id).map(|x| x.name.clone()).unwrap_or_default();
    }
    Ok(IndexingDashboard {
        from: from.to_string(),
        to: to.to_string(),
        sites: summary.sites.len() as i64,
        totals: summary.totals,
        most_errors: worst
            .into_iter()
            .map(|counts| SiteIndexing {
                domain: domain(counts.site_id),
                counts,
            })
            .collect(),
        weekly,
        // drawn by the page's port, with the pages' chart code
        charts: Vec::new(),
        requests: rows
            .into_iter()
            .map(
                |(id, site_id, url, provider, status, attempts, made, checked, indexed, last_error)| {
                    IndexingRequestRow {
                        id,
                        site_id,
                        domain: domain(site_id),
                        url,
                        provider,
                        status,
                        attempts,
                        requested_at: rfc3339(made),
                        checked_at: checked.map(rfc3339),
                        indexed_at: indexed.map(rfc3339),
                        last_error,
                    }
                },
            )
            .collect(),
        matching,
        page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_view_defaults_and_refuses_by_field() {
        let today = d("2026-12-04");
        let (from, to, status, page) = view(&IndexingQuery::default(), today).unwrap();
        assert_eq!((from, to, status, page), (d("2026-09-12"), today, None, 1));
        for (q, field) in [
            (
                IndexingQuery {
                    from: "2026-13-01".into(),
                    ..Default::default()
                },
                "from",
            ),
            (
                IndexingQuery {
                    from: "2026-12-01".into(),
                    to: "2026-11-01".into(),
                    ..Default::default()
                },
                "to",
            ),
            (
                IndexingQuery {
                    from: "2023-01-01".into(),
                    to: "2026-01-01".into(),
                    ..Default::default()
                },
                "from",
            ),
            (
                IndexingQuery {
                    status: "lost".into(),
                    ..Default::default()
                },
                "status",
            ),
            (
                IndexingQuery {
                    page: "0".into(),
                    ..Default::default()
                },
                "page",
            ),
        ] {
            assert_eq!(view(&q, today).unwrap_err().field(), Some(field), "{q:?}");
        }
    }

    #[test]
    fn weeks_count_what_happened_in_them() {
        let days = |v: &[(&str, i64)]| v.iter().map(|(d, n)| ((*d).to_owned(), *n)).collect::<Vec<_>>();
        let made = days(&[
            ("2026-11-02", 1),
            ("2026-11-03", 1),
            ("2026-11-20", 1),
            ("2026-11-21", 1),
        ]);
        // indexed after the range: not counted
        let indexed = days(&[("2026-11-10", 1), ("2026-12-02", 1)]);
        let failed = days(&[("2026-11-16", 1)]);
        let w = weekly(&made, &indexed, &failed, d("2026-11-01"), d("2026-11-30"));
        let row = |s: &str| {
            w.iter()
                .find(|r| r.week_start == s)
                .map(|r| (r.requested, r.indexed, r.failed))
        };
        assert_eq!(w.first().unwrap().week_start, "2026-10-26");
        assert_eq!(w.len(), 6);
        assert_eq!(row("2026-11-02"), Some((2, 0, 0)));
        assert_eq!(row("2026-11-09"), Some((0, 1, 0)));
        assert_eq!(row("2026-11-16"), Some((2, 0, 1)));
        assert_eq!(row("2026-11-30"), Some((0, 0, 0)));
    }
}
