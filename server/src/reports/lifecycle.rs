//! A ServiceReport's life, every step authorized:
//! - `generate`: render → pre-send check → store the PDF → save the row, in that order, so no
//!   row ever points at a missing file (and a file whose row failed is removed);
//! - `regenerate`: render the frozen `report_data` again with the report's current brand,
//!   template and theme, store it, then point the row at it;
//! - `preview`: render without saving anything;
//! - `pdf`: download (account owners and admins, and staff; other accounts get "not found");
//! - share links: expiring, revocable links to the PDF, for email and sharing.

use app::types::report::{ReportData, ShareLinkInfo};
use app::types::{Actor, Feature};
use bytes::Bytes;
use chrono::{Duration, NaiveDateTime};
use futures::StreamExt;
use futures::stream::BoxStream;
use sha2::{Digest, Sha256};

use super::brand::Theme;
use super::generate::{Look, ReportRequest, Timings, look, look_rows, render_off_thread, render_report};
use super::period::Period;
use super::{check, settings};
use crate::auth::{Action, Resource, authorize, secret};
use crate::db::models::report::{NewServiceReport, Rerendered, ServiceReport};
use crate::db::models::share_link::{NewShareLink, ShareLink};
use crate::db::models::{account::Account, audit::NewAuditEntry, site::Site, subscription::Subscription};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

fn site_resource(site: &Site) -> Resource {
    Resource::Site {
        account_id: site.account_id,
        site_id: site.id,
    }
}

fn report_resource(report: &ServiceReport) -> Resource {
    Resource::Site {
        account_id: report.account_id,
        site_id: report.site_id,
    }
}

/// Who may ask for this report: generating for the site, and a white-label gate for a branding.
fn authorize_request(actor: Option<&Actor>, site: &Site, req: &ReportRequest) -> AppResult<()> {
    authorize(actor, Action::GenerateReport, site_resource(site))?;
    if req.branding_id.is_some() {
        authorize(actor, Action::WhiteLabelReport, site_resource(site))?;
    }
    Ok(())
}

/// The site a report is asked for, once the caller may ask (`authorize_request`) and the site's
/// account has reports: staff generate for any client, but not beyond the client's plan.
async fn requested_site(state: &AppState, actor: Option<&Actor>, req: &ReportRequest) -> AppResult<Site> {
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let site = Site::find(&mut conn, req.site_id).await?;
    authorize_request(actor, &site, req)?;
    let account = Account::find(&mut conn, site.account_id).await?;
    if !account.features().contains(&Feature::Reports) {
        return Err(AppError::invalid(
            "site_id",
            format!("{}'s plan does not include reports", account.name),
        ));
    }
    Ok(site)
}

/// Where a report's PDF is stored: by account, site, period and content.
fn object_key(report: (i64, i64), period_start: chrono::NaiveDate, report_type: &str, pdf: &[u8]) -> (String, String) {
    let sha = hex::encode(Sha256::digest(pdf));
    let key = format!(
        "reports/{}/{}/{period_start}-{report_type}-{}.pdf",
        report.0,
        report.1,
        &sha[..16]
    );
    (key, sha)
}

fn warnings_json(look: &Look) -> String {
    serde_json::to_string(&look.logo_problem.iter().collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into())
}

/// Counts a call against the account's allowance (`Limits`).
fn limit(rate: &crate::auth::throttle::RateLimit, account_id: i64) -> AppResult<()> {
    rate.hit(&account_id.to_string(), std::time::Instant::now())
}

fn limit_generation(state: &AppState, account_id: i64) -> AppResult<()> {
    limit(&state.limits.generate, account_id)
}

/// Renders, checks, stores and records a report; returns the new ServiceReport id.
pub async fn generate(state: &AppState, actor: Option<&Actor>, req: ReportRequest) -> AppResult<i64> {
    generate_at(state, actor, req, crate::db::now()).await
}

/// `generate` at a given instant.
pub async fn generate_at(
    state: &AppState,
    actor: Option<&Actor>,
    req: ReportRequest,
    now: NaiveDateTime,
) -> AppResult<i64> {
    let actor_ref = actor.ok_or(AppError::Unauthenticated)?;
    let site = requested_site(state, actor, &req).await?;
    limit_generation(state, site.account_id)?;
    produce(state, &site, &req, Some(actor_ref.user_id), None, now)
        .await
        .map(|(id, _)| id)
}

