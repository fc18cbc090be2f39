//! Inviting a client's users: Alorig staff name an address, a role and optionally the only sites
//! it may see; the address is emailed a link (valid `INVITE_DAYS`, one use) that sets its name
//! and password and makes the user. Only the link token's hash is stored, and only once the
//! email is written; every invitation and every acceptance is audited.

use app::types::user::{Invitation as InvitationDto, InvitationInput, InvitationRequest};
use app::types::{Actor, Role};
use chrono::{Duration, NaiveDateTime};
use serde_json::json;

use crate::auth::{Action, Resource, authorize, may, secret};
use crate::dates::rfc3339;
use crate::db::DbConn;
use crate::db::models::account::Account;
use crate::db::models::audit::NewAuditEntry;
use crate::db::models::invitation::{Invitation, NewInvitation};
use crate::db::models::outbox::{NewOutboxRow, OutboxRow};
use crate::db::models::site::Site;
use crate::db::models::user::{NewUser, User};
use crate::error::{AppError, AppResult, one_line};
use crate::reports::records::within_daily_quota;
use crate::state::AppState;

/// How long an invitation link works.
pub const INVITE_DAYS: i64 = 7;

pub fn to_dto(i: &Invitation) -> InvitationDto {
    InvitationDto {
        id: i.id,
        account_id: i.account_id,
        email: i.email.clone(),
        role: Role::parse(&i.role).unwrap_or(Role::Viewer),
        site_ids: i.site_ids.as_deref().and_then(|s| serde_json::from_str(s).ok()),
        expires_at: rfc3339(i.expires_at),
        accepted_at: i.accepted_at.map(rfc3339),
        open: i.accepted_at.is_none() && i.expires_at > crate::db::now(),
    }
}

/// Invites `input.email` to the account (Alorig staff admins) and queues the email.
pub async fn invite(
    state: &AppState,
    actor: Option<&Actor>,
    account_id: i64,
    input: &InvitationInput,
) -> AppResult<InvitationDto> {
    may(actor, Action::ManageClients)?;
    let mut pooled = state.conn().await?;
    let conn = &mut pooled.conn();
    let account = Account::find(conn, account_id).await?;
    authorize(actor, Action::ManageClients, Resource::Account(account.id))?;
    let a = actor.expect("authorized actors exist");
    let email = crate::email::recipients("email", std::slice::from_ref(&input.email))?
        .pop()
        .ok_or_else(|| AppError::invalid("email", "is required"))?;
    if User::find_by_email(conn, &email).await?.is_some() {
        return Err(AppError::invalid("email", format!("{email} already belongs to a user")));
    }
    let now = crate::db::now();
    if let Some(open) = Invitation::of_account(conn, account.id)
        .await?
        .into_iter()
        .find(|i| i.email == email && i.accepted_at.is_none() && i.expires_at > now)
    {
        return Err(AppError::invalid(
            "email",
            format!(
                "{email} was invited already; the link works until {}",
                rfc3339(open.expires_at)
            ),
        ));
    }
    let site_ids = match &input.site_ids {
        None => None,
        Some(ids) if ids.is_empty() => {
            return Err(AppError::invalid(
                "site_ids",
                "name at least one site, or leave it out for every site",
            ));
        }
        Some(ids) => {
            let mut sorted = ids.clone();
            sorted.sort_unstable();
            sorted.dedup();
            let of_account: Vec<i64> = Site::list_for_account(conn, account.id, None)
                .await?
                .iter()
                .map(|s| s.id)
                .collect();
            if let Some(other) = sorted.iter().find(|id| !of_account.contains(id)) {
                return Err(AppError::invalid(
                    "site_ids",
                    format!("{other} is not a site of {}", account.name),
                ));
            }
            Some(sorted)
        }
    };
    within_daily_quota(conn, account.id, 1, now).await?;
    let host = state.config.public_url.host_str().unwrap_or("localhost").to_owned();
    let new = NewInvitation {
        account_id: account.id,
        email: email.clone(),
        role: input.role.as_str().into(),
        site_ids: site_ids.as_ref().map(|ids| json!(ids).to_string()),
        invited_by: Some(a.user_id),
        expires_at: now + Duration::days(INVITE_DAYS),
        created_at: now,
    };
    let id = crate::db_transaction!(conn, |tx| {
        let id = Invitation::insert(tx, &new).await?;
        NewOutboxRow {
            account_id: account.id,
            report_id: None,
            recipient: email.clone(),
            subject: format!("You are invited to {} on IGNY8", account.name),
            message_id: format!("<invite-{id}-{}@{host}>", &secret::hash(&email)[..16]),
            status: "pending".into(),
            attempts: 0,
            next_attempt_at: now,
            last_error: None,
            created_at: now,
            updated_at: now,
            confirmation_id: None,
            invitation_id: Some(id),
        }
        .insert_once(tx)
        .await?;
        let detail = json!({ "email": email, "role": new.role, "site_ids": site_ids });
        NewAuditEntry::by(a, account.id, "user.invite", ("invitation", id), detail, now)
            .insert(tx)
            .await?;
        Ok::<_, diesel::result::Error>(id)
    })?;
    Ok(to_dto(&Invitation::find(conn, id).await?))
}

