//! The Alorig services dashboard figures.

use super::Tier;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject))]
pub struct TierSummary {
    pub tier: Tier,
    /// Active subscriptions (sites) on this tier.
    pub subscriptions: i64,
    pub mrr_cents: i64,
    pub mrr_display: String,
}

/// Clients and monthly recurring revenue over all active managed subscriptions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject))]
pub struct DashboardSummary {
    /// Accounts with at least one active managed subscription.
    pub active_clients: i64,
    /// Active managed subscriptions (sites).
    pub active_subscriptions: i64,
    pub mrr_cents: i64,
    pub currency: String,
    pub mrr_display: String,
    pub by_tier: Vec<TierSummary>,
}
