//! The report templates pages (`/account/report-templates`): an account's owners and admins
//! list, write, preview, set as default and delete the handlebars templates of their reports.
//! The editor's form is a plain post; an unsaved draft (a preview, a refused save) is held by the
//! server for an hour under a token in the URL, so nothing typed is lost and nothing is written.

use leptos::prelude::*;

use crate::types::ApiError;
use crate::types::template::{EditorPanel, TemplateInput, TemplatesPanel};

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports, redirect};

/// The list.
pub const PATH: &str = "/account/report-templates";
/// The sample report rendered with a template (`?id=`), a draft (`?draft=`) or the built-in one.
pub const PREVIEW_PATH: &str = "/account/report-templates/preview";

/// The editor of template `id` (None: a new one).
pub fn editor_path(id: Option<i64>) -> String {
    match id {
        Some(id) => format!("{PATH}/{id}"),
        None => format!("{PATH}/new"),
    }
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait TemplatePort: Send + Sync + 'static {
    async fn panel(&self, actor: Option<&crate::types::Actor>) -> Result<TemplatesPanel, ApiError>;
    /// The editor of `id` (None: new), showing `draft` when it is the caller's draft of it.
    async fn editor(
        &self,
        actor: Option<&crate::types::Actor>,
        id: Option<i64>,
        draft: Option<String>,
    ) -> Result<EditorPanel, ApiError>;
    /// Creates (`id` none) or replaces a template; its id.
    async fn save(
        &self,
        actor: Option<&crate::types::Actor>,
        id: Option<i64>,
        input: &TemplateInput,
    ) -> Result<i64, ApiError>;
    /// Holds an unsaved draft of `id` for its author; its token.
    async fn stash(
        &self,
        actor: Option<&crate::types::Actor>,
        id: Option<i64>,
        input: &TemplateInput,
    ) -> Result<String, ApiError>;
    async fn set_default(&self, actor: Option<&crate::types::Actor>, id: i64) -> Result<(), ApiError>;
    async fn delete(&self, actor: Option<&crate::types::Actor>, id: i64) -> Result<(), ApiError>;
}

/// The account's templates.
#[server(prefix = "/api/ui", endpoint = "template_rows")]
pub async fn template_rows() -> Result<TemplatesPanel, ApiError> {
    answer(async { ports()?.templates.panel(actor().await?.as_ref()).await }.await)
}

/// The editor of template `id` (None: a new one), with the draft `draft` when given.
#[server(prefix = "/api/ui", endpoint = "template_editor")]
pub async fn template_editor(id: Option<i64>, draft: Option<String>) -> Result<EditorPanel, ApiError> {
    answer(async { ports()?.templates.editor(actor().await?.as_ref(), id, draft).await }.await)
}

/// The editor's form (a plain post). `intent` "preview": the values are held as a draft and
/// previewed; otherwise saved, or — refused — held as a draft shown with its error.
#[server(prefix = "/api/ui", endpoint = "save_template")]
#[allow(clippy::too_many_arguments)]
pub async fn save_template(
    id: Option<String>,
    name: String,
    theme: Option<String>,
    branding_id: Option<String>,
    is_default: Option<String>,
    template_html: String,
    template_css: Option<String>,
    intent: Option<String>,
) -> Result<(), ApiError> {
    use crate::types::ErrorCode;
    let result = async {
        let id = optional_id("id", id.as_deref(), "is not a template id")?;
        let branding_id = optional_id("branding_id", branding_id.as_deref(), "is not a branding id")?;
        // a textarea posts CRLF line ends: stored as typed in the editor, with LF
        let input = TemplateInput {
            name,
            template_html: template_html.replace("\r\n", "\n"),
            template_css: template_css.unwrap_or_default().replace("\r\n", "\n"),
            theme: theme.filter(|t| !t.is_empty()),
            is_default: is_default.is_some(),
            branding_id,
        };
        let port = ports()?.templates;
        let caller = actor().await?;
        let caller = caller.as_ref();
        if intent.as_deref() == Some("preview") {
            let token = port.stash(caller, id, &input).await?;
            return Ok(format!("{}?draft={token}#preview", editor_path(id)));
        }
        match port.save(caller, id, &input).await {
            Ok(saved) => Ok(format!("{}?done=saved", editor_path(Some(saved)))),
            Err(e) if matches!(e.code, ErrorCode::Invalid | ErrorCode::Conflict) => {
                // the editor checks the draft again and shows why, beside its field
                let token = port.stash(caller, id, &input).await?;
                Ok(format!("{}?draft={token}", editor_path(id)))
            }
            Err(e) => Err(e),
        }
    }
    .await;
    redirect(&answer(result)?);
    Ok(())
}

/// A form's optional id: empty is none.
#[cfg(feature = "ssr")]
fn optional_id(field: &str, value: Option<&str>, why: &str) -> Result<Option<i64>, ApiError> {
    value
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<i64>().map_err(|_| ApiError::invalid(field, why)))
        .transpose()
}

/// Makes a template the account's default.
#[server(prefix = "/api/ui", endpoint = "set_default_template")]
pub async fn set_default_template(id: i64) -> Result<(), ApiError> {
    let result = async { ports()?.templates.set_default(actor().await?.as_ref(), id).await }.await;
    settle(result.map(|()| format!("default:{id}")))
}

/// Deletes a template (after the page's confirmation).
#[server(prefix = "/api/ui", endpoint = "delete_template")]
pub async fn delete_template(id: i64) -> Result<(), ApiError> {
    let result = async { ports()?.templates.delete(actor().await?.as_ref(), id).await }.await;
    settle(result.map(|()| format!("deleted:{id}")))
}

/// Back on the list: `done`, or a refusal (a template in use) as its message.
#[cfg(feature = "ssr")]
fn settle(result: Result<String, ApiError>) -> Result<(), ApiError> {
    use crate::types::ErrorCode;
    let (key, value) = match result {
        Ok(done) => ("done", done),
        Err(e) if matches!(e.code, ErrorCode::Invalid | ErrorCode::Conflict) => ("error", e.message),
        Err(e) => return answer(Err(e)),
    };
    redirect(&format!("{PATH}?{key}={}", super::session::encode_query_value(&value)));
    Ok(())
}
