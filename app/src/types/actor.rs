//! Who is calling: built by the server from a session cookie or an API token, read by `authorize`.

use serde::{Deserialize, Serialize};

/// A user's role inside their account (`is_staff` is separate: Alorig staff may have any role in their own account).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::Enum, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Viewer,
    Member,
    Admin,
    Owner,
}

impl Role {
    /// All roles, lowest first.
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Member, Role::Admin, Role::Owner];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Member => "member",
            Role::Admin => "admin",
            Role::Owner => "owner",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Per-account feature gates (04C pricing): what the account's plan unlocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::Enum, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    Reports,
    WhiteLabel,
}

impl Feature {
    pub const ALL: [Feature; 2] = [Feature::Reports, Feature::WhiteLabel];

    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Reports => "reports",
            Feature::WhiteLabel => "white_label",
        }
    }

    pub fn parse(s: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// The signed-in caller, with everything `authorize` needs to decide without another query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: i64,
    pub account_id: i64,
    pub role: Role,
    /// Alorig platform staff.
    pub is_staff: bool,
    /// `Some(ids)` when the user may only see these sites of their account.
    pub site_ids: Option<Vec<i64>>,
    /// The account's feature gates.
    pub features: Vec<Feature>,
    /// The global `managed_services_enabled` flag, read when the actor was built.
    pub managed_services_enabled: bool,
}

impl Actor {
    pub fn has_feature(&self, feature: Feature) -> bool {
        self.features.contains(&feature)
    }

    /// Whether the actor may see this site of their own account (site restriction only).
    pub fn may_see_site(&self, site_id: i64) -> bool {
        self.site_ids.as_ref().is_none_or(|ids| ids.contains(&site_id))
    }
}
