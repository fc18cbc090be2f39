//! REST under `/api/v1/services/` exactly as the spec's tables (trailing slashes), answering in
//! the platform's envelope `{"success": true, "data": …}`. Handlers are thin: the `Caller`
//! extractor authenticates, a service authorizes and computes.

pub mod dashboard;
pub mod reports;

use axum::Json;
use axum::Router;
use axum::routing::get;
use serde::Serialize;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/services/dashboard/", get(dashboard::summary))
        .route("/reports/{id}/pdf", get(reports::pdf))
        .route("/reports/shared/{token}", get(reports::shared_pdf))
}

/// The platform's success envelope.
pub fn ok<T: Serialize>(data: T) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "success": true, "data": data }))
}
