//! Login throttling: attempts per email and per client address in a sliding window. An attempt
//! is counted when it starts (checked and recorded under one lock, so concurrent guesses cannot
//! all slip through); a successful login clears its email's count. In memory, per process: with
//! several replicas each has its own allowance.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

pub struct LoginThrottle {
    window: Duration,
    per_email: usize,
    per_ip: usize,
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Default for LoginThrottle {
    /// 5 failures per email or 30 per address within 15 minutes.
    fn default() -> Self {
        LoginThrottle::new(Duration::from_secs(15 * 60), 5, 30)
    }
}

impl LoginThrottle {
    pub fn new(window: Duration, per_email: usize, per_ip: usize) -> Self {
        LoginThrottle {
            window,
            per_email,
            per_ip,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn keys(email: &str, ip: Option<&str>) -> [String; 2] {
        [
            format!("email:{}", email.trim().to_lowercase()),
            format!("ip:{}", ip.unwrap_or("-")),
        ]
    }

    /// Starts an attempt: refused when the email or the address has used up its allowance,
    /// otherwise counted at once.
    pub fn begin(&self, email: &str, ip: Option<&str>, now: Instant) -> Result<(), AppError> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // forget windows that have passed, so the map cannot grow without bound
        map.retain(|_, times| {
            times.retain(|t| now.duration_since(*t) < self.window);
            !times.is_empty()
        });
        let keys = Self::keys(email, ip);
        for (key, limit) in keys.iter().zip([self.per_email, self.per_ip]) {
            if let Some(times) = map.get(key)
                && times.len() >= limit
            {
                let wait = self.window.saturating_sub(now.duration_since(times[0]));
                return Err(AppError::RateLimited {
                    retry_after_secs: wait.as_secs().max(1),
                });
            }
        }
        for key in keys {
            map.entry(key).or_default().push(now);
        }
        Ok(())
    }

    /// A successful login clears the email's attempts (not the address's).
    pub fn record_success(&self, email: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&format!("email:{}", email.trim().to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_and_reopens_after_the_window() {
        let t = LoginThrottle::new(Duration::from_secs(60), 3, 100);
        let start = Instant::now();
        for _ in 0..3 {
            t.begin("A@x.example", Some("1.2.3.4"), start).unwrap();
        }
        let e = t.begin("a@x.example ", Some("5.6.7.8"), start).unwrap_err();
        assert!(matches!(e, AppError::RateLimited { retry_after_secs: 60 }));
        assert!(
            t.begin("b@x.example", Some("1.2.3.4"), start).is_ok(),
            "other emails are not locked"
        );
        assert!(t.begin("a@x.example", None, start + Duration::from_secs(61)).is_ok());
    }

    #[test]
    fn the_address_limit_covers_many_emails_and_success_clears_the_email() {
        let t = LoginThrottle::new(Duration::from_secs(60), 2, 3);
        let now = Instant::now();
        t.begin("a@x.example", Some("9.9.9.9"), now).unwrap();
        t.begin("a@x.example", Some("9.9.9.9"), now).unwrap();
        t.record_success("a@x.example");
        t.begin("a@x.example", Some("8.8.8.8"), now).unwrap();
        t.begin("b@x.example", Some("9.9.9.9"), now).unwrap();
        assert!(
            t.begin("c@x.example", Some("9.9.9.9"), now).is_err(),
            "the address used its 3 attempts"
        );
    }

    #[test]
    fn concurrent_attempts_cannot_exceed_the_limit() {
        let t = std::sync::Arc::new(LoginThrottle::new(Duration::from_secs(60), 5, 1000));
        let now = Instant::now();
        let allowed: usize = std::thread::scope(|s| {
            let handles: Vec<_> = (0..50)
                .map(|_| s.spawn(|| t.begin("a@x.example", Some("1.1.1.1"), now).is_ok()))
                .collect();
            handles.into_iter().map(|h| usize::from(h.join().unwrap())).sum()
        });
        assert_eq!(allowed, 5);
    }
}
