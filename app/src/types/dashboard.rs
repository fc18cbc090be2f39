//! The Alorig services dashboard figures.

use super::Tier;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct TierSummary {
    pub tier: Tier,
    /// Active subscriptions (sites) on this tier.
    pub subscriptions: i64,
    pub mrr_cents: i64,
    pub mrr_display: String,
}

/// Clients and monthly recurring revenue over all active managed subscriptions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct DashboardSummary {
    /// Accounts with at least one active managed subscription.
    pub active_clients: i64,
    /// Active managed subscriptions (sites).
    pub active_subscriptions: i64,
    pub mrr_cents: i64,
    pub currency: String,
    pub mrr_display: String,
    pub by_tier: Vec<TierSummary>,
    /// Managed-subscription invoices paid this month.
    pub revenue: Revenue,
    /// This month's margin: active subscriptions plus the month's backlink orders.
    pub margin_cents: i64,
    pub margin_pct: Option<f64>,
    /// Open overdue items (content, backlinks, reports, renewals).
    pub overdue: i64,
    /// Subscriptions by status and tier.
    pub status: ClientStatusSummary,
}

/// Invoices of managed subscriptions paid in a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Revenue {
    /// ISO dates, inclusive (UTC days).
    pub period_start: String,
    pub period_end: String,
    pub paid_cents: i64,
    pub invoices: i64,
    pub currency: String,
    pub display: String,
}

/// Price minus delivery cost of one subscription (a month of it) or one backlink order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct MarginLine {
    /// subscription or order
    pub kind: String,
    pub id: i64,
    pub account_id: i64,
    pub site_id: i64,
    pub site_name: String,
    pub price_cents: i64,
    pub cost_cents: i64,
    pub margin_cents: i64,
}

/// Margin: active subscriptions per month, plus backlink orders placed in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Margin {
    pub period_start: String,
    pub period_end: String,
    /// Σ (monthly price − monthly cost) of active subscriptions.
    pub subscriptions_cents: i64,
    /// Σ (price − cost) of the period's orders that are not cancelled.
    pub orders_cents: i64,
    pub total_cents: i64,
    /// total ÷ (MRR + the orders' prices), in percent (1 decimal); `None` without revenue.
    pub margin_pct: Option<f64>,
    pub currency: String,
    pub lines: Vec<MarginLine>,
}

/// MRR at the end of a month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct MrrPoint {
    /// `2026-10`
    pub month: String,
    pub mrr_cents: i64,
}

/// One managed client site on the dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ClientRow {
    pub subscription_id: i64,
    pub account_id: i64,
    pub account_name: String,
    pub site_id: i64,
    pub site_name: String,
    pub tier: super::Tier,
    pub status: super::SubscriptionStatus,
    pub monthly_cents: i64,
    /// Articles published this month, and the month's target.
    pub articles_published: i64,
    pub articles_target: i64,
    pub renewal_date: String,
    /// Open overdue items of this client.
    pub overdue: i64,
}

/// Subscriptions by status and tier.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ClientStatusSummary {
    pub active: i64,
    pub paused: i64,
    pub pending: i64,
    pub cancelled: i64,
    pub lite: i64,
    pub pro: i64,
}

/// What is late.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::Enum, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OverdueKind {
    /// Fewer articles published than the month's target, pro-rated to today.
    Content,
    /// A backlink order past its due date and not delivered.
    Backlinks,
    /// A scheduled report not sent by its day plus the grace days.
    Report,
    /// A renewal within 7 days, or past.
    Renewal,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct OverdueItem {
    pub kind: OverdueKind,
    pub subscription_id: i64,
    pub account_id: i64,
    pub account_name: String,
    pub site_id: i64,
    pub site_name: String,
    /// What is late, in a sentence.
    pub detail: String,
    /// When it was (or is) due, ISO date.
    pub due_on: String,
    /// Days past `due_on` (negative: due in that many days).
    pub days_overdue: i64,
    /// Which deliverable, stable from day to day: `content:2026-12`, `order:17`,
    /// `report:monthly:2026-11-01`, `renewal:2027-01-01`.
    pub reference: String,
    /// When the daily check (`check_overdue_deliverables`) first flagged it, RFC 3339; none
    /// until a check has found it.
    pub flagged_since: Option<String>,
}

