//! The Import page's port, and its upload form: a multipart post (files are not server-function
//! arguments) that imports through the same service as REST and GraphQL, then goes back to the
//! page with the result in the URL — so the form works without JavaScript.

use app::api::imports::{IMPORTS_PATH, ImportPort};
use app::types::import::{ImportPage, ImportQuery};
use app::types::{Actor, ApiError, ErrorCode};
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};

use crate::http::Caller;
use crate::imports::By;
use crate::rest::imports::{read_form, site_id};
use crate::state::AppState;

pub use app::api::imports::IMPORT_FORM_PATH as FORM_PATH;

pub struct Imports(pub AppState);

#[async_trait::async_trait]
impl ImportPort for Imports {
    async fn page(&self, actor: Option<&Actor>, query: &ImportQuery) -> Result<ImportPage, ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(crate::imports::page(&mut pooled.conn(), actor, query).await?)
    }
}

/// `POST /account/imports/upload`: imports the chosen files, then back to the page (on the
/// account the form was for, the site chosen) with how many went in, or the refusal. A refusal
/// that is not about the input (401, 403, 404) is answered as it is.
pub async fn submit(State(state): State<AppState>, Caller(actor): Caller, form: Multipart) -> Response {
    let Some(actor) = actor else {
        return crate::error::AppError::Unauthenticated.into_response();
    };
    if let Err(e) = crate::auth::may(Some(&actor), crate::auth::Action::ImportData) {
        return e.into_response();
    }
    let back = |pairs: &[(&str, String)]| {
        let query: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", app::api::session::encode_query_value(v)))
            .collect();
        Redirect::to(&format!("{IMPORTS_PATH}?{}", query.join("&"))).into_response()
    };
    // a refusal of the input goes back to the form; any other (403, 404…) is answered as it is
    let refused = |e: crate::error::AppError, keep: &[(&str, String)]| {
        let api = e.to_api();
        if matches!(api.code, ErrorCode::Invalid) {
            let mut pairs = keep.to_vec();
            pairs.push(("error", api.message));
            pairs.push(("field", api.field.unwrap_or_default()));
            back(&pairs)
        } else {
            e.into_response()
        }
    };
    let form = match read_form(form).await {
        Ok(form) => form,
        Err(e) => return refused(e, &[]),
    };
    let keep = [
        ("account", form.account.clone()),
        ("site", form.site.clone()),
        ("dates", form.dates.clone().unwrap_or_default()),
    ];
    let site = match site_id(&form.site) {
        Ok(site) => site,
        Err(e) => return refused(e, &keep[..1]),
    };
    let (format, dates) = (form.format.as_deref(), form.dates.as_deref());
    match crate::imports::import(&state, By::User(&actor), site, &form.files, format, dates).await {
        Ok(records) => {
            let failed = records.iter().filter(|r| r.status == "failed").count();
            let done = match (records.len(), failed) {
                (1, 0) => "1 file imported".to_owned(),
                (1, 1) => "The file failed: nothing of it was written".to_owned(),
                (n, 0) => format!("{n} files imported"),
                (n, f) => format!("{n} files: {} imported, {f} failed (nothing of those written)", n - f),
            };
            back(&[keep[0].clone(), keep[1].clone(), ("done", done)])
        }
        Err(e) => refused(e, &keep),
    }
}
