//! Browser sessions: login, logout, and the cookie (HttpOnly, SameSite=Lax, Secure behind https).

use chrono::{Duration, NaiveDateTime};
use http::HeaderMap;

use super::{password, secret, session_cookie_name, throttle::LoginThrottle};
use crate::db::DbConn;
use crate::db::models::account::Account;
use crate::db::models::audit::NewAuditEntry;
use crate::db::models::session::{NewSession, Session};
use crate::db::models::user::User;
use crate::error::{AppError, AppResult};

/// Where a login request came from, for the throttle, the session row and the audit log.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// What a successful login returns: the cookie to set and who signed in.
pub struct LoginOutcome {
    pub cookie: String,
    pub user_id: i64,
}

/// Longest email and password accepted (longer input is refused before any work).
const MAX_EMAIL: usize = 254;
const MAX_PASSWORD: usize = 1024;

/// Checks the password and opens a session. Every failure is the same "invalid email or
/// password" (no hint whether the email exists), throttled per email and address. With
/// `only_account` (an agency's domain) only that account's users may sign in.
#[allow(clippy::too_many_arguments)]
pub async fn login(
    conn: &mut DbConn<'_>,
    throttle: &LoginThrottle,
    email: &str,
    password_input: &str,
    client: &ClientInfo,
    ttl_hours: u32,
    secure: bool,
    only_account: Option<i64>,
    now: NaiveDateTime,
) -> AppResult<LoginOutcome> {
    let email = email.trim().to_lowercase();
    if email.is_empty() || email.len() > MAX_EMAIL || !email.contains('@') {
        return Err(AppError::invalid("email", "enter the email address you signed up with"));
    }
    if password_input.is_empty() || password_input.len() > MAX_PASSWORD {
        return Err(AppError::invalid("password", "enter your password"));
    }
    let bucket = super::client::bucket(client.ip.as_deref().and_then(|ip| ip.parse().ok()));
    let attempt = throttle.begin(conn, &email, &bucket, now).await?;

    let user = User::find_by_email(conn, &email).await?;
    let phc = user
        .as_ref()
        .map_or(password::decoy_hash(), |u| u.password_hash.as_str())
        .to_owned();
    let candidate = password_input.to_owned();
    let matches = tokio::task::spawn_blocking(move || password::verify(&candidate, &phc))
        .await
        .map_err(|e| AppError::internal(format!("password check: {e}")))?;
    let user = match user {
        Some(u) if matches && u.is_active && only_account.is_none_or(|a| a == u.account_id) => u,
        _ => {
            throttle.failed(conn, &attempt, now).await?;
            return Err(AppError::Unauthenticated);
        }
    };
    // users of suspended or cancelled accounts cannot sign in (Alorig staff always can)
    let account = Account::find(conn, user.account_id).await?;
    if !account.admits(&user) {
        throttle.failed(conn, &attempt, now).await?;
        return Err(AppError::Unauthenticated);
    }
    throttle.succeeded(conn, &attempt).await?;

    let token = secret::random_token();
    Session::insert(
        conn,
        &NewSession {
            user_id: user.id,
            token_hash: secret::hash(&token),
            created_at: now,
            expires_at: now + Duration::hours(i64::from(ttl_hours)),
            last_seen_at: now,
            user_agent: client.user_agent.as_ref().map(|s| s.chars().take(300).collect()),
            ip: client.ip.clone(),
        },
    )
    .await?;
    User::record_login(conn, user.id, now).await?;
    NewAuditEntry {
        account_id: Some(user.account_id),
        user_id: Some(user.id),
        action: "login".into(),
        object_type: None,
        object_id: None,
        detail: "{}".into(),
        ip: client.ip.clone(),
        created_at: now,
    }
    .insert(conn)
    .await?;
    Ok(LoginOutcome {
        cookie: session_cookie(&token, ttl_hours, secure),
        user_id: user.id,
    })
}

/// Deletes the session the request carries (if any) and returns a cookie that clears it.
pub async fn logout(conn: &mut DbConn<'_>, headers: &HeaderMap, secure: bool) -> AppResult<String> {
    if let Some(token) = cookie_value(headers, secure) {
        Session::delete_by_hash(conn, &secret::hash(&token)).await?;
    }
    Ok(clear_cookie(secure))
}

/// The user of a live session with this cookie value.
pub async fn user_for_cookie(conn: &mut DbConn<'_>, cookie: &str, now: NaiveDateTime) -> AppResult<Option<i64>> {
    if cookie.len() > 128 {
        return Ok(None);
    }
    Ok(Session::find_live(conn, &secret::hash(cookie), now)
        .await?
        .map(|s| s.user_id))
}

/// The session cookie's value, if the request has one.
pub fn cookie_value(headers: &HeaderMap, secure: bool) -> Option<String> {
    let name = session_cookie_name(secure);
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| cookie::Cookie::split_parse(v.to_owned()))
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

fn build_cookie(value: String, max_age: cookie::time::Duration, secure: bool) -> String {
    cookie::Cookie::build((session_cookie_name(secure), value))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(secure)
        .max_age(max_age)
        .build()
        .to_string()
}

pub fn session_cookie(token: &str, ttl_hours: u32, secure: bool) -> String {
    build_cookie(
        token.to_owned(),
        cookie::time::Duration::hours(i64::from(ttl_hours)),
        secure,
    )
}

pub fn clear_cookie(secure: bool) -> String {
    build_cookie(String::new(), cookie::time::Duration::ZERO, secure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_flags() {
        let c = session_cookie("abc", 2, false);
        assert!(c.starts_with("session=abc"));
        for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=7200"] {
            assert!(c.contains(flag), "{c}");
        }
        assert!(!c.contains("Secure"));
        let secure = session_cookie("abc", 2, true);
        assert!(
            secure.starts_with("__Host-session=abc") && secure.contains("Secure"),
            "{secure}"
        );
        assert!(!secure.contains("Domain"), "a __Host- cookie has no Domain");
        assert!(clear_cookie(false).contains("Max-Age=0"));
    }

    #[test]
    fn reads_the_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(http::header::COOKIE, "a=1; session=tok; b=2".parse().unwrap());
        assert_eq!(cookie_value(&h, false).as_deref(), Some("tok"));
        assert_eq!(
            cookie_value(&h, true),
            None,
            "behind https only the __Host- cookie counts"
        );
        assert_eq!(cookie_value(&HeaderMap::new(), false), None);
    }
}
