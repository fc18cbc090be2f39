//! Report templates: an account's handlebars HTML and CSS for the HTML rendering of its reports,
//! managed by its owners and admins; Alorig staff see every account's. A template is checked
//! (`render::sandbox`: size, nesting, no partials, decorators or unescaped output, CSS that
//! loads and runs nothing, a trial rendering of a full report) before it is stored. The editor's
//! drafts are checked (`check`) and previewed against that sample report (`preview`) without
//! anything being written.

use app::types::Actor;
use app::types::template::{ReportTemplate as TemplateDto, TemplateInput};

use crate::auth::{Action, Resource, authorize, read_scope};
use crate::db::DbConn;
use crate::db::models::branding::Branding;
use crate::db::models::template::{NewTemplate, ReportTemplate, TemplateFields};
use crate::error::{AppError, AppResult};
use crate::reports::brand::Theme;
use crate::reports::generate::{LookRows, look};
use crate::reports::render::html;
use crate::state::AppState;

/// The account's branding `id` (another account's reads as missing).
async fn account_branding(conn: &mut DbConn<'_>, account_id: i64, id: i64) -> AppResult<Branding> {
    match Branding::find(conn, id).await {
        Ok(found) if found.account_id == account_id => Ok(found),
        Ok(_) | Err(diesel::result::Error::NotFound) => Err(AppError::invalid(
            "branding_id",
            format!("no branding {id} in this account"),
        )),
        Err(e) => Err(e.into()),
    }
}

/// The caller, when they may manage their account's templates.
pub fn manager(actor: Option<&Actor>) -> AppResult<&Actor> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    authorize(actor, Action::ManageTemplates, Resource::Account(a.account_id))?;
    Ok(a)
}

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
        account_branding(conn, account_id, b).await?;
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
    let a = manager(actor)?;
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

/// Checks a draft as saving it would (name, template, theme, branding), writing nothing.
pub async fn check(conn: &mut DbConn<'_>, actor: Option<&Actor>, input: &TemplateInput) -> AppResult<()> {
    let a = manager(actor)?;
    fields(conn, a.account_id, input, crate::db::now()).await.map(|_| ())
}

/// The sample report rendered with a draft, in its theme and its branding's look (logo fetched
/// through the guard), writing nothing: an HTML page, to be served in the template sandbox.
pub async fn preview(state: &AppState, actor: Option<&Actor>, input: &TemplateInput) -> AppResult<String> {
    let a = manager(actor)?;
    let theme = Theme::parse(input.theme.as_deref().unwrap_or("light"))?;
    let branding = match input.branding_id {
        None => None,
        Some(id) => {
            let mut pooled = state.conn().await?;
            Some(account_branding(&mut pooled.conn(), a.account_id, id).await?)
        }
    };
    let look = look(
        &state.logos,
        LookRows {
            branding,
            template: None,
        },
        Some(theme),
    )
    .await?;
    let (source, css) = (input.template_html.clone(), input.template_css.clone());
    tokio::task::spawn_blocking(move || html::sample_page(look.brand, theme, Some((&source, &css))))
        .await
        .map_err(|e| AppError::internal(format!("template preview: {e}")))?
}

