//! A client's website: the unit reports, subscriptions and metrics hang off.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Site {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub domain: String,
    pub industry: Option<String>,
    pub is_active: bool,
}

/// A site added to a client account (GraphQL `addSite`, REST
/// `POST /api/v1/services/accounts/{id}/sites/`, the client's page).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::InputObject, utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SiteInput {
    /// The bare domain, e.g. `example.com` (no scheme, port or path); unique in the account.
    pub domain: String,
    /// Display name; the domain when left out.
    pub name: Option<String>,
    pub industry: Option<String>,
}
