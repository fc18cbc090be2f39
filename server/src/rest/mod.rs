//! REST under `/api/v1/services/` exactly as the spec's tables (trailing slashes), answering in
//! the platform's envelope `{"success": true, "data": …}`. Handlers are thin: the `Caller`
//! extractor authenticates, a service authorizes and computes.

pub mod branding;
pub mod clients;
pub mod dashboard;
pub mod extract;
pub mod imports;
pub mod openapi;
pub mod reports;

use app::types::page::Page;
use axum::Json;
use axum::Router;
use axum::http::Method;
use axum::routing::{MethodRouter, delete, get, post, put};
use serde::Serialize;

use crate::state::AppState;

/// Every REST route: (method, path, handler, whether anonymous callers may use it). The router
/// is built from this table, and the tests check that the OpenAPI document and the
/// authorization matrix cover each entry.
pub fn table() -> Vec<(Method, &'static str, MethodRouter<AppState>, bool)> {
    const SIGNED_IN: bool = false;
    const OPEN: bool = true;
    vec![
        (
            Method::GET,
            "/api/v1/services/dashboard/",
            get(dashboard::summary),
            SIGNED_IN,
        ),
        (
            Method::GET,
            "/api/v1/services/dashboard/overdue/",
            get(dashboard::overdue),
            SIGNED_IN,
        ),
        (
            Method::GET,
            "/api/v1/services/dashboard/margin/",
            get(dashboard::margin),
            SIGNED_IN,
        ),
        (
            Method::GET,
            "/api/v1/services/dashboard/clients/",
            get(dashboard::clients),
            SIGNED_IN,
        ),
        (Method::GET, "/api/v1/services/reports/", get(reports::list), SIGNED_IN),
        (
            Method::POST,
            "/api/v1/services/reports/generate/",
            post(reports::generate),
            SIGNED_IN,
        ),
        (
            Method::GET,
            "/api/v1/services/reports/preview/",
            get(reports::preview),
            SIGNED_IN,
        ),
        (
            Method::GET,
            "/api/v1/services/reports/{id}/",
            get(reports::detail),
            SIGNED_IN,
        ),
        (
            Method::POST,
            "/api/v1/services/reports/{id}/send/",
            post(reports::send),
            SIGNED_IN,
        ),
        (
            Method::POST,
            "/api/v1/services/reports/{id}/regenerate/",
            post(reports::regenerate),
            SIGNED_IN,
        ),
        (
            Method::GET,
            "/api/v1/services/branding/",
            get(branding::list),
            SIGNED_IN,
        ),
        (
            Method::POST,
            "/api/v1/services/branding/",
            post(branding::create),
            SIGNED_IN,
        ),
        (
            Method::GET,
            "/api/v1/services/branding/{id}/",
            get(branding::detail),
            SIGNED_IN,
        ),
        (
            Method::PUT,
            "/api/v1/services/branding/{id}/",
            put(branding::update),
            SIGNED_IN,
        ),
        (
            Method::DELETE,
            "/api/v1/services/branding/{id}/",
            delete(branding::delete),
            SIGNED_IN,
        ),
        (
            Method::POST,
            "/api/v1/services/branding/{id}/verify-domain/",
            post(branding::verify_domain),
            SIGNED_IN,
        ),
        (
            Method::GET,
            "/api/v1/services/report-templates/",
            get(branding::templates),
            SIGNED_IN,
        ),
        (
            Method::POST,
            "/api/v1/services/report-templates/",
            post(branding::create_template),
            SIGNED_IN,
        ),
        (
            Method::PUT,
            "/api/v1/services/report-templates/{id}/",
            put(branding::update_template),
            SIGNED_IN,
        ),
        (
            Method::DELETE,
            "/api/v1/services/report-templates/{id}/",
            delete(branding::delete_template),
            SIGNED_IN,
        ),
        (
            Method::POST,
            "/api/v1/services/accounts/",
            post(clients::create_account),
            SIGNED_IN,
        ),
        (
            Method::PUT,
            "/api/v1/services/accounts/{id}/",
            put(clients::update_account),
            SIGNED_IN,
        ),
        (
            Method::POST,
            "/api/v1/services/accounts/{id}/sites/",
            post(clients::add_site),
            SIGNED_IN,
        ),
        (
            Method::POST,
            "/api/v1/services/accounts/{id}/invitations/",
            post(clients::invite_user),
            SIGNED_IN,
        ),
        (
            Method::DELETE,
            "/api/v1/services/invitations/{id}/",
            delete(clients::revoke_invitation),
            SIGNED_IN,
        ),
        (
            Method::POST,
            "/api/v1/services/subscriptions/",
            post(clients::start_subscription),
            SIGNED_IN,
        ),
        (
            Method::POST,
            "/api/v1/services/subscriptions/{id}/{change}/",
            post(clients::change_subscription),
            SIGNED_IN,
        ),
        (
            Method::POST,
            "/api/v1/services/orders/",
            post(clients::record_order),
            SIGNED_IN,
        ),
        (
            Method::POST,
            "/api/v1/services/orders/{id}/links/",
            post(clients::record_order_link),
            SIGNED_IN,
        ),
        (Method::GET, imports::PATH, get(imports::list), SIGNED_IN),
        (Method::POST, imports::PATH, post(imports::upload), SIGNED_IN),
        (Method::GET, "/reports/{id}/pdf", get(reports::pdf), SIGNED_IN),
        (Method::GET, "/reports/{id}/view", get(reports::web_version), SIGNED_IN),
        (
            Method::GET,
            app::api::templates::PREVIEW_PATH,
            get(crate::web::templates::preview),
            SIGNED_IN,
        ),
        (Method::GET, "/api/v1/openapi.json", get(openapi::document), OPEN),
        (Method::GET, "/reports/shared/{token}", get(reports::shared_pdf), OPEN),
    ]
}

