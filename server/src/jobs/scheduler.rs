//! The scheduler inside the server: tokio-cron-scheduler fires a tick (`IGNY8_JOBS_TICK`, every
//! minute by default); each tick runs every job at the clock's instant and then drains the
//! email outbox. The jobs' own schedules are evaluated by the job bodies on each account's wall
//! clock (`schedule`), not by tokio-cron-scheduler, which reads a schedule at one fixed UTC
//! offset. The first tick runs as the server starts: that is the catch-up of what was missed.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio_cron_scheduler::{Job as CronJob, JobScheduler};

use super::clock::{Clock, ShiftedClock, SystemClock};
use super::{Job, JobContext};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The running scheduler; dropping it does not stop it, `shutdown` does.
pub struct Scheduler {
    inner: JobScheduler,
}

impl Scheduler {
    pub async fn shutdown(mut self) {
        if let Err(e) = self.inner.shutdown().await {
            tracing::warn!(error = %e, "scheduler did not shut down cleanly");
        }
    }
}

/// The clock this process's scheduler runs on.
pub fn clock_of(state: &AppState) -> Arc<dyn Clock> {
    match state.config.clock_start {
        Some(start) => Arc::new(ShiftedClock::starting_at(start)),
        None => Arc::new(SystemClock),
    }
}

/// Starts the scheduler (none when `IGNY8_JOBS_TICK` is empty) and runs its first tick now.
pub async fn start(state: AppState) -> AppResult<Option<Scheduler>> {
    let Some(tick) = state.config.jobs.tick.clone() else {
        tracing::info!("scheduler off (IGNY8_JOBS_TICK is empty)");
        return Ok(None);
    };
    let clock = clock_of(&state);
    let ctx = Arc::new(JobContext::new(state));
    let busy = Arc::new(AtomicBool::new(false));
    tokio::spawn(run_tick(ctx.clone(), clock.clone(), busy.clone()));

    let err = |e: tokio_cron_scheduler::JobSchedulerError| AppError::internal(format!("scheduler: {e}"));
    let inner = JobScheduler::new().await.map_err(err)?;
    let job = CronJob::new_async(tick.as_str(), move |_, _| {
        Box::pin(run_tick(ctx.clone(), clock.clone(), busy.clone()))
    })
    .map_err(err)?;
    inner.add(job).await.map_err(err)?;
    inner.start().await.map_err(err)?;
    tracing::info!(%tick, "scheduler started");
    Ok(Some(Scheduler { inner }))
}

/// One tick: every job, then the outbox. A tick that finds the previous one still running
/// leaves the work to it.
async fn run_tick(ctx: Arc<JobContext>, clock: Arc<dyn Clock>, busy: Arc<AtomicBool>) {
    if busy.swap(true, Ordering::AcqRel) {
        return;
    }
    // cleared however the tick ends (a panicking job included)
    struct Free(Arc<AtomicBool>);
    impl Drop for Free {
        fn drop(&mut self) {
            self.0.store(false, Ordering::Release);
        }
    }
    let _free = Free(busy);
    for job in Job::ALL {
        match super::run(&ctx, job, clock.as_ref()).await {
            Ok(s) if s.succeeded + s.skipped + s.failed.len() > 0 => tracing::info!(
                job = s.job,
                periods = ?s.periods,
                succeeded = s.succeeded,
                skipped = s.skipped,
                failed = s.failed.len(),
                ms = s.elapsed.as_millis() as u64,
                "job ran"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(job = job.name(), error = %e, "job could not run"),
        }
    }
    match crate::email::deliver::deliver_due(&ctx.state, clock.now()).await {
        Ok(d) if d != Default::default() => {
            tracing::info!(sent = d.sent, retrying = d.retrying, failed = d.failed, "outbox")
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "outbox could not be drained"),
    }
}
