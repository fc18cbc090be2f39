//! The admin's page of one managed client (a subscription): its header and six panels.

use serde::{Deserialize, Serialize};

use super::Subscription;
use super::dashboard::{OverdueItem, ThemedChart};
use super::order::BacklinkOrder;
use super::report::ServiceReport;
use super::tracker::{AhrefsSnapshot, BacklinkTracker};

/// Who the client is and what is late.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientDetail {
    pub subscription: Subscription,
    pub account_name: String,
    pub domain: String,
    pub overdue: Vec<OverdueItem>,
}

/// The keys a subscription's config may hold: the fields of `ConfigValues`.
pub const CONFIG_KEYS: [&str; 7] = [
    "sections",
    "branding_id",
    "template_id",
    "theme",
    "report_day",
    "target_countries",
    "tone",
];

/// A subscription's service settings as the form shows them (the config's documented keys).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConfigValues {
    /// Section keys, in report order.
    pub sections: Vec<String>,
    pub branding_id: Option<i64>,
    pub template_id: Option<i64>,
    /// light or dark; `None`: the template's, or light
    pub theme: Option<String>,
    pub report_day: Option<i64>,
    pub target_countries: Vec<String>,
    pub tone: Option<String>,
}

/// A choice of the form: (id, name).
pub type Choice = (i64, String);

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Who did it (their email), if known.
    pub who: Option<String>,
    /// RFC 3339, UTC.
    pub at: String,
    pub action: String,
    pub detail: String,
}

/// The settings form: the values, the config as JSON, the choices, and who changed it when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfigPanel {
    pub values: ConfigValues,
    pub json: String,
    pub brandings: Vec<Choice>,
    pub templates: Vec<Choice>,
    pub recipients: crate::types::ReportRecipients,
    pub audit: Vec<AuditEntry>,
}

/// Links through ordered → delivered → live → indexed, this month and overall, with the orders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BacklinkPanel {
    pub overall: BacklinkTracker,
    /// This month: (ordered, delivered, live, indexed), each counting the links that reached it.
    pub this_month: [i64; 4],
    pub month: String,
    pub orders: Vec<BacklinkOrder>,
}

/// A page of the site in Search Console over the chosen range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopPage {
    pub page: String,
    pub clicks: i64,
    pub impressions: i64,
    /// Average position (impression-weighted), when it had impressions.
    pub position: Option<f64>,
}

/// Ahrefs history and the site's top pages over a range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AhrefsPanel {
    pub from: String,
    pub to: String,
    pub snapshots: Vec<AhrefsSnapshot>,
    pub dr_chart: Option<ThemedChart>,
    pub referring_chart: Option<ThemedChart>,
    pub top_pages: Vec<TopPage>,
}

/// The client's reports and whom they may be emailed to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportsPanel {
    pub reports: Vec<ServiceReport>,
    /// The account's users and the subscription's recipients.
    pub recipients: Vec<String>,
}
