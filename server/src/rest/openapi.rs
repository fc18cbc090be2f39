//! The OpenAPI document of the REST API (`GET /api/v1/openapi.json`), generated from the
//! handlers' `#[utoipa::path]` attributes and the shared types' `ToSchema` derives.

use app::types::dashboard::{ClientRow, ClientStatusSummary};
use app::types::report::ServiceReport;
use axum::Json;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

/// The platform's success envelope.
#[derive(Serialize, ToSchema)]
pub struct Envelope<T> {
    pub success: bool,
    pub data: T,
}

/// The platform's error envelope; `errors` names the fields of invalid input.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub success: bool,
    /// UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, INVALID, CONFLICT, RATE_LIMITED or INTERNAL
    pub code: String,
    pub message: String,
    pub errors: Vec<FieldError>,
}

#[derive(Serialize, ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// A page of reports.
#[derive(Serialize, ToSchema)]
pub struct ReportPage {
    pub count: i64,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    pub results: Vec<ServiceReport>,
}

/// A page of clients and the status summary of all of them.
#[derive(Serialize, ToSchema)]
pub struct ClientPage {
    pub count: i64,
    pub next_cursor: Option<String>,
    pub results: Vec<ClientRow>,
    pub status: ClientStatusSummary,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "IGNY8 Services REST API",
        description = "Managed SEO services: reports, white-label branding, templates, the services dashboard and client onboarding. \
            Authenticate with `Authorization: Bearer igny8_…` (an API token) or the session cookie."
    ),
    paths(
        super::reports::list,
        super::reports::generate,
        super::reports::preview,
        super::reports::detail,
        super::reports::send,
        super::reports::regenerate,
        super::reports::pdf,
        super::reports::web_version,
        crate::web::templates::preview,
        super::reports::shared_pdf,
        super::branding::list,
        super::branding::create,
        super::branding::detail,
        super::branding::update,
        super::branding::delete,
        super::branding::verify_domain,
        super::branding::templates,
        super::branding::create_template,
        super::branding::update_template,
        super::branding::delete_template,
        super::dashboard::summary,
        super::dashboard::overdue,
        super::dashboard::margin,
        super::dashboard::clients,
        super::clients::create_account,
        super::clients::update_account,
        super::clients::add_site,
        super::clients::invite_user,
        super::clients::revoke_invitation,
        super::clients::start_subscription,
        super::clients::change_subscription,
        super::clients::record_order,
        super::clients::record_order_link,
        super::imports::upload,
        super::imports::list,
    )
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
