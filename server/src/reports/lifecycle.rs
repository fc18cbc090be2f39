//! A ServiceReport's life: generate (render → store the PDF → save the row, in that order, so no
//! row ever points at a missing file) and download (authorized; other accounts get "not found").

use app::types::Actor;
use bytes::Bytes;
use sha2::{Digest, Sha256};

use super::generate::{ReportRequest, render_report};
use crate::auth::{Action, Resource, authorize};
use crate::db::models::{report::NewServiceReport, report::ServiceReport, site::Site};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Renders, stores and records a report; returns the new ServiceReport id.
pub async fn generate(state: &AppState, actor: Option<&Actor>, input: ReportRequest) -> AppResult<i64> {
    let actor_ref = actor.ok_or(AppError::Unauthenticated)?;
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let site = Site::find(&mut conn, input.site_id).await?;
    authorize(
        actor,
        Action::GenerateReport,
        Resource::Site {
            account_id: site.account_id,
            site_id: site.id,
        },
    )?;
    let now = crate::db::now();
    let rendered = render_report(&mut conn, &input, now).await?;
    let sha = hex::encode(Sha256::digest(&rendered.pdf));
    let key = format!(
        "reports/{}/{}/{}-{}-{}.pdf",
        site.account_id,
        site.id,
        input.period.start,
        input.report_type,
        &sha[..16]
    );
    let size = rendered.pdf.len() as i64;
    state.storage.put(&key, rendered.pdf).await?;
    let row = NewServiceReport {
        account_id: site.account_id,
        created_by: Some(actor_ref.user_id),
        site_id: site.id,
        managed_subscription_id: None,
        report_type: input.report_type.to_owned(),
        period_start: input.period.start,
        period_end: input.period.end,
        report_data: serde_json::to_string(&rendered.data)
            .map_err(|e| AppError::internal(format!("report data: {e}")))?,
        pdf_object_key: key.clone(),
        pdf_size_bytes: Some(size),
        pdf_sha256: Some(sha),
        is_white_label: input.branding_id.is_some(),
        branding_id: input.branding_id,
        theme: input.theme.as_str().to_owned(),
        sections_included: serde_json::to_string(&rendered.data.sections).unwrap_or_else(|_| "[]".into()),
        status: "generated".into(),
        generated_at: now,
        created_at: now,
        updated_at: now,
    };
    match ServiceReport::insert(&mut conn, &row).await {
        Ok(id) => Ok(id),
        Err(e) => {
            // never leave a file without its row
            if let Err(cleanup) = state.storage.delete(&key).await {
                tracing::error!(%key, error = %cleanup, "could not remove the PDF of a report whose row failed");
            }
            Err(e.into())
        }
    }
}

/// The PDF of a report, with a file name that names the site and period (never the platform).
pub async fn pdf(state: &AppState, actor: Option<&Actor>, report_id: i64) -> AppResult<(String, Bytes)> {
    if actor.is_none() {
        return Err(AppError::Unauthenticated);
    }
    let mut pooled = state.conn().await?;
    let report = ServiceReport::find(&mut pooled.conn(), report_id).await?;
    authorize(
        actor,
        Action::DownloadReport,
        Resource::Site {
            account_id: report.account_id,
            site_id: report.site_id,
        },
    )?;
    let site = Site::find(&mut pooled.conn(), report.site_id).await?;
    let bytes = state.storage.get(&report.pdf_object_key).await?;
    let domain: String = site
        .domain
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        .collect();
    Ok((
        format!("{domain}-{}-{}.pdf", report.report_type, report.period_start),
        bytes,
    ))
}