/// A subscription's scheduled report (the scheduler and `igny8 report batch` are trusted
/// callers inside the server: no user, `created_by` stays NULL). Uses the subscription's
/// report settings (`reports::settings`).
pub async fn generate_scheduled(
    state: &AppState,
    subscription: &Subscription,
    report_type: &'static str,
    period: Period,
    now: NaiveDateTime,
) -> AppResult<(i64, Timings)> {
    let settings = settings::parse(&subscription.config)?;
    let req = ReportRequest {
        site_id: subscription.site_id,
        period,
        report_type,
        sections: settings.sections,
        branding_id: settings.branding_id,
        template_id: settings.template_id,
        theme: settings.theme,
    };
    let mut pooled = state.conn().await?;
    let site = Site::find(&mut pooled.conn(), req.site_id).await?;
    drop(pooled);
    produce(state, &site, &req, None, Some(subscription.id), now).await
}

/// Renders, checks, stores and records one report; returns its id and where the time went.
async fn produce(
    state: &AppState,
    site: &Site,
    req: &ReportRequest,
    created_by: Option<i64>,
    subscription_id: Option<i64>,
    now: NaiveDateTime,
) -> AppResult<(i64, Timings)> {
    let rendered = render_report(state, req, now).await?;
    let mut timings = rendered.timings;
    let stored = std::time::Instant::now();
    let hold = check::hold_reason(
        &rendered.pdf,
        &rendered.data,
        rendered.look.expects_logo(),
        rendered.look.logo_problem.as_deref(),
    );
    let (key, sha) = object_key(
        (site.account_id, site.id),
        req.period.start,
        req.report_type,
        &rendered.pdf,
    );
    let size = rendered.pdf.len() as i64;
    state.storage.put(&key, rendered.pdf).await?;
    let row = NewServiceReport {
        account_id: site.account_id,
        created_by,
        site_id: site.id,
        managed_subscription_id: subscription_id,
        report_type: req.report_type.to_owned(),
        period_start: req.period.start,
        period_end: req.period.end,
        report_data: serde_json::to_string(&rendered.data)
            .map_err(|e| AppError::internal(format!("report data: {e}")))?,
        pdf_object_key: key.clone(),
        pdf_size_bytes: Some(size),
        pdf_sha256: Some(sha),
        is_white_label: req.branding_id.is_some(),
        branding_id: req.branding_id,
        template_id: rendered.template_id,
        theme: rendered.look.theme.as_str().to_owned(),
        sections_included: serde_json::to_string(&rendered.data.sections).unwrap_or_else(|_| "[]".into()),
        status: "generated".into(),
        generated_at: now,
        created_at: now,
        updated_at: now,
        hold_reason: hold,
        warnings: warnings_json(&rendered.look),
    };
    let mut pooled = state.conn().await?;
    match ServiceReport::insert(&mut pooled.conn(), &row).await {
        Ok(id) => {
            timings.store = stored.elapsed();
            Ok((id, timings))
        }
        Err(e) => {
            remove_orphan(state, &key).await;
            Err(e.into())
        }
    }
}

/// Never leave a file without its row.
async fn remove_orphan(state: &AppState, key: &str) {
    if let Err(cleanup) = state.storage.delete(key).await {
        tracing::error!(%key, error = %cleanup, "could not remove the PDF of a report whose row failed");
    }
}

/// The stored data of a report: versions up to this server's (version 1 lacked `timezone` and
/// `failures`, which read as UTC and none); a newer version is refused rather than misread.
fn stored_data(report: &ServiceReport) -> AppResult<ReportData> {
    let data: ReportData = serde_json::from_str(&report.report_data)
        .map_err(|e| AppError::internal(format!("report {}: report_data does not read: {e}", report.id)))?;
    if data.schema_version == 0 || data.schema_version > app::types::report::REPORT_SCHEMA_VERSION {
        return Err(AppError::Conflict(format!(
            "report {}: its report_data has schema_version {}, which this server cannot render (it writes {})",
            report.id,
            data.schema_version,
            app::types::report::REPORT_SCHEMA_VERSION
        )));
    }
    Ok(data)
}

