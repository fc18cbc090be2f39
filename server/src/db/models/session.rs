//! Browser sessions: the cookie holds a random token, the table its SHA-256.

use chrono::NaiveDateTime;
use diesel::{ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_sessions;
use crate::db_run;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = igny8_sessions)]
pub struct Session {
    pub id: i64,
    pub user_id: i64,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = igny8_sessions)]
pub struct NewSession {
    pub user_id: i64,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

impl Session {
    pub async fn insert(conn: &mut DbConn<'_>, new: &NewSession) -> diesel::QueryResult<()> {
        db_run!(conn, |c| diesel::insert_into(igny8_sessions::table)
            .values(new)
            .execute(c)
            .await)?;
        Ok(())
    }

    /// The unexpired session with this token hash.
    pub async fn find_live(
        conn: &mut DbConn<'_>,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<Option<Session>> {
        db_run!(conn, |c| igny8_sessions::table
            .filter(igny8_sessions::token_hash.eq(token_hash))
            .filter(igny8_sessions::expires_at.gt(now))
            .select(Session::as_select())
            .first(c)
            .await
            .optional())
    }

    pub async fn delete_by_hash(conn: &mut DbConn<'_>, token_hash: &str) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::delete(
            igny8_sessions::table.filter(igny8_sessions::token_hash.eq(token_hash))
        )
        .execute(c)
        .await)
    }
}
