//! Dates as the APIs and pages take them: `YYYY-MM-DD`, and ranges that do not end before they
//! start (errors name the field); and stored times as they give them, RFC 3339 in UTC.

use chrono::{NaiveDate, NaiveDateTime};

use crate::error::{AppError, AppResult};

/// `s` as a date (`2026-10-31`, spaces around it ignored).
pub fn parse(field: &str, s: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, format!("`{s}` is not a date like 2026-10-31")))
}

/// Refuses `to` before `from` (naming `to`).
pub fn check_range(from: NaiveDate, to: NaiveDate) -> AppResult<()> {
    if to < from {
        return Err(AppError::invalid("to", format!("{to} is before from {from}")));
    }
    Ok(())
}

/// A stored (UTC) time as the APIs and pages show it: `2026-12-04T14:18:35Z`.
pub fn rfc3339(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
