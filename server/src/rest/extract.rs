//! Request bodies and query strings, read by the extractors but parsed only when the handler asks
//! (`parse`), after it has authorized the caller: nobody learns the schema from a 422 before they
//! are allowed to call. Failures use the platform's 422 envelope naming the field
//! (`site_id: invalid type: string "x", expected i64`), not axum's plain-text rejections.

use std::marker::PhantomData;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{AppError, AppResult};

/// A numeric id from a path (`/…/{id}/`), or 422 naming `id`.
pub fn path_id(raw: &str) -> AppResult<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| AppError::invalid("id", "must be a numeric id"))
}

/// A JSON body, not yet parsed; an empty body reads as `{}`.
pub struct Body<T> {
    bytes: Result<Bytes, AppError>,
    _of: PhantomData<T>,
}

impl<S: Send + Sync, T> FromRequest<S> for Body<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let content_type = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        // too large a body is refused at once (413), whoever calls
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| AppError::invalid("body", format!("cannot be read: {e}")))?;
        let bytes = match content_type {
            None if bytes.iter().all(u8::is_ascii_whitespace) => Ok(bytes),
            Some(ct) if is_json(&ct) => Ok(bytes),
            _ => Err(AppError::invalid(
                "body",
                "must be JSON (Content-Type: application/json)",
            )),
        };
        Ok(Body {
            bytes,
            _of: PhantomData,
        })
    }
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
}

impl<T: DeserializeOwned> Body<T> {
    pub fn parse(self) -> AppResult<T> {
        let bytes = self.bytes?;
        let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &bytes
        };
        let mut de = serde_json::Deserializer::from_slice(bytes);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let field = e.path().to_string();
            let field = if field == "." { "body".to_owned() } else { field };
            AppError::invalid(field, e.into_inner().to_string())
        })
    }
}

/// A query string, not yet parsed.
pub struct Params<T> {
    query: String,
    _of: PhantomData<T>,
}

impl<S: Send + Sync, T> FromRequestParts<S> for Params<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        Ok(Params {
            query: parts.uri.query().unwrap_or("").to_owned(),
            _of: PhantomData,
        })
    }
}

impl<T: DeserializeOwned> Params<T> {
    pub fn parse(self) -> AppResult<T> {
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(self.query.as_bytes()));
        serde_path_to_error::deserialize(de).map_err(|e| {
            let field = e.path().to_string();
            let field = if field == "." { "query".to_owned() } else { field };
            AppError::invalid(field, e.into_inner().to_string())
        })
    }
}
