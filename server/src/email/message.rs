//! Writes a report's email: HTML and text parts from the handlebars templates beside this file
//! (strict mode; the HTML escaped), branded — for a white-label report the From name is the
//! brand's, Reply-To is the agency's contact and nothing names the platform — with the PDF
//! attached up to `IGNY8_EMAIL_ATTACH_MAX_BYTES`, else a signed link that expires.

use std::sync::OnceLock;

use app::types::report::ReportData;
use chrono::{DateTime, Duration, Utc};
use handlebars::Handlebars;
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use serde_json::json;

use crate::auth::secret;
use crate::db::models::branding::Branding;
use crate::db::models::outbox::OutboxRow;
use crate::db::models::report::ServiceReport;
use crate::db::models::share_link::{NewShareLink, ShareLink};
use crate::db::models::site::Site;
use crate::error::{AppError, AppResult};
use crate::jobs::clock::stored;
use crate::reports::{document::period_label, lifecycle};
use crate::state::AppState;

/// The sender name of reports that are not white-label.
pub const PLATFORM_SENDER: &str = "IGNY8 Reports";
const PLATFORM_COLOR: &str = "#4f46e5";

/// One registry per part: the HTML one escapes every value, the text one escapes nothing. Each
/// holds the report's email, the recipient confirmation and the invitation.
fn render(name: &str, part: &'static str, data: &serde_json::Value) -> AppResult<String> {
    static HTML: OnceLock<Handlebars<'static>> = OnceLock::new();
    static TEXT: OnceLock<Handlebars<'static>> = OnceLock::new();
    let (cell, sources) = match part {
        "html" => (
            &HTML,
            [
                ("report", include_str!("templates/report.html.hbs")),
                ("confirm", include_str!("templates/confirm.html.hbs")),
                ("invite", include_str!("templates/invite.html.hbs")),
            ],
        ),
        _ => (
            &TEXT,
            [
                ("report", include_str!("templates/report.txt.hbs")),
                ("confirm", include_str!("templates/confirm.txt.hbs")),
                ("invite", include_str!("templates/invite.txt.hbs")),
            ],
        ),
    };
    let h = cell.get_or_init(|| {
        let mut h = Handlebars::new();
        h.set_strict_mode(true);
        if part != "html" {
            h.register_escape_fn(handlebars::no_escape);
        }
        for (name, source) in sources {
            h.register_template_string(name, source)
                .expect("the email templates parse");
        }
        h
    });
    h.render(name, data)
        .map_err(|e| AppError::internal(format!("email {name} {part} template: {e}")))
}

/// The report's email to the row's recipient, ready to send.
pub async fn compose(state: &AppState, row: &OutboxRow, now: DateTime<Utc>) -> AppResult<Message> {
    if let Some(id) = row.confirmation_id {
        return confirmation(state, row, id).await;
    }
    if let Some(id) = row.invitation_id {
        return invitation(state, row, id).await;
    }
    let report_id = row.report_id.ok_or(AppError::NotFound)?;
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let report = ServiceReport::find(&mut conn, report_id).await?;
    let site = Site::find(&mut conn, report.site_id).await?;
    let brand = match (report.is_white_label, report.branding_id) {
        (true, Some(id)) => Some(Branding::find(&mut conn, id).await?),
        // never fall back to the platform's brand for a client of an agency
        (true, None) => {
            return Err(AppError::Conflict(format!(
                "report {} is white-label but its branding was deleted",
                report.id
            )));
        }
        (false, _) => None,
    };
    let data: Option<ReportData> = serde_json::from_str(&report.report_data).ok();
    let summary = data.as_ref().and_then(|d| d.summary.as_ref());
    let attachment_name = lifecycle::file_name(&site, &report);
    let size = report.pdf_size_bytes.unwrap_or(i64::MAX);
    let attach = u64::try_from(size).is_ok_and(|s| s <= state.config.email.attach_max_bytes);
    let (pdf, link) = if attach {
        (Some(state.storage.get(&report.pdf_object_key).await?), None)
    } else {
        let token = secret::random_token();
        let expires_at = stored(now) + Duration::days(i64::from(state.config.email.link_days));
        ShareLink::insert(
            &mut conn,
            &NewShareLink {
                account_id: report.account_id,
                report_id: report.id,
                created_by: None,
                token_hash: secret::hash(&token),
                expires_at,
                created_at: stored(now),
            },
        )
        .await?;
        let url = crate::domains::link_base(&state.config, brand.as_ref())
            .join(&format!("/reports/shared/{token}"))
            .map_err(|e| AppError::internal(format!("share link URL: {e}")))?;
        (None, Some((url.to_string(), expires_at)))
    };
    drop(pooled);

    let kind = match report.report_type.as_str() {
        "weekly" => "Weekly",
        "quarterly" => "Quarterly",
        _ => "Monthly",
    };
    let (brand_name, color) = match &brand {
        Some(b) => (b.brand_name.clone(), b.primary_color.clone()),
        None => ("IGNY8".to_owned(), PLATFORM_COLOR.to_owned()),
    };
    let vars = json!({
        "subject": row.subject,
        "brand_name": brand_name,
        "primary_color": color,
        "report_title": format!("{kind} SEO report"),
        "site_name": site.name,
        "period_label": period_label(&report.period_start.to_string(), &report.period_end.to_string()),
        "wins": summary.map(|s| s.wins.clone()).unwrap_or_default(),
        "next_step": summary.map(|s| s.next_step.clone()).unwrap_or_default(),
        "link": link.as_ref().map(|l| l.0.clone()).unwrap_or_default(),
        "link_expires": link.as_ref().map(|l| l.1.format("%-d %B %Y").to_string()).unwrap_or_default(),
        "attachment_name": attachment_name,
        "contact_email": brand.as_ref().map(|b| b.contact_email.clone()).unwrap_or_default(),
        "contact_phone": brand.as_ref().map(|b| b.contact_phone.clone()).unwrap_or_default(),
        "website_url": brand.as_ref().map(|b| b.website_url.clone()).unwrap_or_default(),
        "footer_text": brand.as_ref().map(|b| b.footer_text.clone()).unwrap_or_default(),
    });
    let html = render("report", "html", &vars)?;
    let text = render("report", "text", &vars)?;

    let body = MultiPart::alternative()
        .singlepart(SinglePart::plain(text))
        .singlepart(SinglePart::html(html));
    let body = match pdf {
        Some(bytes) => MultiPart::mixed()
            .multipart(body)
            .singlepart(Attachment::new(attachment_name).body(
                bytes.to_vec(),
                ContentType::parse("application/pdf").expect("a MIME type"),
            )),
        None => body,
    };
    headers(state, row, brand.as_ref())?
        .multipart(body)
        .map_err(|e| AppError::internal(format!("email: {e}")))
}

