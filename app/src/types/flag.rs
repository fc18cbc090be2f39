//! Global feature flags as the APIs show them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct FeatureFlag {
    /// e.g. `managed_services_enabled`
    pub name: String,
    pub enabled: bool,
    /// What the flag controls.
    pub description: String,
    /// When it was last switched (RFC 3339, UTC); `None` = never set (off).
    pub updated_at: Option<String>,
}
