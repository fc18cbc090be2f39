//! The client portal's port: each method calls the service function GraphQL and REST call.

use app::api::portal::PortalPort;
use app::types::approval::ApprovalQueue;
use app::types::overview::ServiceOverview;
use app::types::report::{ClientReport, ClientReports, ReportFilter};
use app::types::{Actor, ApiError};

use crate::error::AppError;
use crate::pagination::PageArgs;
use crate::reports::{lifecycle, records};
use crate::state::AppState;

/// Reports per page of the portal's list.
const PAGE: i64 = 25;

type Caller<'a> = Option<&'a Actor>;

pub struct Portal(pub AppState);

/// The agency domain the request came on, if any.
fn host() -> Option<crate::domains::BrandHost> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| crate::domains::brand_host(&p.extensions).cloned())
}

/// The branding of the agency domain the request came on, if any.
fn branding() -> Option<i64> {
    host().map(|b| b.branding_id)
}

#[async_trait::async_trait]
impl PortalPort for Portal {
    async fn overview(&self, actor: Caller<'_>) -> Result<ServiceOverview, ApiError> {
        let host = host();
        Ok(crate::overview::overview(&self.0, actor, host.as_ref().map(|h| &h.brand)).await?)
    }

    async fn reports(
        &self,
        actor: Caller<'_>,
        filter: &ReportFilter,
        cursor: Option<&str>,
    ) -> Result<ClientReports, ApiError> {
        let page = PageArgs::parse(Some(PAGE), cursor, "page_size", "cursor")?;
        Ok(records::client_reports(&self.0, actor, filter, branding(), page).await?)
    }

    async fn report(&self, actor: Caller<'_>, id: i64) -> Result<ClientReport, ApiError> {
        Ok(records::client_report(&self.0, actor, id, branding()).await?)
    }

    async fn share(&self, actor: Caller<'_>, report: i64, days: i64) -> Result<String, ApiError> {
        // the portal's own report only (another account's is "not found", staff included)
        records::client_report(&self.0, actor, report, branding()).await?;
        let link = lifecycle::share(&self.0, actor, report, chrono::Duration::days(days)).await?;
        Ok(link.url)
    }

    async fn revoke_share(&self, actor: Caller<'_>, report: i64, link: i64) -> Result<(), ApiError> {
        // a link of this report of the portal's own account, as the page lists them
        let shown = records::client_report(&self.0, actor, report, branding()).await?;
        if shown.can_share && !shown.share_links.iter().any(|l| l.id == link) {
            return Err(AppError::NotFound.into());
        }
        Ok(lifecycle::revoke_share(&self.0, actor, link).await?)
    }

    async fn approvals(&self, actor: Caller<'_>) -> Result<ApprovalQueue, ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(crate::approvals::queue(&mut pooled.conn(), actor).await?)
    }

    async fn decide(&self, actor: Caller<'_>, id: i64, decision: &str, note: &str) -> Result<&'static str, ApiError> {
        // whoever may not decide at all is refused before the input is read
        crate::auth::may(actor, crate::auth::Action::DecideApproval)?;
        let approve = match decision {
            "approve" => true,
            "changes" => false,
            _ => return Err(AppError::invalid("decision", "must be approve or changes").into()),
        };
        if !approve && note.trim().is_empty() {
            return Err(AppError::invalid("note", "say what should change").into());
        }
        let note = Some(note).filter(|n| !n.trim().is_empty());
        let mut pooled = self.0.conn().await?;
        crate::approvals::decide(&mut pooled.conn(), actor, id, approve, note).await?;
        Ok(if approve { "approved" } else { "changes" })
    }
}
