//! API tokens of an account, managed by its owners and admins: listed (never the secret),
//! created (the secret shown once; at most `CREATE_LIMIT` an hour per user), revoked.

use std::time::{Duration, Instant};

use app::types::Actor;
use app::types::token::{ApiToken as TokenDto, CreatedApiToken};

use crate::auth::throttle::RateLimit;
use crate::auth::{Action, Resource, authorize};
use crate::db::DbConn;
use crate::db::models::token::ApiToken;
use crate::error::{AppError, AppResult};

pub const CREATE_LIMIT: usize = 10;

/// The limit on token creation (one per process).
pub fn create_limit() -> RateLimit {
    RateLimit::new(Duration::from_secs(3600), CREATE_LIMIT)
}

pub async fn list(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<Vec<TokenDto>> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    authorize(actor, Action::ManageApiTokens, Resource::Account(a.account_id))?;
    Ok(ApiToken::of_account(conn, a.account_id)
        .await?
        .iter()
        .map(ApiToken::to_dto)
        .collect())
}

pub async fn create(
    conn: &mut DbConn<'_>,
    limit: &RateLimit,
    actor: Option<&Actor>,
    name: &str,
    expires_in_days: Option<i64>,
) -> AppResult<CreatedApiToken> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    authorize(actor, Action::ManageApiTokens, Resource::Account(a.account_id))?;
    if let Some(d) = expires_in_days
        && !(1..=3650).contains(&d)
    {
        return Err(AppError::invalid("expires_in_days", "must be between 1 and 3650"));
    }
    limit.hit(&format!("user:{}", a.user_id), Instant::now())?;
    let now = crate::db::now();
    let created = crate::auth::token::create(
        conn,
        a.account_id,
        a.user_id,
        name,
        expires_in_days.map(|d| now + chrono::Duration::days(d)),
        now,
    )
    .await?;
    Ok(CreatedApiToken {
        token: ApiToken::find(conn, created.id).await?.to_dto(),
        secret: created.secret,
    })
}

/// Revokes a token of the caller's account (idempotent).
pub async fn revoke(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<()> {
    actor.ok_or(AppError::Unauthenticated)?;
    let t = ApiToken::find(conn, id).await?;
    authorize(actor, Action::ManageApiTokens, Resource::Account(t.account_id))?;
    ApiToken::revoke(conn, id, t.account_id, crate::db::now()).await?;
    Ok(())
}