/// Renders the report's frozen data again (with its brand, template and theme as they are now),
/// stores the new PDF, points the row at it, then removes the old file.
pub async fn regenerate(state: &AppState, actor: Option<&Actor>, report_id: i64) -> AppResult<ServiceReport> {
    let (report, rows) = {
        let mut pooled = state.conn().await?;
        let mut conn = pooled.conn();
        let report = ServiceReport::find(&mut conn, report_id).await?;
        authorize(actor, Action::GenerateReport, report_resource(&report))?;
        if report.branding_id.is_some() {
            authorize(actor, Action::WhiteLabelReport, report_resource(&report))?;
        }
        if report.is_white_label && report.branding_id.is_none() {
            // never fall back to IGNY8's branding for a white-label report
            return Err(AppError::Conflict(format!(
                "report {}: its agency branding was deleted, so it cannot be rendered again",
                report.id
            )));
        }
        let site = Site::find(&mut conn, report.site_id).await?;
        let rows = look_rows(&mut conn, &site, report.branding_id, report.template_id)
            .await
            .map_err(|e| match e.field() {
                Some("branding_id" | "template_id") => AppError::Conflict(format!(
                    "report {}: its branding or template is no longer available (deleted or inactive)",
                    report.id
                )),
                _ => e,
            })?;
        (report, rows)
    };
    limit_generation(state, report.account_id)?;
    let theme = Theme::parse(&report.theme)?;
    let look = look(&state.logos, rows, Some(theme)).await?;
    let data = stored_data(&report)?;
    let (data, look, (pdf, _, _)) = render_off_thread(data, look).await?;
    let hold = check::hold_reason(&pdf, &data, look.expects_logo(), look.logo_problem.as_deref());
    let (key, sha) = object_key(
        (report.account_id, report.site_id),
        report.period_start,
        &report.report_type,
        &pdf,
    );
    let size = pdf.len() as i64;
    state.storage.put(&key, pdf).await?;
    let change = Rerendered {
        pdf_object_key: key.clone(),
        pdf_size_bytes: Some(size),
        pdf_sha256: Some(sha),
        is_white_label: report.branding_id.is_some(),
        branding_id: report.branding_id,
        template_id: report.template_id,
        theme: theme.as_str().to_owned(),
        hold_reason: hold,
        warnings: warnings_json(&look),
        updated_at: crate::db::now(),
    };
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    if let Err(e) = ServiceReport::update_rendered(&mut conn, report.id, &change).await {
        if key != report.pdf_object_key {
            remove_orphan(state, &key).await;
        }
        return Err(e.into());
    }
    if key != report.pdf_object_key
        && let Err(e) = state.storage.delete(&report.pdf_object_key).await
    {
        // the row points at the new file already; the old one is only wasted space
        tracing::warn!(key = %report.pdf_object_key, error = %e, "could not remove a replaced report PDF");
    }
    Ok(ServiceReport::find(&mut conn, report.id).await?)
}

/// The report's web version: its frozen data rendered as HTML with its look as it is now (the
/// PDF's rule: the account's owners and admins, and staff).
pub async fn web_version(state: &AppState, actor: Option<&Actor>, report_id: i64) -> AppResult<String> {
    let (report, rows) = {
        let mut pooled = state.conn().await?;
        let mut conn = pooled.conn();
        let report = ServiceReport::find(&mut conn, report_id).await?;
        authorize(actor, Action::DownloadReport, report_resource(&report))?;
        let site = Site::find(&mut conn, report.site_id).await?;
        let rows = look_rows(&mut conn, &site, report.branding_id, report.template_id)
            .await
            .map_err(|e| match e.field() {
                Some("branding_id" | "template_id") => AppError::Conflict(format!(
                    "report {}: its branding or template is no longer available (deleted or inactive)",
                    report.id
                )),
                _ => e,
            })?;
        (report, rows)
    };
    if report.is_white_label && report.branding_id.is_none() {
        return Err(AppError::Conflict(format!(
            "report {}: its agency branding was deleted",
            report.id
        )));
    }
    let look = look(&state.logos, rows, Some(Theme::parse(&report.theme)?)).await?;
    let data = stored_data(&report)?;
    tokio::task::spawn_blocking(move || super::generate::render_html(&data, &look))
        .await
        .map_err(|e| AppError::internal(format!("rendering task: {e}")))?
}

