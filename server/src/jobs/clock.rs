//! The scheduler's clock. Job bodies take one, so tests run them at any instant; a server runs
//! the system clock, or (`IGNY8_CLOCK_START`) a clock that starts at a chosen instant and runs on.

use chrono::{DateTime, Duration, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The real time.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Always the same instant (tests, and `igny8 jobs run --at`).
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The real time shifted so that it read `start` when the process began.
pub struct ShiftedClock {
    offset: Duration,
}

impl ShiftedClock {
    pub fn starting_at(start: DateTime<Utc>) -> ShiftedClock {
        ShiftedClock {
            offset: start - Utc::now(),
        }
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }
}

/// A UTC instant as stored: naive, truncated to microseconds (what both databases keep).
pub fn stored(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let n = at.naive_utc();
    n.with_nanosecond(n.nanosecond() / 1_000 * 1_000).unwrap_or(n)
}
