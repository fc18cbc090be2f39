//! The frozen content of a service report (`report_data`): one typed section per report section,
//! versioned so a stored report always re-renders the same way.

use serde::{Deserialize, Serialize};

/// Bumped whenever the meaning or shape of `ReportData` changes.
/// 2: `Compare` carries its change and percent change; `failures` lists sections that failed.
/// Version 1 data still reads (the changes are computed when it is loaded).
pub const REPORT_SCHEMA_VERSION: u32 = 2;

/// The nine configurable sections (spec § Report Generation Engine), in their default order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::Enum, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SectionKey {
    ExecutiveSummary,
    Content,
    Indexing,
    Rankings,
    Traffic,
    Backlinks,
    Social,
    SagHealth,
    NextMonth,
}

impl SectionKey {
    pub const ALL: [SectionKey; 9] = [
        SectionKey::ExecutiveSummary,
        SectionKey::Content,
        SectionKey::Indexing,
        SectionKey::Rankings,
        SectionKey::Traffic,
        SectionKey::Backlinks,
        SectionKey::Social,
        SectionKey::SagHealth,
        SectionKey::NextMonth,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SectionKey::ExecutiveSummary => "executive_summary",
            SectionKey::Content => "content",
            SectionKey::Indexing => "indexing",
            SectionKey::Rankings => "rankings",
            SectionKey::Traffic => "traffic",
            SectionKey::Backlinks => "backlinks",
            SectionKey::Social => "social",
            SectionKey::SagHealth => "sag_health",
            SectionKey::NextMonth => "next_month",
        }
    }

    pub fn parse(s: &str) -> Option<SectionKey> {
        SectionKey::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The heading printed in reports.
    pub fn title(self) -> &'static str {
        match self {
            SectionKey::ExecutiveSummary => "Executive Summary",
            SectionKey::Content => "Content Performance",
            SectionKey::Indexing => "Indexing Status",
            SectionKey::Rankings => "Keyword Rankings",
            SectionKey::Traffic => "Organic Traffic",
            SectionKey::Backlinks => "Backlink Campaign",
            SectionKey::Social => "Social Media",
            SectionKey::SagHealth => "SAG Health",
            SectionKey::NextMonth => "Next Month Plan",
        }
    }
}

/// Whether a section's numbers can be relied on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::Enum, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SectionStatus {
    /// Complete data for the period.
    Ok,
    /// Nothing recorded for the period: shown as missing, never as zero.
    NoData,
    /// Search Console days younger than 3 days fall in the period; figures may still change.
    Provisional,
}

impl SectionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SectionStatus::Ok => "ok",
            SectionStatus::NoData => "no_data",
            SectionStatus::Provisional => "provisional",
        }
    }
}

/// A figure for the period and the previous period of the same length, with the change between
/// them stored too, so every figure a report quotes is a number in `report_data`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
#[serde(from = "CompareFigures")]
pub struct Compare {
    pub current: Option<f64>,
    pub previous: Option<f64>,
    /// current − previous (2 decimals), when both exist.
    pub change: Option<f64>,
    /// The change in percent of the previous value (1 decimal), when both exist and the
    /// previous value is not zero.
    pub change_pct: Option<f64>,
}

/// What `Compare` is stored from: the changes are always recomputed, never trusted.
#[derive(Deserialize)]
struct CompareFigures {
    current: Option<f64>,
    previous: Option<f64>,
}

impl From<CompareFigures> for Compare {
    fn from(f: CompareFigures) -> Compare {
        Compare::new(f.current, f.previous)
    }
}

fn round_to(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

impl Compare {
    pub fn new(current: Option<f64>, previous: Option<f64>) -> Compare {
        let (change, change_pct) = match (current, previous) {
            (Some(c), Some(p)) => (
                Some(round_to(c - p, 2)),
                (p != 0.0).then(|| round_to((c - p) / p.abs() * 100.0, 1)),
            ),
            _ => (None, None),
        };
        Compare {
            current,
            previous,
            change,
            change_pct,
        }
    }
}

/// A section whose figures could not be collected: the report shows it as failed and is held
/// back from sending (the pre-send check).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct SectionFailure {
    pub section: SectionKey,
    pub reason: String,
}

