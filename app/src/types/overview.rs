//! The client portal's ServiceOverview: per managed site, what the plan includes, this month's
//! progress, and the latest report's headline figures.

use serde::{Deserialize, Serialize};

use super::dashboard::ThemedChart;
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
    /// The next report the schedule will generate (none while the subscription is not active or
    /// report scheduling is off).
    pub next_report: Option<NextReport>,
    /// Clicks per month for the six complete months before this one (Search Console totals,
    /// as the monthly report sums them), oldest first; months without data are left out.
    pub monthly_clicks: Vec<MonthClicks>,
    /// `monthly_clicks` drawn by the report's chart code (when there are two months or more).
    pub clicks_chart: Option<ThemedChart>,
}

/// When the schedule generates a site's next report, on the account's clock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NextReport {
    /// weekly or monthly
    pub report_type: String,
    /// `YYYY-MM-DD HH:MM` on the account's clock, with the zone's name.
    pub at: String,
    /// `YYYY-MM-DD – YYYY-MM-DD`: what it will cover.
    pub period: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthClicks {
    /// `YYYY-MM`
    pub month: String,
    pub clicks: i64,
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
