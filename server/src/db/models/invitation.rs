//! Invitations: a user of a client account invited by email by Alorig staff; the emailed link
//! (only its token's hash is stored, once the email is written) sets the password, once.

use chrono::NaiveDateTime;
use diesel::{ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_invitations as t;
use crate::db_run;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct Invitation {
    pub id: i64,
    pub account_id: i64,
    pub email: String,
    pub role: String,
    pub site_ids: Option<String>,
    pub invited_by: Option<i64>,
    pub token_hash: Option<String>,
    pub expires_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = t)]
pub struct NewInvitation {
    pub account_id: i64,
    pub email: String,
    pub role: String,
    pub site_ids: Option<String>,
    pub invited_by: Option<i64>,
    pub expires_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

impl Invitation {
    pub async fn insert(conn: &mut DbConn<'_>, new: &NewInvitation) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| diesel::insert_into(t::table)
            .values(new)
            .returning(t::id)
            .get_result(c)
            .await)
    }

    pub async fn find(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<Invitation> {
        db_run!(conn, |c| t::table
            .filter(t::id.eq(id))
            .select(Invitation::as_select())
            .first(c)
            .await)
    }

    /// The open, unexpired invitation whose emailed token has this hash.
    pub async fn find_open_by_token(
        conn: &mut DbConn<'_>,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<Option<Invitation>> {
        db_run!(conn, |c| t::table
            .filter(t::token_hash.eq(token_hash))
            .filter(t::expires_at.gt(now))
            .filter(t::accepted_at.is_null())
            .select(Invitation::as_select())
            .first(c)
            .await
            .optional())
    }

    /// An account's invitations, newest first.
    pub async fn of_account(conn: &mut DbConn<'_>, account_id: i64) -> diesel::QueryResult<Vec<Invitation>> {
        db_run!(conn, |c| t::table
            .filter(t::account_id.eq(account_id))
            .order(t::id.desc())
            .select(Invitation::as_select())
            .load(c)
            .await)
    }

    pub async fn set_token(conn: &mut DbConn<'_>, id: i64, token_hash: &str) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(t::table.filter(t::id.eq(id)))
            .set(t::token_hash.eq(token_hash))
            .execute(c)
            .await)
    }

    /// Ends an open invitation now (0 rows: it was used or had lapsed).
    pub async fn revoke(conn: &mut DbConn<'_>, id: i64, now: NaiveDateTime) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            t::table
                .filter(t::id.eq(id))
                .filter(t::accepted_at.is_null())
                .filter(t::expires_at.gt(now))
        )
        .set(t::expires_at.eq(now))
        .execute(c)
        .await)
    }

    /// Marks it used if it is still open and unexpired (0 rows: used or lapsed meanwhile).
    pub async fn accept(conn: &mut DbConn<'_>, id: i64, now: NaiveDateTime) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            t::table
                .filter(t::id.eq(id))
                .filter(t::accepted_at.is_null())
                .filter(t::expires_at.gt(now))
        )
        .set(t::accepted_at.eq(Some(now)))
        .execute(c)
        .await)
    }
}