/// Revokes an open invitation (Alorig staff admins): its link stops working and its email, if not
/// sent yet, is not; the address may be invited again at once. Audited.
pub async fn revoke(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<InvitationDto> {
    may(actor, Action::ManageClients)?;
    let i = Invitation::find(conn, id).await?;
    authorize(actor, Action::ManageClients, Resource::Account(i.account_id))?;
    let a = actor.expect("authorized actors exist");
    let now = crate::db::now();
    let revoked = crate::db_transaction!(conn, |tx| {
        let n = Invitation::revoke(tx, i.id, now).await?;
        if n > 0 {
            OutboxRow::skip_invitation(tx, i.id, "the invitation was revoked", now).await?;
            NewAuditEntry::by(
                a,
                i.account_id,
                "user.invite_revoked",
                ("invitation", i.id),
                json!({ "email": i.email }),
                now,
            )
            .insert(tx)
            .await?;
        }
        Ok::<_, diesel::result::Error>(n)
    })?;
    if revoked == 0 {
        return Err(AppError::Conflict(format!(
            "the invitation of {} was used or has lapsed already",
            i.email
        )));
    }
    Ok(to_dto(&Invitation::find(conn, id).await?))
}

/// The open invitation behind a link (unknown, replaced by a newer email, used or lapsed: not
/// found). Reading it changes nothing.
async fn open(conn: &mut DbConn<'_>, token: &str, now: NaiveDateTime) -> AppResult<(Invitation, InvitationRequest)> {
    if token.len() > 128 {
        return Err(AppError::NotFound);
    }
    let i = Invitation::find_open_by_token(conn, &secret::hash(token), now)
        .await?
        .ok_or(AppError::NotFound)?;
    let account = Account::find(conn, i.account_id).await?;
    let req = InvitationRequest {
        email: i.email.clone(),
        account_name: account.name,
        role: Role::parse(&i.role).unwrap_or(Role::Viewer),
        expires: i.expires_at.format("%-d %B %Y").to_string(),
    };
    Ok((i, req))
}

/// What the link shows (anyone with the link).
pub async fn request(state: &AppState, token: &str) -> AppResult<InvitationRequest> {
    let mut pooled = state.conn().await?;
    Ok(open(&mut pooled.conn(), token, crate::db::now()).await?.1)
}

/// Uses the link: makes the user with this name and password, once. Returns the user's email.
pub async fn accept(
    state: &AppState,
    token: &str,
    first_name: &str,
    last_name: &str,
    password: &str,
) -> AppResult<String> {
    let mut pooled = state.conn().await?;
    let conn = &mut pooled.conn();
    let now = crate::db::now();
    let (i, _) = open(conn, token, now).await?;
    one_line("first_name", first_name, 150)?;
    one_line("last_name", last_name, 150)?;
    if first_name.trim().is_empty() {
        return Err(AppError::invalid("first_name", "is required"));
    }
    let password_hash = crate::auth::password::hash(password)?;
    if User::find_by_email(conn, &i.email).await?.is_some() {
        return Err(AppError::invalid(
            "email",
            format!("{} already belongs to a user", i.email),
        ));
    }
    // a restriction that does not read is refused, never widened to every site
    let sites: Option<Vec<i64>> = match i.site_ids.as_deref() {
        None => None,
        Some(text) => Some(
            serde_json::from_str(text)
                .map_err(|e| AppError::internal(format!("invitation {}: site_ids: {e}", i.id)))?,
        ),
    };
    let user_id = crate::db_transaction!(conn, |tx| {
        // the link works once, even when two tabs submit at once
        if Invitation::accept(tx, i.id, now).await? == 0 {
            return Err(diesel::result::Error::NotFound);
        }
        let user_id = User::insert(
            tx,
            &NewUser {
                account_id: i.account_id,
                email: i.email.clone(),
                first_name: first_name.trim().to_owned(),
                last_name: last_name.trim().to_owned(),
                password_hash: password_hash.clone(),
                role: i.role.clone(),
                is_staff: false,
                site_restricted: sites.is_some(),
                is_active: true,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        User::restrict_to(tx, user_id, sites.as_deref().unwrap_or_default(), now).await?;
        NewAuditEntry {
            account_id: Some(i.account_id),
            user_id: Some(user_id),
            action: "user.create".into(),
            object_type: Some("user".into()),
            object_id: Some(user_id),
            detail:
                json!({ "email": i.email, "role": i.role, "site_ids": sites, "by": "invitation", "invitation": i.id })
                    .to_string(),
            ip: None,
            created_at: now,
        }
        .insert(tx)
        .await?;
        Ok::<_, diesel::result::Error>(user_id)
    })?;
    tracing::info!(user_id, account_id = i.account_id, "invitation accepted");
    Ok(i.email)
}

/// A new token for an invitation email about to be sent (its hash replaces any earlier one);
/// `None` when the invitation was used or has lapsed meanwhile.
pub async fn token_for_email(conn: &mut DbConn<'_>, id: i64) -> AppResult<Option<(String, InvitationRequest)>> {
    let now = crate::db::now();
    let i = match Invitation::find(conn, id).await {
        Ok(i) if i.accepted_at.is_none() && i.expires_at > now => i,
        Ok(_) | Err(diesel::result::Error::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let token = secret::random_token();
    Invitation::set_token(conn, i.id, &secret::hash(&token)).await?;
    let (_, req) = open(conn, &token, now).await?;
    Ok(Some((token, req)))
}
