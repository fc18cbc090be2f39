//! Who a site's reports are emailed to. Alorig staff set the list as they see fit. An account's
//! owners and admins may add the account's own users at once, and any other address only after
//! it confirms through a link emailed to it — so report email cannot be turned into mail to
//! strangers. Removing an address takes effect at once.

use app::types::Actor;
use app::types::subscription::{PendingRecipient, ReportRecipients};
use chrono::{Duration, NaiveDateTime};

use crate::auth::{Action, Resource, authorize, secret};
use crate::dates::rfc3339;
use crate::db::DbConn;
use crate::db::models::audit::NewAuditEntry;
use crate::db::models::branding::Branding;
use crate::db::models::outbox::{NewOutboxRow, OutboxRow};
use crate::db::models::recipient_confirmation::{Confirmation, NewConfirmation};
use crate::db::models::site::Site;
use crate::db::models::subscription::Subscription;
use crate::db::models::user::User;
use crate::error::{AppError, AppResult};
use crate::reports::records::within_daily_quota;
use crate::state::AppState;

/// How long a confirmation link works.
pub const CONFIRM_DAYS: i64 = 7;

fn stored_list(sub: &Subscription) -> Vec<String> {
    serde_json::from_str(&sub.report_recipients).unwrap_or_default()
}

async fn authorized(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64, action: Action) -> AppResult<Subscription> {
    actor.ok_or(AppError::Unauthenticated)?;
    let sub = Subscription::find(conn, id).await?;
    authorize(
        actor,
        action,
        Resource::Site {
            account_id: sub.account_id,
            site_id: sub.site_id,
        },
    )?;
    Ok(sub)
}

/// The confirmed and pending recipients of a subscription.
pub async fn get(conn: &mut DbConn<'_>, actor: Option<&Actor>, subscription_id: i64) -> AppResult<ReportRecipients> {
    let sub = authorized(conn, actor, subscription_id, Action::ViewSubscriptions).await?;
    current(conn, &sub).await
}

async fn current(conn: &mut DbConn<'_>, sub: &Subscription) -> AppResult<ReportRecipients> {
    let now = crate::db::now();
    let pending = Confirmation::of_subscription(conn, sub.id)
        .await?
        .into_iter()
        .filter(|(c, _)| c.confirmed_at.is_none())
        .map(|(c, by)| PendingRecipient {
            email: c.email,
            requested_by: by,
            requested_at: rfc3339(c.created_at),
            expires_at: rfc3339(c.expires_at),
            expired: c.expires_at <= now,
        })
        .collect();
    Ok(ReportRecipients {
        subscription_id: sub.id,
        confirmed: stored_list(sub),
        pending,
    })
}

/// Replaces a subscription's recipients with `emails`. Staff's list stands as given; from an
/// owner or admin, an address that is neither already a recipient nor a user of the account is
/// held back and emailed a confirmation link (a pending request is not emailed twice; a lapsed
/// one is renewed). Confirmation emails count towards the account's daily email quota.
pub async fn set(
    state: &AppState,
    actor: Option<&Actor>,
    subscription_id: i64,
    emails: &[String],
) -> AppResult<ReportRecipients> {
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let sub = authorized(&mut conn, actor, subscription_id, Action::SetReportRecipients).await?;
    let actor = actor.ok_or(AppError::Unauthenticated)?;
    let wanted = crate::email::recipients("recipients", emails)?;
    let before = stored_list(&sub);
    let users: Vec<String> = User::emails_of_account(&mut conn, sub.account_id)
        .await?
        .into_iter()
        .map(|e| e.to_lowercase())
        .collect();
    let (confirmed, to_confirm): (Vec<String>, Vec<String>) = wanted
        .into_iter()
        .partition(|e| actor.is_staff || before.contains(e) || users.contains(e));

    let now = crate::db::now();
    let requests = Confirmation::of_subscription(&mut conn, sub.id).await?;
    // a request still waiting for an address still wanted stays; the others (removed, set by
    // staff, lapsed, or confirmed earlier) go, and a wanted address without one gets a new one
    let live = |c: &Confirmation| c.confirmed_at.is_none() && c.expires_at > now && to_confirm.contains(&c.email);
    let dropped: Vec<i64> = requests.iter().filter(|(c, _)| !live(c)).map(|(c, _)| c.id).collect();
    let fresh: Vec<String> = to_confirm
        .iter()
        .filter(|e| !requests.iter().any(|(c, _)| live(c) && &c.email == *e))
        .cloned()
        .collect();
    if !fresh.is_empty() {
        within_daily_quota(&mut conn, sub.account_id, fresh.len(), now).await?;
    }
    let site = Site::find(&mut conn, sub.site_id).await?;
    let (brand, domain) = brand_and_domain(state, &mut conn, &sub).await;
    let subject = format!("Please confirm: SEO reports for {} from {brand}", site.name);
    let list = serde_json::to_string(&confirmed).map_err(|e| AppError::internal(e.to_string()))?;
    crate::db_transaction!(&mut conn, |tx| {
        Subscription::set_recipients(tx, sub.id, &list, now).await?;
        for id in &dropped {
            OutboxRow::skip_confirmation(tx, *id, "the address was removed or its request lapsed", now).await?;
            Confirmation::delete(tx, *id).await?;
        }
        for email in &fresh {
            let id = Confirmation::insert(
                tx,
                &NewConfirmation {
                    account_id: sub.account_id,
                    subscription_id: sub.id,
                    email: email.clone(),
                    requested_by: Some(actor.user_id),
                    expires_at: now + Duration::days(CONFIRM_DAYS),
                    created_at: now,
                },
            )
            .await?;
            NewOutboxRow {
                account_id: sub.account_id,
                report_id: None,
                recipient: email.clone(),
                subject: subject.clone(),
                message_id: format!("<confirm-{id}-{}@{domain}>", &secret::hash(email)[..16]),
                status: "pending".into(),
                attempts: 0,
                next_attempt_at: now,
                last_error: None,
                created_at: now,
                updated_at: now,
                confirmation_id: Some(id),
                invitation_id: None,
            }
            .insert_once(tx)
            .await?;
        }
        NewAuditEntry {
            account_id: Some(sub.account_id),
            user_id: Some(actor.user_id),
            action: "subscription.recipients".into(),
            object_type: Some("subscription".into()),
            object_id: Some(sub.id),
            detail: serde_json::json!({
                "changed": if confirmed == before && fresh.is_empty() && dropped.is_empty() { vec![] } else { vec!["report recipients"] },
                "recipients": confirmed,
                "confirmation_requested": fresh,
            })
            .to_string(),
            ip: None,
            created_at: now,
        }
        .insert(tx)
        .await?;
        Ok::<_, diesel::result::Error>(())
    })?;
    let sub = Subscription::find(&mut conn, sub.id).await?;
    current(&mut conn, &sub).await
}