/// A named count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Count {
    pub label: String,
    pub value: i64,
}

/// One point of a daily or weekly series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Point {
    /// ISO date (the day, or the first day of the week).
    pub date: String,
    pub value: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ContentSection {
    pub status: SectionStatus,
    pub articles_published: Compare,
    pub by_type: Vec<Count>,
    pub words: Compare,
    pub average_words: Option<f64>,
    pub images_created: Compare,
    /// The most recent articles of the period (at most 10): title, type, words, date.
    pub recent: Vec<ArticleRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ArticleRow {
    pub title: String,
    pub content_type: String,
    pub words: i64,
    pub published_on: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct IndexingSection {
    pub status: SectionStatus,
    /// URLs by their latest inspection verdict at the end of the period.
    pub indexed: Compare,
    pub pending: Compare,
    pub error: Compare,
    /// Share of inspected URLs that are indexed, in percent.
    pub indexed_pct: Option<f64>,
    pub weekly: Vec<IndexingWeek>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct IndexingWeek {
    pub week_start: String,
    pub indexed: i64,
    pub pending: i64,
    pub error: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct RankingsSection {
    pub status: SectionStatus,
    /// Queries whose average position is within the top 3 / 10 / 20 / 50.
    pub top3: Compare,
    pub top10: Compare,
    pub top20: Compare,
    pub top50: Compare,
    pub movers_up: Vec<Mover>,
    pub movers_down: Vec<Mover>,
    /// Ahrefs Domain Rating at the end of the period (and at the end of the previous one).
    pub domain_rating: Compare,
    pub dr_trend: Vec<Point>,
    /// The countries the positions cover (ISO 3166-1 alpha-2) when the subscription targets
    /// some and the data has queries by country; empty: every country.
    #[serde(default)]
    pub countries: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Mover {
    pub query: String,
    pub position: f64,
    pub previous_position: f64,
    /// Positive = moved up (a smaller position number).
    pub gain: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct TrafficSection {
    pub status: SectionStatus,
    pub clicks: Compare,
    pub impressions: Compare,
    /// Click-through rate in percent.
    pub ctr_pct: Compare,
    /// Impression-weighted average position.
    pub average_position: Compare,
    pub daily_clicks: Vec<Point>,
    /// Days of the period with Search Console data.
    pub days_with_data: i64,
    /// The countries the figures cover (ISO 3166-1 alpha-2) when the subscription targets some
    /// and the data has countries; empty: every country.
    #[serde(default)]
    pub countries: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct BacklinkSection {
    pub status: SectionStatus,
    /// Links delivered in the period.
    pub links_built: Compare,
    /// Every link of the site by status at the end of the period.
    pub by_status: Vec<Count>,
    /// New links by the linking domain's DR: 0–19, 20–39, 40–59, 60–79, 80–100.
    pub dr_distribution: Vec<Count>,
    pub average_dr: Option<f64>,
    /// Orders placed in the period, in `currency`.
    pub spend_cents: i64,
    /// The campaigns' monthly budgets for the days they ran in the period, in `currency`.
    pub budget_cents: Option<i64>,
    /// Orders in other currencies (code, cents): shown apart, never added to `spend_cents`.
    #[serde(default)]
    pub other_currency_spend: Vec<Count>,
    /// Domains that first linked to the site in the period.
    #[serde(default)]
    pub new_referring_domains: Option<i64>,
    /// `spend_cents` ÷ `new_referring_domains`.
    pub cost_per_referring_domain_cents: Option<i64>,
    /// Average quality score (0–100) of the new links.
    pub average_quality: Option<f64>,
    /// Referring domains (Ahrefs) at the end of the period and of the previous one.
    pub referring_domains: Compare,
    pub currency: String,
    /// The site's SAG campaigns with a KPI snapshot in the period, by name.
    #[serde(default)]
    pub campaigns: Vec<CampaignKpi>,
}

/// A SAG campaign's KPIs (its KPI snapshots): the period's last snapshot against the previous
/// period's last.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct CampaignKpi {
    pub name: String,
    pub links_live: Compare,
    pub referring_domains: Compare,
    /// Average DR of the campaign's live links.
    pub average_dr: Option<f64>,
    pub organic_clicks: Compare,
    /// Whether the campaign had reached its tipping point by the period's end.
    pub tipping_point_reached: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct SocialSection {
    pub status: SectionStatus,
    pub posts: Compare,
    pub by_platform: Vec<Count>,
    pub engagements: Compare,
    /// Engagements ÷ impressions, in percent.
    pub engagement_rate_pct: Option<f64>,
    pub engagements_by_platform: Vec<Count>,
    pub top_posts: Vec<TopPost>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct TopPost {
    pub platform: String,
    pub text: String,
    pub published_on: String,
    pub engagements: i64,
    pub impressions: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct SagSection {
    pub status: SectionStatus,
    /// Published articles ÷ target articles over all clusters, in percent.
    pub completion_pct: Option<f64>,
    pub clusters_by_status: Vec<Count>,
    /// The blueprint's SAG health score (0–100).
    pub authority_score: Option<f64>,
    pub content_gaps: Vec<ContentGap>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ContentGap {
    pub topic: String,
    pub cluster: String,
    pub priority: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct PlanSection {
    pub status: SectionStatus,
    /// The month after the period.
    pub month: String,
    pub upcoming_topics: Vec<String>,
    pub backlink_targets: Vec<String>,
    pub action_items: Vec<String>,
    pub pending_approvals: i64,
}

/// A headline figure with its change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Kpi {
    pub label: String,
    pub value: String,
    /// "+12.4%", "−3", or empty when there is nothing to compare with.
    pub change: String,
    /// Whether the change is good news (for colour and ▲/▼).
    pub up: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct SummarySection {
    pub status: SectionStatus,
    pub wins: Vec<String>,
    pub kpis: Vec<Kpi>,
    pub next_step: String,
}

/// Everything a report shows, frozen at generation time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ReportData {
    pub schema_version: u32,
    pub site_id: i64,
    pub site_name: String,
    pub site_domain: String,
    pub report_type: String,
    pub period_start: String,
    pub period_end: String,
    /// The account's IANA timezone: the period's days are its calendar days.
    #[serde(default = "utc")]
    pub timezone: String,
    pub previous_start: String,
    pub previous_end: String,
    /// RFC 3339, UTC: also the PDF's creation date.
    pub generated_at: String,
    /// The included sections, in the order they are printed.
    pub sections: Vec<SectionKey>,
    pub summary: Option<SummarySection>,
    pub content: Option<ContentSection>,
    pub indexing: Option<IndexingSection>,
    pub rankings: Option<RankingsSection>,
    pub traffic: Option<TrafficSection>,
    pub backlinks: Option<BacklinkSection>,
    pub social: Option<SocialSection>,
    pub sag_health: Option<SagSection>,
    pub next_month: Option<PlanSection>,
    /// Sections that failed to collect (absent in version 1 data).
    #[serde(default)]
    pub failures: Vec<SectionFailure>,
}

fn utc() -> String {
    "UTC".into()
}

impl ReportData {
    /// How complete `section`'s figures are; `None` when it is not in the report or failed.
    pub fn status(&self, section: SectionKey) -> Option<SectionStatus> {
        match section {
            SectionKey::ExecutiveSummary => self.summary.as_ref().map(|s| s.status),
            SectionKey::Content => self.content.as_ref().map(|s| s.status),
            SectionKey::Indexing => self.indexing.as_ref().map(|s| s.status),
            SectionKey::Rankings => self.rankings.as_ref().map(|s| s.status),
            SectionKey::Traffic => self.traffic.as_ref().map(|s| s.status),
            SectionKey::Backlinks => self.backlinks.as_ref().map(|s| s.status),
            SectionKey::Social => self.social.as_ref().map(|s| s.status),
            SectionKey::SagHealth => self.sag_health.as_ref().map(|s| s.status),
            SectionKey::NextMonth => self.next_month.as_ref().map(|s| s.status),
        }
    }

    /// Why `section` failed, if it did.
    pub fn failure(&self, section: SectionKey) -> Option<&str> {
        self.failures
            .iter()
            .find(|f| f.section == section)
            .map(|f| f.reason.as_str())
    }
}

/// A generated report as the APIs show it (`report_data` only in the detail).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ServiceReport {
    pub id: i64,
    pub account_id: i64,
    pub site_id: i64,
    pub site_name: String,
    pub managed_subscription_id: Option<i64>,
    /// weekly, monthly or quarterly
    pub report_type: String,
    /// ISO dates, inclusive.
    pub period_start: String,
    pub period_end: String,
    /// generated, failed, sending or sent
    pub status: String,
    pub is_white_label: bool,
    pub branding_id: Option<i64>,
    pub template_id: Option<i64>,
    pub theme: String,
    pub sections_included: Vec<SectionKey>,
    /// The app's own, authorized download URL.
    pub report_pdf_url: String,
    pub pdf_size_bytes: Option<i64>,
    /// RFC 3339, UTC.
    pub generated_at: String,
    pub sent_at: Option<String>,
    pub sent_to: Vec<String>,
    /// Why the pre-send check holds the report back; `None` when it may be sent.
    pub hold_reason: Option<String>,
    /// Problems that did not stop rendering (a logo that could not be loaded).
    pub warnings: Vec<String>,
    /// The frozen figures (the detail only).
    pub report_data: Option<ReportData>,
}

/// Which reports a list shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::InputObject, utoipa::ToSchema))]
pub struct ReportFilter {
    pub site_id: Option<i64>,
    /// weekly, monthly or quarterly
    pub report_type: Option<String>,
    /// Reports whose period starts on or after this ISO date.
    pub period_from: Option<String>,
    /// Reports whose period starts on or before this ISO date.
    pub period_to: Option<String>,
}

/// What to generate or preview (REST body or query, GraphQL input). The period is `period`
/// (`2026-10`, `2026-Q3`, `2026-W45`, `2026-10-01..2026-10-31`) or `period_start` and
/// `period_end` (ISO dates).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::InputObject, utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GenerateReportInput {
    pub site_id: i64,
    pub period: Option<String>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    /// weekly, monthly or quarterly (default: the period's own: 7 days weekly, 90–92 days
    /// quarterly, else monthly)
    pub report_type: Option<String>,
    /// Section keys in print order (default: all nine).
    pub sections_included: Option<Vec<String>>,
    /// An agency branding of the site's account: a white-label report.
    pub branding_id: Option<i64>,
    pub template_id: Option<i64>,
    /// light or dark (default: the template's theme, or light)
    pub theme: Option<String>,
}

/// A share link of a report, as its managers see it (the secret URL is shown only when it is
/// created).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ShareLinkInfo {
    pub id: i64,
    pub report_id: i64,
    /// Who created it (their email), if they still exist.
    pub created_by: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub expires_at: String,
    pub revoked_at: Option<String>,
    /// Neither revoked nor expired.
    pub active: bool,
}

/// The client portal's report list (ReportViewer): a page of the caller's own account's reports
/// (their sites only when site-restricted), newest first, with the filters' choices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientReports {
    pub page: super::page::Page<ServiceReport>,
    /// The sites the caller may filter by: (site id, name).
    pub sites: Vec<(i64, String)>,
    /// Years that have reports, newest first.
    pub years: Vec<i32>,
    /// Whether the caller may open reports (web version and PDF): the account's owners and
    /// admins, and staff.
    pub can_open: bool,
    /// Whom to ask otherwise: the account's owners and admins ("Name <email>").
    pub ask: Vec<String>,
}

/// One report in the client portal, with its share links for those who may share it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientReport {
    pub report: ServiceReport,
    pub can_open: bool,
    pub can_share: bool,
    pub share_links: Vec<ShareLinkInfo>,
    pub ask: Vec<String>,
}
