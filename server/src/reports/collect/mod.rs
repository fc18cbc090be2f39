//! Collect: one module per report section. Each reads only its site's rows up to the end of the
//! period — figures for the period and the previous period of the same length — and says whether
//! its data is complete (`ok`), absent (`no_data`: shown as missing, never as 0) or still
//! settling (`provisional`).
//!
//! Periods are calendar days in the account's timezone: October for a New York account runs from
//! 04:00 UTC on the 1st to 04:00 UTC on November 1st, and a link delivered at 02:00 UTC on
//! November 1st was delivered in October. (Search Console days are Google's own, by date.)

pub mod backlinks;
pub mod content;
pub mod indexing;
pub mod months;
pub mod next_month;
pub mod rankings;
pub mod sag_health;
pub mod social;
pub mod traffic;

use app::types::report::SectionStatus;
use chrono::{Days, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use super::period::Period;

/// What every collector gets: the site, the period, the previous period, and "today".
#[derive(Clone, Copy, Debug)]
pub struct Scope {
    pub site_id: i64,
    pub period: Period,
    pub previous: Period,
    /// The day the report is generated (from `generated_at`, local): decides what is provisional.
    pub as_of: NaiveDate,
    /// The account's timezone: where the period's days begin and end.
    pub tz: Tz,
}

/// Search Console needs about three days to settle a day's figures.
pub const GSC_SETTLE_DAYS: u64 = 3;

impl Scope {
    pub fn new(site_id: i64, period: Period, generated_at: NaiveDateTime, tz: Tz) -> Scope {
        let mut s = Scope {
            site_id,
            period,
            previous: period.previous(),
            as_of: generated_at.date(),
            tz,
        };
        s.as_of = s.local_day(generated_at);
        s
    }

    /// The local calendar day of a UTC timestamp.
    pub fn local_day(&self, utc: NaiveDateTime) -> NaiveDate {
        self.tz.from_utc_datetime(&utc).date_naive()
    }

    /// The first instant of `p` and the first instant after it (UTC, for timestamp columns).
    pub fn instants(&self, p: &Period) -> (NaiveDateTime, NaiveDateTime) {
        (self.midnight(p.start), self.midnight(p.end + Days::new(1)))
    }

    /// When `day` begins in the account's timezone, in UTC. Where midnight does not exist (a
    /// clock change at midnight) the day begins at the first local time that does.
    fn midnight(&self, day: NaiveDate) -> NaiveDateTime {
        (0..=2)
            .find_map(|h| {
                self.tz
                    .from_local_datetime(&day.and_hms_opt(h, 0, 0)?)
                    .earliest()
                    .map(|t| t.naive_utc())
            })
            .unwrap_or_else(|| day.and_hms_opt(0, 0, 0).expect("midnight exists"))
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

/// How a section names the target countries it covers (ISO codes, upper case).
pub(crate) fn covering(countries: &[String]) -> Vec<String> {
    countries.iter().map(|c| c.to_ascii_uppercase()).collect()
}

/// Rounds to `places` decimals (stored figures stay short and stable).
pub(crate) fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn periods_are_local_days() {
        let october = Period::parse("2026-10").unwrap();
        let ny = Scope::new(1, october, at("2026-11-02 03:00"), chrono_tz::America::New_York);
        assert_eq!(ny.instants(&october), (at("2026-10-01 04:00"), at("2026-11-01 04:00")));
        assert_eq!(
            ny.local_day(at("2026-11-01 02:00")),
            october.end,
            "still October in New York"
        );
        assert_eq!(ny.as_of, october.end + Days::new(1), "03:00 UTC is the evening before");
        // November: the clocks go back on the 1st, so the month starts at EDT and ends at EST
        let november = Period::parse("2026-11").unwrap();
        assert_eq!(ny.instants(&november), (at("2026-11-01 04:00"), at("2026-12-01 05:00")));
        let utc = Scope::new(1, october, at("2026-11-02 03:00"), chrono_tz::UTC);
        assert_eq!(utc.instants(&october).0, at("2026-10-01 00:00"));
        // Santiago skips midnight when summer time starts (2026-09-06): the day starts at 01:00
        let day = Period::parse("2026-09-06..2026-09-06").unwrap();
        let cl = Scope::new(1, day, at("2026-09-10 00:00"), chrono_tz::America::Santiago);
        assert_eq!(cl.instants(&day).0, at("2026-09-06 04:00"));
    }
}
