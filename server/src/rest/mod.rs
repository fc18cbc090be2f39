//! REST under `/api/v1/services/` exactly as the spec's tables (trailing slashes), answering in
//! the platform's envelope `{"success": true, "data": …}`. Handlers are thin: the `Caller`
//! extractor authenticates, a service authorizes and computes.

pub mod branding;
pub mod dashboard;
pub mod extract;
pub mod openapi;
pub mod reports;

use app::types::page::Page;
use axum::Json;
use axum::Router;
use axum::routing::{get, post, put};
use serde::Serialize;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    const S: &str = "/api/v1/services";
    let open = Router::new()
        .route("/api/v1/openapi.json", get(openapi::document))
        .route("/reports/shared/{token}", get(reports::shared_pdf));
    Router::new()
        .route(&format!("{S}/dashboard/"), get(dashboard::summary))
        .route(&format!("{S}/dashboard/overdue/"), get(dashboard::overdue))
        .route(&format!("{S}/dashboard/margin/"), get(dashboard::margin))
        .route(&format!("{S}/dashboard/clients/"), get(dashboard::clients))
        .route(&format!("{S}/reports/"), get(reports::list))
        .route(&format!("{S}/reports/generate/"), post(reports::generate))
        .route(&format!("{S}/reports/preview/"), get(reports::preview))
        .route(&format!("{S}/reports/{{id}}/"), get(reports::detail))
        .route(&format!("{S}/reports/{{id}}/send/"), post(reports::send))
        .route(&format!("{S}/reports/{{id}}/regenerate/"), post(reports::regenerate))
        .route(&format!("{S}/branding/"), get(branding::list).post(branding::create))
        .route(
            &format!("{S}/branding/{{id}}/"),
            get(branding::detail).put(branding::update).delete(branding::delete),
        )
        .route(
            &format!("{S}/report-templates/"),
            get(branding::templates).post(branding::create_template),
        )
        .route(&format!("{S}/report-templates/{{id}}/"), put(branding::update_template))
        .route("/reports/{id}/pdf", get(reports::pdf))
        .route_layer(axum::middleware::from_fn(signed_in_only))
        .merge(open)
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
