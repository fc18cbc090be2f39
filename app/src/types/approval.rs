//! The client's approval queue: blueprints, content and campaigns waiting for a decision.

use serde::{Deserialize, Serialize};

/// Longest decision comment, in characters.
pub const MAX_NOTE: usize = 1000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ApprovalItem {
    pub id: i64,
    pub account_id: i64,
    pub site_id: i64,
    /// blueprint, content or campaign
    pub item_type: String,
    pub object_id: Option<i64>,
    pub title: String,
    /// What the request says about the item (an article's opening lines).
    pub excerpt: Option<String>,
    /// Where the client reads the item before deciding (a draft's preview URL).
    pub review_url: Option<String>,
    /// pending, approved or rejected
    pub status: String,
    pub requested_at: String,
    pub decided_at: Option<String>,
    pub decided_by: Option<i64>,
    pub note: Option<String>,
}

/// The client portal's ApprovalQueue: what waits for a decision and what was decided, on the
/// sites the caller may see whose subscription requires the client's review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApprovalQueue {
    /// Oldest request first.
    pub pending: Vec<ApprovalCard>,
    /// Newest decision first (the latest 50).
    pub decided: Vec<ApprovalCard>,
    /// Members, admins and owners decide; viewers read.
    pub can_decide: bool,
    /// Sites (names) whose subscription does not require review: their articles are not queued
    /// (blueprints and campaigns are).
    pub unreviewed_sites: Vec<String>,
}

/// One item with what is to be approved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApprovalCard {
    pub item: ApprovalItem,
    pub site_name: String,
    /// The article's opening lines, or what the request says.
    pub excerpt: Option<String>,
    /// Where to read the article (its draft preview, or its published URL).
    pub link: Option<String>,
    pub word_count: Option<i32>,
    /// A blueprint's clusters.
    pub clusters: Vec<ClusterLine>,
    /// Who decided (their name), when decided.
    pub decided_by_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterLine {
    pub name: String,
    pub cluster_type: String,
    pub target_articles: i32,
}
