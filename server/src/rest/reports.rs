//! `/api/v1/services/reports/…` (the spec's table) and the PDF downloads:
//! `GET /reports/{id}/pdf` for the account's owners and admins (and staff), and
//! `GET /reports/shared/{token}` for whoever holds an unexpired share link.

use app::types::report::{GenerateReportInput, ReportFilter};
use axum::extract::{Extension, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::Deserialize;

use super::extract::{Body, Params};
use super::openapi::{Envelope, ErrorBody, ReportPage};
use super::{ok, page};
use crate::auth::{Action, may};
use crate::domains::Host;
use crate::error::{AppError, AppResult};
use crate::http::Caller;
use crate::reports::{lifecycle, records};
use crate::state::AppState;
#[allow(unused_imports)]
use app::types::report::ServiceReport;

fn report_id(raw: &str) -> AppResult<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| AppError::invalid("id", "must be a numeric report id"))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    site_id: Option<i64>,
    report_type: Option<String>,
    period_from: Option<String>,
    period_to: Option<String>,
    page_size: Option<i64>,
    cursor: Option<String>,
}

/// `GET /services/reports/`: reports of the caller's account (all for staff), newest first.
#[utoipa::path(get, path = "/api/v1/services/reports/", tag = "reports", params(ListParams),
    responses((status = 200, body = Envelope<ReportPage>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    params: Params<ListParams>,
) -> AppResult<Response> {
    may(actor.as_ref(), Action::ViewReports)?;
    let p = params.parse()?;
    let filter = ReportFilter {
        site_id: p.site_id,
        report_type: p.report_type,
        period_from: p.period_from,
        period_to: p.period_to,
    };
    let args = crate::pagination::PageArgs::parse(p.page_size, p.cursor.as_deref(), "page_size", "cursor")?;
    Ok(page(records::list(&state, actor.as_ref(), &filter, args).await?).into_response())
}

/// `POST /services/reports/generate/`: 201 with the new report.
#[utoipa::path(post, path = "/api/v1/services/reports/generate/", tag = "reports", request_body = GenerateReportInput,
    responses((status = 201, body = Envelope<ServiceReport>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn generate(
    State(state): State<AppState>,
    Caller(actor): Caller,
    body: Body<GenerateReportInput>,
) -> AppResult<Response> {
    may(actor.as_ref(), Action::GenerateReport)?;
    let req = records::request(&body.parse()?)?;
    let id = lifecycle::generate(&state, actor.as_ref(), req).await?;
    let report = records::get(&state, actor.as_ref(), id).await?;
    Ok((StatusCode::CREATED, ok(report)).into_response())
}

/// `GET /services/reports/{id}/`: the report with its data and PDF URL.
#[utoipa::path(get, path = "/api/v1/services/reports/{id}/", tag = "reports", params(("id" = i64, Path)),
    responses((status = 200, body = Envelope<ServiceReport>), (status = 404, body = ErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
) -> AppResult<Response> {
    Ok(ok(records::get(&state, actor.as_ref(), report_id(&id)?).await?).into_response())
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendBody {
    recipients: Option<Vec<String>>,
}

/// `POST /services/reports/{id}/send/`: queues the email (default: the subscription's recipients).
#[utoipa::path(post, path = "/api/v1/services/reports/{id}/send/", tag = "reports", params(("id" = i64, Path)), request_body = SendBody,
    responses((status = 202, body = Envelope<ServiceReport>), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn send(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    body: Body<SendBody>,
) -> AppResult<Response> {
    let id = report_id(&id)?;
    {
        let mut pooled = state.conn().await?;
        records::sendable(&mut pooled.conn(), actor.as_ref(), id).await?;
    }
    let recipients = body.parse()?.recipients;
    let report = records::send(&state, actor.as_ref(), id, recipients).await?;
    Ok((StatusCode::ACCEPTED, ok(report)).into_response())
}

/// `POST /services/reports/{id}/regenerate/`: renders the frozen data again.
#[utoipa::path(post, path = "/api/v1/services/reports/{id}/regenerate/", tag = "reports", params(("id" = i64, Path)),
    responses((status = 200, body = Envelope<ServiceReport>), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn regenerate(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = report_id(&id)?;
    lifecycle::regenerate(&state, actor.as_ref(), id).await?;
    Ok(ok(records::get(&state, actor.as_ref(), id).await?).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PreviewParams {
    site_id: i64,
    period: Option<String>,
    period_start: Option<String>,
    period_end: Option<String>,
    report_type: Option<String>,
    /// Comma-separated section keys.
    sections_included: Option<String>,
    branding_id: Option<i64>,
    template_id: Option<i64>,
    theme: Option<String>,
    /// json (the default: data, HTML and check), html, or pdf
    format: Option<String>,
}

/// `GET /services/reports/preview/`: renders without saving; `format=html|pdf` answers the file.
#[utoipa::path(get, path = "/api/v1/services/reports/preview/", tag = "reports", params(PreviewParams),
    responses((status = 200, description = "JSON (data, HTML, check), text/html or application/pdf"), (status = 422, body = ErrorBody)))]
pub async fn preview(
    State(state): State<AppState>,
    Caller(actor): Caller,
    params: Params<PreviewParams>,
) -> AppResult<Response> {
    may(actor.as_ref(), Action::GenerateReport)?;
    let p = params.parse()?;
    let format = p.format.as_deref().unwrap_or("json");
    if !matches!(format, "json" | "html" | "pdf") {
        return Err(AppError::invalid(
            "format",
            format!("`{format}` is not json, html or pdf"),
        ));
    }
    let input = GenerateReportInput {
        site_id: p.site_id,
        period: p.period,
        period_start: p.period_start,
        period_end: p.period_end,
        report_type: p.report_type,
        sections_included: p
            .sections_included
            .map(|s| s.split(',').map(|k| k.trim().to_owned()).collect()),
        branding_id: p.branding_id,
        template_id: p.template_id,
        theme: p.theme,
    };
    let req = records::request(&input)?;
    let preview = lifecycle::preview(&state, actor.as_ref(), req, format != "html").await?;
    Ok(match format {
        "html" => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "private, no-store"),
                // a template's markup runs in a sandbox: no script, no requests, no framing by others
                (header::CONTENT_SECURITY_POLICY, crate::security::TEMPLATE_OUTPUT_POLICY),
            ],
            preview.html,
        )
            .into_response(),
        "pdf" => (
            [
                (header::CONTENT_TYPE, "application/pdf"),
                (header::CACHE_CONTROL, "private, no-store"),
                (header::CONTENT_SECURITY_POLICY, crate::security::PDF_PREVIEW_POLICY),
            ],
            preview.pdf.unwrap_or_default(),
        )
            .into_response(),
        _ => ok(serde_json::json!({
            "report_data": preview.data,
            "html": preview.html,
            "pdf_base64": preview.pdf.map(|b| base64::engine::general_purpose::STANDARD.encode(b)),
            "hold_reason": preview.hold_reason,
        }))
        .into_response(),
    })
}

/// The report's PDF (owners and admins of its account, and staff).
#[utoipa::path(get, path = "/reports/{id}/pdf", tag = "reports", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf", description = "the PDF"), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn pdf(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Extension(host): Extension<Host>,
) -> AppResult<impl IntoResponse> {
    let id = report_id(&id)?;
    on_host(&state, &host, id).await?;
    Ok(attachment(lifecycle::pdf(&state, actor.as_ref(), id).await?))
}

/// On an agency's domain only the reports made under its branding exist (whoever asks).
async fn on_host(state: &AppState, host: &Host, report: i64) -> AppResult<()> {
    if let Some(brand) = &host.brand {
        let mut pooled = state.conn().await?;
        crate::domains::report_on_brand(&mut pooled.conn(), Some(brand.branding_id), report).await?;
    }
    Ok(())
}

/// The report's web version (as for its PDF), served in a sandbox: no script, no requests.
#[utoipa::path(get, path = "/reports/{id}/view", tag = "reports", params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/html", description = "the report as HTML"), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn web_version(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Extension(host): Extension<Host>,
) -> AppResult<Response> {
    let id = report_id(&id)?;
    on_host(&state, &host, id).await?;
    let html = lifecycle::web_version(&state, actor.as_ref(), id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-store"),
            (header::CONTENT_SECURITY_POLICY, crate::security::TEMPLATE_OUTPUT_POLICY),
        ],
        html,
    )
        .into_response())
}

/// The PDF behind an unexpired, unrevoked share link (no sign-in).
#[utoipa::path(get, path = "/reports/shared/{token}", tag = "reports", params(("token" = String, Path)),
    responses((status = 200, content_type = "application/pdf", description = "the PDF"), (status = 404, body = ErrorBody)))]
pub async fn shared_pdf(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Extension(host): Extension<Host>,
) -> AppResult<impl IntoResponse> {
    // a link opens on the platform's host, or on the domain of the branding its report was made under
    let (download, branding) = lifecycle::shared_pdf(&state, &token).await?;
    match (&host.brand, host.platform) {
        (Some(brand), _) if branding != Some(brand.branding_id) => Err(AppError::NotFound),
        (None, false) => Err(AppError::NotFound),
        _ => Ok(attachment(download)),
    }
}

/// Streams the stored file to the client as it is read from the store.
fn attachment(download: lifecycle::Download) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_LENGTH, download.size.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", download.name),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        axum::body::Body::from_stream(download.body),
    )
}