/// A report rendered but not saved: its data, HTML, and the PDF when asked for.
#[derive(Debug)]
pub struct Preview {
    pub data: ReportData,
    pub html: String,
    pub pdf: Option<Vec<u8>>,
    /// Why it could not be sent as it is (the pre-send check).
    pub hold_reason: Option<String>,
}

/// Renders a report without storing or recording anything.
pub async fn preview(
    state: &AppState,
    actor: Option<&Actor>,
    req: ReportRequest,
    with_pdf: bool,
) -> AppResult<Preview> {
    let site = requested_site(state, actor, &req).await?;
    limit(&state.limits.preview, site.account_id)?;
    let r = render_report(state, &req, crate::db::now()).await?;
    let hold = check::hold_reason(&r.pdf, &r.data, r.look.expects_logo(), r.look.logo_problem.as_deref());
    Ok(Preview {
        data: r.data,
        html: r.html,
        pdf: with_pdf.then_some(r.pdf),
        hold_reason: hold,
    })
}

/// Refuses to send a report the pre-send check held back (sending itself is the email module's).
pub fn ensure_sendable(report: &ServiceReport) -> AppResult<()> {
    match &report.hold_reason {
        Some(why) => Err(AppError::Conflict(format!("report {} is held back: {why}", report.id))),
        None if report.pdf_object_key.is_empty() => Err(AppError::Conflict(format!("report {} has no PDF", report.id))),
        None => Ok(()),
    }
}

/// A download name that names the site and period (never the platform).
pub(crate) fn file_name(site: &Site, report: &ServiceReport) -> String {
    let domain: String = site
        .domain
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        .collect();
    format!("{domain}-{}-{}.pdf", report.report_type, report.period_start)
}

/// A stored PDF on its way out: its download name, its length and its bytes as they are read.
pub struct Download {
    pub name: String,
    pub size: u64,
    pub body: BoxStream<'static, std::io::Result<Bytes>>,
}

impl Download {
    async fn open(state: &AppState, site: &Site, report: &ServiceReport) -> AppResult<Download> {
        let (size, body) = state.storage.get_stream(&report.pdf_object_key).await?;
        Ok(Download {
            name: file_name(site, report),
            size,
            body,
        })
    }

    /// The whole file (for callers that need it in memory, such as tests).
    pub async fn bytes(self) -> AppResult<Vec<u8>> {
        let mut out = Vec::with_capacity(self.size as usize);
        let mut body = self.body;
        while let Some(chunk) = body.next().await {
            out.extend_from_slice(&chunk.map_err(|e| AppError::Unavailable(format!("reading the PDF: {e}")))?);
        }
        Ok(out)
    }
}

/// The PDF of a report, with its download name.
pub async fn pdf(state: &AppState, actor: Option<&Actor>, report_id: i64) -> AppResult<Download> {
    if actor.is_none() {
        return Err(AppError::Unauthenticated);
    }
    let mut pooled = state.conn().await?;
    let report = ServiceReport::find(&mut pooled.conn(), report_id).await?;
    authorize(actor, Action::DownloadReport, report_resource(&report))?;
    let site = Site::find(&mut pooled.conn(), report.site_id).await?;
    Download::open(state, &site, &report).await
}

/// Longest a share link may live.
pub const SHARE_MAX_DAYS: i64 = 90;

/// A share link as created: its secret URL is shown once.
#[derive(Clone, Debug)]
pub struct SharedLink {
    pub id: i64,
    /// Path of the link on this server (`/reports/shared/…`); the token is not stored.
    pub path: String,
    /// The whole link: on the report's agency domain when it is white-label and the domain is
    /// verified, else on the public URL.
    pub url: String,
    pub expires_at: NaiveDateTime,
}

