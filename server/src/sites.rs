//! Sites the caller may see: their own account's, narrowed by a site restriction.

use app::types::{Actor, Site as SiteDto};

use crate::auth::{Action, Resource, authorize};
use crate::db::DbConn;
use crate::db::models::site::Site;
use crate::error::{AppError, AppResult};

pub async fn list(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<Vec<SiteDto>> {
    let actor = actor.ok_or(AppError::Unauthenticated)?;
    authorize(Some(actor), Action::ViewSite, Resource::Account(actor.account_id))?;
    let sites = Site::list_for_account(conn, actor.account_id, actor.site_ids.as_deref()).await?;
    Ok(sites.iter().map(Site::to_dto).collect())
}

/// One site by id; another account's site, or one outside a restriction, is "not found".
pub async fn get(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<SiteDto> {
    if actor.is_none() {
        return Err(AppError::Unauthenticated);
    }
    let site = Site::find(conn, id).await?;
    authorize(
        actor,
        Action::ViewSite,
        Resource::Site {
            account_id: site.account_id,
            site_id: site.id,
        },
    )?;
    Ok(site.to_dto())
}
