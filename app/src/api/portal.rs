//! The client portal (managed clients): the service overview, the report viewer and the
//! approval queue. Reads are the caller's own account's (their sites, when restricted); the
//! forms are plain posts that come back to the page.

use leptos::prelude::*;

use crate::types::ApiError;
use crate::types::approval::ApprovalQueue;
use crate::types::overview::ServiceOverview;
use crate::types::report::{ClientReport, ClientReports, ReportFilter};

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports, redirect};

/// The report list.
pub const REPORTS_PATH: &str = "/managed-service/reports";
/// The approval queue.
pub const APPROVALS_PATH: &str = "/managed-service/approvals";

/// One report's page.
pub fn report_path(id: i64) -> String {
    format!("{REPORTS_PATH}/{id}")
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait PortalPort: Send + Sync + 'static {
    async fn overview(&self, actor: Option<&crate::types::Actor>) -> Result<ServiceOverview, ApiError>;
    async fn reports(
        &self,
        actor: Option<&crate::types::Actor>,
        filter: &ReportFilter,
        cursor: Option<&str>,
    ) -> Result<ClientReports, ApiError>;
    async fn report(&self, actor: Option<&crate::types::Actor>, id: i64) -> Result<ClientReport, ApiError>;
    /// A share link valid for `days`; its full URL.
    async fn share(&self, actor: Option<&crate::types::Actor>, report: i64, days: i64) -> Result<String, ApiError>;
    /// Revokes a share link of the report.
    async fn revoke_share(&self, actor: Option<&crate::types::Actor>, report: i64, link: i64) -> Result<(), ApiError>;
    async fn approvals(&self, actor: Option<&crate::types::Actor>) -> Result<ApprovalQueue, ApiError>;
    /// `decision`: `approve`, or `changes` (which needs a note); answers which it was.
    async fn decide(
        &self,
        actor: Option<&crate::types::Actor>,
        id: i64,
        decision: &str,
        note: &str,
    ) -> Result<&'static str, ApiError>;
}

/// The caller's managed sites with this month's progress and their latest report's figures.
#[server(prefix = "/api/ui", endpoint = "service_overview")]
pub async fn managed_overview() -> Result<ServiceOverview, ApiError> {
    answer(async { ports()?.portal.overview(actor().await?.as_ref()).await }.await)
}

/// The report list's view as the URL carries it: plain strings, checked by `filter`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportListParams {
    pub site: Option<String>,
    pub report_type: Option<String>,
    pub year: Option<String>,
    pub cursor: Option<String>,
}

impl ReportListParams {
    pub fn from_map(map: &leptos_router::params::ParamsMap) -> Self {
        let get = |k: &str| map.get(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        ReportListParams {
            site: get("site"),
            report_type: get("report_type"),
            year: get("year"),
            cursor: get("cursor"),
        }
    }

    /// The API's filter, or the first parameter that is not understood (named). A year is the
    /// reports whose period starts in it.
    pub fn filter(&self) -> Result<ReportFilter, ApiError> {
        let site_id = self
            .site
            .as_deref()
            .map(|s| {
                s.parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| ApiError::invalid("site", "must be one of the listed sites"))
            })
            .transpose()?;
        let year = self
            .year
            .as_deref()
            .map(|y| {
                y.parse::<i32>()
                    .ok()
                    .filter(|n| (2000..=2100).contains(n))
                    .ok_or_else(|| ApiError::invalid("year", "must be a year such as 2026"))
            })
            .transpose()?;
        Ok(ReportFilter {
            site_id,
            report_type: self.report_type.clone(),
            period_from: year.map(|y| format!("{y}-01-01")),
            period_to: year.map(|y| format!("{y}-12-31")),
        })
    }
}

/// A page of the caller's reports, newest first.
#[server(prefix = "/api/ui", endpoint = "portal_reports")]
pub async fn portal_reports(params: ReportListParams) -> Result<ClientReports, ApiError> {
    answer(
        async {
            let filter = params.filter()?;
            ports()?
                .portal
                .reports(actor().await?.as_ref(), &filter, params.cursor.as_deref())
                .await
        }
        .await,
    )
}

