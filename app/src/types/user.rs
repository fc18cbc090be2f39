//! A person who signs in.

use super::Role;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct User {
    pub id: i64,
    pub account_id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: Role,
    pub is_staff: bool,
}

/// A user invited to a client account (GraphQL `inviteUser`, REST
/// `POST /api/v1/services/accounts/{id}/invitations/`, the account's page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::InputObject, utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvitationInput {
    pub email: String,
    pub role: Role,
    /// The only sites of the account the user may see; every site when left out.
    pub site_ids: Option<Vec<i64>>,
}

/// An invitation as staff see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Invitation {
    pub id: i64,
    pub account_id: i64,
    pub email: String,
    pub role: Role,
    /// The only sites the user will see; `None`: every site.
    pub site_ids: Option<Vec<i64>>,
    /// RFC 3339, UTC.
    pub expires_at: String,
    /// When it was used; `None`: open, lapsed or revoked (see `open`).
    pub accepted_at: Option<String>,
    /// Its link still works (not used, not lapsed, not revoked).
    pub open: bool,
}

/// What an invitation link shows before the password is set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationRequest {
    pub email: String,
    pub account_name: String,
    pub role: Role,
    /// e.g. `12 December 2026`
    pub expires: String,
}
