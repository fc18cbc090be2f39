//! The approval queue: items waiting for the client's decision, and the decision itself
//! (recorded with who and when, in the item and the audit log).

use app::types::Actor;
use app::types::approval::ApprovalItem;

use crate::auth::{Action, Resource, authorize, read_scope};
use crate::dates::rfc3339;
use crate::db::DbConn;
use crate::db::models::approval::Approval;
use crate::db::models::audit::NewAuditEntry;
use crate::error::{AppError, AppResult};

pub const STATUSES: [&str; 3] = ["pending", "approved", "rejected"];
pub const MAX_NOTE: usize = 1000;

fn dto(a: Approval) -> ApprovalItem {
    ApprovalItem {
        id: a.id,
        account_id: a.account_id,
        site_id: a.site_id,
        item_type: a.item_type,
        object_id: a.object_id,
        title: a.title,
        status: a.status,
        requested_at: rfc3339(a.requested_at),
        decided_at: a.decided_at.map(rfc3339),
        decided_by: a.decided_by,
        note: a.note,
    }
}

/// Items of the caller's account and sites (every account for staff), oldest first.
pub async fn list(conn: &mut DbConn<'_>, actor: Option<&Actor>, status: Option<&str>) -> AppResult<Vec<ApprovalItem>> {
    if let Some(s) = status
        && !STATUSES.contains(&s)
    {
        return Err(AppError::invalid(
            "status",
            format!("`{s}` is not one of {}", STATUSES.join(", ")),
        ));
    }
    let scope = read_scope(actor, Action::ViewSite)?;
    Ok(Approval::list(conn, &scope, status)
        .await?
        .into_iter()
        .map(dto)
        .collect())
}

/// Approves or rejects a pending item; deciding twice is a conflict.
pub async fn decide(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    id: i64,
    approve: bool,
    note: Option<&str>,
) -> AppResult<ApprovalItem> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    let item = Approval::find(conn, id).await?;
    authorize(
        actor,
        Action::DecideApproval,
        Resource::Site {
            account_id: item.account_id,
            site_id: item.site_id,
        },
    )?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE) {
        return Err(AppError::invalid(
            "note",
            format!("is longer than {MAX_NOTE} characters"),
        ));
    }
    let status = if approve { "approved" } else { "rejected" };
    let now = crate::db::now();
    crate::db_transaction!(conn, |tx| {
        if Approval::decide(tx, id, status, a.user_id, note, now).await? == 0 {
            return Err(AppError::Conflict(format!("item {id} was decided already")));
        }
        NewAuditEntry {
            account_id: Some(item.account_id),
            user_id: Some(a.user_id),
            action: format!("approval.{status}"),
            object_type: Some("approval_item".into()),
            object_id: Some(id),
            detail: serde_json::json!({ "note": note }).to_string(),
            ip: None,
            created_at: now,
        }
        .insert(tx)
        .await?;
        Ok::<_, AppError>(())
    })?;
    Ok(dto(Approval::find(conn, id).await?))
}
