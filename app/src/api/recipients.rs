//! The link a report recipient confirms with: what it asks, and confirming it. Open to anyone
//! holding the link (the token is the permission); reading it changes nothing.

use leptos::prelude::*;

use crate::types::{ApiError, RecipientRequest};

#[cfg(feature = "ssr")]
use super::ports::{answer, ports, redirect};

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait RecipientPort: Send + Sync + 'static {
    /// The request behind a link (unknown, replaced or lapsed: not found).
    async fn request(&self, token: &str) -> Result<RecipientRequest, ApiError>;
    /// Confirms it: the address joins the subscription's report recipients.
    async fn confirm(&self, token: &str) -> Result<RecipientRequest, ApiError>;
}

/// The page of a confirmation link.
pub fn confirm_url(token: &str) -> String {
    format!("/recipients/confirm/{}", super::session::encode_query_value(token))
}

#[server(prefix = "/api/ui", endpoint = "confirmation_request")]
pub async fn confirmation_request(token: String) -> Result<RecipientRequest, ApiError> {
    answer(async { ports()?.recipients.request(&token).await }.await)
}

/// Confirms the address (a plain form post): back to the link's page, which now says so.
#[server(prefix = "/api/ui", endpoint = "confirm_recipient")]
pub async fn confirm_recipient(token: String) -> Result<(), ApiError> {
    answer(async { ports()?.recipients.confirm(&token).await }.await)?;
    redirect(&confirm_url(&token));
    Ok(())
}
