//! Month aggregates of Search Console figures: per site, calendar month and source, the partial
//! sums a report section would compute from that month's rows, with the fingerprint of those
//! rows (`reports::collect::months`).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::upsert::excluded;
use diesel::{ExpressionMethods, Insertable, QueryDsl};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_report_gsc_months as t;
use crate::db_run;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = t)]
pub struct NewMonth<'a> {
    pub site_id: i64,
    pub month: NaiveDate,
    pub source: &'a str,
    pub fingerprint: &'a str,
    pub figures: &'a str,
    pub computed_at: NaiveDateTime,
}

/// Writes (or rewrites) one site-month-source.
pub async fn upsert(conn: &mut DbConn<'_>, row: &NewMonth<'_>) -> diesel::QueryResult<usize> {
    db_run!(conn, |c| diesel::insert_into(t::table)
        .values(row)
        .on_conflict((t::site_id, t::month, t::source))
        .do_update()
        .set((
            t::fingerprint.eq(excluded(t::fingerprint)),
            t::figures.eq(excluded(t::figures)),
            t::computed_at.eq(excluded(t::computed_at))
        ))
        .execute(c)
        .await)
}

/// The site's aggregates of one source for these months: month → (fingerprint, figures).
pub async fn of_months(
    conn: &mut DbConn<'_>,
    site_id: i64,
    source: &str,
    months: &[NaiveDate],
) -> diesel::QueryResult<HashMap<NaiveDate, (String, String)>> {
    if months.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(NaiveDate, String, String)> = db_run!(conn, |c| t::table
        .filter(t::site_id.eq(site_id))
        .filter(t::source.eq(source))
        .filter(t::month.eq_any(months))
        .select((t::month, t::fingerprint, t::figures))
        .load(c)
        .await)?;
    Ok(rows.into_iter().map(|(m, f, x)| (m, (f, x))).collect())
}

/// The fingerprints of one source's aggregates of one month, by site.
pub async fn fingerprints(
    conn: &mut DbConn<'_>,
    sites: &[i64],
    source: &str,
    month: NaiveDate,
) -> diesel::QueryResult<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = db_run!(conn, |c| t::table
        .filter(t::site_id.eq_any(sites))
        .filter(t::source.eq(source))
        .filter(t::month.eq(month))
        .select((t::site_id, t::fingerprint))
        .load(c)
        .await)?;
    Ok(rows.into_iter().collect())
}
