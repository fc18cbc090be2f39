//! The scheduler's five jobs (the spec's Celery tasks), run inside the server.
//!
//! Each job body is a plain async function of a context and a clock, so tests run it at any
//! instant; the scheduler (`scheduler`) only calls them on its tick. A body works out which
//! periods are due at the clock's instant from its schedule — per account time zone for the
//! report jobs — and does each unit of work through the ledger (`ledger`), which makes it
//! exactly-once across replicas and re-runs and catches up what was missed while no server ran.

pub mod clock;
pub mod ledger;
pub mod metrics;
pub mod overdue;
pub mod reports;
pub mod schedule;
pub mod scheduler;
pub mod sending;
pub mod status;

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use self::clock::Clock;
use self::ledger::UnitResult;
use self::schedule::Schedule;
use crate::error::AppResult;
use crate::state::AppState;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// Monday 06:00 in the account's time zone: last week's report of every Pro client.
    GenerateWeeklyReports,
    /// The 1st, 06:00 local: last month's report of every Lite and Pro client.
    GenerateMonthlyReports,
    /// Daily: queues the email of scheduled reports generated but never queued, and delivers.
    SendPendingReports,
    /// Daily: stores the overdue deliverables the dashboard shows (`igny8_overdue_flags`).
    CheckOverdueDeliverables,
    /// Nightly: pre-aggregates the day's metrics into report metric snapshots.
    CollectReportMetrics,
}

impl Job {
    pub const ALL: [Job; 5] = [
        Job::GenerateWeeklyReports,
        Job::GenerateMonthlyReports,
        Job::SendPendingReports,
        Job::CheckOverdueDeliverables,
        Job::CollectReportMetrics,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Job::GenerateWeeklyReports => "generate_weekly_reports",
            Job::GenerateMonthlyReports => "generate_monthly_reports",
            Job::SendPendingReports => "send_pending_reports",
            Job::CheckOverdueDeliverables => "check_overdue_deliverables",
            Job::CollectReportMetrics => "collect_report_metrics",
        }
    }

    pub fn parse(name: &str) -> Option<Job> {
        Job::ALL.into_iter().find(|j| j.name() == name)
    }

    /// The configuration key of its schedule.
    pub fn config_key(self) -> &'static str {
        match self {
            Job::GenerateWeeklyReports => "IGNY8_JOB_GENERATE_WEEKLY_REPORTS",
            Job::GenerateMonthlyReports => "IGNY8_JOB_GENERATE_MONTHLY_REPORTS",
            Job::SendPendingReports => "IGNY8_JOB_SEND_PENDING_REPORTS",
            Job::CheckOverdueDeliverables => "IGNY8_JOB_CHECK_OVERDUE_DELIVERABLES",
            Job::CollectReportMetrics => "IGNY8_JOB_COLLECT_REPORT_METRICS",
        }
    }

    /// Whether its schedule is read on each account's wall clock (else `IGNY8_JOBS_TIMEZONE`).
    pub fn per_account(self) -> bool {
        matches!(self, Job::GenerateWeeklyReports | Job::GenerateMonthlyReports)
    }
}

/// What the job bodies share: the server's state, this replica's name, and the periods this
/// process has seen finished (so a tick does not read their ledger rows again).
pub struct JobContext {
    pub state: AppState,
    pub replica: String,
    finished: Mutex<HashSet<String>>,
}

impl JobContext {
    pub fn new(state: AppState) -> JobContext {
        let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
        JobContext {
            state,
            replica: format!("{}:{}", host.trim(), std::process::id()),
            finished: Mutex::default(),
        }
    }

    fn is_finished(&self, key: &str) -> bool {
        self.finished.lock().map(|s| s.contains(key)).unwrap_or(false)
    }

    fn mark_finished(&self, key: String) {
        if let Ok(mut s) = self.finished.lock() {
            s.insert(key);
        }
    }

    fn schedule(&self, job: Job) -> Option<&Schedule> {
        self.state.config.jobs.schedule(job)
    }

    /// How far back due periods are looked for: the catch-up window, at least an hour (so a
    /// tick that comes late still finds the current one).
    fn lookback(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let days = i64::from(self.state.config.jobs.catch_up_days);
        now - chrono::Duration::days(days).max(chrono::Duration::hours(1))
    }
}

