//! Collect: one module per report section. Each reads only its site's rows up to the end of the
//! period — figures for the period and the previous period of the same length — and says whether
//! its data is complete
//! (`ok`), absent (`no_data`: shown as missing, never as 0) or still settling (`provisional`).

pub mod backlinks;
pub mod content;
pub mod indexing;
pub mod next_month;
pub mod rankings;
pub mod sag_health;
pub mod social;
pub mod traffic;

use app::types::report::SectionStatus;
use chrono::{Days, NaiveDate};

use super::period::Period;

/// What every collector gets: the site, the period, the previous period, and "today".
#[derive(Clone, Copy, Debug)]
pub struct Scope {
    pub site_id: i64,
    pub period: Period,
    pub previous: Period,
    /// The day the report is generated (from `generated_at`): decides what is provisional.
    pub as_of: NaiveDate,
}

/// Search Console needs about three days to settle a day's figures.
pub const GSC_SETTLE_DAYS: u64 = 3;

impl Scope {
    pub fn new(site_id: i64, period: Period, as_of: NaiveDate) -> Scope {
        Scope {
            site_id,
            period,
            previous: period.previous(),
            as_of,
        }
    }

    /// Status of a Search Console based section: provisional when the period holds days
    /// younger than `GSC_SETTLE_DAYS`.
    pub fn gsc_status(&self, has_data: bool) -> SectionStatus {
        if !has_data {
            SectionStatus::NoData
        } else if self.period.end + Days::new(GSC_SETTLE_DAYS) > self.as_of {
            SectionStatus::Provisional
        } else {
            SectionStatus::Ok
        }
    }
}

/// Rounds to `places` decimals (stored figures stay short and stable).
pub(crate) fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}
