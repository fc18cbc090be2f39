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

/// An item's word count and published URL, when it is a row of the site (an approval names it).
pub async fn word_count_and_url(
    conn: &mut DbConn<'_>,
    site_id: i64,
    id: i64,
) -> diesel::QueryResult<Option<(i32, Option<String>)>> {
    use diesel::OptionalExtension;
    db_run!(conn, |c| t::table
        .filter(t::id.eq(id))
        .filter(t::site_id.eq(site_id))
        .select((t::word_count, t::external_url))
        .first(c)
        .await
        .optional())
}

/// A blueprint's clusters (name, type, articles planned), when it is the site's blueprint.
pub async fn clusters_of_blueprint(
    conn: &mut DbConn<'_>,
    site_id: i64,
    blueprint_id: i64,
) -> diesel::QueryResult<Vec<(String, String, i32)>> {
    use crate::db::schema::igny8_sag_clusters as c_t;
    db_run!(conn, |c| c_t::table
        .filter(c_t::blueprint_id.eq(blueprint_id))
        .filter(c_t::site_id.eq(site_id))
        .order(c_t::id)
        .select((c_t::name, c_t::cluster_type, c_t::target_articles))
        .load(c)
        .await)
}

/// Moves a site's content item to `to` when it is in one of `from`; returns the rows changed.
pub async fn set_status(
    conn: &mut DbConn<'_>,
    site_id: i64,
    id: i64,
    from: &[&str],
    to: &str,
    at: NaiveDateTime,
) -> diesel::QueryResult<usize> {
    db_run!(conn, |c| diesel::update(
        t::table
            .filter(t::id.eq(id))
            .filter(t::site_id.eq(site_id))
            .filter(t::status.eq_any(from))
    )
    .set((t::status.eq(to), t::updated_at.eq(at)))
    .execute(c)
    .await)
}

/// Moves a site's blueprint to `to` when it is in one of `from`; returns the rows changed.
pub async fn set_blueprint_status(
    conn: &mut DbConn<'_>,
    site_id: i64,
    id: i64,
    from: &[&str],
    to: &str,
    at: NaiveDateTime,
) -> diesel::QueryResult<usize> {
    use crate::db::schema::igny8_sag_blueprints as b;
    db_run!(conn, |c| diesel::update(
        b::table
            .filter(b::id.eq(id))
            .filter(b::site_id.eq(site_id))
            .filter(b::status.eq_any(from))
    )
    .set((b::status.eq(to), b::updated_at.eq(at)))
    .execute(c)
    .await)
}
