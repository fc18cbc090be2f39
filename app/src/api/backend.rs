//! The port through which server functions reach the server's services (`app` cannot depend on
//! `server`). The server implements `Backend` and provides it with `provide_context`.

use crate::types::{Actor, ApiError, DashboardSummary, ErrorCode, SubscriptionList, Viewer};
use http::request::Parts;
use leptos::prelude::*;
use std::sync::Arc;

/// Everything the pages need from the backend. Each method authorizes inside the service it calls.
#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    /// The caller behind this request (session cookie or bearer token), if any.
    async fn actor(&self, req: &Parts) -> Result<Option<Actor>, ApiError>;
    async fn viewer(&self, actor: Option<&Actor>) -> Result<Option<Viewer>, ApiError>;
    /// Checks the password and opens a session; returns the `Set-Cookie` value.
    async fn login(&self, req: &Parts, email: &str, password: &str) -> Result<String, ApiError>;
    /// Closes the session of this request; returns the `Set-Cookie` value that clears it.
    async fn logout(&self, req: &Parts) -> Result<String, ApiError>;
    async fn services_dashboard(&self, actor: Option<&Actor>) -> Result<DashboardSummary, ApiError>;
    async fn subscriptions(&self, actor: Option<&Actor>) -> Result<SubscriptionList, ApiError>;
}

/// How the backend is stored in the Leptos context.
pub type SharedBackend = Arc<dyn Backend>;

fn internal(what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        format!("server misconfigured: no {what} in context"),
    )
}

pub(crate) fn backend() -> Result<SharedBackend, ApiError> {
    use_context::<SharedBackend>().ok_or_else(|| internal("backend"))
}

pub(crate) fn request_parts() -> Result<Parts, ApiError> {
    use_context::<Parts>().ok_or_else(|| internal("request"))
}

pub(crate) async fn actor() -> Result<Option<Actor>, ApiError> {
    backend()?.actor(&request_parts()?).await
}

pub(crate) fn set_cookie(value: &str) {
    if let (Some(options), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        options.append_header(http::header::SET_COOKIE, value);
    }
}

/// A server function's result, with the HTTP status of its error (leptos answers 500 otherwise).
/// Only when the function answers its own request (`/api/ui/…`): during a page render the page
/// decides the status (a redirect to the login page must stay a redirect).
pub(crate) fn answer<T>(result: Result<T, ApiError>) -> Result<T, ApiError> {
    let own_request = use_context::<Parts>().is_some_and(|p| p.uri.path().starts_with("/api/ui/"));
    if let Err(e) = &result
        && own_request
        && let (Some(options), Ok(status)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::StatusCode::from_u16(e.code.http_status()),
        )
    {
        options.set_status(status);
    }
    result
}
