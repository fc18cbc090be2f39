//! Report recipients waiting to confirm: an address an account's owner or admin added to a
//! subscription's recipients, emailed a link (only the token's hash is stored, and only once the
//! email is written).

use chrono::NaiveDateTime;
use diesel::{
    ExpressionMethods, Insertable, JoinOnDsl, NullableExpressionMethods, OptionalExtension, QueryDsl, Queryable,
    Selectable, SelectableHelper,
};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_recipient_confirmations as t;
use crate::db_run;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct Confirmation {
    pub id: i64,
    pub account_id: i64,
    pub subscription_id: i64,
    pub email: String,
    pub requested_by: Option<i64>,
    pub token_hash: Option<String>,
    pub expires_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = t)]
pub struct NewConfirmation {
    pub account_id: i64,
    pub subscription_id: i64,
    pub email: String,
    pub requested_by: Option<i64>,
    pub expires_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

impl Confirmation {
    pub async fn insert(conn: &mut DbConn<'_>, new: &NewConfirmation) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| diesel::insert_into(t::table)
            .values(new)
            .returning(t::id)
            .get_result(c)
            .await)
    }

    pub async fn find(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<Confirmation> {
        db_run!(conn, |c| t::table
            .filter(t::id.eq(id))
            .select(Confirmation::as_select())
            .first(c)
            .await)
    }

    /// The unexpired request (confirmed or not) whose emailed token has this hash.
    pub async fn find_by_token(
        conn: &mut DbConn<'_>,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<Option<Confirmation>> {
        db_run!(conn, |c| t::table
            .filter(t::token_hash.eq(token_hash))
            .filter(t::expires_at.gt(now))
            .select(Confirmation::as_select())
            .first(c)
            .await
            .optional())
    }

    /// A subscription's requests, oldest first, with the email of whoever made each.
    pub async fn of_subscription(
        conn: &mut DbConn<'_>,
        subscription_id: i64,
    ) -> diesel::QueryResult<Vec<(Confirmation, Option<String>)>> {
        use crate::db::schema::igny8_users as u;
        db_run!(conn, |c| t::table
            .left_join(u::table.on(u::id.nullable().eq(t::requested_by)))
            .filter(t::subscription_id.eq(subscription_id))
            .order(t::id)
            .select((Confirmation::as_select(), u::email.nullable()))
            .load(c)
            .await)
    }

    /// Records the hash of the token just written into the email (a retried email gets a new
    /// token, and the one before stops working).
    pub async fn set_token(conn: &mut DbConn<'_>, id: i64, token_hash: &str) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(t::table.filter(t::id.eq(id)))
            .set(t::token_hash.eq(token_hash))
            .execute(c)
            .await)
    }

    pub async fn mark_confirmed(conn: &mut DbConn<'_>, id: i64, at: NaiveDateTime) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(t::table.filter(t::id.eq(id)))
            .set(t::confirmed_at.eq(Some(at)))
            .execute(c)
            .await)
    }

    pub async fn delete(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::delete(t::table.filter(t::id.eq(id))).execute(c).await)
    }
}
