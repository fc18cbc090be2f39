//! Login throttling: failed attempts per email and per client address in a sliding window.
//! In memory, per process: with several replicas an attacker gets each replica's allowance,
//! which still bounds guessing to a few attempts per minute.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::AppError;

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

    /// Refuses when either the email or the address has used up its allowance.
    pub fn check(&self, email: &str, ip: Option<&str>, now: Instant) -> Result<(), AppError> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let keys = Self::keys(email, ip);
        for (key, limit) in keys.iter().zip([self.per_email, self.per_ip]) {
            if let Some(times) = map.get_mut(key) {
                times.retain(|t| now.duration_since(*t) < self.window);
                if times.len() >= limit {
                    let oldest = times[0];
                    let wait = self.window.saturating_sub(now.duration_since(oldest));
                    return Err(AppError::RateLimited {
                        retry_after_secs: wait.as_secs().max(1),
                    });
                }
            }
        }
        Ok(())
    }

    pub fn record_failure(&self, email: &str, ip: Option<&str>, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for key in Self::keys(email, ip) {
            map.entry(key).or_default().push(now);
        }
    }

    /// A successful login clears the email's failures (not the address's).
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
            t.check("A@x.example", Some("1.2.3.4"), start).unwrap();
            t.record_failure("a@x.example", Some("1.2.3.4"), start);
        }
        let e = t.check("a@x.example ", Some("5.6.7.8"), start).unwrap_err();
        assert!(matches!(e, AppError::RateLimited { retry_after_secs: 60 }));
        assert!(
            t.check("b@x.example", Some("1.2.3.4"), start).is_ok(),
            "other emails are not locked"
        );
        assert!(t.check("a@x.example", None, start + Duration::from_secs(61)).is_ok());
    }

    #[test]
    fn the_address_limit_covers_many_emails() {
        let t = LoginThrottle::new(Duration::from_secs(60), 100, 2);
        let now = Instant::now();
        t.record_failure("a@x.example", Some("9.9.9.9"), now);
        t.record_failure("b@x.example", Some("9.9.9.9"), now);
        assert!(t.check("c@x.example", Some("9.9.9.9"), now).is_err());
    }
}