/// Makes a template its account's default (the one reports use when nothing else is chosen).
pub async fn set_default(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<TemplateDto> {
    let t = editable(conn, actor, id).await?;
    let now = crate::db::now();
    crate::db_transaction!(conn, |tx| {
        ReportTemplate::mark_default(tx, id, now).await?;
        ReportTemplate::clear_other_defaults(tx, t.account_id, id).await?;
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(ReportTemplate::find(conn, id).await?.to_dto())
}

/// Deletes a template no subscription's report settings name (reports made with it keep their
/// files; their record forgets the template).
pub async fn delete(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<()> {
    let t = editable(conn, actor, id).await?;
    let users = crate::reports::settings::of_account(conn, t.account_id)
        .await?
        .iter()
        .filter(|r| r.template_id == Some(id))
        .count();
    if users > 0 {
        return Err(AppError::Conflict(format!(
            "template {id} is in the report settings of {users} subscription(s); change them first"
        )));
    }
    ReportTemplate::delete(conn, id).await?;
    Ok(())
}

/// The editor's unsaved drafts (a preview, a refused save), held in memory for their author for
/// an hour, so nothing typed is lost and nothing is written. Bounded: the newest `PER_USER` per
/// user and `HELD` in all; a restart forgets them (the editor says so and shows the saved values).
#[derive(Default)]
pub struct Drafts(std::sync::Mutex<std::collections::HashMap<String, Draft>>);

struct Draft {
    user_id: i64,
    template_id: Option<i64>,
    input: TemplateInput,
    at: std::time::Instant,
}

impl Drafts {
    const LIFETIME: std::time::Duration = std::time::Duration::from_secs(3600);
    const PER_USER: usize = 20;
    const HELD: usize = 200;

    fn keep(&self, user_id: i64, template_id: Option<i64>, input: TemplateInput) -> String {
        let token = crate::auth::secret::random_token();
        let now = std::time::Instant::now();
        let mut held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        held.retain(|_, d| now.duration_since(d.at) < Self::LIFETIME);
        // the oldest go first: this user's beyond their share, then anyone's beyond the total
        for (mine, limit) in [(true, Self::PER_USER - 1), (false, Self::HELD - 1)] {
            let mut ages: Vec<(std::time::Instant, String)> = held
                .iter()
                .filter(|(_, d)| !mine || d.user_id == user_id)
                .map(|(k, d)| (d.at, k.clone()))
                .collect();
            ages.sort();
            let extra = ages.len().saturating_sub(limit);
            for (_, k) in ages.into_iter().take(extra) {
                held.remove(&k);
            }
        }
        held.insert(
            token.clone(),
            Draft {
                user_id,
                template_id,
                input,
                at: now,
            },
        );
        token
    }

    /// The caller's draft of `template_id` under `token`, while it is held.
    fn get(&self, user_id: i64, template_id: Option<i64>, token: &str) -> Option<TemplateInput> {
        let held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        held.get(token)
            .filter(|d| d.user_id == user_id && d.template_id == template_id && d.at.elapsed() < Self::LIFETIME)
            .map(|d| d.input.clone())
    }
}

/// Holds a draft of template `id` (None: a new one) for its author; its token. Only what could
/// be saved is held: the caller manages templates, `id` is theirs, and the texts are within the
/// size limit.
pub async fn stash(
    state: &AppState,
    actor: Option<&Actor>,
    id: Option<i64>,
    input: &TemplateInput,
) -> AppResult<String> {
    let a = manager(actor)?;
    if let Some(id) = id {
        let mut pooled = state.conn().await?;
        editable(&mut pooled.conn(), actor, id).await?;
    }
    html::checked_sizes(&input.template_html, &input.template_css)?;
    Ok(state.drafts.keep(a.user_id, id, input.clone()))
}

/// The caller's draft of template `id` under `token`, while it is held.
pub fn draft(
    state: &AppState,
    actor: Option<&Actor>,
    id: Option<i64>,
    token: &str,
) -> AppResult<Option<TemplateInput>> {
    let a = manager(actor)?;
    Ok(state.drafts.get(a.user_id, id, token))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str) -> TemplateInput {
        TemplateInput {
            name: name.into(),
            ..TemplateInput::default()
        }
    }

    #[test]
    fn a_draft_is_its_authors_and_of_its_template_only() {
        let drafts = Drafts::default();
        let token = drafts.keep(1, Some(7), input("mine"));
        assert_eq!(drafts.get(1, Some(7), &token).map(|i| i.name), Some("mine".into()));
        assert!(drafts.get(2, Some(7), &token).is_none(), "another user");
        assert!(drafts.get(1, Some(8), &token).is_none(), "another template");
        assert!(drafts.get(1, None, &token).is_none(), "a new template");
        assert!(drafts.get(1, Some(7), "forged").is_none());
    }

    #[test]
    fn drafts_are_bounded_per_user_and_in_all() {
        let drafts = Drafts::default();
        let first = drafts.keep(1, None, input("first"));
        let tokens: Vec<String> = (0..Drafts::PER_USER)
            .map(|i| drafts.keep(1, None, input(&i.to_string())))
            .collect();
        assert!(drafts.get(1, None, &first).is_none(), "the oldest of the user's went");
        assert!(tokens.iter().all(|t| drafts.get(1, None, t).is_some()));
        for user in 2..=(Drafts::HELD as i64 + 5) {
            drafts.keep(user, None, input("other"));
        }
        assert_eq!(drafts.0.lock().unwrap().len(), Drafts::HELD);
    }
}