/// What one run of a job did.
#[derive(Clone, Debug, Default)]
pub struct RunSummary {
    pub job: &'static str,
    /// The job has no schedule (an empty expression).
    pub disabled: bool,
    /// The periods that were due.
    pub periods: Vec<String>,
    pub succeeded: usize,
    pub skipped: usize,
    /// (scope, error) of the units that failed.
    pub failed: Vec<(String, String)>,
    pub elapsed: Duration,
}

impl RunSummary {
    fn new(job: Job) -> RunSummary {
        RunSummary {
            job: job.name(),
            ..RunSummary::default()
        }
    }

    fn add(&mut self, scope: &str, r: UnitResult) {
        match r {
            UnitResult::NotClaimed => {}
            UnitResult::Succeeded(_) => self.succeeded += 1,
            UnitResult::Skipped(_) => self.skipped += 1,
            UnitResult::Failed(e) => self.failed.push((scope.to_owned(), e)),
        }
    }
}

/// Runs `job` at the clock's instant.
pub async fn run(ctx: &JobContext, job: Job, clock: &dyn Clock) -> AppResult<RunSummary> {
    let started = Instant::now();
    let mut summary = match job {
        Job::GenerateWeeklyReports => reports::generate_weekly_reports(ctx, clock).await?,
        Job::GenerateMonthlyReports => reports::generate_monthly_reports(ctx, clock).await?,
        Job::SendPendingReports => sending::send_pending_reports(ctx, clock).await?,
        Job::CheckOverdueDeliverables => overdue::check_overdue_deliverables(ctx, clock).await?,
        Job::CollectReportMetrics => metrics::collect_report_metrics(ctx, clock).await?,
    };
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Runs `job` now in the background, as the scheduler's tick would, then drains the outbox
/// (Alorig staff admins): it does what is due and not yet done, through the ledger the jobs page
/// shows. Returns the job's name.
pub fn start_now(state: &AppState, actor: Option<&app::types::Actor>, name: &str) -> AppResult<&'static str> {
    use crate::auth::{Action, Resource, authorize};
    authorize(actor, Action::RunJobs, Resource::Platform)?;
    let job =
        Job::parse(name).ok_or_else(|| crate::error::AppError::invalid("job", format!("`{name}` is not a job")))?;
    let ctx = JobContext::new(state.clone());
    tokio::spawn(async move {
        let clock = scheduler::clock_of(&ctx.state);
        match run(&ctx, job, clock.as_ref()).await {
            Ok(s) => tracing::info!(
                job = s.job,
                succeeded = s.succeeded,
                skipped = s.skipped,
                failed = s.failed.len(),
                "job run on request"
            ),
            Err(e) => tracing::warn!(job = job.name(), error = %e, "job run on request could not run"),
        }
        if let Err(e) = crate::email::deliver::deliver_due(&ctx.state, clock.now()).await {
            tracing::warn!(error = %e, "outbox could not be drained");
        }
    });
    Ok(job.name())
}

/// Does `summary.job`'s one `global` unit of `period` (an occurrence's day) through the ledger.
async fn run_global<Fut>(
    ctx: &JobContext,
    clock: &dyn Clock,
    summary: &mut RunSummary,
    period: String,
    work: impl FnOnce() -> Fut,
) -> AppResult<()>
where
    Fut: std::future::Future<Output = AppResult<ledger::Outcome>>,
{
    let key = crate::db::models::job_run::RunKey {
        job: summary.job,
        scope: "global",
        period: &period,
    };
    let seen = {
        let mut pooled = ctx.state.conn().await?;
        crate::db::models::job_run::JobRun::find_key(&mut pooled.conn(), key).await?
    };
    let r = ledger::run_unit(ctx, key, seen.as_ref(), clock, work).await?;
    summary.periods.push(period.clone());
    summary.add("global", r);
    Ok(())
}

/// The latest occurrence of a job that is not per account, if one is due in the lookback.
fn latest_due(ctx: &JobContext, schedule: &Schedule, now: DateTime<Utc>) -> Option<DateTime<chrono_tz::Tz>> {
    schedule
        .between(ctx.state.config.jobs.timezone, ctx.lookback(now), now, 10_000)
        .pop()
}
