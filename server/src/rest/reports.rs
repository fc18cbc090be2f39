//! Report PDFs: `GET /reports/{id}/pdf` for the account's owners and admins (and staff), and
//! `GET /reports/shared/{token}` for whoever holds an unexpired share link.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;

use crate::error::{AppError, AppResult};
use crate::http::Caller;
use crate::reports::lifecycle;
use crate::state::AppState;

pub async fn pdf(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
) -> AppResult<impl IntoResponse> {
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::invalid("id", "must be a numeric report id"))?;
    Ok(attachment(lifecycle::pdf(&state, actor.as_ref(), id).await?))
}

pub async fn shared_pdf(State(state): State<AppState>, Path(token): Path<String>) -> AppResult<impl IntoResponse> {
    Ok(attachment(lifecycle::shared_pdf(&state, &token).await?))
}

fn attachment((filename, bytes): (String, bytes::Bytes)) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
}
