//! Reads behind the trackers: backlink indexing requests, Ahrefs snapshots, a month's content.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;

use crate::auth::ReadScope;
use crate::db::DbConn;
use crate::db::schema::{
    igny8_ahrefs_domain_snapshots as ahrefs, igny8_backlink_indexing_requests as idx, igny8_content as content,
};
use crate::db_run;

/// Which backlink indexing requests a read covers (besides the caller's scope).
#[derive(Clone, Debug, Default)]
pub struct RequestFilter {
    pub site_ids: Option<Vec<i64>>,
    /// Made in `[from, until)` (UTC).
    pub made: Option<(NaiveDateTime, NaiveDateTime)>,
    pub status: Option<String>,
}

/// `$base` (a boxed query of the requests) narrowed to `scope` and `filter` (a macro: the
/// boxed query's type is the backend's).
macro_rules! requests {
    ($base:expr, $scope:expr, $filter:expr) => {{
        let (scope, filter): (&ReadScope, &RequestFilter) = ($scope, $filter);
        let mut q = $base;
        if let ReadScope::Account { account_id, sites } = scope {
            q = q.filter(idx::account_id.eq(*account_id));
            if let Some(ids) = sites {
                q = q.filter(idx::site_id.eq_any(ids.clone()));
            }
        }
        if let Some(ids) = &filter.site_ids {
            q = q.filter(idx::site_id.eq_any(ids.clone()));
        }
        if let Some((from, until)) = filter.made {
            q = q.filter(idx::created_at.ge(from)).filter(idx::created_at.lt(until));
        }
        if let Some(status) = &filter.status {
            q = q.filter(idx::status.eq(status.clone()));
        }
        q
    }};
}

/// (site, status, requests, latest check) of the indexing requests in scope.
pub async fn indexing_counts(
    conn: &mut DbConn<'_>,
    scope: &ReadScope,
    filter: &RequestFilter,
) -> diesel::QueryResult<Vec<(i64, String, i64, Option<NaiveDateTime>)>> {
    db_run!(conn, |c| {
        let base = idx::table
            .group_by((idx::site_id, idx::status))
            .select((
                idx::site_id,
                idx::status,
                diesel::dsl::count_star(),
                diesel::dsl::max(idx::checked_at),
            ))
            .into_boxed();
        requests!(base, scope, filter).load(c).await
    })
}

/// Requests of `filter` by UTC day of `column` (`created_at`: made; `indexed_at`: indexed;
/// `updated_at` of the failed ones: failed), as (YYYY-MM-DD, requests) — the trend's input,
/// counted by the database.
pub async fn indexing_by_day(
    conn: &mut DbConn<'_>,
    filter: &RequestFilter,
    what: DayCount,
) -> diesel::QueryResult<Vec<(String, i64)>> {
    use diesel::dsl::sql;
    use diesel::sql_types::Text;
    let column = match what {
        DayCount::Made => "created_at",
        DayCount::Indexed => "indexed_at",
        DayCount::Failed => "updated_at",
    };
    // the day as text: SQLite keeps timestamps as text, PostgreSQL formats its own
    let day = match conn {
        DbConn::Sqlite(_) => format!("date({column})"),
        DbConn::Pg(_) => format!("to_char({column}, 'YYYY-MM-DD')"),
    };
    db_run!(conn, |c| {
        let mut q = idx::table
            .select((sql::<Text>(&day), diesel::dsl::count_star()))
            .group_by(sql::<Text>(&day))
            .into_boxed();
        q = match what {
            DayCount::Made => q,
            DayCount::Indexed => q.filter(idx::indexed_at.is_not_null()),
            DayCount::Failed => q.filter(idx::status.eq("failed")),
        };
        if let Some(ids) = &filter.site_ids {
            q = q.filter(idx::site_id.eq_any(ids.clone()));
        }
        if let Some((from, until)) = filter.made {
            q = match what {
                DayCount::Made => q.filter(idx::created_at.ge(from)).filter(idx::created_at.lt(until)),
                DayCount::Indexed => q.filter(idx::indexed_at.ge(from)).filter(idx::indexed_at.lt(until)),
                DayCount::Failed => q.filter(idx::updated_at.ge(from)).filter(idx::updated_at.lt(until)),
            };
        }
        q.load(c).await
    })
}

/// What `indexing_by_day` counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayCount {
    Made,
    Indexed,
    Failed,
}

/// A row of the request list.
pub type RequestRow = (
    i64,
    i64,
    String,
    String,
    String,
    i32,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<String>,
);

