//! Backlink service orders (04A) and their links, as the admin pages and APIs show them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct BacklinkOrder {
    pub id: i64,
    pub account_id: i64,
    pub site_id: i64,
    pub site_name: String,
    /// starter, growth, authority or custom
    pub package: String,
    pub marketplace: String,
    /// pending, ordered, in_progress, delivered, completed or cancelled
    pub status: String,
    pub links_ordered: i32,
    pub price_cents: i64,
    /// Alorig's cost and margin: staff only (`None` for clients).
    pub cost_cents: Option<i64>,
    pub margin_cents: Option<i64>,
    pub currency: String,
    /// RFC 3339, UTC.
    pub ordered_at: String,
    pub due_date: String,
    pub delivered_at: Option<String>,
    /// The order's links, link by link (the detail and the `links` field).
    pub links: Vec<BacklinkLink>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct BacklinkLink {
    pub id: i64,
    pub source_domain: String,
    pub source_url: String,
    pub target_url: String,
    /// planned, ordered, delivered, live, indexed, lost or rejected
    pub status: String,
    pub domain_rating: Option<f64>,
    pub delivered_at: Option<String>,
    pub live_at: Option<String>,
    pub indexed_at: Option<String>,
}

/// Which orders a list shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::InputObject, utoipa::ToSchema))]
pub struct OrderFilter {
    /// The client account (staff).
    pub account_id: Option<i64>,
    pub site_id: Option<i64>,
    pub status: Option<String>,
    pub package: Option<String>,
}