/// One of the caller's reports.
#[server(prefix = "/api/ui", endpoint = "portal_report")]
pub async fn portal_report(id: i64) -> Result<ClientReport, ApiError> {
    answer(async { ports()?.portal.report(actor().await?.as_ref(), id).await }.await)
}

/// How long a share link the client makes may live, in days (the form's choices).
pub const SHARE_DAYS: [i64; 3] = [7, 30, 90];

/// Creates a share link; the report's page shows its URL once.
#[server(prefix = "/api/ui", endpoint = "portal_share_report")]
pub async fn portal_share_report(report: i64, days: Option<String>) -> Result<(), ApiError> {
    let result = async {
        let days = match days.as_deref().map(str::trim) {
            None | Some("") => 30,
            Some(d) => d
                .parse::<i64>()
                .ok()
                .filter(|n| SHARE_DAYS.contains(n))
                .ok_or_else(|| ApiError::invalid("days", "must be 7, 30 or 90"))?,
        };
        ports()?.portal.share(actor().await?.as_ref(), report, days).await
    }
    .await;
    back_to_report(
        report,
        result.map(|url| vec![("done", "shared".to_owned()), ("link", url)]),
    )
}

/// Revokes a share link of the report.
#[server(prefix = "/api/ui", endpoint = "portal_revoke_share")]
pub async fn portal_revoke_share(report: i64, link: i64) -> Result<(), ApiError> {
    let result = async {
        ports()?
            .portal
            .revoke_share(actor().await?.as_ref(), report, link)
            .await
    }
    .await;
    back_to_report(report, result.map(|()| vec![("done", "revoked".to_owned())]))
}

/// Back on the report's page with `pairs`, or with the refusal when the input can be corrected.
#[cfg(feature = "ssr")]
fn back_to_report(report: i64, result: Result<Vec<(&str, String)>, ApiError>) -> Result<(), ApiError> {
    use crate::types::ErrorCode;
    let pairs = match result {
        Ok(pairs) => pairs,
        Err(e)
            if matches!(
                e.code,
                ErrorCode::Invalid | ErrorCode::Conflict | ErrorCode::RateLimited
            ) =>
        {
            vec![("error", e.message)]
        }
        Err(e) => return answer(Err(e)),
    };
    redirect(&with_query(&report_path(report), &pairs));
    Ok(())
}

#[cfg(feature = "ssr")]
fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let mut url = path.to_owned();
    for (i, (k, v)) in pairs.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(k);
        url.push('=');
        url.push_str(&super::session::encode_query_value(v));
    }
    url
}

/// The caller's approval queue.
#[server(prefix = "/api/ui", endpoint = "portal_approvals")]
pub async fn portal_approvals() -> Result<ApprovalQueue, ApiError> {
    answer(async { ports()?.portal.approvals(actor().await?.as_ref()).await }.await)
}

/// Approves an item or asks for changes (`decision`: `approve` or `changes`), with a comment.
/// Back on the queue; a refusal keeps the comment as typed beside the item.
#[server(prefix = "/api/ui", endpoint = "decide_approval")]
pub async fn decide_approval(id: i64, decision: Option<String>, note: Option<String>) -> Result<(), ApiError> {
    use crate::types::ErrorCode;
    let (decision, note) = (decision.unwrap_or_default(), note.unwrap_or_default());
    let result = async {
        ports()?
            .portal
            .decide(actor().await?.as_ref(), id, &decision, &note)
            .await
    }
    .await;
    let pairs = match result {
        Ok(done) => vec![("done", done.to_owned()), ("item", id.to_string())],
        Err(e) if matches!(e.code, ErrorCode::Invalid | ErrorCode::Conflict) => vec![
            ("error", e.message),
            ("field", e.field.unwrap_or_default()),
            ("item", id.to_string()),
            ("d_note", note),
        ],
        Err(e) => return answer(Err(e)),
    };
    redirect(&format!("{}#item-{id}", with_query(APPROVALS_PATH, &pairs)));
    Ok(())
}
