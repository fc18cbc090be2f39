//! API tokens: `igny8_` + 43 random characters, shown once at creation, stored as SHA-256.

use chrono::NaiveDateTime;

use super::secret;
use crate::db::DbConn;
use crate::db::models::token::{ApiToken, NewApiToken};
use crate::error::{AppError, AppResult};

pub const PREFIX: &str = "igny8_";

/// A token as created: the secret (shown once) and its row id.
pub struct CreatedToken {
    pub id: i64,
    pub secret: String,
}

pub async fn create(
    conn: &mut DbConn<'_>,
    account_id: i64,
    user_id: i64,
    name: &str,
    expires_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> AppResult<CreatedToken> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid("name", "give the token a name of 1–100 characters"));
    }
    if expires_at.is_some_and(|e| e <= now) {
        return Err(AppError::invalid("expiresAt", "must be in the future"));
    }
    let secret = format!("{PREFIX}{}", secret::random_token());
    let id = ApiToken::insert(
        conn,
        &NewApiToken {
            account_id,
            user_id,
            name: name.to_owned(),
            token_prefix: secret.chars().take(12).collect(),
            token_hash: secret::hash(&secret),
            created_at: now,
            expires_at,
        },
    )
    .await?;
    Ok(CreatedToken { id, secret })
}

/// The user behind an `Authorization` header value (`Bearer igny8_…`).
pub async fn authenticate(conn: &mut DbConn<'_>, header: &str, now: NaiveDateTime) -> AppResult<i64> {
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| {
            t.starts_with(PREFIX)
                && t.len() < 128
                && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
        .ok_or(AppError::Unauthenticated)?;
    ApiToken::find_usable(conn, &secret::hash(token), now)
        .await?
        .map(|t| t.user_id)
        .ok_or(AppError::Unauthenticated)
}
