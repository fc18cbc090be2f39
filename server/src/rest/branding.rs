//! `/api/v1/services/branding/…` and `/api/v1/services/report-templates/…` (the spec's tables).

use app::types::branding::BrandingInput;
use app::types::template::TemplateInput;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::extract::{Body, path_id};
use super::ok;
use super::openapi::{Envelope, ErrorBody};
use crate::auth::{Action, may};
use crate::error::AppResult;
use crate::http::Caller;
use crate::state::AppState;
use crate::{brandings, templates};
#[allow(unused_imports)]
use app::types::{branding::Branding, template::ReportTemplate};

#[utoipa::path(get, path = "/api/v1/services/branding/", tag = "branding",
    responses((status = 200, body = Envelope<Vec<Branding>>), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, Caller(actor): Caller) -> AppResult<Response> {
    let mut pooled = state.conn().await?;
    Ok(ok(brandings::list(&mut pooled.conn(), actor.as_ref()).await?).into_response())
}

#[utoipa::path(post, path = "/api/v1/services/branding/", tag = "branding", request_body = BrandingInput,
    responses((status = 201, body = Envelope<Branding>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    body: Body<BrandingInput>,
) -> AppResult<Response> {
    may(actor.as_ref(), Action::ManageBranding)?;
    let input = body.parse()?;
    let mut pooled = state.conn().await?;
    let b = brandings::create(
        &mut pooled.conn(),
        actor.as_ref(),
        &input,
        &state.config.platform_host(),
    )
    .await?;
    Ok((StatusCode::CREATED, ok(b)).into_response())
}

#[utoipa::path(get, path = "/api/v1/services/branding/{id}/", tag = "branding", params(("id" = i64, Path)),
    responses((status = 200, body = Envelope<Branding>), (status = 404, body = ErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let mut pooled = state.conn().await?;
    Ok(ok(brandings::get(&mut pooled.conn(), actor.as_ref(), path_id(&raw)?).await?).into_response())
}

#[utoipa::path(put, path = "/api/v1/services/branding/{id}/", tag = "branding", params(("id" = i64, Path)), request_body = BrandingInput,
    responses((status = 200, body = Envelope<Branding>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(raw): Path<String>,
    body: Body<BrandingInput>,
) -> AppResult<Response> {
    let id = path_id(&raw)?;
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    brandings::editable(&mut conn, actor.as_ref(), id).await?;
    let input = body.parse()?;
    let platform = state.config.platform_host();
    Ok(ok(brandings::update(&mut conn, actor.as_ref(), id, &input, &platform).await?).into_response())
}

#[utoipa::path(post, path = "/api/v1/services/branding/{id}/verify-domain/", tag = "branding", params(("id" = i64, Path)),
    responses((status = 200, body = Envelope<Branding>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn verify_domain(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let checker = crate::domains::Checker::new(&state.config);
    let mut pooled = state.conn().await?;
    Ok(
        ok(brandings::verify_domain(&mut pooled.conn(), actor.as_ref(), path_id(&raw)?, &checker).await?)
            .into_response(),
    )
}

#[utoipa::path(delete, path = "/api/v1/services/branding/{id}/", tag = "branding", params(("id" = i64, Path)),
    responses((status = 204, description = "deleted"), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let mut pooled = state.conn().await?;
    brandings::delete(&mut pooled.conn(), actor.as_ref(), path_id(&raw)?).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(get, path = "/api/v1/services/report-templates/", tag = "templates",
    responses((status = 200, body = Envelope<Vec<ReportTemplate>>), (status = 403, body = ErrorBody)))]
pub async fn templates(State(state): State<AppState>, Caller(actor): Caller) -> AppResult<Response> {
    let mut pooled = state.conn().await?;
    Ok(ok(templates::list(&mut pooled.conn(), actor.as_ref()).await?).into_response())
}

#[utoipa::path(post, path = "/api/v1/services/report-templates/", tag = "templates", request_body = TemplateInput,
    responses((status = 201, body = Envelope<ReportTemplate>), (status = 422, body = ErrorBody)))]
pub async fn create_template(
    State(state): State<AppState>,
    Caller(actor): Caller,
    body: Body<TemplateInput>,
) -> AppResult<Response> {
    may(actor.as_ref(), Action::ManageTemplates)?;
    let input = body.parse()?;
    let mut pooled = state.conn().await?;
    let t = templates::create(&mut pooled.conn(), actor.as_ref(), &input).await?;
    Ok((StatusCode::CREATED, ok(t)).into_response())
}

#[utoipa::path(put, path = "/api/v1/services/report-templates/{id}/", tag = "templates", params(("id" = i64, Path)), request_body = TemplateInput,
    responses((status = 200, body = Envelope<ReportTemplate>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_template(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(raw): Path<String>,
    body: Body<TemplateInput>,
) -> AppResult<Response> {
    let id = path_id(&raw)?;
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    templates::editable(&mut conn, actor.as_ref(), id).await?;
    let input = body.parse()?;
    Ok(ok(templates::update(&mut conn, actor.as_ref(), id, &input).await?).into_response())
}

#[utoipa::path(delete, path = "/api/v1/services/report-templates/{id}/", tag = "templates", params(("id" = i64, Path)),
    responses((status = 204, description = "deleted"), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_template(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let mut pooled = state.conn().await?;
    templates::delete(&mut pooled.conn(), actor.as_ref(), path_id(&raw)?).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
