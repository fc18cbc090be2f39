//! The client portal's ServiceOverview: per managed site, what the plan includes, this month's
//! progress, and the latest report's headline figures.

use serde::{Deserialize, Serialize};

use super::report::Kpi;
use super::subscription::Subscription;

/// The overview of the caller's managed sites (those they may see), on the account's clock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceOverview {
    /// `December 2026`
    pub month: String,
    /// Days of the month after today.
    pub days_left: i64,
    pub sites: Vec<SiteOverview>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteOverview {
    pub subscription: Subscription,
    pub domain: String,
    /// What the plan includes, as the client reads it.
    pub includes: Vec<String>,
    pub articles_published: i64,
    pub articles_target: i64,
    /// The target pro-rated to today.
    pub articles_expected: i64,
    /// Links delivered, and gone live, this month.
    pub backlinks_delivered: i64,
    pub backlinks_live: i64,
    pub backlinks_target: i64,
    pub latest_report: Option<LatestReport>,
    /// `YYYY-MM-DD`: when a report of the site was last emailed.
    pub last_sent_on: Option<String>,
}

/// The site's newest report and its headline figures (clicks, impressions, indexed pages, DR)
/// with their change against the period before, as the report printed them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatestReport {
    pub id: i64,
    pub report_type: String,
    /// `YYYY-MM-DD – YYYY-MM-DD`
    pub period: String,
    pub figures: Vec<Kpi>,
}
