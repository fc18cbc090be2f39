//! Exactly-once units of work. A unit — a job's work for one scope (a site, or `global`) and one
//! period — is claimed in `igny8_job_runs` under its unique key before it is done; a replica
//! that loses the insert does not do it. A failed unit is retried with a doubling delay up to
//! `max_attempts`; a claim whose replica died (no finish within the lease) is taken over. Units
//! are written to be idempotent as well (they look for their result first), so a takeover after a
//! crash between "done" and "recorded" does not repeat the work.

use std::future::Future;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

use super::JobContext;
use super::clock::stored;
use crate::db::models::job_run::{JobRun, RunKey};
use crate::error::AppResult;

/// How a unit ended (its `detail` is stored with the run).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done(String),
    Skipped(String),
}

/// What this replica did with one unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnitResult {
    /// Claimed by another replica, finished, or waiting for its retry.
    NotClaimed,
    Succeeded(String),
    Skipped(String),
    Failed(String),
}

/// When a failed run may be tried again: `retry_secs × 2^(attempts − 1)`, at most a day.
pub fn retry_delay(retry_secs: u32, attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 20) - 1;
    Duration::seconds((i64::from(retry_secs) << exp).min(86_400))
}

/// Whether this replica may take over `row` at `now`.
fn may_retake(ctx: &JobContext, row: &JobRun, now: DateTime<Utc>) -> bool {
    let c = &ctx.state.config.jobs;
    if row.attempts >= c.max_attempts as i32 {
        return false;
    }
    let now = stored(now);
    match row.status.as_str() {
        "failed" => row
            .finished_at
            .is_some_and(|at| at + retry_delay(c.retry_secs, row.attempts) <= now),
        "claimed" | "running" => row.claimed_at + Duration::seconds(i64::from(c.lease_secs)) <= now,
        _ => false,
    }
}

/// Whether the unit may still be claimed by someone (no row, a retry due, a stale claim).
pub fn open(ctx: &JobContext, row: Option<&JobRun>, now: DateTime<Utc>) -> bool {
    row.is_none_or(|r| may_retake(ctx, r, now))
}

/// Claims `key` (`seen`: its row as read before, if any), runs `work` if the claim is ours,
/// and records how it ended.
pub async fn run_unit<Fut>(
    ctx: &JobContext,
    key: RunKey<'_>,
    seen: Option<&JobRun>,
    now: DateTime<Utc>,
    work: impl FnOnce() -> Fut,
) -> AppResult<UnitResult>
where
    Fut: Future<Output = AppResult<Outcome>>,
{
    let at = stored(now);
    let won = {
        let mut pooled = ctx.state.conn().await?;
        let mut conn = pooled.conn();
        match seen {
            None => JobRun::insert_claim(&mut conn, key, &ctx.replica, at).await?,
            Some(row) if may_retake(ctx, row, now) => JobRun::retake(&mut conn, row, &ctx.replica, at).await?,
            Some(_) => false,
        }
    };
    if !won {
        return Ok(UnitResult::NotClaimed);
    }
    let started = Instant::now();
    let result = work().await;
    let ms = started.elapsed().as_millis() as i64;
    let (status, detail, error, out) = match result {
        Ok(Outcome::Done(d)) => ("succeeded", d.clone(), None, UnitResult::Succeeded(d)),
        Ok(Outcome::Skipped(d)) => ("skipped", d.clone(), None, UnitResult::Skipped(d)),
        Err(e) => {
            let why = e.to_string();
            tracing::warn!(job = key.job, scope = key.scope, period = key.period, error = %why, "job unit failed");
            ("failed", String::new(), Some(why.clone()), UnitResult::Failed(why))
        }
    };
    let mut pooled = ctx.state.conn().await?;
    JobRun::finish(
        &mut pooled.conn(),
        key,
        &ctx.replica,
        at,
        status,
        &detail,
        error.as_deref(),
        stored(now + Duration::milliseconds(ms)),
        ms,
    )
    .await?;
    Ok(out)
}
