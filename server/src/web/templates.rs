//! The report templates pages' port — `templates::list`, `create`, `update`, `set_default`,
//! `delete` as REST and GraphQL call them, and the editor's drafts — and the sandboxed preview
//! of the sample report that the editor frames.

use std::collections::HashMap;

use app::api::templates::TemplatePort;
use app::types::template::{EditorPanel, TemplateInput, TemplateRow, TemplatesPanel};
use app::types::{Actor, ApiError};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::auth::ReadScope;
use crate::db::DbConn;
use crate::db::models::branding::Branding;
use crate::error::{AppError, AppResult};
use crate::http::Caller;
use crate::reports::render::html;
use crate::state::AppState;
use crate::templates;

pub struct Templates(pub AppState);

type Who<'a> = Option<&'a Actor>;

/// The account's brandings, by name.
async fn brandings_of(conn: &mut DbConn<'_>, account_id: i64) -> AppResult<Vec<Branding>> {
    Ok(Branding::list(
        conn,
        &ReadScope::Account {
            account_id,
            sites: None,
        },
    )
    .await?)
}

/// What a new template starts from: the built-in one.
fn built_in() -> TemplateInput {
    TemplateInput {
        name: String::new(),
        template_html: html::DEFAULT_TEMPLATE.to_owned(),
        template_css: String::new(),
        theme: Some("light".into()),
        is_default: false,
        branding_id: None,
    }
}

fn input_of(t: &crate::db::models::template::ReportTemplate) -> TemplateInput {
    TemplateInput {
        name: t.name.clone(),
        template_html: t.template_html.clone(),
        template_css: t.template_css.clone(),
        theme: Some(t.theme.clone()),
        is_default: t.is_default,
        branding_id: t.branding_id,
    }
}

#[async_trait::async_trait]
impl TemplatePort for Templates {
    async fn panel(&self, actor: Who<'_>) -> Result<TemplatesPanel, ApiError> {
        let a = templates::manager(actor)?;
        let mut pooled = self.0.conn().await?;
        let mut conn = pooled.conn();
        // staff list every account's over the API; this page is the caller's own account's
        let list: Vec<_> = templates::list(&mut conn, actor)
            .await?
            .into_iter()
            .filter(|t| t.account_id == a.account_id)
            .collect();
        let names: HashMap<i64, String> = brandings_of(&mut conn, a.account_id)
            .await?
            .into_iter()
            .map(|b| (b.id, b.brand_name))
            .collect();
        let mut used: HashMap<i64, usize> = HashMap::new();
        for id in crate::reports::settings::of_account(&mut conn, a.account_id)
            .await?
            .into_iter()
            .filter_map(|r| r.template_id)
        {
            *used.entry(id).or_default() += 1;
        }
        Ok(TemplatesPanel {
            rows: list
                .into_iter()
                .map(|t| TemplateRow {
                    id: t.id,
                    lines: t.template_html.lines().count(),
                    used_by: used.get(&t.id).copied().unwrap_or(0),
                    branding_name: t.branding_id.and_then(|b| names.get(&b).cloned()),
                    name: t.name,
                    theme: t.theme,
                    is_default: t.is_default,
                    updated_at: t.updated_at,
                })
                .collect(),
        })
    }

