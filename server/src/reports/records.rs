//! The recorded reports: lists (scoped to the caller's account and sites, staff see all),
//! details, and sending (queueing the email to the recipients after the pre-send check).

use app::types::Actor;
use app::types::page::Page;
use app::types::report::{ClientReport, ClientReports, GenerateReportInput, ReportFilter, ServiceReport as ReportDto};

use super::brand::Theme;
use super::generate::ReportRequest;
use super::period::Period;
use super::{lifecycle, parse_report_type, parse_sections};
use crate::auth::{Action, ReadScope, Resource, authorize, read_scope};
use crate::db::models::branding::Branding;
use crate::db::models::report::{ReportQuery, ServiceReport};
use crate::db::models::{site::Site, subscription::Subscription, user::User};
use crate::error::{AppError, AppResult};
use crate::pagination::PageArgs;
use crate::state::AppState;

use crate::dates::parse as date;

/// Checks a generate/preview input; bad values name their field (snake_case, as the REST body).
pub fn request(input: &GenerateReportInput) -> AppResult<ReportRequest> {
    let period = match (&input.period, &input.period_start, &input.period_end) {
        (Some(p), None, None) => Period::parse(p)?,
        (None, Some(a), Some(b)) => Period::new(date("period_start", a)?, date("period_end", b)?)?,
        (None, Some(_), None) => return Err(AppError::invalid("period_end", "is required with period_start")),
        (None, None, Some(_)) => return Err(AppError::invalid("period_start", "is required with period_end")),
        (None, None, None) => {
            return Err(AppError::invalid(
                "period",
                "give period, or period_start and period_end",
            ));
        }
        (Some(_), ..) => {
            return Err(AppError::invalid(
                "period",
                "give period or period_start/period_end, not both",
            ));
        }
    };
    Ok(ReportRequest {
        site_id: input.site_id,
        period,
        report_type: match input.report_type.as_deref() {
            Some(t) => parse_report_type(t)?,
            None => period.natural_type(),
        },
        sections: match &input.sections_included {
            Some(keys) => parse_sections(keys)?,
            None => app::types::report::SectionKey::ALL.to_vec(),
        },
        branding_id: input.branding_id,
        template_id: input.template_id,
        theme: input.theme.as_deref().map(Theme::parse).transpose()?,
    })
}

/// A page of the reports the caller may see, newest first.
pub async fn list(
    state: &AppState,
    actor: Option<&Actor>,
    filter: &ReportFilter,
    page: PageArgs,
) -> AppResult<Page<ReportDto>> {
    let scope = read_scope(actor, Action::ViewReports)?;
    list_in(state, &scope, filter, None, page).await
}

/// A page of the caller's own account's reports (their sites only, when restricted) — the
/// client portal's list, the same for staff as for anyone; on an agency's domain
/// (`branding`), only the reports made under its branding.
pub async fn list_own(
    state: &AppState,
    actor: Option<&Actor>,
    filter: &ReportFilter,
    branding: Option<i64>,
    page: PageArgs,
) -> AppResult<Page<ReportDto>> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    authorize(actor, Action::ViewReports, Resource::Account(a.account_id))?;
    list_in(state, &ReadScope::own(a), filter, branding, page).await
}

async fn list_in(
    state: &AppState,
    scope: &ReadScope,
    filter: &ReportFilter,
    branding: Option<i64>,
    page: PageArgs,
) -> AppResult<Page<ReportDto>> {
    let q = ReportQuery {
        branding_id: branding,
        site_id: filter.site_id,
        report_type: filter
            .report_type
            .as_deref()
            .map(parse_report_type)
            .transpose()?
            .map(str::to_owned),
        period_from: filter
            .period_from
            .as_deref()
            .map(|d| date("period_from", d))
            .transpose()?,
        period_to: filter.period_to.as_deref().map(|d| date("period_to", d)).transpose()?,
    };
    let mut pooled = state.conn().await?;
    let (rows, total) = ServiceReport::list(&mut pooled.conn(), scope, &q, page.after, page.fetch()).await?;
    Ok(page
        .page(rows, total, |(r, _)| r.id)
        .map(|(r, site)| r.to_dto(site, false)))
}

