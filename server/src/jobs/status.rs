//! What the APIs and `igny8 jobs list` show of the scheduler (staff only): each job's schedule
//! with its next three runs in a time zone, and the latest runs of the ledger.

use app::types::Actor;
use app::types::job::{JobRun as JobRunDto, JobSchedule};
use chrono::{DateTime, Utc};

use super::Job;
use super::schedule::parse_timezone;
use crate::auth::{Action, Resource, authorize};
use crate::db::models::job_run::JobRun;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Longest list of runs one call returns.
pub const MAX_RUNS: i64 = 500;

/// Each job's schedule with its next runs, shown in `timezone` (default `IGNY8_JOBS_TIMEZONE`):
/// the report jobs' runs are those of an account in that zone; the other jobs run on
/// `IGNY8_JOBS_TIMEZONE`'s clock wherever they are shown.
pub fn schedules(
    state: &AppState,
    actor: Option<&Actor>,
    timezone: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<Vec<JobSchedule>> {
    authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
    let tz = match timezone {
        Some(raw) => parse_timezone(raw).map_err(|why| AppError::invalid("timezone", why))?,
        None => state.config.jobs.timezone,
    };
    Ok(Job::ALL
        .iter()
        .map(|&job| {
            let schedule = state.config.jobs.schedule(job);
            JobSchedule {
                job: job.name().to_owned(),
                expression: schedule.map(|s| s.expression().to_owned()).unwrap_or_default(),
                enabled: schedule.is_some(),
                per_account: job.per_account(),
                timezone: tz.name().to_owned(),
                next_runs: schedule
                    .map(|s| {
                        let on = if job.per_account() {
                            tz
                        } else {
                            state.config.jobs.timezone
                        };
                        s.next(on, now, 3)
                            .iter()
                            .map(|t| t.with_timezone(&tz).to_rfc3339())
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect())
}

/// The latest runs, newest first (of one job, when given).
pub async fn runs(state: &AppState, actor: Option<&Actor>, job: Option<&str>, limit: i64) -> AppResult<Vec<JobRunDto>> {
    authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
    if let Some(name) = job.filter(|j| Job::parse(j).is_none()) {
        return Err(AppError::invalid("job", format!("`{name}` is not a job")));
    }
    if !(1..=MAX_RUNS).contains(&limit) {
        return Err(AppError::invalid("first", format!("must be between 1 and {MAX_RUNS}")));
    }
    let mut pooled = state.conn().await?;
    let rows = JobRun::recent(&mut pooled.conn(), job, limit).await?;
    let at = |t: chrono::NaiveDateTime| t.and_utc().to_rfc3339();
    let c = &state.config.jobs;
    let next_retry = |r: &JobRun| {
        (r.status == "failed" && r.attempts < c.max_attempts as i32)
            .then(|| {
                r.finished_at
                    .map(|f| at(f + super::ledger::retry_delay(c.retry_secs, r.attempts)))
            })
            .flatten()
    };
    Ok(rows
        .into_iter()
        .map(|r| JobRunDto {
            next_retry_at: next_retry(&r),
            id: r.id,
            job: r.job_name,
            scope: r.scope_key,
            period: r.period_key,
            status: r.status,
            attempts: r.attempts,
            claimed_by: r.claimed_by,
            claimed_at: at(r.claimed_at),
            finished_at: r.finished_at.map(at),
            duration_ms: r.duration_ms,
            detail: r.detail,
            error: r.error,
        })
        .collect())
}
