//! Share links: expiring, revocable links to one report's PDF (only the token's hash is stored).

use chrono::NaiveDateTime;
use diesel::{
    ExpressionMethods, Insertable, JoinOnDsl, NullableExpressionMethods, OptionalExtension, QueryDsl, Queryable,
    Selectable, SelectableHelper,
};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_share_links as t;
use crate::db_run;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct ShareLink {
    pub id: i64,
    pub account_id: i64,
    pub report_id: i64,
    pub created_by: Option<i64>,
    pub token_hash: String,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = t)]
pub struct NewShareLink {
    pub account_id: i64,
    pub report_id: i64,
    pub created_by: Option<i64>,
    pub token_hash: String,
    pub expires_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

impl ShareLink {
    pub async fn insert(conn: &mut DbConn<'_>, new: &NewShareLink) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| diesel::insert_into(t::table)
            .values(new)
            .returning(t::id)
            .get_result(c)
            .await)
    }

    pub async fn find(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<ShareLink> {
        db_run!(conn, |c| t::table
            .filter(t::id.eq(id))
            .select(ShareLink::as_select())
            .first(c)
            .await)
    }

    /// The link with this token hash if it is neither revoked nor expired at `now`.
    pub async fn find_usable(
        conn: &mut DbConn<'_>,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<Option<ShareLink>> {
        db_run!(conn, |c| t::table
            .filter(t::token_hash.eq(token_hash))
            .filter(t::revoked_at.is_null())
            .filter(t::expires_at.gt(now))
            .select(ShareLink::as_select())
            .first(c)
            .await
            .optional())
    }

    /// A report's links, newest first, with the email of whoever created each.
    pub async fn of_report(
        conn: &mut DbConn<'_>,
        report_id: i64,
    ) -> diesel::QueryResult<Vec<(ShareLink, Option<String>)>> {
        use crate::db::schema::igny8_users as u;
        db_run!(conn, |c| t::table
            .left_join(u::table.on(u::id.nullable().eq(t::created_by)))
            .filter(t::report_id.eq(report_id))
            .order(t::id.desc())
            .select((ShareLink::as_select(), u::email.nullable()))
            .load(c)
            .await)
    }

    /// Revokes a link; 0 when it was revoked already.
    pub async fn revoke(conn: &mut DbConn<'_>, id: i64, at: NaiveDateTime) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            t::table.filter(t::id.eq(id)).filter(t::revoked_at.is_null())
        )
        .set(t::revoked_at.eq(Some(at)))
        .execute(c)
        .await)
    }
}
