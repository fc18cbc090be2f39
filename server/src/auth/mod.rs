//! Accounts, users, sessions, API tokens, and the one `authorize` function.
//!
//! A request becomes an `Actor` here (from the session cookie or a bearer token); everything
//! downstream decides with `policy::authorize`.

pub mod client;
pub mod password;
pub mod policy;
pub mod secret;
pub mod session;
pub mod throttle;
pub mod token;

pub use policy::{Action, ReadScope, Resource, authorize, may, read_scope};

use app::types::{Actor, Role};
use http::HeaderMap;

use crate::db::DbConn;
use crate::db::models::{feature_flag, user::User};
use crate::error::{AppError, AppResult};

/// The session cookie's name (neutral: agencies' domains carry no product name): with the `__Host-` prefix behind https (browsers then accept it
/// only from this host, for every path, over TLS: no sibling subdomain can plant one), plain on
/// http (local use, where browsers refuse the prefix).
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-session" } else { "session" }
}

/// Builds the actor for a request: a bearer token wins over the session cookie. A malformed,
/// revoked or expired bearer token is an error (the client asked for access and failed);
/// a missing or stale cookie just means "anonymous".
pub async fn actor_from_headers(conn: &mut DbConn<'_>, headers: &HeaderMap, secure: bool) -> AppResult<Option<Actor>> {
    let now = crate::db::now();
    if let Some(value) = headers.get(http::header::AUTHORIZATION) {
        let raw = value.to_str().map_err(|_| AppError::Unauthenticated)?;
        let user_id = token::authenticate(conn, raw, now).await?;
        return actor_for_user(conn, user_id).await.map(Some);
    }
    let Some(cookie) = session::cookie_value(headers, secure) else {
        return Ok(None);
    };
    match session::user_for_cookie(conn, &cookie, now).await? {
        Some(user_id) => match actor_for_user(conn, user_id).await {
            Ok(actor) => Ok(Some(actor)),
            Err(AppError::Unauthenticated) => Ok(None),
            Err(e) => Err(e),
        },
        None => Ok(None),
    }
}

/// The actor for an active user of an active account.
pub async fn actor_for_user(conn: &mut DbConn<'_>, user_id: i64) -> AppResult<Actor> {
    let (user, account) = User::with_account(conn, user_id).await?;
    if !user.is_active || !account.admits(&user) {
        return Err(AppError::Unauthenticated);
    }
    Ok(Actor {
        user_id: user.id,
        account_id: user.account_id,
        role: Role::parse(&user.role).unwrap_or(Role::Viewer),
        is_staff: user.is_staff,
        site_ids: user.site_restriction(conn).await?,
        features: account.features(),
        managed_services_enabled: feature_flag::is_enabled(conn, feature_flag::MANAGED_SERVICES_ENABLED).await?,
    })
}
