//! Imports over REST: `POST /api/v1/services/imports/` (multipart: `site`, optional `format`,
//! one or more `file` parts) and `GET /api/v1/services/imports/` (an account's import records).
//! Uploads stream to temporary files, never whole into memory; the files themselves are not kept.

use app::types::import::{ImportPage, ImportQuery, ImportRecord};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::io::Write;

use super::extract::Params;
use super::ok;
use super::openapi::{Envelope, ErrorBody};
use crate::auth::{Action, may};
use crate::error::{AppError, AppResult};
use crate::http::Caller;
use crate::imports::{self, By, MAX_FILE_BYTES, Upload};
use crate::state::AppState;

pub const PATH: &str = "/api/v1/services/imports/";

/// The fields of an import form, the files saved to a temporary directory.
pub struct ImportForm {
    /// The account the Import page was showing (to go back to it); not used to import.
    pub account: String,
    pub site: String,
    pub format: Option<String>,
    /// The days a file without days sums (a period: `2026-10`, `2026-10-01..2026-10-31`).
    pub dates: Option<String>,
    pub files: Vec<Upload>,
    /// Holds the saved files until the import is done.
    _dir: tempfile::TempDir,
}

/// Reads a multipart import form: each file part streams to disk, refused past `MAX_FILE_BYTES`.
pub async fn read_form(mut form: Multipart) -> AppResult<ImportForm> {
    let dir = tempfile::Builder::new()
        .prefix("igny8-import-")
        .tempdir()
        .map_err(|e| AppError::Internal(format!("a temporary directory for the upload: {e}")))?;
    let (mut account, mut site, mut format, mut dates, mut files) =
        (String::new(), String::new(), None, None, Vec::new());
    let bad = |e: axum::extract::multipart::MultipartError| {
        AppError::invalid("file", format!("the upload is not a readable multipart form: {e}"))
    };
    while let Some(mut field) = form.next_field().await.map_err(bad)? {
        match field.name().unwrap_or_default() {
            "account" => account = field.text().await.map_err(bad)?,
            "site" => site = field.text().await.map_err(bad)?,
            "format" => format = Some(field.text().await.map_err(bad)?),
            "dates" => dates = Some(field.text().await.map_err(bad)?),
            "file" | "files" => {
                let name = field.file_name().unwrap_or("upload").to_owned();
                if name.is_empty() {
                    continue; // a form sent with no file chosen
                }
                let path = dir.path().join(format!("{}", files.len()));
                let mut out =
                    std::fs::File::create(&path).map_err(|e| AppError::Internal(format!("saving an upload: {e}")))?;
                let mut size = 0u64;
                while let Some(chunk) = field.chunk().await.map_err(bad)? {
                    size += chunk.len() as u64;
                    if size > MAX_FILE_BYTES {
                        return Err(AppError::invalid(
                            format!("file `{name}`"),
                            format!(
                                "larger than the {} MiB a file may be; split the export",
                                MAX_FILE_BYTES >> 20
                            ),
                        ));
                    }
                    out.write_all(&chunk)
                        .map_err(|e| AppError::Internal(format!("saving an upload: {e}")))?;
                }
                files.push(Upload::new(name, path));
            }
            other => {
                return Err(AppError::invalid(
                    other.to_owned(),
                    "not a field of an import (site, format, dates, file)",
                ));
            }
        }
    }
    Ok(ImportForm {
        account,
        site,
        format,
        dates,
        files,
        _dir: dir,
    })
}

/// The `site` field as an id.
pub fn site_id(raw: &str) -> AppResult<i64> {
    crate::pagination::optional_id("site", raw)?.ok_or_else(|| AppError::invalid("site", "must be a site id"))
}

#[utoipa::path(post, path = "/api/v1/services/imports/", tag = "imports",
    request_body(content_type = "multipart/form-data", description = "`site` (id), `format` (optional), `dates` (optional: the days a file without days sums, e.g. `2026-10`), one or more `file` parts"),
    responses((status = 201, body = Envelope<Vec<ImportRecord>>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload(State(state): State<AppState>, Caller(actor): Caller, form: Multipart) -> AppResult<Response> {
    may(actor.as_ref(), Action::ImportData)?;
    let actor = actor.ok_or(AppError::Unauthenticated)?;
    let form = read_form(form).await?;
    let site = site_id(&form.site)?;
    let records = imports::import(
        &state,
        By::User(&actor),
        site,
        &form.files,
        form.format.as_deref(),
        form.dates.as_deref(),
    )
    .await?;
    Ok((StatusCode::CREATED, ok(records)).into_response())
}

#[utoipa::path(get, path = "/api/v1/services/imports/", tag = "imports",
    params(("account" = Option<i64>, Query), ("site" = Option<i64>, Query), ("status" = Option<String>, Query), ("page" = Option<i64>, Query)),
    responses((status = 200, body = Envelope<ImportPage>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    query: Params<ImportQuery>,
) -> AppResult<Response> {
    may(actor.as_ref(), Action::ViewSite)?;
    let query = query.parse()?;
    let mut pooled = state.conn().await?;
    Ok(ok(imports::page(&mut pooled.conn(), actor.as_ref(), &query).await?).into_response())
}
