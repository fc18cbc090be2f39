//! Limits: the sign-in throttle (failures, in the database) and plain per-key rate limits (API
//! tokens created, reports generated; in memory, per process).

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::db::models::login_failure;
use crate::error::AppError;

/// A plain rate limit: at most `limit` calls per key within `window` (API token creation).
pub struct RateLimit {
    window: Duration,
    limit: usize,
    calls: Mutex<HashMap<String, Vec<Instant>>>,
}

impl RateLimit {
    pub fn new(window: Duration, limit: usize) -> Self {
        RateLimit {
            window,
            limit,
            calls: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a call for `key`, or refuses it when the key has used up its allowance.
    pub fn hit(&self, key: &str, now: Instant) -> Result<(), AppError> {
        let mut map = self.calls.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, times| {
            times.retain(|t| now.duration_since(*t) < self.window);
            !times.is_empty()
        });
        let times = map.entry(key.to_owned()).or_default();
        if times.len() >= self.limit {
            let wait = self.window.saturating_sub(now.duration_since(times[0]));
            return Err(AppError::RateLimited {
                retry_after_secs: wait.as_secs().max(1),
            });
        }
        times.push(now);
        Ok(())
    }
}

/// Sign-in throttling. Only failures count, in the database so every replica sees them: per
/// email at one client address (`EMAIL_FAILURES` before a lock) and per address whatever the
/// email (`ADDRESS_FAILURES`). Each failure past the limit doubles the lock, from a minute up to
/// an hour; a series is forgotten `FORGET_AFTER` after its last failure, and a success forgets
/// its email's failures at that address. So a stranger guessing staff's password locks out
/// only themselves: the right password from anywhere else still signs in. In this process one
/// attempt per email and address is checked at a time, so a burst of parallel guesses cannot
/// slip past the count.
#[derive(Default)]
pub struct LoginThrottle {
    in_flight: Mutex<HashSet<String>>,
}

/// Failures of one email from one address before it is locked.
pub const EMAIL_FAILURES: i64 = 5;
/// Failures from one address (any emails) before it is locked.
pub const ADDRESS_FAILURES: i64 = 50;
const FIRST_LOCK_SECS: i64 = 60;
const LONGEST_LOCK_SECS: i64 = 3600;
/// A series of failures is forgotten this long after its last one.
pub const FORGET_AFTER_SECS: i64 = 15 * 60;

/// How long to lock after `failures`, with `limit` allowed.
pub fn lock_secs(failures: i64, limit: i64) -> Option<i64> {
    let over = failures.checked_sub(limit)?;
    (over >= 0).then(|| {
        FIRST_LOCK_SECS
            .saturating_mul(1_i64 << over.min(20))
            .min(LONGEST_LOCK_SECS)
    })
}

/// One sign-in attempt being checked: its keys, and its place among the attempts in flight.
pub struct Attempt<'a> {
    throttle: &'a LoginThrottle,
    email_key: String,
    address_key: String,
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        let mut set = self.throttle.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        set.remove(&self.email_key);
    }
}

fn key(kind: &str, value: &str) -> String {
    super::secret::hash(&format!("{kind}|{value}"))
}

impl LoginThrottle {
    /// Starts an attempt for `email` from the address bucket `bucket` (`client::bucket`):
    /// refused while either is locked or the same email and address is being checked already.
    pub async fn begin(
        &self,
        conn: &mut DbConn<'_>,
        email: &str,
        bucket: &str,
        now: NaiveDateTime,
    ) -> Result<Attempt<'_>, AppError> {
        let email_key = key("email", &format!("{}|{bucket}", email.trim().to_lowercase()));
        let address_key = key("address", bucket);
        if !self
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(email_key.clone())
        {
            return Err(AppError::RateLimited { retry_after_secs: 1 });
        }
        let attempt = Attempt {
            throttle: self,
            email_key,
            address_key,
        };
        let keys = [attempt.email_key.clone(), attempt.address_key.clone()];
        if let Some(until) = login_failure::locked_until(conn, &keys, now).await? {
            return Err(AppError::RateLimited {
                retry_after_secs: (until - now).num_seconds().max(1) as u64,
            });
        }
        Ok(attempt)
    }

    /// Counts a failed attempt (and locks what has failed too often).
    pub async fn failed(
        &self,
        conn: &mut DbConn<'_>,
        attempt: &Attempt<'_>,
        now: NaiveDateTime,
    ) -> Result<(), AppError> {
        let forget = now - chrono::Duration::seconds(FORGET_AFTER_SECS);
        for (k, limit) in [
            (&attempt.email_key, EMAIL_FAILURES),
            (&attempt.address_key, ADDRESS_FAILURES),
        ] {
            let failures = login_failure::record(conn, k, now, forget).await?;
            if let Some(secs) = lock_secs(failures, limit) {
                login_failure::lock(conn, k, now + chrono::Duration::seconds(secs)).await?;
            }
        }
        login_failure::prune(conn, now - chrono::Duration::days(1), now).await?;
        Ok(())
    }

    /// A success forgets the failures of this email at this address.
    pub async fn succeeded(&self, conn: &mut DbConn<'_>, attempt: &Attempt<'_>) -> Result<(), AppError> {
        login_failure::clear(conn, &attempt.email_key).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_grow_from_a_minute_to_an_hour() {
        assert_eq!(lock_secs(4, 5), None);
        assert_eq!(lock_secs(5, 5), Some(60));
        assert_eq!(lock_secs(6, 5), Some(120));
        assert_eq!(lock_secs(10, 5), Some(1920));
        assert_eq!(lock_secs(11, 5), Some(3600));
        assert_eq!(lock_secs(500, 5), Some(3600));
    }
}
