//! Report templates: an account's handlebars HTML and CSS for the HTML rendering of its reports,
//! managed by its owners and admins; Alorig staff see every account's. A template is checked
//! (`render::sandbox`: size, nesting, no partials, decorators or unescaped output, CSS that
//! loads and runs nothing, a trial rendering of a full report) before it is stored.

use app::types::Actor;
use app::types::template::{ReportTemplate as TemplateDto, TemplateInput};

use crate::auth::{Action, Resource, authorize, read_scope};
use crate::db::DbConn;
use crate::db::models::branding::Branding;
use crate::db::models::template::{NewTemplate, ReportTemplate, TemplateFields};
use crate::error::{AppError, AppResult};
use crate::reports::brand::Theme;
use crate::reports::render::html;

async fn fields(
    conn: &mut DbConn<'_>,
    account_id: i64,
    input: &TemplateInput,
    now: chrono::NaiveDateTime,
) -> AppResult<TemplateFields> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid("name", "must be 1–200 characters"));
    }
    // a trial rendering of a full sample report: CPU work, off the async workers
    let (source, css) = (input.template_html.clone(), input.template_css.clone());
    tokio::task::spawn_blocking(move || html::validate(&source, &css))
        .await
        .map_err(|e| AppError::internal(format!("template check: {e}")))??;
    let theme = Theme::parse(input.theme.as_deref().unwrap_or("light"))?;
    if let Some(b) = input.branding_id {
        match Branding::find(conn, b).await {
            Ok(found) if found.account_id == account_id => {}
            Ok(_) | Err(diesel::result::Error::NotFound) => {
                return Err(AppError::invalid(
                    "branding_id",
                    format!("no branding {b} in this account"),
                ));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(TemplateFields {
        name: name.to_owned(),
        template_html: input.template_html.clone(),
        template_css: input.template_css.clone(),
        theme: theme.as_str().to_owned(),
        is_default: input.is_default,
        branding_id: input.branding_id,
        updated_at: now,
    })
}

pub async fn list(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<Vec<TemplateDto>> {
    let scope = read_scope(actor, Action::ManageTemplates)?;
    Ok(ReportTemplate::list(conn, &scope)
        .await?
        .iter()
        .map(ReportTemplate::to_dto)
        .collect())
}

/// Creates a template in the caller's account (a default one replaces the previous default).
pub async fn create(conn: &mut DbConn<'_>, actor: Option<&Actor>, input: &TemplateInput) -> AppResult<TemplateDto> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    authorize(actor, Action::ManageTemplates, Resource::Account(a.account_id))?;
    let now = crate::db::now();
    let fields = fields(conn, a.account_id, input, now).await?;
    let id = crate::db_transaction!(conn, |tx| {
        let id = ReportTemplate::insert(
            tx,
            &NewTemplate {
                account_id: a.account_id,
                created_by: Some(a.user_id),
                created_at: now,
                fields: fields.clone(),
            },
        )
        .await?;
        if fields.is_default {
            ReportTemplate::clear_other_defaults(tx, a.account_id, id).await?;
        }
        Ok::<_, diesel::result::Error>(id)
    })?;
    Ok(ReportTemplate::find(conn, id).await?.to_dto())
}

/// The template, when the caller may change it (another account's is "not found").
pub async fn editable(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<ReportTemplate> {
    actor.ok_or(AppError::Unauthenticated)?;
    let t = ReportTemplate::find(conn, id).await?;
    authorize(actor, Action::ManageTemplates, Resource::Account(t.account_id))?;
    Ok(t)
}

/// Replaces every field of a template.
pub async fn update(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    id: i64,
    input: &TemplateInput,
) -> AppResult<TemplateDto> {
    let t = editable(conn, actor, id).await?;
    let fields = fields(conn, t.account_id, input, crate::db::now()).await?;
    crate::db_transaction!(conn, |tx| {
        ReportTemplate::update(tx, id, &fields).await?;
        if fields.is_default {
            ReportTemplate::clear_other_defaults(tx, t.account_id, id).await?;
        }
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(ReportTemplate::find(conn, id).await?.to_dto())
}
