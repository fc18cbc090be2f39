//! A report period: inclusive dates, at most a year, with the previous period of the same length.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::error::{AppError, AppResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// Validates the bounds: the end may not precede the start, and a period spans at most a year.
    pub fn new(start: NaiveDate, end: NaiveDate) -> AppResult<Period> {
        if end < start {
            return Err(AppError::invalid(
                "period_end",
                format!("{end} is before period_start {start}"),
            ));
        }
        // the same day a year on (29 February: 1 March), the first day past a year
        let year_on = start
            .with_year(start.year() + 1)
            .unwrap_or_else(|| start + Days::new(366));
        if end >= year_on {
            return Err(AppError::invalid(
                "period",
                format!(
                    "{start} to {end} is longer than a year (it may end on {} at the latest)",
                    year_on - Days::new(1)
                ),
            ));
        }
        Ok(Period { start, end })
    }

    /// Parses `2026-10` (a month), `2026-Q3` (a quarter), `2026-W45` (an ISO week) or
    /// `2026-10-01..2026-10-31`.
    pub fn parse(spec: &str) -> AppResult<Period> {
        let spec = spec.trim();
        let bad = || {
            AppError::invalid(
                "period",
                format!("`{spec}` is not YYYY-MM, YYYY-Qn, YYYY-Wnn or DATE..DATE"),
            )
        };
        if let Some((a, b)) = spec.split_once("..") {
            let parse = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| bad());
            return Period::new(parse(a)?, parse(b)?);
        }
        let (year, rest) = spec.split_once('-').ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        if !(2000..=2100).contains(&year) {
            return Err(bad());
        }
        if let Some(q) = rest.strip_prefix('Q') {
            let q: u32 = q.parse().map_err(|_| bad())?;
            if !(1..=4).contains(&q) {
                return Err(bad());
            }
            let start = NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1).ok_or_else(bad)?;
            return Period::new(start, start + Months::new(3) - Days::new(1));
        }
        if let Some(w) = rest.strip_prefix('W') {
            let w: u32 = w.parse().map_err(|_| bad())?;
            let start = NaiveDate::from_isoywd_opt(year, w, chrono::Weekday::Mon).ok_or_else(bad)?;
            return Period::new(start, start + Days::new(6));
        }
        let month: u32 = rest.parse().map_err(|_| bad())?;
        let start = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
        Period::new(start, start + Months::new(1) - Days::new(1))
    }

    /// Checks that the period has the length its report type says: a weekly report covers 7 days,
    /// a monthly one 28–31, a quarterly one 90–92.
    pub fn check_type(&self, report_type: &str) -> AppResult<()> {
        let (days, wanted) = (
            self.days(),
            match report_type {
                "weekly" => 7..=7,
                "monthly" => 28..=31,
                "quarterly" => 90..=92,
                _ => return Ok(()),
            },
        );
        if wanted.contains(&days) {
            return Ok(());
        }
        let expected = if wanted.start() == wanted.end() {
            format!("{} days", wanted.start())
        } else {
            format!("{}–{} days", wanted.start(), wanted.end())
        };
        Err(AppError::invalid(
            "period",
            format!(
                "a {report_type} report covers {expected}; {} to {} is {days}",
                self.start, self.end
            ),
        ))
    }

    /// The report type a period of this length is (when none is given): 7 days weekly, 90–92
    /// quarterly, anything else monthly (which `check_type` then holds to 28–31 days).
    pub fn natural_type(&self) -> &'static str {
        match self.days() {
            7 => "weekly",
            90..=92 => "quarterly",
            _ => "monthly",
        }
    }

    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// The period of the same length that ends the day before this one starts.
    pub fn previous(&self) -> Period {
        let end = self.start - Days::new(1);
        Period {
            start: end - Days::new(self.days() as u64 - 1),
            end,
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    /// The calendar month after the period: the month of the day after it ends.
    pub fn next_month(&self) -> Period {
        let after = self.end + Days::new(1);
        let start = after.with_day(1).expect("day 1 exists");
        Period {
            start,
            end: start + Months::new(1) - Days::new(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn parses_months_quarters_weeks_and_ranges() {
        assert_eq!(
            Period::parse("2026-02").unwrap(),
            Period {
                start: d("2026-02-01"),
                end: d("2026-02-28")
            }
        );
        assert_eq!(
            Period::parse("2026-Q4").unwrap(),
            Period {
                start: d("2026-10-01"),
                end: d("2026-12-31")
            }
        );
        assert_eq!(
            Period::parse("2026-W01").unwrap(),
            Period {
                start: d("2025-12-29"),
                end: d("2026-01-04")
            }
        );
        assert_eq!(Period::parse("2026-10-05..2026-10-11").unwrap().days(), 7);
    }

    #[test]
    fn previous_period_has_the_same_length() {
        let p = Period::parse("2026-03").unwrap();
        assert_eq!(
            p.previous(),
            Period {
                start: d("2026-01-29"),
                end: d("2026-02-28")
            }
        );
        assert_eq!(p.next_month(), Period::parse("2026-04").unwrap());
        // a week ending on the 1st plans the month it ends in
        let week = Period::parse("2026-10-26..2026-11-01").unwrap();
        assert_eq!(week.next_month(), Period::parse("2026-11").unwrap());
        let week = Period::parse("2026-10-25..2026-10-31").unwrap();
        assert_eq!(week.next_month(), Period::parse("2026-11").unwrap());
    }

    #[test]
    fn a_period_has_the_length_of_its_report_type() {
        for (t, ok) in [
            ("weekly", "2026-W45"),
            ("monthly", "2026-02"),
            ("monthly", "2026-10"),
            ("quarterly", "2026-Q1"),
        ] {
            assert!(Period::parse(ok).unwrap().check_type(t).is_ok(), "{t} {ok}");
        }
        for (t, bad) in [
            ("weekly", "2026-10"),
            ("monthly", "2026-W45"),
            ("monthly", "2026-Q3"),
            ("quarterly", "2026-10"),
        ] {
            let e = Period::parse(bad).unwrap().check_type(t).unwrap_err();
            assert_eq!(e.field(), Some("period"), "{t} {bad}");
            assert!(e.to_string().contains(&format!("a {t} report covers")), "{e}");
        }
    }

    #[test]
    fn bad_periods_name_the_field() {
        let e = Period::new(d("2026-10-31"), d("2026-10-01")).unwrap_err();
        assert_eq!(e.field(), Some("period_end"));
        let e = Period::new(d("2025-01-01"), d("2026-06-01")).unwrap_err();
        assert_eq!(e.field(), Some("period"));
        // a year at most: 365 days in a common year, 366 across a 29 February
        assert!(Period::new(d("2026-01-01"), d("2026-12-31")).is_ok());
        assert!(Period::new(d("2028-01-01"), d("2028-12-31")).is_ok());
        assert!(
            Period::new(d("2028-02-29"), d("2029-02-28")).is_ok(),
            "366 days from a 29 February"
        );
        assert!(Period::new(d("2028-02-29"), d("2029-03-01")).is_err());
        let e = Period::new(d("2026-01-01"), d("2027-01-01")).unwrap_err();
        assert!(e.to_string().contains("longer than a year"), "{e}");
        for bad in ["2026-13", "2026-Q5", "2026-W60", "October", "2026-10-01..x", "1999-01"] {
            assert_eq!(Period::parse(bad).unwrap_err().field(), Some("period"), "{bad}");
        }
    }
}
