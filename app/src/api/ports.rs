//! The ports through which server functions reach the server's services (`app` cannot depend on
//! `server`): one small trait per noun, declared beside that noun's server functions, all
//! provided together as `Ports` in the Leptos context. Each method calls the same service
//! function GraphQL and REST call, so a page shows the API's figures.

use std::sync::Arc;

use http::request::Parts;
use leptos::prelude::*;

use super::accounts::AccountPort;
use super::audit::AuditPort;
use super::brandings::BrandingPort;
use super::clients::ClientPort;
use super::dashboard::DashboardPort;
use super::imports::ImportPort;
use super::indexing::IndexingPort;
use super::invitations::InvitationPort;
use super::jobs::JobPort;
use super::orders::OrderPort;
use super::portal::PortalPort;
use super::recipients::RecipientPort;
use super::reports::ReportPort;
use super::session::SessionPort;
use super::templates::TemplatePort;
use crate::types::{Actor, ApiError, ErrorCode};

/// Every port, as the server provides them.
#[derive(Clone)]
pub struct Ports {
    pub session: Arc<dyn SessionPort>,
    pub dashboard: Arc<dyn DashboardPort>,
    pub clients: Arc<dyn ClientPort>,
    pub orders: Arc<dyn OrderPort>,
    pub jobs: Arc<dyn JobPort>,
    pub portal: Arc<dyn PortalPort>,
    pub recipients: Arc<dyn RecipientPort>,
    pub reports: Arc<dyn ReportPort>,
    pub indexing: Arc<dyn IndexingPort>,
    pub brandings: Arc<dyn BrandingPort>,
    pub templates: Arc<dyn TemplatePort>,
    pub audit: Arc<dyn AuditPort>,
    pub imports: Arc<dyn ImportPort>,
    pub accounts: Arc<dyn AccountPort>,
    pub invitations: Arc<dyn InvitationPort>,
}

fn internal(what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        format!("server misconfigured: no {what} in context"),
    )
}

pub(crate) fn ports() -> Result<Ports, ApiError> {
    use_context::<Ports>().ok_or_else(|| internal("ports"))
}

pub(crate) fn request_parts() -> Result<Parts, ApiError> {
    use_context::<Parts>().ok_or_else(|| internal("request"))
}

/// The caller of this request (looked up once per request by the server).
pub(crate) async fn actor() -> Result<Option<Actor>, ApiError> {
    ports()?.session.actor(&request_parts()?).await
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

/// Redirects a plain form post (no JavaScript) to `to`; with JavaScript the page follows it.
pub(crate) fn redirect(to: &str) {
    leptos_axum::redirect(to);
}

/// A form post's outcome, back on the page at `path`: with `done` on success, or with `error`
/// and `field` and the values as entered (`keep`) when the input can be corrected; a caller who
/// may not do it gets the error's status instead.
pub(crate) fn settle_at(path: &str, result: Result<String, ApiError>, keep: &[(&str, String)]) -> Result<(), ApiError> {
    let pairs: Vec<(String, String)> = match result {
        Ok(done) => vec![("done".into(), done)],
        Err(e) if matches!(e.code, ErrorCode::Invalid | ErrorCode::Conflict) => {
            let mut p: Vec<(String, String)> = keep.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
            p.push(("error".into(), e.message.clone()));
            p.push(("field".into(), e.field.clone().unwrap_or_default()));
            p
        }
        Err(e) => return answer(Err(e)),
    };
    let q: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", super::session::encode_query_value(v)))
        .collect();
    let sep = if path.contains('?') { '&' } else { '?' };
    redirect(&format!("{path}{sep}{}", q.join("&")));
    Ok(())
}
