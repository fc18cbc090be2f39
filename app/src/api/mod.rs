//! Server functions: thin calls through the `Backend` port (the server implements it).

#[cfg(feature = "ssr")]
pub mod backend;

use crate::types::{ApiError, DashboardSummary, SubscriptionList, Viewer};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use backend::{actor, backend};

/// Where the login form sends people back to on failure; the page reads `error`.
pub const LOGIN_ERROR_INVALID: &str = "/login?error=invalid";
pub const LOGIN_ERROR_THROTTLED: &str = "/login?error=throttled";

/// The signed-in user for the page shell, or `None` when nobody is signed in.
#[server(prefix = "/api/ui", endpoint = "viewer")]
pub async fn current_viewer() -> Result<Option<Viewer>, ApiError> {
    backend::answer(async { backend()?.viewer(actor().await?.as_ref()).await }.await)
}

/// Signs in with email and password. Works as a plain HTML form post: the answer is always a
/// redirect — home with a session cookie, or back to the login page with an error code.
#[server(prefix = "/api/ui", endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), ApiError> {
    use crate::types::ErrorCode;
    let parts = backend::request_parts()?;
    match backend()?.login(&parts, &email, &password).await {
        Ok(cookie) => {
            backend::set_cookie(&cookie);
            leptos_axum::redirect("/");
        }
        Err(e) if e.code == ErrorCode::RateLimited => leptos_axum::redirect(LOGIN_ERROR_THROTTLED),
        Err(e) if matches!(e.code, ErrorCode::Unauthenticated | ErrorCode::Invalid) => {
            leptos_axum::redirect(LOGIN_ERROR_INVALID)
        }
        Err(e) => return Err(e),
    }
    Ok(())
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