/// Every route of `table` but the uploads (`uploads`: they have their own size limits).
pub fn routes() -> Router<AppState> {
    let (mut open, mut signed_in) = (Router::new(), Router::new());
    for (method, path, handler, anonymous) in table() {
        if is_upload(&method, path) {
            continue;
        }
        if anonymous {
            open = open.route(path, handler);
        } else {
            signed_in = signed_in.route(path, handler);
        }
    }
    signed_in
        .route_layer(axum::middleware::from_fn(signed_in_only))
        .merge(open)
}

fn is_upload(method: &Method, path: &str) -> bool {
    *method == Method::POST && path == imports::PATH
}

/// The upload routes: their bodies are files streamed to disk, limited per file
/// (`imports::MAX_FILE_BYTES`) rather than by the request body limit of the other routes.
pub fn uploads() -> Router<AppState> {
    table()
        .into_iter()
        .filter(|(method, path, ..)| is_upload(method, path))
        .fold(Router::new(), |r, (_, path, handler, _)| r.route(path, handler))
        .route(
            crate::web::imports::FORM_PATH,
            axum::routing::post(crate::web::imports::submit),
        )
        .route_layer(axum::middleware::from_fn(signed_in_only))
}

/// Every route but the OpenAPI document and share links needs a caller: anonymous requests are
/// answered 401 before anything (a query, a body) is read.
async fn signed_in_only(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    match req.extensions().get::<crate::http::SignedIn>() {
        Some(crate::http::SignedIn(Some(_))) => next.run(req).await,
        _ => crate::error::AppError::Unauthenticated.into_response(),
    }
}

/// The platform's success envelope.
pub fn ok<T: Serialize>(data: T) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "success": true, "data": data }))
}

/// A list page in the envelope: `{"success": true, "data": {"count", "next_cursor", "results"}}`.
pub fn page<T: Serialize>(p: Page<T>) -> Json<serde_json::Value> {
    ok(serde_json::json!({
        "count": p.total_count,
        "next_cursor": p.next_cursor,
        "results": p.items,
    }))
}
