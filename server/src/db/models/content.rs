//! Content (the writer app's articles and pages), read for reports and trackers.

use chrono::NaiveDateTime;
use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_content as t;
use crate::db_run;

/// Published items per site in `[from, until)`.
pub async fn published_by_site(
    conn: &mut DbConn<'_>,
    from: NaiveDateTime,
    until: NaiveDateTime,
    sites: Option<&[i64]>,
) -> diesel::QueryResult<Vec<(i64, i64)>> {
    db_run!(conn, |c| {
        let mut q = t::table
            .filter(t::status.eq("published"))
            .filter(t::published_at.ge(from))
            .filter(t::published_at.lt(until))
            .group_by(t::site_id)
            .select((t::site_id, diesel::dsl::count_star()))
            .into_boxed();
        if let Some(ids) = sites {
            q = q.filter(t::site_id.eq_any(ids));
        }
        q.load(c).await
    })
}
