//! Report mutations: generate, regenerate, preview, send, and share links.

use app::types::report::{GenerateReportInput, ReportData, ServiceReport};
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use base64::Engine;

use crate::error::GqlResult;
use crate::graphql::{id_arg, state_and_actor};
use crate::reports::{lifecycle, records};

#[derive(Default)]
pub struct ReportMutation;

/// A report rendered without being saved.
#[derive(SimpleObject)]
pub struct ReportPreview {
    pub report_data: ReportData,
    pub html: String,
    /// The PDF, base64, when `withPdf` was asked.
    pub pdf_base64: Option<String>,
    /// Why the report could not be sent as it is (the pre-send check).
    pub hold_reason: Option<String>,
}

/// An expiring link to a report's PDF; the URL is shown once.
#[derive(SimpleObject)]
pub struct ShareLink {
    pub id: i64,
    pub url: String,
    /// RFC 3339, UTC.
    pub expires_at: String,
}

/// The mutations that render or send reports cost 600 of a request's 2,000 complexity points:
/// at most three of them (fewer with other fields) in one request.
#[Object]
impl ReportMutation {
    /// Renders, checks, stores and records a report.
    #[graphql(complexity = 600)]
    async fn generate_report(&self, ctx: &Context<'_>, input: GenerateReportInput) -> Result<ServiceReport> {
        let (state, actor) = state_and_actor(ctx)?;
        let req = records::request(&input).gql()?;
        let id = lifecycle::generate(state, actor, req).await.gql()?;
        records::get(state, actor, id).await.gql()
    }

    /// Renders a report's frozen data again with its branding, template and theme as they are now.
    #[graphql(complexity = 600)]
    async fn regenerate_report(&self, ctx: &Context<'_>, id: ID) -> Result<ServiceReport> {
        let (state, actor) = state_and_actor(ctx)?;
        let id = id_arg("id", &id)?;
        lifecycle::regenerate(state, actor, id).await.gql()?;
        records::get(state, actor, id).await.gql()
    }

    /// Renders a report without saving anything.
    #[graphql(complexity = 600)]
    async fn preview_report(
        &self,
        ctx: &Context<'_>,
        input: GenerateReportInput,
        #[graphql(default)] with_pdf: bool,
    ) -> Result<ReportPreview> {
        let (state, actor) = state_and_actor(ctx)?;
        let req = records::request(&input).gql()?;
        let p = lifecycle::preview(state, actor, req, with_pdf).await.gql()?;
        Ok(ReportPreview {
            report_data: p.data,
            html: p.html,
            pdf_base64: p.pdf.map(|b| base64::engine::general_purpose::STANDARD.encode(b)),
            hold_reason: p.hold_reason,
        })
    }

    /// Queues the report's email (default recipients: the subscription's).
    #[graphql(complexity = 600)]
    async fn send_report(&self, ctx: &Context<'_>, id: ID, recipients: Option<Vec<String>>) -> Result<ServiceReport> {
        let (state, actor) = state_and_actor(ctx)?;
        records::send(state, actor, id_arg("id", &id)?, recipients).await.gql()
    }

    /// An expiring link to the report's PDF that needs no sign-in, valid `expiresInHours` (1 hour
    /// to 90 days). It stops working when revoked, when the report is held back, or when the
    /// account is suspended.
    #[graphql(complexity = 600)]
    async fn create_share_link(
        &self,
        ctx: &Context<'_>,
        report_id: ID,
        #[graphql(default = 168)] expires_in_hours: i32,
    ) -> Result<ShareLink> {
        let (state, actor) = state_and_actor(ctx)?;
        let link = lifecycle::share(
            state,
            actor,
            id_arg("reportId", &report_id)?,
            chrono::Duration::hours(i64::from(expires_in_hours)),
        )
        .await
        .gql()?;
        Ok(ShareLink {
            id: link.id,
            url: link.url,
            expires_at: link
                .expires_at
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        })
    }

    /// Revokes a share link (true when it was revoked now or before).
    async fn revoke_share_link(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, actor) = state_and_actor(ctx)?;
        lifecycle::revoke_share(state, actor, id_arg("id", &id)?).await.gql()?;
        Ok(true)
    }
}
