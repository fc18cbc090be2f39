//! Month aggregates of the Search Console cache. A section reads a period in slices, one per
//! calendar month it touches. A slice that is a whole month reads that month's aggregate
//! (written nightly by `collect_report_metrics`) while the rows it was computed from are
//! unchanged — the same number of rows, the same latest `fetched_at` — and any other slice
//! computes the same partial sums from the rows. Both go through the section's one `compute`
//! and the section adds the slices up in order, so its figures are identical with and without
//! aggregates (floats are stored by their bits).

use std::collections::HashMap;

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, max};
use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;
use serde_json::Value;

use crate::db::DbConn;
use crate::db::models::gsc_month::{self, NewMonth};
use crate::db::schema::igny8_gsc_metrics_cache as t;
use crate::db_run;
use crate::error::AppResult;
use crate::reports::period::Period;

/// What a section sums per month, and how it stores the sums.
pub(crate) trait Monthly {
    type Figures;
    /// Names the aggregate: 'total', 'query', 'country:us,gb'.
    fn key(&self) -> String;
    /// The rows read: their dimension and, when only some values are read, those values.
    fn rows(&self) -> (&'static str, Option<&[String]>);
    /// The partial sums of the rows of `p` (a month or part of one).
    async fn compute(&self, conn: &mut DbConn<'_>, site_id: i64, p: Period) -> AppResult<Self::Figures>;
    fn encode(figures: &Self::Figures) -> Value;
    fn decode(stored: &Value) -> Option<Self::Figures>;
}

/// `p` cut at the first of each month.
pub(crate) fn slices(p: Period) -> Vec<Period> {
    let mut out = Vec::new();
    let mut start = p.start;
    while start <= p.end {
        let month_end = first_of_month(start) + Months::new(1) - Days::new(1);
        let end = month_end.min(p.end);
        out.push(Period { start, end });
        start = end + Days::new(1);
    }
    out
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("every month has a 1st")
}

/// The calendar month `p` is exactly, if it is one.
fn whole_month(p: &Period) -> bool {
    p.start.day() == 1 && p.end == p.start + Months::new(1) - Days::new(1)
}

/// The whole calendar month that starts on `first`.
pub(crate) fn month(first: NaiveDate) -> Period {
    let start = first_of_month(first);
    Period {
        start,
        end: start + Months::new(1) - Days::new(1),
    }
}

/// Identifies the rows of `p` a source reads, for each of `sites`: how many, and the latest
/// fetch (a site without rows gets `0 rows`).
async fn fingerprints(
    conn: &mut DbConn<'_>,
    sites: &[i64],
    (dimension, values): (&'static str, Option<&[String]>),
    p: Period,
) -> AppResult<HashMap<i64, Fingerprint>> {
    let found: Vec<(i64, i64, Option<NaiveDateTime>)> = match values {
        Some(values) => db_run!(conn, |c| t::table
            .filter(t::site_id.eq_any(sites))
            .filter(t::dimension.eq(dimension))
            .filter(t::dimension_value.eq_any(values))
            .filter(t::metric_date.ge(p.start))
            .filter(t::metric_date.le(p.end))
            .group_by(t::site_id)
            .select((t::site_id, count_star(), max(t::fetched_at)))
            .load(c)
            .await)?,
        None => db_run!(conn, |c| t::table
            .filter(t::site_id.eq_any(sites))
            .filter(t::dimension.eq(dimension))
            .filter(t::metric_date.ge(p.start))
            .filter(t::metric_date.le(p.end))
            .group_by(t::site_id)
            .select((t::site_id, count_star(), max(t::fetched_at)))
            .load(c)
            .await)?,
    };
    let mut out: HashMap<i64, Fingerprint> = sites.iter().map(|s| (*s, Fingerprint::of(0, None))).collect();
    out.extend(
        found
            .into_iter()
            .map(|(site, n, last)| (site, Fingerprint::of(n, last))),
    );
    Ok(out)
}

/// How many rows a month's figures were computed from, and its stored form.
struct Fingerprint {
    rows: i64,
    text: String,
}

impl Fingerprint {
    fn of(rows: i64, last: Option<NaiveDateTime>) -> Self {
        let last = last.map(|t| t.to_string()).unwrap_or_default();
        Fingerprint {
            rows,
            text: format!("{rows} rows, last fetched {last}"),
        }
    }
}

/// The figures of each slice of `p`, in order: a whole month's from its current aggregate when
/// there is one, else computed from the rows.
pub(crate) async fn read<M: Monthly>(
    conn: &mut DbConn<'_>,
    site_id: i64,
    p: Period,
    m: &M,
) -> AppResult<Vec<M::Figures>> {
    let parts = slices(p);
    let months: Vec<NaiveDate> = parts.iter().filter(|s| whole_month(s)).map(|s| s.start).collect();
    let stored = gsc_month::of_months(conn, site_id, &m.key(), &months).await?;
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        let kept = match stored.get(&part.start) {
            Some((print, figures))
                if whole_month(&part)
                    && fingerprints(conn, &[site_id], m.rows(), part).await?[&site_id].text == *print =>
            {
                serde_json::from_str(figures).ok().and_then(|v| M::decode(&v))
            }
            _ => None,
        };
        out.push(match kept {
            Some(figures) => figures,
            None => m.compute(conn, site_id, part).await?,
        });
    }
    Ok(out)
}

/// Stores the aggregates of one whole month for each of `sites` whose stored one is missing or
/// stale and that has rows that month; returns how many were written. The fingerprints are
/// taken before the figures: rows that change in between make an aggregate look stale
/// (recomputed), never current. The writes are one transaction.
pub(crate) async fn store<M: Monthly>(
    conn: &mut DbConn<'_>,
    sites: &[i64],
    month: Period,
    m: &M,
    now: NaiveDateTime,
) -> AppResult<usize> {
    debug_assert!(whole_month(&month));
    let key = m.key();
    let prints = fingerprints(conn, sites, m.rows(), month).await?;
    let stored = gsc_month::fingerprints(conn, sites, &key, month.start).await?;
    let mut due = Vec::new();
    for site in sites {
        let print = &prints[site];
        if print.rows == 0 || stored.get(site) == Some(&print.text) {
            continue;
        }
        let figures = M::encode(&m.compute(conn, *site, month).await?).to_string();
        due.push((*site, &print.text, figures));
    }
    crate::db_transaction!(conn, |c| {
        for (site_id, print, figures) in &due {
            let row = NewMonth {
                site_id: *site_id,
                month: month.start,
                source: &key,
                fingerprint: print,
                figures,
                computed_at: now,
            };
            gsc_month::upsert(c, &row).await?;
        }
        Ok::<_, crate::error::AppError>(())
    })?;
    Ok(due.len())
}

/// A float as JSON, exactly (by its bits); `None` as null.
pub(crate) fn bits(x: Option<f64>) -> Value {
    x.map_or(Value::Null, |x| Value::from(x.to_bits()))
}

/// The float `bits` stored; `Some(None)` for null, `None` when it is neither.
pub(crate) fn unbits(v: &Value) -> Option<Option<f64>> {
    match v {
        Value::Null => Some(None),
        v => v.as_u64().map(|b| Some(f64::from_bits(b))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(spec: &str) -> Period {
        Period::parse(spec).unwrap()
    }

    #[test]
    fn periods_are_cut_at_months() {
        let october = period("2026-10");
        assert_eq!(slices(october), vec![october]);
        assert!(whole_month(&october));
        // October's previous period is 31 days: the last of August and all September
        let parts = slices(october.previous());
        assert_eq!(parts, vec![period("2026-08-31..2026-08-31"), period("2026-09")]);
        assert_eq!(parts.iter().map(whole_month).collect::<Vec<_>>(), [false, true]);
        assert_eq!(
            slices(period("2026-Q4")),
            vec![period("2026-10"), period("2026-11"), period("2026-12")]
        );
        assert_eq!(
            slices(period("2026-10-29..2026-11-04")),
            vec![period("2026-10-29..2026-10-31"), period("2026-11-01..2026-11-04")]
        );
        assert_eq!(month(NaiveDate::from_ymd_opt(2028, 2, 10).unwrap()), period("2028-02"));
        assert!(!whole_month(&period("2028-02-01..2028-02-28")), "2028 is a leap year");
    }

    #[test]
    fn floats_are_stored_exactly() {
        for x in [Some(0.1 + 0.2), Some(f64::MIN_POSITIVE), Some(-0.0), None] {
            let v: Value = serde_json::from_str(&bits(x).to_string()).unwrap();
            assert_eq!(unbits(&v).map(|y| y.map(f64::to_bits)), Some(x.map(f64::to_bits)));
        }
        assert_eq!(unbits(&Value::from("x")), None);
    }
}
