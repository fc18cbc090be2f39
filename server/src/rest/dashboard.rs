//! `/api/v1/services/dashboard/…` (staff): the summary, overdue deliverables, margin, clients.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;

use super::extract::Params;
use super::ok;
use super::openapi::{ClientPage, Envelope, ErrorBody};
use crate::auth::{Action, Resource, authorize};
use crate::dashboard;
use crate::error::AppResult;
use crate::http::Caller;
use crate::reports::period::Period;
use crate::state::AppState;
#[allow(unused_imports)]
use app::types::{
    DashboardSummary,
    dashboard::{Margin, OverdueItem},
};

fn today() -> chrono::NaiveDate {
    crate::db::now().date()
}

/// `GET dashboard/`: revenue, clients, MRR (cached for a second or two: see `DashboardCache`).
#[utoipa::path(get, path = "/api/v1/services/dashboard/", tag = "dashboard",
    responses((status = 200, body = Envelope<DashboardSummary>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn summary(State(state): State<AppState>, Caller(actor): Caller) -> AppResult<Json<serde_json::Value>> {
    Ok(ok(state.dashboard.summary(&state, actor.as_ref(), today()).await?))
}

/// `GET dashboard/overdue/`: content behind target, orders past due, reports not sent, renewals.
#[utoipa::path(get, path = "/api/v1/services/dashboard/overdue/", tag = "dashboard",
    responses((status = 200, body = Envelope<Vec<OverdueItem>>), (status = 403, body = ErrorBody)))]
pub async fn overdue(State(state): State<AppState>, Caller(actor): Caller) -> AppResult<Json<serde_json::Value>> {
    let mut pooled = state.conn().await?;
    Ok(ok(
        dashboard::overdue(&mut pooled.conn(), actor.as_ref(), today()).await?
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PeriodParams {
    /// 2026-10, 2026-Q3, 2026-W45 or DATE..DATE (default: this month)
    period: Option<String>,
}

/// `GET dashboard/margin/?period=`: margin per subscription and per order.
#[utoipa::path(get, path = "/api/v1/services/dashboard/margin/", tag = "dashboard", params(PeriodParams),
    responses((status = 200, body = Envelope<Margin>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn margin(
    State(state): State<AppState>,
    Caller(actor): Caller,
    params: Params<PeriodParams>,
) -> AppResult<Json<serde_json::Value>> {
    authorize(actor.as_ref(), Action::ViewServicesDashboard, Resource::Platform)?;
    let p = params.parse()?;
    let period = match p.period {
        Some(spec) => Period::parse(&spec)?,
        None => dashboard::this_month(today()),
    };
    let mut pooled = state.conn().await?;
    Ok(ok(dashboard::margin(&mut pooled.conn(), actor.as_ref(), period).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ClientParams {
    page_size: Option<i64>,
    cursor: Option<String>,
}

/// `GET dashboard/clients/`: a page of clients and the status summary of all of them.
#[utoipa::path(get, path = "/api/v1/services/dashboard/clients/", tag = "dashboard", params(ClientParams),
    responses((status = 200, body = Envelope<ClientPage>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn clients(
    State(state): State<AppState>,
    Caller(actor): Caller,
    params: Params<ClientParams>,
) -> AppResult<Json<serde_json::Value>> {
    authorize(actor.as_ref(), Action::ViewServicesDashboard, Resource::Platform)?;
    let p = params.parse()?;
    let args = crate::pagination::PageArgs::parse(p.page_size, p.cursor.as_deref(), "page_size", "cursor")?;
    let mut pooled = state.conn().await?;
    let (page, status) = dashboard::clients(&mut pooled.conn(), actor.as_ref(), args, today()).await?;
    Ok(ok(serde_json::json!({
        "count": page.total_count,
        "next_cursor": page.next_cursor,
        "results": page.items,
        "status": status,
    })))
}
