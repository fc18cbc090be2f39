//! `/api/v1/services/branding/…` and `/api/v1/services/report-templates/…` (the spec's tables).

use app::types::branding::BrandingInput;
use app::types::template::TemplateInput;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::extract::Body;
use super::ok;
use crate::error::{AppError, AppResult};
use crate::http::Caller;
use crate::state::AppState;
use crate::{brandings, templates};

fn id(raw: &str) -> AppResult<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| AppError::invalid("id", "must be a numeric id"))
}

pub async fn list(State(state): State<AppState>, Caller(actor): Caller) -> AppResult<Response> {
    let mut pooled = state.conn().await?;
    Ok(ok(brandings::list(&mut pooled.conn(), actor.as_ref()).await?).into_response())
}

pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Body(input): Body<BrandingInput>,
) -> AppResult<Response> {
    let mut pooled = state.conn().await?;
    let b = brandings::create(&mut pooled.conn(), actor.as_ref(), &input).await?;
    Ok((StatusCode::CREATED, ok(b)).into_response())
}

pub async fn detail(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let mut pooled = state.conn().await?;
    Ok(ok(brandings::get(&mut pooled.conn(), actor.as_ref(), id(&raw)?).await?).into_response())
}

pub async fn update(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(raw): Path<String>,
    Body(input): Body<BrandingInput>,
) -> AppResult<Response> {
    let mut pooled = state.conn().await?;
    Ok(ok(brandings::update(&mut pooled.conn(), actor.as_ref(), id(&raw)?, &input).await?).into_response())
}

pub async fn delete(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let mut pooled = state.conn().await?;
    brandings::delete(&mut pooled.conn(), actor.as_ref(), id(&raw)?).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn templates(State(state): State<AppState>, Caller(actor): Caller) -> AppResult<Response> {
    let mut pooled = state.conn().await?;
    Ok(ok(templates::list(&mut pooled.conn(), actor.as_ref()).await?).into_response())
}

pub async fn create_template(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Body(input): Body<TemplateInput>,
) -> AppResult<Response> {
    let mut pooled = state.conn().await?;
    let t = templates::create(&mut pooled.conn(), actor.as_ref(), &input).await?;
    Ok((StatusCode::CREATED, ok(t)).into_response())
}

pub async fn update_template(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(raw): Path<String>,
    Body(input): Body<TemplateInput>,
) -> AppResult<Response> {
    let mut pooled = state.conn().await?;
    Ok(ok(templates::update(&mut pooled.conn(), actor.as_ref(), id(&raw)?, &input).await?).into_response())
}
