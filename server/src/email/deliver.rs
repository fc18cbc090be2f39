//! Drains the outbox: every due row is claimed (one replica wins it), written, handed to the
//! mailer, and recorded — `sent` only once the server accepted it; a transient failure is retried
//! after `IGNY8_EMAIL_RETRY_SECS × 2^(attempts − 1)`; a permanent one, or the last attempt,
//! is recorded as `failed` with its reason. The report's `sent_to`/`sent_at` follow its rows.

use chrono::{DateTime, Duration, Utc};

use super::transport::SendError;
use crate::db::models::outbox::OutboxRow;
use crate::db::models::report::ServiceReport;
use crate::error::{AppError, AppResult};
use crate::jobs::clock::stored;
use crate::jobs::ledger::retry_delay;
use crate::state::AppState;

/// What one drain did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

impl std::fmt::Display for Delivered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} emails sent, {} to retry, {} failed",
            self.sent, self.retrying, self.failed
        )
    }
}

/// Delivers every row due at `now`.
pub async fn deliver_due(state: &AppState, now: DateTime<Utc>) -> AppResult<Delivered> {
    let mut done = Delivered::default();
    let started = std::time::Instant::now();
    let lease = Duration::seconds(i64::from(state.config.jobs.lease_secs));
    loop {
        // the drain's instant plus the time it has taken so far: a long drain's late claims
        // are stamped when they are made
        let now = now + Duration::from_std(started.elapsed()).unwrap_or_default();
        let stale = stored(now - lease);
        let rows = {
            let mut pooled = state.conn().await?;
            OutboxRow::due(&mut pooled.conn(), stored(now), stale, 100).await?
        };
        let full = rows.len() == 100;
        let mut claimed = 0;
        for row in rows {
            let won = {
                let mut pooled = state.conn().await?;
                OutboxRow::claim(&mut pooled.conn(), &row, stored(now)).await?
            };
            if won {
                claimed += 1;
                deliver_one(state, &row, now, &mut done).await?;
            }
        }
        if !full || claimed == 0 {
            return Ok(done);
        }
    }
}

async fn deliver_one(state: &AppState, row: &OutboxRow, now: DateTime<Utc>, done: &mut Delivered) -> AppResult<()> {
    let attempt = row.attempts + 1;
    let result = match super::message::compose(state, row, now).await {
        Ok(message) => state.mailer.send(&row.message_id, &message).await,
        Err(e @ (AppError::NotFound | AppError::Invalid { .. } | AppError::Conflict(_))) => {
            Err(SendError::Permanent(e.to_string()))
        }
        Err(e) => Err(SendError::Transient(e.to_string())),
    };
    let at = stored(now);
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    match result {
        Ok(()) => {
            OutboxRow::mark_sent(&mut conn, row.id, attempt, at).await?;
            done.sent += 1;
        }
        Err(SendError::Transient(why)) if attempt < state.config.email.max_attempts as i32 => {
            let next = at + retry_delay(state.config.email.retry_secs, attempt);
            tracing::warn!(outbox = row.id, attempt, error = %why, "email not delivered, will retry");
            OutboxRow::mark_retry(&mut conn, row.id, attempt, &why, next, at).await?;
            done.retrying += 1;
        }
        Err(SendError::Transient(why) | SendError::Permanent(why)) => {
            let why = if attempt >= state.config.email.max_attempts as i32 {
                format!("gave up after {attempt} attempts: {why}")
            } else {
                why
            };
            tracing::error!(outbox = row.id, attempt, error = %why, "email failed");
            OutboxRow::mark_failed(&mut conn, row.id, attempt, &why, at).await?;
            done.failed += 1;
        }
    }
    if let Some(report_id) = row.report_id {
        ServiceReport::record_delivery(&mut conn, report_id, at).await?;
    }
    Ok(())
}
