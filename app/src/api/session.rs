//! Who is signed in, signing in and out, and the UI theme they chose.

use leptos::prelude::*;

use crate::types::{ApiError, Viewer};

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports, request_parts, set_cookie};

/// The login page's `error` codes.
pub const LOGIN_ERROR_INVALID: &str = "invalid";
pub const LOGIN_ERROR_THROTTLED: &str = "throttled";

/// The cookie that remembers the UI theme (`light`, `dark`; none: follow the system).
pub const THEME_COOKIE: &str = "theme";

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait SessionPort: Send + Sync + 'static {
    /// The caller behind this request (session cookie or bearer token), if any.
    async fn actor(&self, req: &http::request::Parts) -> Result<Option<crate::types::Actor>, ApiError>;
    async fn viewer(&self, actor: Option<&crate::types::Actor>) -> Result<Option<Viewer>, ApiError>;
    /// Checks the password and opens a session; returns the `Set-Cookie` value.
    async fn login(&self, req: &http::request::Parts, email: &str, password: &str) -> Result<String, ApiError>;
    /// Closes the session of this request; returns the `Set-Cookie` value that clears it.
    async fn logout(&self, req: &http::request::Parts) -> Result<String, ApiError>;
    /// Whether cookies are `Secure` (the public URL is https).
    fn secure_cookies(&self) -> bool;
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

/// Percent-encodes a query value (everything but unreserved characters and `/`).
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

/// The signed-in user for the page shell, or `None` when nobody is signed in.
#[server(prefix = "/api/ui", endpoint = "viewer")]
pub async fn current_viewer() -> Result<Option<Viewer>, ApiError> {
    answer(async { ports()?.session.viewer(actor().await?.as_ref()).await }.await)
}

/// Signs in with email and password. Works as a plain HTML form post: the answer is always a
/// redirect — to `next` (or home) with a session cookie, or back to the login page with an
/// error code (and the same `next`).
#[server(prefix = "/api/ui", endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), ApiError> {
    use crate::types::ErrorCode;
    let parts = request_parts()?;
    let next = safe_next(next.as_deref());
    let back = |error: &str| {
        let mut url = format!("/login?error={error}");
        if next != "/" {
            url.push_str("&next=");
            url.push_str(&encode_query_value(next));
        }
        url
    };
    match ports()?.session.login(&parts, &email, &password).await {
        Ok(cookie) => {
            set_cookie(&cookie);
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

/// Ends the session and clears the cookie.
#[server(prefix = "/api/ui", endpoint = "logout")]
pub async fn logout() -> Result<(), ApiError> {
    let parts = request_parts()?;
    let cookie = ports()?.session.logout(&parts).await?;
    set_cookie(&cookie);
    leptos_axum::redirect("/login");
    Ok(())
}

/// Remembers the UI theme (`light`, `dark` or `system`) in a cookie and goes back to `back`.
#[server(prefix = "/api/ui", endpoint = "set_theme")]
pub async fn set_theme(theme: String, back: Option<String>) -> Result<(), ApiError> {
    let secure = ports()?.session.secure_cookies();
    let flags = if secure { "; Secure" } else { "" };
    let cookie = match theme.as_str() {
        "light" | "dark" => format!("{THEME_COOKIE}={theme}; Path=/; Max-Age=31536000; SameSite=Lax{flags}"),
        "system" => format!("{THEME_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax{flags}"),
        _ => return Err(ApiError::invalid("theme", "must be light, dark or system")),
    };
    set_cookie(&cookie);
    leptos_axum::redirect(safe_next(back.as_deref()));
    Ok(())
}

/// The theme remembered in this request's cookie (`light`, `dark`), if any.
#[cfg(feature = "ssr")]
pub fn theme_of_request() -> Option<&'static str> {
    let parts = use_context::<http::request::Parts>()?;
    let cookies = parts.headers.get_all(http::header::COOKIE);
    for value in cookies.iter().filter_map(|v| v.to_str().ok()) {
        for pair in value.split(';') {
            if let Some((k, v)) = pair.trim().split_once('=')
                && k == THEME_COOKIE
            {
                return match v {
                    "light" => Some("light"),
                    "dark" => Some("dark"),
                    _ => None,
                };
            }
        }
    }
    None
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