/// One report; another account's is "not found". Its figures (`report_data`) follow the PDF's
/// rule — the account's owners and admins, and staff — so members and viewers see that it
/// exists (type, period, delivery) but not what it says.
pub async fn get(state: &AppState, actor: Option<&Actor>, id: i64) -> AppResult<ReportDto> {
    actor.ok_or(AppError::Unauthenticated)?;
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let report = ServiceReport::find(&mut conn, id).await?;
    let resource = Resource::Site {
        account_id: report.account_id,
        site_id: report.site_id,
    };
    authorize(actor, Action::ViewReports, resource)?;
    let with_figures = authorize(actor, Action::DownloadReport, resource).is_ok();
    let site = Site::find(&mut conn, report.site_id).await?;
    Ok(report.to_dto(site.name, with_figures))
}

/// Whom a report of this account may be emailed to: the recipients set on its subscription,
/// then the account's own people.
pub async fn allowed_recipients(
    conn: &mut crate::db::DbConn<'_>,
    account_id: i64,
    on_subscription: &[String],
) -> AppResult<Vec<String>> {
    let mut allowed = on_subscription.to_vec();
    for email in User::emails_of_account(conn, account_id).await? {
        if !allowed.iter().any(|a| a.eq_ignore_ascii_case(&email)) {
            allowed.push(email);
        }
    }
    Ok(allowed)
}

/// Report emails an account may queue per day (UTC), scheduled ones included.
pub const EMAILS_PER_DAY: i64 = 500;

/// Refuses `adding` more emails when the account has queued its day's `EMAILS_PER_DAY` (UTC)
/// already, saying when it may again.
pub(crate) async fn within_daily_quota(
    conn: &mut crate::db::DbConn<'_>,
    account_id: i64,
    adding: usize,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    let today = now.date().and_hms_opt(0, 0, 0).unwrap_or(now);
    let queued = crate::db::models::outbox::queued_since(conn, account_id, today).await?;
    if queued + adding as i64 > EMAILS_PER_DAY {
        return Err(AppError::RateLimited {
            retry_after_secs: (today + chrono::Duration::days(1) - now).num_seconds().max(1) as u64,
        });
    }
    Ok(())
}

/// The report, when the caller may email it (another account's is "not found").
pub async fn sendable(conn: &mut crate::db::DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<ServiceReport> {
    actor.ok_or(AppError::Unauthenticated)?;
    let report = ServiceReport::find(conn, id).await?;
    authorize(
        actor,
        Action::SendReport,
        Resource::Site {
            account_id: report.account_id,
            site_id: report.site_id,
        },
    )?;
    Ok(report)
}

/// Queues the report's email to `recipients` (default: the subscription's report recipients)
/// once the pre-send check lets it go; the email worker delivers it.
pub async fn send(
    state: &AppState,
    actor: Option<&Actor>,
    id: i64,
    recipients: Option<Vec<String>>,
) -> AppResult<ReportDto> {
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let report = sendable(&mut conn, actor, id).await?;
    lifecycle::ensure_sendable(&report)?;
    state
        .limits
        .send
        .hit(&report.account_id.to_string(), std::time::Instant::now())?;
    let subscription = Subscription::for_site(&mut conn, report.site_id).await?;
    let on_subscription: Vec<String> = subscription
        .map(|s| serde_json::from_str::<Vec<String>>(&s.report_recipients).unwrap_or_default())
        .unwrap_or_default();
    let to = crate::email::recipients("recipients", recipients.as_deref().unwrap_or(&on_subscription))?;
    if to.is_empty() {
        return Err(AppError::invalid(
            "recipients",
            "the report has no recipients: give at least one",
        ));
    }
    let allowed = allowed_recipients(&mut conn, report.account_id, &on_subscription).await?;
    if let Some(stranger) = to.iter().find(|r| !allowed.iter().any(|a| a.eq_ignore_ascii_case(r))) {
        return Err(AppError::invalid(
            "recipients",
            format!("{stranger} is neither a user of the account nor a recipient set on its subscription"),
        ));
    }
    let now = crate::db::now();
    within_daily_quota(&mut conn, report.account_id, to.len(), now).await?;
    let site = Site::find(&mut conn, report.site_id).await?;
    let (subject, domain) = subject_and_domain(state, &mut conn, &report, &site).await?;
    crate::email::queue_report(&mut conn, &report, &subject, &domain, &to, &[], now).await?;
    ServiceReport::mark_sending(&mut conn, report.id).await?;
    let report = ServiceReport::find(&mut conn, id).await?;
    Ok(report.to_dto(site.name, false))
}

/// The email subject, and the domain of its Message-ID: the agency's website for white-label
/// reports (nothing names the platform), this server's public host otherwise.
pub(crate) async fn subject_and_domain(
    state: &AppState,
    conn: &mut crate::db::DbConn<'_>,
    report: &ServiceReport,
    site: &Site,
) -> AppResult<(String, String)> {
    let period = Period::new(report.period_start, report.period_end)?;
    let label = super::document::period_label(&period.start.to_string(), &period.end.to_string());
    let mut kind = report.report_type.clone();
    if let Some(first) = kind.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    let subject = format!("{kind} SEO report for {} — {label}", site.name);
    let own = state.config.public_url.host_str().unwrap_or("localhost").to_owned();
    let domain = match report.branding_id {
        Some(b) => Branding::find(conn, b)
            .await
            .ok()
            .and_then(|b| url::Url::parse(&b.website_url).ok())
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| "reports.invalid".to_owned()),
        None => own,
    };
    Ok((subject, domain))
}

