//! Report metric snapshots: per site and account-local day, figures pre-aggregated nightly by
//! `collect_report_metrics` so a report does not re-read the site's whole history.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::upsert::excluded;
use diesel::{ExpressionMethods, Insertable, QueryDsl};
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};

use crate::db::DbConn;
use crate::db::schema::igny8_report_metric_snapshots as t;
use crate::db_run;

/// What a snapshot holds (the `metrics` JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metrics {
    /// The time zone whose calendar day this is (a snapshot of another zone's day is not used).
    pub timezone: String,
    /// URLs by their latest inspection at the end of the day: indexed, pending, error.
    pub indexing: [i64; 3],
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = t)]
struct NewSnapshot {
    site_id: i64,
    snapshot_date: NaiveDate,
    metrics: String,
    computed_at: NaiveDateTime,
}

/// Writes (or rewrites) one site-day.
pub async fn upsert(
    conn: &mut DbConn<'_>,
    site_id: i64,
    day: NaiveDate,
    metrics: &Metrics,
    now: NaiveDateTime,
) -> diesel::QueryResult<usize> {
    let row = NewSnapshot {
        site_id,
        snapshot_date: day,
        metrics: serde_json::to_string(metrics).unwrap_or_else(|_| "{}".into()),
        computed_at: now,
    };
    db_run!(conn, |c| diesel::insert_into(t::table)
        .values(&row)
        .on_conflict((t::site_id, t::snapshot_date))
        .do_update()
        .set((
            t::metrics.eq(excluded(t::metrics)),
            t::computed_at.eq(excluded(t::computed_at))
        ))
        .execute(c)
        .await)
}

/// The site's snapshots of these days (a row that does not read is left out).
pub async fn of_days(
    conn: &mut DbConn<'_>,
    site_id: i64,
    days: &[NaiveDate],
) -> diesel::QueryResult<Vec<(NaiveDate, Metrics)>> {
    let rows: Vec<(NaiveDate, String)> = db_run!(conn, |c| t::table
        .filter(t::site_id.eq(site_id))
        .filter(t::snapshot_date.eq_any(days))
        .select((t::snapshot_date, t::metrics))
        .load(c)
        .await)?;
    Ok(rows
        .into_iter()
        .filter_map(|(d, m)| serde_json::from_str(&m).ok().map(|m| (d, m)))
        .collect())
}
