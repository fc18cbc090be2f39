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
use super::clock::{Clock, stored};
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

/// Whether this replica may take over `row` at `now`: a failed run once its retry is due (until
/// the attempts run out), a claim whose replica did not finish it within the lease (always:
/// a unit never stays claimed by a dead replica).
fn may_retake(ctx: &JobContext, row: &JobRun, now: DateTime<Utc>) -> bool {
    let c = &ctx.state.config.jobs;
    let now = stored(now);
    match row.status.as_str() {
        "failed" => {
            row.attempts < c.max_attempts as i32
                && row
                    .finished_at
                    .is_some_and(|at| at + retry_delay(c.retry_secs, row.attempts) <= now)
        }
        "claimed" | "running" => row.claimed_at + Duration::seconds(i64::from(c.lease_secs)) <= now,
        _ => false,
    }
}

/// Whether the unit may still be claimed by someone (no row, a retry due, a stale claim).
pub fn open(ctx: &JobContext, row: Option<&JobRun>, now: DateTime<Utc>) -> bool {
    row.is_none_or(|r| may_retake(ctx, r, now))
}

/// Claims `key` (`seen`: its row as read before, if any), runs `work` if the claim is ours,
/// and records how it ended. The claim and its end are stamped with the clock's time when they
/// happen, so a long run's late units are not mistaken for stale ones.
pub async fn run_unit<Fut>(
    ctx: &JobContext,
    key: RunKey<'_>,
    seen: Option<&JobRun>,
    clock: &dyn Clock,
    work: impl FnOnce() -> Fut,
) -> AppResult<UnitResult>
where
    Fut: Future<Output = AppResult<Outcome>>,
{
    let now = clock.now();
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
    let recorded = JobRun::finish(
        &mut pooled.conn(),
        key,
        &ctx.replica,
        at,
        status,
        &detail,
        error.as_deref(),
        stored(clock.now().max(now + Duration::milliseconds(ms))),
        ms,
    )
    .await?;
    if recorded == 0 {
        tracing::warn!(
            job = key.job,
            scope = key.scope,
            period = key.period,
            "another replica took this unit over before it finished"
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_a_day() {
        let secs = |a| retry_delay(60, a).num_seconds();
        assert_eq!((secs(1), secs(2), secs(3), secs(5)), (60, 120, 240, 960));
        assert_eq!(secs(40), 86_400);
        assert_eq!(secs(0), 60, "a row never attempted waits the first delay");
    }
}
