//! A job's schedule: a cron expression (5 fields, or 6 with seconds first) read on the wall
//! clock of a time zone, so "Monday 06:00" stays 06:00 local on both sides of a DST change.
//! Evaluation is croner's (the parser tokio-cron-scheduler uses); a 06:00 that a spring-forward
//! gap skips fires at the first instant after the gap, a time an autumn overlap repeats fires once.

use chrono::{DateTime, SubsecRound, Utc};
use chrono_tz::Tz;
use croner::Cron;
use croner::parser::{CronParser, Seconds};

#[derive(Clone, Debug)]
pub struct Schedule {
    expression: String,
    cron: Cron,
}

/// `Europe/Berlin` → the zone; anything else names itself.
pub fn parse_timezone(raw: &str) -> Result<Tz, String> {
    raw.trim()
        .parse::<Tz>()
        .map_err(|_| format!("`{raw}` is not an IANA time zone (e.g. America/New_York)"))
}

impl Schedule {
    /// The schedule of `raw`; `None` for an empty expression (the job is disabled).
    pub fn parse(raw: &str) -> Result<Option<Schedule>, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let cron = CronParser::builder()
            .seconds(Seconds::Optional)
            .build()
            .parse(raw)
            .map_err(|e| format!("`{raw}` is not a cron expression: {e}"))?;
        Ok(Some(Schedule {
            expression: raw.to_owned(),
            cron,
        }))
    }

    pub fn expression(&self) -> &str {
        &self.expression
    }

    /// The occurrences in `(after, until]`, oldest first (at most `limit`).
    pub fn between(&self, tz: Tz, after: DateTime<Utc>, until: DateTime<Utc>, limit: usize) -> Vec<DateTime<Tz>> {
        let mut out = Vec::new();
        // croner keeps the start's fraction of a second in what it finds: start on a whole second
        let mut from = after.trunc_subsecs(0).with_timezone(&tz);
        while out.len() < limit {
            match self.cron.find_next_occurrence(&from, false) {
                Ok(at) if at.with_timezone(&Utc) <= until => {
                    from = at;
                    out.push(at);
                }
                _ => break,
            }
        }
        out
    }

    /// The latest `limit` occurrences in `(after, until]`, oldest first.
    pub fn latest(&self, tz: Tz, after: DateTime<Utc>, until: DateTime<Utc>, limit: usize) -> Vec<DateTime<Tz>> {
        let mut all = self.between(tz, after, until, 100_000);
        all.drain(..all.len().saturating_sub(limit));
        all
    }

    /// The next `n` occurrences after `after`.
    pub fn next(&self, tz: Tz, after: DateTime<Utc>, n: usize) -> Vec<DateTime<Tz>> {
        self.between(tz, after, DateTime::<Utc>::MAX_UTC, n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn monday_six_is_local_on_both_sides_of_dst() {
        let s = Schedule::parse("0 6 * * MON").unwrap().unwrap();
        let ny: Tz = "America/New_York".parse().unwrap();
        // DST starts on Sunday 8 March 2026: 06:00 EST is 11:00 UTC, 06:00 EDT is 10:00 UTC.
        let runs: Vec<String> = s
            .next(ny, utc("2026-02-28T00:00:00Z"), 3)
            .iter()
            .map(|d| d.with_timezone(&Utc).to_rfc3339())
            .collect();
        assert_eq!(
            runs,
            [
                "2026-03-02T11:00:00+00:00",
                "2026-03-09T10:00:00+00:00",
                "2026-03-16T10:00:00+00:00"
            ]
        );
        // and back on 1 November 2026
        let back = s.next(ny, utc("2026-10-30T00:00:00.25Z"), 2);
        assert_eq!(back[0].timestamp_subsec_nanos(), 0, "on the second");
        assert_eq!(back[0].with_timezone(&Utc), utc("2026-11-02T11:00:00Z"));
    }

    #[test]
    fn a_time_in_the_spring_gap_fires_once_after_it_and_an_overlap_once() {
        let ny: Tz = "America/New_York".parse().unwrap();
        // 02:30 does not exist on 8 March 2026
        let s = Schedule::parse("30 2 * * *").unwrap().unwrap();
        let gap = s.between(ny, utc("2026-03-08T00:00:00Z"), utc("2026-03-09T00:00:00Z"), 5);
        assert_eq!(gap.len(), 1, "{gap:?}");
        // 01:30 happens twice on 1 November 2026 (EDT, then EST)
        let s = Schedule::parse("30 1 * * *").unwrap().unwrap();
        let overlap = s.between(ny, utc("2026-11-01T00:00:00Z"), utc("2026-11-02T00:00:00Z"), 5);
        assert_eq!(overlap.len(), 1, "{overlap:?}");
        assert_eq!(
            overlap[0].with_timezone(&Utc),
            utc("2026-11-01T05:30:00Z"),
            "the first of the two"
        );
    }

    #[test]
    fn empty_disables_and_bad_input_is_named() {
        assert!(Schedule::parse("  ").unwrap().is_none());
        assert!(Schedule::parse("0 6 * * FUNDAY").unwrap_err().contains("FUNDAY"));
        assert!(
            Schedule::parse("0 0 6 * * MON").unwrap().is_some(),
            "six fields: seconds first"
        );
        assert!(parse_timezone("Mars/Olympus").is_err());
        assert_eq!(parse_timezone("Europe/Berlin").unwrap(), chrono_tz::Europe::Berlin);
    }

    #[test]
    fn between_is_exclusive_then_inclusive() {
        let s = Schedule::parse("0 6 1 * *").unwrap().unwrap();
        let t = utc("2026-12-01T06:00:00Z");
        assert_eq!(
            s.between(chrono_tz::UTC, t - chrono::Duration::seconds(1), t, 9).len(),
            1
        );
        assert!(
            s.between(chrono_tz::UTC, t, t + chrono::Duration::days(1), 9)
                .is_empty()
        );
    }
}
