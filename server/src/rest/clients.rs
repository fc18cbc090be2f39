//! Client onboarding by Alorig staff: `/api/v1/services/accounts/…`,
//! `/api/v1/services/subscriptions/…` and `/api/v1/services/orders/…` (the same services as
//! GraphQL's mutations).

use app::types::Subscription;
use app::types::account::{Account, AccountInput};
use app::types::order::{BacklinkOrder, OrderInput, OrderLinkInput};
use app::types::site::{Site, SiteInput};
use app::types::subscription::{SubscriptionChange, SubscriptionInput};
use app::types::user::{Invitation, InvitationInput};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::extract::{Body, path_id};
use super::ok;
use super::openapi::{Envelope, ErrorBody};
use crate::auth::{Action, may};
use crate::error::{AppError, AppResult};
use crate::http::Caller;
use crate::state::AppState;
use crate::{accounts, sites, subscriptions};

fn created<T: serde::Serialize>(data: T) -> Response {
    (StatusCode::CREATED, ok(data)).into_response()
}

#[utoipa::path(post, path = "/api/v1/services/accounts/", tag = "clients", request_body = AccountInput,
    responses((status = 201, body = Envelope<Account>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_account(
    State(state): State<AppState>,
    Caller(actor): Caller,
    body: Body<AccountInput>,
) -> AppResult<Response> {
    may(actor.as_ref(), Action::ManageClients)?;
    let input = body.parse()?;
    let mut pooled = state.conn().await?;
    Ok(created(
        accounts::create(&mut pooled.conn(), actor.as_ref(), &input).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/services/accounts/{id}/", tag = "clients", params(("id" = i64, Path)),
    request_body = AccountInput,
    responses((status = 200, body = Envelope<Account>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_account(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(raw): Path<String>,
    body: Body<AccountInput>,
) -> AppResult<Response> {
    may(actor.as_ref(), Action::ManageClients)?;
    let (id, input) = (path_id(&raw)?, body.parse()?);
    let mut pooled = state.conn().await?;
    Ok(ok(accounts::update(&mut pooled.conn(), actor.as_ref(), id, &input).await?).into_response())
}

#[utoipa::path(post, path = "/api/v1/services/accounts/{id}/sites/", tag = "clients", params(("id" = i64, Path)),
    request_body = SiteInput,
    responses((status = 201, body = Envelope<Site>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_site(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(raw): Path<String>,
    body: Body<SiteInput>,
) -> AppResult<Response> {
    may(actor.as_ref(), Action::ManageClients)?;
    let (id, input) = (path_id(&raw)?, body.parse()?);
    let mut pooled = state.conn().await?;
    Ok(created(
        sites::add(&mut pooled.conn(), actor.as_ref(), id, &input).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/services/accounts/{id}/invitations/", tag = "clients", params(("id" = i64, Path)),
    request_body = InvitationInput,
    responses((status = 201, body = Envelope<Invitation>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn invite_user(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(raw): Path<String>,
    body: Body<InvitationInput>,
) -> AppResult<Response> {
    may(actor.as_ref(), Action::ManageClients)?;
    let (id, input) = (path_id(&raw)?, body.parse()?);
    Ok(created(
        crate::invitations::invite(&state, actor.as_ref(), id, &input).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/services/invitations/{id}/", tag = "clients", params(("id" = i64, Path)),
    responses((status = 200, body = Envelope<Invitation>), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn revoke_invitation(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    may(actor.as_ref(), Action::ManageClients)?;
    let id = path_id(&raw)?;
    let mut pooled = state.conn().await?;
    Ok(ok(crate::invitations::revoke(&mut pooled.conn(), actor.as_ref(), id).await?).into_response())
}

#[utoipa::path(post, path = "/api/v1/services/subscriptions/", tag = "clients", request_body = SubscriptionInput,
    responses((status = 201, body = Envelope<Subscription>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn start_subscription(
    State(state): State<AppState>,
    Caller(actor): Caller,
    body: Body<SubscriptionInput>,
) -> AppResult<Response> {
    may(actor.as_ref(), Action::ManageClients)?;
    let input = body.parse()?;
    Ok(created(subscriptions::start(&state, actor.as_ref(), &input).await?))
}

#[utoipa::path(post, path = "/api/v1/services/subscriptions/{id}/{change}/", tag = "clients",
    params(("id" = i64, Path), ("change" = String, Path, description = "pause, resume, cancel, require_review or waive_review")),
    responses((status = 200, body = Envelope<Subscription>), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn change_subscription(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path((raw, change)): Path<(String, String)>,
) -> AppResult<Response> {
    may(actor.as_ref(), Action::ManageClients)?;
    let id = path_id(&raw)?;
    let change = SubscriptionChange::parse(&change).ok_or_else(|| {
        AppError::invalid(
            "change",
            format!("`{change}` is not one of {}", SubscriptionChange::listed()),
        )
    })?;
    Ok(ok(subscriptions::change(&state, actor.as_ref(), id, change).await?).into_response())
}

#[utoipa::path(post, path = "/api/v1/services/orders/", tag = "clients", request_body = OrderInput,
    responses((status = 201, body = Envelope<BacklinkOrder>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_order(
    State(state): State<AppState>,
    Caller(actor): Caller,
    body: Body<OrderInput>,
) -> AppResult<Response> {
    may(actor.as_ref(), Action::ManageClients)?;
    let input = body.parse()?;
    Ok(created(crate::orders::record(&state, actor.as_ref(), &input).await?))
}

#[utoipa::path(post, path = "/api/v1/services/orders/{id}/links/", tag = "clients", params(("id" = i64, Path)),
    request_body = OrderLinkInput,
    responses((status = 201, body = Envelope<BacklinkOrder>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_order_link(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(raw): Path<String>,
    body: Body<OrderLinkInput>,
) -> AppResult<Response> {
    may(actor.as_ref(), Action::ManageClients)?;
    let (id, input) = (path_id(&raw)?, body.parse()?);
    Ok(created(
        crate::orders::record_link(&state, actor.as_ref(), id, &input).await?,
    ))
}