/// A page of the requests of `filter`, newest first, and how many there are in all.
pub async fn indexing_page(
    conn: &mut DbConn<'_>,
    filter: &RequestFilter,
    offset: i64,
    limit: i64,
) -> diesel::QueryResult<(Vec<RequestRow>, i64)> {
    let rows = db_run!(conn, |c| {
        let base = idx::table
            .select((
                idx::id,
                idx::site_id,
                idx::url,
                idx::provider,
                idx::status,
                idx::attempts,
                idx::created_at,
                idx::checked_at,
                idx::indexed_at,
                idx::last_error,
            ))
            .order((idx::created_at.desc(), idx::id.desc()))
            .offset(offset)
            .limit(limit)
            .into_boxed();
        requests!(base, &ReadScope::All, filter).load(c).await
    })?;
    let total = db_run!(conn, |c| {
        let base = idx::table.count().into_boxed();
        requests!(base, &ReadScope::All, filter).get_result(c).await
    })?;
    Ok((rows, total))
}

/// A row of `igny8_ahrefs_domain_snapshots`.
pub type AhrefsRow = (
    NaiveDate,
    Option<f64>,
    Option<i64>,
    Option<i32>,
    Option<i64>,
    Option<i32>,
    Option<i64>,
    Option<i64>,
);

/// A site's Ahrefs snapshots in `[from, to]`, oldest first.
pub async fn ahrefs_between(
    conn: &mut DbConn<'_>,
    site_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> diesel::QueryResult<Vec<AhrefsRow>> {
    db_run!(conn, |c| ahrefs::table
        .filter(ahrefs::site_id.eq(site_id))
        .filter(ahrefs::snapshot_date.ge(from))
        .filter(ahrefs::snapshot_date.le(to))
        .select((
            ahrefs::snapshot_date,
            ahrefs::domain_rating,
            ahrefs::ahrefs_rank,
            ahrefs::referring_domains,
            ahrefs::backlinks,
            ahrefs::organic_keywords,
            ahrefs::organic_traffic,
            ahrefs::traffic_value_cents
        ))
        .order(ahrefs::snapshot_date)
        .load(c)
        .await)
}

/// A site's content published in `[from, until)`: (id, title, type, words, published_at).
pub async fn published(
    conn: &mut DbConn<'_>,
    site_id: i64,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> diesel::QueryResult<Vec<(i64, String, String, i32, Option<NaiveDateTime>)>> {
    db_run!(conn, |c| content::table
        .filter(content::site_id.eq(site_id))
        .filter(content::status.eq("published"))
        .filter(content::published_at.ge(from))
        .filter(content::published_at.lt(until))
        .select((
            content::id,
            content::title,
            content::content_type,
            content::word_count,
            content::published_at
        ))
        .order((content::published_at, content::id))
        .load(c)
        .await)
}

/// A site's pages by Search Console clicks over `[from, to]`: (page, clicks, impressions,
/// impression-weighted average position).
pub async fn top_pages(
    conn: &mut DbConn<'_>,
    site_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    limit: i64,
) -> diesel::QueryResult<Vec<(String, i64, i64, Option<f64>)>> {
    use diesel::sql_types::{BigInt, Date, Double, Nullable, Text};
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        page: String,
        #[diesel(sql_type = BigInt)]
        clicks: i64,
        #[diesel(sql_type = BigInt)]
        impressions: i64,
        #[diesel(sql_type = Nullable<Double>)]
        position: Option<f64>,
    }
    let sql = "SELECT dimension_value AS page, CAST(SUM(clicks) AS BIGINT) AS clicks, \
               CAST(SUM(impressions) AS BIGINT) AS impressions, \
               CAST(SUM(position * impressions) AS DOUBLE PRECISION) / NULLIF(CAST(SUM(CASE WHEN position IS NULL THEN 0 ELSE impressions END) AS DOUBLE PRECISION), 0) AS position \
               FROM igny8_gsc_metrics_cache WHERE site_id = $1 AND dimension = 'page' AND metric_date >= $2 AND metric_date <= $3 \
               GROUP BY dimension_value ORDER BY SUM(clicks) DESC, dimension_value LIMIT $4";
    let rows: Vec<Row> = db_run!(conn, |c| diesel::sql_query(sql)
        .bind::<BigInt, _>(site_id)
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .bind::<BigInt, _>(limit)
        .load(c)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.page, r.clicks, r.impressions, r.position))
        .collect())
}

/// A site's Search Console daily clicks (the `total` rows) in `[from, to]`, by day.
pub async fn daily_clicks(
    conn: &mut DbConn<'_>,
    site_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> diesel::QueryResult<Vec<(NaiveDate, i64)>> {
    use crate::db::schema::igny8_gsc_metrics_cache as gsc;
    db_run!(conn, |c| gsc::table
        .filter(gsc::site_id.eq(site_id))
        .filter(gsc::dimension.eq("total"))
        .filter(gsc::metric_date.ge(from))
        .filter(gsc::metric_date.le(to))
        .select((gsc::metric_date, gsc::clicks))
        .load(c)
        .await)
}
