//! Agency branding (04B `AgencyBranding`): what white-label reports carry instead of IGNY8's.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Branding {
    pub id: i64,
    pub account_id: i64,
    pub brand_name: String,
    pub brand_logo_url: String,
    /// `#RRGGBB`
    pub primary_color: String,
    pub secondary_color: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub website_url: String,
    pub footer_text: String,
    pub is_active: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
    /// The host name the branding's clients open the portal and report links on, e.g.
    /// `reports.agency.example` (serves only once verified).
    pub custom_domain: Option<String>,
    /// What `http://{custom_domain}/.well-known/brand-domain-verification` must answer: the
    /// service answers it itself once the domain points here (a CNAME to the service's host).
    pub domain_token: Option<String>,
    /// When the domain was verified (RFC 3339, UTC); `None` = not verified.
    pub domain_verified_at: Option<String>,
}

/// A branding as created or replaced (REST `POST` / `PUT`, GraphQL create/update).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::InputObject, utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BrandingInput {
    pub brand_name: String,
    /// `#RRGGBB`
    pub primary_color: String,
    pub secondary_color: String,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", graphql(default))]
    pub brand_logo_url: String,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", graphql(default))]
    pub contact_email: String,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", graphql(default))]
    pub contact_phone: String,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", graphql(default))]
    pub website_url: String,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", graphql(default))]
    pub footer_text: String,
    #[serde(default = "yes")]
    #[cfg_attr(feature = "ssr", graphql(default = true))]
    pub is_active: bool,
    /// A host name of the agency's for the client portal and report links (empty = none). A
    /// changed domain must be verified again.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", graphql(default))]
    pub custom_domain: String,
}

fn yes() -> bool {
    true
}

/// A branding as the brandings pages show it: its report cover drawn in its colours and logo
/// (SVG, light and dark theme), what fails contrast, and whether its logo loads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrandingCard {
    pub branding: Branding,
    pub account_name: String,
    pub cover_light: String,
    pub cover_dark: String,
    /// Colours below WCAG AA (4.5:1) on a theme's pages.
    pub contrast_warnings: Vec<String>,
    /// Why the logo could not be loaded (unreachable, too large, not an image, a private address).
    pub logo_problem: Option<String>,
}

/// The brandings page: the cards, whether the caller may change them, and the form's draft
/// previewed (its values as entered).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrandingsPanel {
    pub cards: Vec<BrandingCard>,
    pub editable: bool,
    pub draft: Option<BrandingCard>,
    /// Why the draft was refused: (field, message).
    pub draft_error: Option<(String, String)>,
}
