//! Server functions: thin calls through the `Backend` port (the server implements it).

#[cfg(feature = "ssr")]
pub mod backend;

use crate::types::{ApiError, DashboardSummary, SubscriptionList, Viewer};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use backend::{actor, backend};

/// The login page's `error` codes.
pub const LOGIN_ERROR_INVALID: &str = "invalid";
pub const LOGIN_ERROR_THROTTLED: &str = "throttled";

/// The signed-in user for the page shell, or `None` when nobody is signed in.
#[server(prefix = "/api/ui", endpoint = "viewer")]
pub async fn current_viewer() -> Result<Option<Viewer>, ApiError> {
    backend::answer(async { backend()?.viewer(actor().await?.as_ref()).await }.await)
}

/// Where to go after signing in: `next` when it is a path on this site, else home. Only a
/// relative path is accepted (`/services?tier=pro`), never another origin (`//evil.example`,
/// `/\evil.example`, `https://…`) nor the sign-in page itself.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/login")
                && n.len() <= 2000
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n
        }
        _ => "/",
    }
}

/// Signs in with email and password. Works as a plain HTML form post: the answer is always a
/// redirect — to `next` (or home) with a session cookie, or back to the login page with an
/// error code (and the same `next`).
#[server(prefix = "/api/ui", endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), ApiError> {
    use crate::types::ErrorCode;
    let parts = backend::request_parts()?;
    let next = safe_next(next.as_deref());
    let back = |error: &str| {
        let mut url = format!("/login?error={error}");
        if next != "/" {
            url.push_str("&next=");
            url.push_str(&encode_query_value(next));
        }
        url
    };
    match backend()?.login(&parts, &email, &password).await {
        Ok(cookie) => {
            backend::set_cookie(&cookie);
            leptos_axum::redirect(next);
        }
        Err(e) if e.code == ErrorCode::RateLimited => leptos_axum::redirect(&back(LOGIN_ERROR_THROTTLED)),
        Err(e) if matches!(e.code, ErrorCode::Unauthenticated | ErrorCode::Invalid) => {
            leptos_axum::redirect(&back(LOGIN_ERROR_INVALID))
        }
        Err(e) => return Err(e),
    }
    Ok(())
}

/// Percent-encodes a query value (everything but unreserved characters).
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Ends the session and clears the cookie.
#[server(prefix = "/api/ui", endpoint = "logout")]
pub async fn logout() -> Result<(), ApiError> {
    let parts = backend::request_parts()?;
    let cookie = backend()?.logout(&parts).await?;
    backend::set_cookie(&cookie);
    leptos_axum::redirect("/login");
    Ok(())
}

/// The Alorig services dashboard summary (staff only).
#[server(prefix = "/api/ui", endpoint = "services_dashboard")]
pub async fn services_dashboard() -> Result<DashboardSummary, ApiError> {
    backend::answer(async { backend()?.services_dashboard(actor().await?.as_ref()).await }.await)
}

/// The managed subscriptions of the caller's account (all accounts for staff).
#[server(prefix = "/api/ui", endpoint = "subscriptions")]
pub async fn my_subscriptions() -> Result<SubscriptionList, ApiError> {
    backend::answer(async { backend()?.subscriptions(actor().await?.as_ref()).await }.await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_a_path_of_this_site_or_home() {
        for ok in [
            "/services",
            "/services/clients/3?tab=reports&page=2",
            "/managed-service/reports/12",
        ] {
            assert_eq!(safe_next(Some(ok)), ok);
        }
        for bad in [
            "//evil.example/x",
            "/\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "services",
            "/login?next=/x",
            "/a\nb",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(encode_query_value("/a b?c=d&e"), "/a%20b%3Fc%3Dd%26e");
    }
}
