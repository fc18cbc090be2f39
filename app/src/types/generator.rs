//! The report generator's page (staff): the client a report is made for, what a preview found,
//! and the progress of a batch.

use serde::{Deserialize, Serialize};

use super::client::Choice;
use super::report::ServiceReport;

/// The managed client a report is being made for, with what the form offers and defaults to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeneratorClient {
    pub subscription_id: i64,
    pub site_id: i64,
    pub account_name: String,
    pub site_name: String,
    pub domain: String,
    /// `lite` or `pro`.
    pub tier: String,
    /// The account's time zone: periods are its calendar days.
    pub timezone: String,
    /// The last complete month on the account's calendar (`2026-11`).
    pub last_month: String,
    /// The account's active brandings and its templates.
    pub brandings: Vec<Choice>,
    pub templates: Vec<Choice>,
    /// The subscription's report settings (what the scheduler uses), the form's defaults.
    pub sections: Vec<String>,
    pub branding_id: Option<i64>,
    pub template_id: Option<i64>,
    pub theme: Option<String>,
    /// The site's latest reports, newest first.
    pub recent: Vec<ServiceReport>,
}

/// One section as a preview found it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionFinding {
    pub key: String,
    pub title: String,
    /// ok, provisional, no_data or failed
    pub status: String,
    pub note: Option<String>,
}

/// What a preview found (the web version and the PDF are fetched from the preview endpoint).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewSummary {
    pub report_type: String,
    pub period_start: String,
    pub period_end: String,
    pub sections: Vec<SectionFinding>,
    /// Why the pre-send check would hold the report back.
    pub hold_reason: Option<String>,
}

/// What happened to one site of a batch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchSite {
    pub site_id: i64,
    pub domain: String,
    /// generated, skipped (the report was there already) or failed
    pub outcome: String,
    pub report_id: Option<i64>,
    pub reason: Option<String>,
}

/// A batch started from the generator: every due client's report for one type and period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchProgress {
    pub id: i64,
    pub report_type: String,
    pub period_start: String,
    pub period_end: String,
    pub started_by: String,
    /// RFC 3339.
    pub started_at: String,
    pub finished_at: Option<String>,
    /// Sites due, and those finished so far.
    pub due: i64,
    pub generated: i64,
    pub skipped: i64,
    pub failed: i64,
    /// Finished sites, failures first, then in the order they finished.
    pub sites: Vec<BatchSite>,
    /// Why the batch stopped before its end (the database went away).
    pub error: Option<String>,
}

impl BatchProgress {
    pub fn done(&self) -> i64 {
        self.generated + self.skipped + self.failed
    }

    pub fn running(&self) -> bool {
        self.finished_at.is_none()
    }
}
