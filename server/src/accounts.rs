//! The signed-in user and their account: `me`, and what the page shell shows.

use app::types::{Actor, User as UserDto, Viewer};

use crate::auth::{Action, Resource, authorize};
use crate::db::DbConn;
use crate::db::models::{account::Account, subscription::Subscription, user::User};
use crate::error::AppResult;

/// The caller's own user record.
pub async fn me(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<UserDto> {
    let account_id = actor.map_or(0, |a| a.account_id);
    authorize(actor, Action::ViewSelf, Resource::Account(account_id))?;
    let actor = actor.expect("authorized actors exist");
    Ok(User::find(conn, actor.user_id).await?.to_dto())
}

/// What the shell needs; `None` for anonymous visitors.
pub async fn viewer(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<Option<Viewer>> {
    let Some(a) = actor else { return Ok(None) };
    authorize(actor, Action::ViewSelf, Resource::Account(a.account_id))?;
    let (user, account) = User::with_account(conn, a.user_id).await?;
    Ok(Some(Viewer {
        user_id: user.id,
        display_name: user.display_name(),
        email: user.email,
        account_name: account.name,
        is_staff: a.is_staff,
        show_managed_services: authorize(actor, Action::ViewServicesDashboard, Resource::Platform).is_ok(),
        show_managed_service: Subscription::account_has_managed(conn, a.account_id).await?,
        pending_approvals: crate::approvals::pending_count(conn, actor).await?,
        show_brandings: authorize(actor, Action::ManageBranding, Resource::Account(a.account_id)).is_ok(),
        show_templates: authorize(actor, Action::ManageTemplates, Resource::Account(a.account_id)).is_ok(),
        show_audit: authorize(actor, Action::ViewAudit, Resource::Account(a.account_id)).is_ok(),
    }))
}

/// Every account (Alorig staff).
pub async fn list(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<Vec<app::types::account::Account>> {
    authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
    Ok(Account::all(conn).await?.iter().map(Account::to_dto).collect())
}
