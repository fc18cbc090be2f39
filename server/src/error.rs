//! One error type for request code, with adapters for HTTP (the platform's REST envelope),
//! GraphQL (`extensions.code` / `field`) and server functions (`ApiError`). Internal details are
//! logged, never shown.

use app::types::{ApiError, ErrorCode};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("authentication required")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("not found")]
    NotFound,
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: String },
    #[error("{0}")]
    Conflict(String),
    #[error("too many attempts; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// A dependency (the database) is not reachable right now.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Database(diesel::result::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

/// A free-text input that must fit on one line: at most `max` characters, no control characters.
pub fn one_line(field: &str, value: &str, max: usize) -> AppResult<()> {
    if value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(AppError::invalid(
            field,
            format!("must be at most {max} characters on one line"),
        ));
    }
    Ok(())
}

impl AppError {
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> AppError {
        AppError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }

    pub fn forbidden(why: impl Into<String>) -> AppError {
        AppError::Forbidden(why.into())
    }

    pub fn internal(what: impl Into<String>) -> AppError {
        AppError::Internal(what.into())
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Unauthenticated => ErrorCode::Unauthenticated,
            AppError::Forbidden(_) => ErrorCode::Forbidden,
            AppError::NotFound => ErrorCode::NotFound,
            AppError::Invalid { .. } => ErrorCode::Invalid,
            AppError::Conflict(_) => ErrorCode::Conflict,
            AppError::RateLimited { .. } => ErrorCode::RateLimited,
            AppError::Unavailable(_) | AppError::Database(_) | AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Database(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message a client may see; internal failures are logged here and reported generically.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Unavailable(detail) | AppError::Internal(detail) => {
                tracing::error!(error = %detail, "request failed");
                "internal server error".into()
            }
            AppError::Database(e) => {
                tracing::error!(error = %e, "database error");
                "internal server error".into()
            }
            AppError::Invalid { reason, .. } => reason.clone(),
            other => other.to_string(),
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    pub fn to_api(&self) -> ApiError {
        ApiError {
            code: self.code(),
            message: self.public_message(),
            field: self.field().map(str::to_owned),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => AppError::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                // the constraint name goes to the log only: it would tell callers about the schema
                tracing::info!(
                    constraint = info.constraint_name().unwrap_or("unique"),
                    "unique violation"
                );
                AppError::Conflict("already exists".into())
            }
            other => AppError::Database(other),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        e.to_api()
    }
}

/// REST: the platform's envelope, `{"success": false, "message": …, "errors": [{"field", "message"}]}`.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = self.public_message();
        let errors: Vec<serde_json::Value> = match self.field() {
            Some(field) => vec![serde_json::json!({ "field": field, "message": message })],
            None => Vec::new(),
        };
        let body = serde_json::json!({
            "success": false,
            "code": self.code().as_str(),
            "message": message,
            "errors": errors,
        });
        let mut response = (status, axum::Json(body)).into_response();
        if let AppError::RateLimited { retry_after_secs } = self
            && let Ok(v) = retry_after_secs.to_string().parse()
        {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        response
    }
}

/// GraphQL: the message plus `extensions.code` (and `extensions.field` for invalid input).
/// (async-graphql converts any `Display` error by itself, without extensions, so resolvers
/// convert explicitly with `GqlResult::gql`.)
impl async_graphql::ErrorExtensions for AppError {
    fn extend(&self) -> async_graphql::Error {
        let api = self.to_api();
        async_graphql::Error::new(api.message).extend_with(|_, ext| {
            ext.set("code", api.code.as_str());
            if let Some(field) = api.field {
                ext.set("field", camel_case(&field));
            }
        })
    }
}

/// Services name fields as the REST bodies do (`period_start`); GraphQL arguments are
/// camelCase (`periodStart`). What follows a dot is a key inside a JSON value
/// (`config.report_day`) and stays as it is.
fn camel_case(field: &str) -> String {
    let (head, tail) = field.split_once('.').map_or((field, None), |(h, t)| (h, Some(t)));
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in head.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    if let Some(t) = tail {
        out.push('.');
        out.push_str(t);
    }
    out
}

/// `.gql()` turns an `AppResult` into a GraphQL result that keeps the error code.
pub trait GqlResult<T> {
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> GqlResult<T> for Result<T, AppError> {
    fn gql(self) -> async_graphql::Result<T> {
        use async_graphql::ErrorExtensions;
        self.map_err(|e| e.extend())
    }
}

pub type AppResult<T> = Result<T, AppError>;