/// From (the brand's name), To, Subject, Message-ID, Date and, for an agency, Reply-To.
fn headers(state: &AppState, row: &OutboxRow, brand: Option<&Branding>) -> AppResult<lettre::message::MessageBuilder> {
    let sender = brand.map_or(PLATFORM_SENDER, |b| b.brand_name.as_str());
    let mut builder = Message::builder()
        .from(Mailbox::new(Some(sender.to_owned()), state.config.email.from.clone()))
        .to(Mailbox::new(
            None,
            row.recipient
                .parse()
                .map_err(|_| AppError::invalid("recipient", "not an email address"))?,
        ))
        .subject(row.subject.clone())
        .message_id(Some(row.message_id.clone()))
        .date(row.created_at.and_utc().into());
    if let Some(reply) = brand.and_then(|b| b.contact_email.parse::<lettre::Address>().ok()) {
        builder = builder.reply_to(Mailbox::new(Some(sender.to_owned()), reply));
    }
    Ok(builder)
}

/// The email asking an address to confirm it wants a site's reports, with a fresh link (the
/// request gone — removed or confirmed meanwhile — is "not found": nothing is sent).
async fn confirmation(state: &AppState, row: &OutboxRow, id: i64) -> AppResult<Message> {
    let mut pooled = state.conn().await?;
    let (token, req) = crate::recipients::token_for_email(&mut pooled.conn(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(pooled);
    let url = crate::domains::link_base(&state.config, req.brand.as_ref())
        .join(&format!("/recipients/confirm/{token}"))
        .map_err(|e| AppError::internal(format!("confirmation URL: {e}")))?;
    let brand = req.brand.as_ref();
    let vars = json!({
        "subject": row.subject,
        "brand_name": brand.map_or("IGNY8", |b| b.brand_name.as_str()),
        "primary_color": brand.map_or(PLATFORM_COLOR, |b| b.primary_color.as_str()),
        "site_name": req.site_name,
        "requested_by": req.account_name,
        "email": req.email,
        "link": url.to_string(),
        "link_expires": req.expires_at.format("%-d %B %Y").to_string(),
        "contact_email": brand.map(|b| b.contact_email.clone()).unwrap_or_default(),
    });
    let body = MultiPart::alternative()
        .singlepart(SinglePart::plain(render("confirm", "text", &vars)?))
        .singlepart(SinglePart::html(render("confirm", "html", &vars)?));
    headers(state, row, brand)?
        .multipart(body)
        .map_err(|e| AppError::internal(format!("email: {e}")))
}

/// The invitation's email, with a fresh link (an invitation used or lapsed meanwhile is "not
/// found": nothing is sent).
async fn invitation(state: &AppState, row: &OutboxRow, id: i64) -> AppResult<Message> {
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let (token, req) = crate::invitations::token_for_email(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let invited_by = match crate::db::models::invitation::Invitation::find(&mut conn, id)
        .await?
        .invited_by
    {
        Some(user) => crate::db::models::user::User::find(&mut conn, user)
            .await?
            .display_name(),
        None => "Alorig".to_owned(),
    };
    drop(pooled);
    let url = state
        .config
        .public_url
        .join(&format!("/invitations/{token}"))
        .map_err(|e| AppError::internal(format!("invitation URL: {e}")))?;
    let vars = json!({
        "subject": row.subject,
        "brand_name": "IGNY8",
        "primary_color": PLATFORM_COLOR,
        "account_name": req.account_name,
        "invited_by": invited_by,
        "email": req.email,
        "role": req.role.as_str(),
        "link": url.to_string(),
        "link_expires": req.expires,
    });
    let body = MultiPart::alternative()
        .singlepart(SinglePart::plain(render("invite", "text", &vars)?))
        .singlepart(SinglePart::html(render("invite", "html", &vars)?));
    headers(state, row, None)?
        .multipart(body)
        .map_err(|e| AppError::internal(format!("email: {e}")))
}
