//! The client's approval queue: blueprints, content and campaigns waiting for a decision.

use serde::{Deserialize, Serialize};

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
    /// pending, approved or rejected
    pub status: String,
    pub requested_at: String,
    pub decided_at: Option<String>,
    pub decided_by: Option<i64>,
    pub note: Option<String>,
}
