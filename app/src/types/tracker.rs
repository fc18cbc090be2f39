//! Progress of a managed site: content against its monthly target, backlinks through their
//! pipeline, indexing requests, and Ahrefs history.

use serde::{Deserialize, Serialize};

/// Articles published in a month against the subscription's target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ContentTracker {
    pub site_id: i64,
    /// `2026-11`
    pub month: String,
    pub published: i64,
    pub target: i64,
    /// The target pro-rated to the day asked (the whole target for a past month).
    pub expected_by_today: i64,
    pub words: i64,
    pub items: Vec<TrackedArticle>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct TrackedArticle {
    pub id: i64,
    pub title: String,
    pub content_type: String,
    pub words: i64,
    pub published_at: String,
}

/// A site's links through the pipeline: ordered → delivered → live → indexed (each stage counts
/// the links that reached it), plus those lost or rejected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct BacklinkTracker {
    pub site_id: i64,
    pub ordered: i64,
    pub delivered: i64,
    pub live: i64,
    pub indexed: i64,
    pub lost: i64,
    pub rejected: i64,
    /// Links the subscription promises a month, for the bar's scale.
    pub monthly_target: Option<i64>,
}

/// Backlink indexing requests of one site by state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct IndexingStatus {
    pub site_id: i64,
    pub site_name: String,
    pub pending: i64,
    pub submitted: i64,
    pub indexed: i64,
    pub failed: i64,
    pub total: i64,
    /// indexed ÷ total, percent (1 decimal).
    pub indexed_pct: Option<f64>,
    /// RFC 3339, UTC: the latest status check.
    pub last_checked_at: Option<String>,
}

/// Indexing per site and over all of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Indexing {
    pub sites: Vec<IndexingStatus>,
    pub totals: IndexingStatus,
}

/// One Ahrefs snapshot of a site's domain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct AhrefsSnapshot {
    // each figure is `None` when not known for that day (an import may bring one at a time)
    pub snapshot_date: String,
    pub domain_rating: Option<f64>,
    pub ahrefs_rank: Option<i64>,
    pub referring_domains: Option<i32>,
    pub backlinks: Option<i64>,
    pub organic_keywords: Option<i32>,
    pub organic_traffic: Option<i64>,
    pub traffic_value_cents: Option<i64>,
}