/// The agency branding a subscription's reports go out under, if its settings name one.
async fn branding_of(conn: &mut DbConn<'_>, sub: &Subscription) -> Option<Branding> {
    let id = crate::reports::settings::parse(&sub.config).ok()?.branding_id?;
    Branding::find(conn, id).await.ok()
}

/// The name a subscription's reports go out under, and the domain of its Message-IDs.
async fn brand_and_domain(state: &AppState, conn: &mut DbConn<'_>, sub: &Subscription) -> (String, String) {
    match branding_of(conn, sub).await {
        Some(b) => {
            let host = url::Url::parse(&b.website_url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_else(|| "reports.invalid".to_owned());
            (b.brand_name, host)
        }
        None => (
            "IGNY8".to_owned(),
            state.config.public_url.host_str().unwrap_or("localhost").to_owned(),
        ),
    }
}

/// What a confirmation link leads to.
pub struct Request {
    pub email: String,
    pub site_name: String,
    /// The client account that asked.
    pub account_name: String,
    pub expires_at: NaiveDateTime,
    /// When the address confirmed; `None`: it has not yet.
    pub confirmed_at: Option<NaiveDateTime>,
    pub brand: Option<Branding>,
}

async fn request(conn: &mut DbConn<'_>, token: &str, now: NaiveDateTime) -> AppResult<(Confirmation, Request)> {
    if token.len() > 128 {
        return Err(AppError::NotFound);
    }
    let c = Confirmation::find_by_token(conn, &secret::hash(token), now)
        .await?
        .ok_or(AppError::NotFound)?;
    let sub = Subscription::find(conn, c.subscription_id).await?;
    let site = Site::find(conn, sub.site_id).await?;
    let account = crate::db::models::account::Account::find(conn, c.account_id).await?;
    let req = Request {
        email: c.email.clone(),
        site_name: site.name,
        account_name: account.name,
        expires_at: c.expires_at,
        confirmed_at: c.confirmed_at,
        brand: branding_of(conn, &sub).await,
    };
    Ok((c, req))
}

/// The request behind an emailed link (unknown, replaced by a newer email, or lapsed: not
/// found). Reading it changes nothing, so a mail scanner following the link confirms nothing.
pub async fn pending(state: &AppState, token: &str) -> AppResult<Request> {
    let mut pooled = state.conn().await?;
    Ok(request(&mut pooled.conn(), token, crate::db::now()).await?.1)
}

/// Confirms the address behind an emailed link: it joins the subscription's recipients. The
/// link then shows that it was confirmed (until it lapses); confirming twice changes nothing.
pub async fn confirm(state: &AppState, token: &str) -> AppResult<Request> {
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let now = crate::db::now();
    let (c, mut req) = request(&mut conn, token, now).await?;
    if c.confirmed_at.is_some() {
        return Ok(req);
    }
    crate::db_transaction!(&mut conn, |tx| {
        let sub = Subscription::find(tx, c.subscription_id).await?;
        let mut list = stored_list(&sub);
        if !list.contains(&c.email) {
            list.push(c.email.clone());
        }
        let list = serde_json::to_string(&list).unwrap_or_else(|_| sub.report_recipients.clone());
        Subscription::set_recipients(tx, sub.id, &list, now).await?;
        OutboxRow::skip_confirmation(tx, c.id, "confirmed before this email went", now).await?;
        Confirmation::mark_confirmed(tx, c.id, now).await?;
        NewAuditEntry {
            account_id: Some(c.account_id),
            user_id: None,
            action: "subscription.recipient_confirmed".into(),
            object_type: Some("subscription".into()),
            object_id: Some(sub.id),
            detail: serde_json::json!({ "changed": ["report recipients"], "confirmed": c.email }).to_string(),
            ip: None,
            created_at: now,
        }
        .insert(tx)
        .await?;
        Ok::<_, diesel::result::Error>(())
    })?;
    req.confirmed_at = Some(now);
    Ok(req)
}

/// A new token for a confirmation email about to be sent (its hash replaces any earlier one);
/// `None` when the request is gone or done (the address was removed or confirmed meanwhile).
pub async fn token_for_email(conn: &mut DbConn<'_>, confirmation_id: i64) -> AppResult<Option<(String, Request)>> {
    let c = match Confirmation::find(conn, confirmation_id).await {
        Ok(c) if c.confirmed_at.is_none() => c,
        Ok(_) | Err(diesel::result::Error::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let token = secret::random_token();
    Confirmation::set_token(conn, c.id, &secret::hash(&token)).await?;
    let (_, req) = request(conn, &token, crate::db::now()).await?;
    Ok(Some((token, req)))
}