/// Whom an account's people ask for what they may not do: its owners and admins.
async fn ask(conn: &mut crate::db::DbConn<'_>, account_id: i64) -> AppResult<Vec<String>> {
    Ok(User::managers_of_account(conn, account_id)
        .await?
        .into_iter()
        .map(|u| format!("{} <{}>", u.display_name(), u.email))
        .collect())
}

/// The client portal's report list: `list_own` with the filters' choices and what the caller
/// may open.
pub async fn client_reports(
    state: &AppState,
    actor: Option<&Actor>,
    filter: &ReportFilter,
    branding: Option<i64>,
    page: PageArgs,
) -> AppResult<ClientReports> {
    let page = list_own(state, actor, filter, branding, page).await?;
    let a = actor.ok_or(AppError::Unauthenticated)?;
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let sites = Site::list_for_account(&mut conn, a.account_id, a.site_ids.as_deref())
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    Ok(ClientReports {
        page,
        sites,
        years: ServiceReport::years(&mut conn, a.account_id, a.site_ids.as_deref()).await?,
        can_open: authorize(actor, Action::DownloadReport, Resource::Account(a.account_id)).is_ok(),
        ask: ask(&mut conn, a.account_id).await?,
    })
}

/// One report in the client portal: the caller's own account's only (any other is "not found",
/// staff included; on an agency's domain, one made under another branding too), with its share
/// links for those who may share it.
pub async fn client_report(
    state: &AppState,
    actor: Option<&Actor>,
    id: i64,
    branding: Option<i64>,
) -> AppResult<ClientReport> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    let report = get(state, actor, id).await?;
    if report.account_id != a.account_id {
        return Err(AppError::NotFound);
    }
    if branding.is_some() {
        let mut pooled = state.conn().await?;
        crate::domains::report_on_brand(&mut pooled.conn(), branding, id).await?;
    }
    let resource = Resource::Site {
        account_id: report.account_id,
        site_id: report.site_id,
    };
    let can_open = authorize(actor, Action::DownloadReport, resource).is_ok();
    let can_share = authorize(actor, Action::ShareReport, resource).is_ok();
    let share_links = if can_share {
        lifecycle::share_links(state, actor, id).await?
    } else {
        Vec::new()
    };
    let mut pooled = state.conn().await?;
    Ok(ClientReport {
        ask: ask(&mut pooled.conn(), a.account_id).await?,
        report,
        can_open,
        can_share,
        share_links,
    })
}
