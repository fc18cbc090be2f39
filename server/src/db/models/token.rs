//! API tokens for GraphQL and REST clients (`Authorization: Bearer …`), stored hashed.

use chrono::NaiveDateTime;
use diesel::{ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_api_tokens;
use crate::db_run;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = igny8_api_tokens)]
pub struct ApiToken {
    pub id: i64,
    pub account_id: i64,
    pub user_id: i64,
    pub name: String,
    pub token_prefix: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub expires_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = igny8_api_tokens)]
pub struct NewApiToken {
    pub account_id: i64,
    pub user_id: i64,
    pub name: String,
    pub token_prefix: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
}

impl ApiToken {
    pub async fn insert(conn: &mut DbConn<'_>, new: &NewApiToken) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| diesel::insert_into(igny8_api_tokens::table)
            .values(new)
            .returning(igny8_api_tokens::id)
            .get_result(c)
            .await)
    }

    pub async fn find(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<ApiToken> {
        db_run!(conn, |c| igny8_api_tokens::table
            .find(id)
            .select(ApiToken::as_select())
            .first(c)
            .await)
    }

    /// The token with this hash if it is neither revoked nor expired.
    pub async fn find_usable(
        conn: &mut DbConn<'_>,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<Option<ApiToken>> {
        let token: Option<ApiToken> = db_run!(conn, |c| igny8_api_tokens::table
            .filter(igny8_api_tokens::token_hash.eq(token_hash))
            .filter(igny8_api_tokens::revoked_at.is_null())
            .select(ApiToken::as_select())
            .first(c)
            .await
            .optional())?;
        Ok(token.filter(|t| t.expires_at.is_none_or(|e| e > now)))
    }

    pub async fn revoke(
        conn: &mut DbConn<'_>,
        id: i64,
        account_id: i64,
        at: NaiveDateTime,
    ) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            igny8_api_tokens::table
                .filter(igny8_api_tokens::id.eq(id))
                .filter(igny8_api_tokens::account_id.eq(account_id))
                .filter(igny8_api_tokens::revoked_at.is_null())
        )
        .set(igny8_api_tokens::revoked_at.eq(Some(at)))
        .execute(c)
        .await)
    }

    /// An account's tokens, newest first.
    pub async fn of_account(conn: &mut DbConn<'_>, account_id: i64) -> diesel::QueryResult<Vec<ApiToken>> {
        db_run!(conn, |c| igny8_api_tokens::table
            .filter(igny8_api_tokens::account_id.eq(account_id))
            .select(ApiToken::as_select())
            .order(igny8_api_tokens::id.desc())
            .load(c)
            .await)
    }

    pub fn to_dto(&self) -> app::types::token::ApiToken {
        let time = crate::dates::rfc3339;
        app::types::token::ApiToken {
            id: self.id,
            name: self.name.clone(),
            token_prefix: self.token_prefix.clone(),
            created_at: time(self.created_at),
            last_used_at: self.last_used_at.map(time),
            expires_at: self.expires_at.map(time),
            revoked_at: self.revoked_at.map(time),
        }
    }
}
