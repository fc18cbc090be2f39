//! The indexing dashboard (staff): backlink indexing requests across every client — their
//! states, their trend by week, the sites with the most errors and the requests themselves.

use serde::{Deserialize, Serialize};

use super::dashboard::ThemedChart;
use super::tracker::IndexingStatus;

/// Request states, in their order.
pub const REQUEST_STATES: [&str; 4] = ["pending", "submitted", "indexed", "failed"];

/// Requests listed per page.
pub const REQUESTS_PER_PAGE: i64 = 50;

/// The dashboard's view as the URL carries it: plain strings, checked by the server.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IndexingQuery {
    /// Part of a client's or site's name, or of a domain.
    pub q: String,
    /// Requests made from `from` to `to` (YYYY-MM-DD; default: the last twelve weeks).
    pub from: String,
    pub to: String,
    /// Only requests in this state (the list).
    pub status: String,
    /// The list's page, from 1.
    pub page: String,
}

/// One week of the trend: requests made, links indexed and requests failed in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexingWeekRow {
    /// The Monday the week starts.
    pub week_start: String,
    pub requested: i64,
    pub indexed: i64,
    pub failed: i64,
}

/// A request as the list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexingRequestRow {
    pub id: i64,
    pub site_id: i64,
    pub domain: String,
    pub url: String,
    pub provider: String,
    pub status: String,
    pub attempts: i32,
    /// RFC 3339, UTC.
    pub requested_at: String,
    pub checked_at: Option<String>,
    pub indexed_at: Option<String>,
    pub last_error: Option<String>,
}

/// A site's requests by state, with its domain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteIndexing {
    pub domain: String,
    pub counts: IndexingStatus,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexingDashboard {
    /// The days shown (the defaults filled in).
    pub from: String,
    pub to: String,
    /// Requests made in the range, by state, over the sites matching `q`.
    pub totals: IndexingStatus,
    /// Sites with requests in the range.
    pub sites: i64,
    /// The sites with the most failed requests (at most ten).
    pub most_errors: Vec<SiteIndexing>,
    pub weekly: Vec<IndexingWeekRow>,
    /// The trend drawn by the report's chart code (requested, indexed, failed per week).
    pub charts: Vec<ThemedChart>,
    /// A page of the requests (newest first), of `matching` in all.
    pub requests: Vec<IndexingRequestRow>,
    pub matching: i64,
    pub page: i64,
}
