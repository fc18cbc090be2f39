//! An invitation link (no sign-in: the link is the permission): what it invites to, and using it
//! to set a name and password.

use leptos::prelude::*;

use crate::types::ApiError;
use crate::types::user::InvitationRequest;

#[cfg(feature = "ssr")]
use super::ports::{answer, ports, settle_at};

/// The page of an invitation link.
pub fn invitation_url(token: &str) -> String {
    format!("/invitations/{}", super::session::encode_query_value(token))
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait InvitationPort: Send + Sync + 'static {
    /// `invitations::request`: unknown, used or lapsed links are "not found".
    async fn request(&self, token: &str) -> Result<InvitationRequest, ApiError>;
    /// `invitations::accept`; returns the new user's email.
    async fn accept(&self, token: &str, first_name: &str, last_name: &str, password: &str) -> Result<String, ApiError>;
}

#[server(prefix = "/api/ui", endpoint = "invitation_details")]
pub async fn invitation_details(token: String) -> Result<InvitationRequest, ApiError> {
    answer(async { ports()?.invitations.request(&token).await }.await)
}

/// Uses the link (a plain form post): on to the sign-in page with the address filled in, or back
/// to the link's page with the error beside its field and the names kept.
#[server(prefix = "/api/ui", endpoint = "accept_invitation")]
pub async fn accept_invitation(
    token: String,
    first_name: String,
    last_name: Option<String>,
    password: String,
) -> Result<(), ApiError> {
    let last_name = last_name.unwrap_or_default();
    match ports()?
        .invitations
        .accept(&token, &first_name, &last_name, &password)
        .await
    {
        Ok(email) => {
            let to = format!("/login?welcome=1&email={}", super::session::encode_query_value(&email));
            super::ports::redirect(&to);
            Ok(())
        }
        Err(e) => settle_at(
            &invitation_url(&token),
            Err(e),
            &[("d_first", first_name), ("d_last", last_name)],
        ),
    }
}