/// A chart drawn on the server by the report's chart code, once per UI theme (SVG markup).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ThemedChart {
    pub title: String,
    pub light: String,
    pub dark: String,
}

/// Last month's headline figures, for the changes the tiles show.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PreviousMonth {
    /// `2026-11`
    pub month: String,
    pub mrr_cents: i64,
    pub revenue_cents: i64,
    pub margin_cents: i64,
    pub active_clients: i64,
}

/// Margin of one month: the subscriptions running then plus the month's orders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarginPoint {
    pub month: String,
    pub margin_cents: i64,
}

/// The admin overview page: the headline figures with last month's, 12 months of MRR and
/// margin, and what needs doing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardPage {
    pub summary: DashboardSummary,
    pub previous: PreviousMonth,
    pub mrr_trend: Vec<MrrPoint>,
    pub margin_trend: Vec<MarginPoint>,
    pub mrr_chart: ThemedChart,
    pub margin_chart: ThemedChart,
    /// Overdue reports, content behind target, backlinks past due, renewals within 7 days.
    pub actions: Vec<ActionGroup>,
}

/// The overdue items of one kind: how many, and the most urgent (at most `ACTIONS_SHOWN`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActionGroup {
    pub kind: OverdueKind,
    pub total: i64,
    pub items: Vec<OverdueItem>,
}

/// Overdue items of a kind the overview lists (the client list filters all of them).
pub const ACTIONS_SHOWN: usize = 8;

/// The newest report of a site and how its delivery went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LastReport {
    pub id: i64,
    /// ISO date it was generated (UTC).
    pub generated_on: String,
    pub report_type: String,
    /// generated, sending, sent, failed or held
    pub delivery: String,
}

/// One managed client site in the admin client list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientListRow {
    pub subscription_id: i64,
    pub account_id: i64,
    pub account_name: String,
    pub site_id: i64,
    pub site_name: String,
    pub domain: String,
    pub tier: super::Tier,
    pub status: super::SubscriptionStatus,
    pub monthly_cents: i64,
    pub articles_published: i64,
    pub articles_target: i64,
    /// Backlinks delivered this month (whatever they reached since), and the monthly target.
    pub backlinks_delivered: i64,
    pub backlinks_target: i64,
    pub last_report: Option<LastReport>,
    pub renewal_date: String,
    /// Open overdue items (as the dashboard computes them now).
    pub overdue: i64,
}

/// What the client list can be sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientSort {
    #[default]
    Client,
    Site,
    Tier,
    Status,
    Price,
    Articles,
    Backlinks,
    LastReport,
    Renewal,
    Flags,
}

impl ClientSort {
    pub const ALL: [ClientSort; 10] = [
        ClientSort::Client,
        ClientSort::Site,
        ClientSort::Tier,
        ClientSort::Status,
        ClientSort::Price,
        ClientSort::Articles,
        ClientSort::Backlinks,
        ClientSort::LastReport,
        ClientSort::Renewal,
        ClientSort::Flags,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClientSort::Client => "client",
            ClientSort::Site => "site",
            ClientSort::Tier => "tier",
            ClientSort::Status => "status",
            ClientSort::Price => "price",
            ClientSort::Articles => "articles",
            ClientSort::Backlinks => "backlinks",
            ClientSort::LastReport => "last_report",
            ClientSort::Renewal => "renewal",
            ClientSort::Flags => "flags",
        }
    }

    pub fn parse(s: &str) -> Option<ClientSort> {
        ClientSort::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Rows of the client list per page.
pub const CLIENTS_PER_PAGE: usize = 50;

/// A view of the client list, as carried in the page's URL.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClientQuery {
    pub tier: Option<super::Tier>,
    pub status: Option<super::SubscriptionStatus>,
    /// Only clients with something overdue.
    pub overdue: bool,
    /// Part of the client's or the site's name, or of the domain.
    pub q: String,
    pub sort: ClientSort,
    pub desc: bool,
    /// The page after this subscription (keyset), or before it.
    pub after: Option<i64>,
    pub before: Option<i64>,
}

/// One page of the client list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClientListPage {
    pub rows: Vec<ClientListRow>,
    /// Rows matching the filters (all pages), and in the whole list.
    pub matching: i64,
    pub total: i64,
    /// Position of the first row among the matching ones (1-based; 0 when empty).
    pub first_position: i64,
    pub next_after: Option<i64>,
    pub prev_before: Option<i64>,
}