/// Creates an expiring link to a report's PDF that needs no sign-in.
pub async fn share(
    state: &AppState,
    actor: Option<&Actor>,
    report_id: i64,
    valid_for: Duration,
) -> AppResult<SharedLink> {
    let actor_ref = actor.ok_or(AppError::Unauthenticated)?;
    if valid_for < Duration::hours(1) || valid_for > Duration::days(SHARE_MAX_DAYS) {
        return Err(AppError::invalid(
            "expires_in",
            format!("must be between 1 hour and {SHARE_MAX_DAYS} days"),
        ));
    }
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let report = ServiceReport::find(&mut conn, report_id).await?;
    authorize(actor, Action::ShareReport, report_resource(&report))?;
    let now = crate::db::now();
    let token = secret::random_token();
    let expires_at = now + valid_for;
    let id = ShareLink::insert(
        &mut conn,
        &NewShareLink {
            account_id: report.account_id,
            report_id: report.id,
            created_by: Some(actor_ref.user_id),
            token_hash: secret::hash(&token),
            expires_at,
            created_at: now,
        },
    )
    .await?;
    audit(&mut conn, actor_ref, report.account_id, "share_link.create", id, now).await?;
    let path = format!("/reports/shared/{token}");
    let branding = report.branding_id.filter(|_| report.is_white_label);
    let base = crate::domains::report_link_base(state, &mut conn, branding).await?;
    Ok(SharedLink {
        id,
        url: format!("{}{path}", base.as_str().trim_end_matches('/')),
        path,
        expires_at,
    })
}

/// A report's share links, newest first (for those who may share it).
pub async fn share_links(state: &AppState, actor: Option<&Actor>, report_id: i64) -> AppResult<Vec<ShareLinkInfo>> {
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let report = ServiceReport::find(&mut conn, report_id).await?;
    authorize(actor, Action::ShareReport, report_resource(&report))?;
    let now = crate::db::now();
    let at = crate::dates::rfc3339;
    Ok(ShareLink::of_report(&mut conn, report.id)
        .await?
        .into_iter()
        .map(|(l, email)| ShareLinkInfo {
            id: l.id,
            report_id: l.report_id,
            created_by: email,
            created_at: at(l.created_at),
            expires_at: at(l.expires_at),
            revoked_at: l.revoked_at.map(at),
            active: l.revoked_at.is_none() && l.expires_at > now,
        })
        .collect())
}

/// Revokes a share link (idempotent).
pub async fn revoke_share(state: &AppState, actor: Option<&Actor>, link_id: i64) -> AppResult<()> {
    let actor_ref = actor.ok_or(AppError::Unauthenticated)?;
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let link = ShareLink::find(&mut conn, link_id).await?;
    let report = ServiceReport::find(&mut conn, link.report_id).await?;
    authorize(actor, Action::ShareReport, report_resource(&report))?;
    let now = crate::db::now();
    if ShareLink::revoke(&mut conn, link.id, now).await? == 1 {
        audit(&mut conn, actor_ref, link.account_id, "share_link.revoke", link.id, now).await?;
    }
    Ok(())
}

/// The PDF behind a share link; an unknown, expired or revoked link is "not found", and so is
/// the link of a report held back by the pre-send check or of a suspended or cancelled account.
/// With the PDF, the branding its report was made under (white-label).
pub async fn shared_pdf(state: &AppState, token: &str) -> AppResult<(Download, Option<i64>)> {
    if token.len() != 43
        || !token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(AppError::NotFound);
    }
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let link = ShareLink::find_usable(&mut conn, &secret::hash(token), crate::db::now())
        .await?
        .ok_or(AppError::NotFound)?;
    let report = ServiceReport::find(&mut conn, link.report_id).await?;
    let account = crate::db::models::account::Account::find(&mut conn, report.account_id).await?;
    if report.hold_reason.is_some() || matches!(account.status.as_str(), "suspended" | "cancelled") {
        return Err(AppError::NotFound);
    }
    let site = Site::find(&mut conn, report.site_id).await?;
    let branding = report.branding_id.filter(|_| report.is_white_label);
    Ok((Download::open(state, &site, &report).await?, branding))
}

async fn audit(
    conn: &mut crate::db::DbConn<'_>,
    actor: &Actor,
    account_id: i64,
    action: &str,
    object_id: i64,
    at: NaiveDateTime,
) -> AppResult<()> {
    NewAuditEntry {
        account_id: Some(account_id),
        user_id: Some(actor.user_id),
        action: action.to_owned(),
        object_type: Some("share_link".into()),
        object_id: Some(object_id),
        detail: "{}".into(),
        ip: None,
        created_at: at,
    }
    .insert(conn)
    .await?;
    Ok(())
}