    async fn editor(&self, actor: Who<'_>, id: Option<i64>, draft: Option<String>) -> Result<EditorPanel, ApiError> {
        let mut pooled = self.0.conn().await?;
        let mut conn = pooled.conn();
        // another account's template is "not found" before anything else is said
        let saved = match id {
            Some(id) => input_of(&templates::editable(&mut conn, actor, id).await?),
            None => built_in(),
        };
        let a = templates::manager(actor)?;
        let held = match &draft {
            Some(token) => templates::draft(&self.0, actor, id, token)?,
            None => None,
        };
        let draft_lost = draft.is_some() && held.is_none();
        let (values, draft) = match held {
            Some(values) => (values, draft),
            None => (saved, None),
        };
        // a draft is shown with the first reason it cannot be saved, beside its field
        let error = if draft.is_some() {
            match templates::check(&mut conn, actor, &values).await {
                Ok(()) => None,
                Err(e) if e.field().is_some() => Some((e.field().unwrap_or_default().to_owned(), e.public_message())),
                Err(e) => return Err(e.to_api()),
            }
        } else {
            None
        };
        let brandings = brandings_of(&mut conn, a.account_id)
            .await?
            .into_iter()
            .map(|b| {
                let name = if b.is_active {
                    b.brand_name
                } else {
                    format!("{} (inactive)", b.brand_name)
                };
                (b.id, name)
            })
            .collect();
        Ok(EditorPanel {
            id,
            values,
            brandings,
            draft,
            draft_lost,
            error,
            variables: html::variables().to_vec(),
        })
    }

    async fn save(&self, actor: Who<'_>, id: Option<i64>, input: &TemplateInput) -> Result<i64, ApiError> {
        let mut pooled = self.0.conn().await?;
        let mut conn = pooled.conn();
        let saved = match id {
            Some(id) => templates::update(&mut conn, actor, id, input).await?,
            None => templates::create(&mut conn, actor, input).await?,
        };
        Ok(saved.id)
    }

    async fn stash(&self, actor: Who<'_>, id: Option<i64>, input: &TemplateInput) -> Result<String, ApiError> {
        Ok(templates::stash(&self.0, actor, id, input).await?)
    }

    async fn set_default(&self, actor: Who<'_>, id: i64) -> Result<(), ApiError> {
        let mut pooled = self.0.conn().await?;
        templates::set_default(&mut pooled.conn(), actor, id).await?;
        Ok(())
    }

    async fn delete(&self, actor: Who<'_>, id: i64) -> Result<(), ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(templates::delete(&mut pooled.conn(), actor, id).await?)
    }
}

#[derive(serde::Deserialize)]
pub struct PreviewQuery {
    id: Option<String>,
    draft: Option<String>,
}

/// `GET /account/report-templates/preview?id=…&draft=…`: the sample report rendered with the
/// caller's draft, template `id`, or (neither) the built-in template, served in the template
/// sandbox (no script, no requests, framed only by this site). A refusal is a short page.
#[utoipa::path(get, path = "/account/report-templates/preview", tag = "templates",
    params(("id" = Option<i64>, Query), ("draft" = Option<String>, Query)),
    responses((status = 200, content_type = "text/html", description = "the sample report rendered with the template"),
        (status = 401, description = "not signed in"), (status = 404, description = "another account's template"),
        (status = 422, description = "a draft no longer held")))]
pub async fn preview(State(state): State<AppState>, Caller(actor): Caller, Query(q): Query<PreviewQuery>) -> Response {
    let answer = async {
        let id = match q.id.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(
                s.parse::<i64>()
                    .map_err(|_| AppError::invalid("id", "is not a template id"))?,
            ),
        };
        let input = match (&q.draft, id) {
            (Some(token), _) => templates::draft(&state, actor.as_ref(), id, token)?
                .ok_or_else(|| AppError::invalid("draft", "is no longer held; preview it again"))?,
            (None, Some(id)) => {
                let mut pooled = state.conn().await?;
                input_of(&templates::editable(&mut pooled.conn(), actor.as_ref(), id).await?)
            }
            (None, None) => built_in(),
        };
        templates::preview(&state, actor.as_ref(), &input).await
    }
    .await;
    let (status, body) = match answer {
        Ok(page) => (axum::http::StatusCode::OK, page),
        Err(e) => (
            e.status(),
            format!(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No preview</title></head><body><p>{}</p></body></html>",
                handlebars::html_escape(&e.public_message())
            ),
        ),
    };
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-store"),
            (header::CONTENT_SECURITY_POLICY, crate::security::TEMPLATE_OUTPUT_POLICY),
        ],
        body,
    )
        .into_response()
}
