//! `GET /api/v1/services/dashboard/`: revenue, clients, MRR (staff).

use axum::Json;
use axum::extract::State;

use crate::dashboard;
use crate::error::AppResult;
use crate::http::Caller;
use crate::state::AppState;

pub async fn summary(State(state): State<AppState>, Caller(actor): Caller) -> AppResult<Json<serde_json::Value>> {
    let mut pooled = state.conn().await?;
    let summary = dashboard::summary(&mut pooled.conn(), actor.as_ref()).await?;
    Ok(super::ok(summary))
}
