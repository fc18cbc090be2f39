//! An account's audit log as its owners and Alorig staff read it: newest first, filtered by
//! action, a page at a time.

use app::types::Actor;
use app::types::audit::{AUDIT_PER_PAGE, AuditEntry, AuditPage, AuditQuery};

use crate::auth::{Action, Resource, authorize, may};
use crate::db::DbConn;
use crate::db::models::{account::Account, audit};
use crate::error::{AppError, AppResult};

/// A page of an account's log (the caller's own when `query.account` is empty).
pub async fn page(conn: &mut DbConn<'_>, actor: Option<&Actor>, query: &AuditQuery) -> AppResult<AuditPage> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    // refused before any input is read: a member learns nothing from a bad account id
    may(actor, Action::ViewAudit)?;
    let account_id = match query.account.trim() {
        "" => a.account_id,
        raw => raw
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or_else(|| AppError::invalid("account", format!("`{raw}` is not an account id")))?,
    };
    authorize(actor, Action::ViewAudit, Resource::Account(account_id))?;
    let page = crate::pagination::page_number(&query.page)?;
    let action = Some(query.action.trim()).filter(|s| !s.is_empty());
    if action.is_some_and(|s| s.len() > 100) {
        return Err(AppError::invalid("action", "must be at most 100 characters"));
    }
    let account = Account::find(conn, account_id).await.map_err(|e| match e {
        diesel::result::Error::NotFound => AppError::NotFound,
        e => e.into(),
    })?;
    let (rows, total) =
        audit::page_of_account(conn, account_id, action, (page - 1) * AUDIT_PER_PAGE, AUDIT_PER_PAGE).await?;
    Ok(AuditPage {
        account_id,
        account_name: account.name,
        rows: rows
            .into_iter()
            .map(|(id, action, object_type, object_id, detail, ip, at, email)| {
                let by_operator = detail.contains(r#""by":"command line""#);
                AuditEntry {
                    id,
                    at: crate::dates::rfc3339(at),
                    who: email.unwrap_or_else(|| if by_operator { "command line" } else { "system" }.to_owned()),
                    action,
                    object: match (object_type, object_id) {
                        (Some(t), Some(id)) => format!("{t} {id}"),
                        (Some(t), None) => t,
                        _ => String::new(),
                    },
                    detail,
                    ip,
                }
            })
            .collect(),
        total,
        page,
        pages: (total + AUDIT_PER_PAGE - 1) / AUDIT_PER_PAGE,
        actions: audit::actions_of_account(conn, account_id).await?,
    })
}
