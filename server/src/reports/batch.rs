//! Reports for many sites at once (`igny8 report batch`; the scheduler's runs build on it):
//! every active subscription the report type is for — weekly: Pro; monthly and quarterly: Lite
//! and Pro — `workers` at a time, each rendered, checked, stored and recorded with its
//! subscription's report settings. Sites that have the report already are skipped unless `redo`.

use std::time::{Duration, Instant};

use futures::StreamExt;

use super::generate::Timings;
use super::lifecycle;
use super::period::Period;
use crate::db::models::{report::ServiceReport, subscription::Subscription};
use crate::error::AppResult;
use crate::state::AppState;

/// The tiers a report type is for.
pub fn tiers_for(report_type: &str) -> &'static [&'static str] {
    match report_type {
        "weekly" => &["pro"],
        _ => &["lite", "pro"],
    }
}

#[derive(Clone, Debug)]
pub struct Batch {
    pub report_type: &'static str,
    pub period: Period,
    pub workers: usize,
    /// Generate again for sites that have this report already.
    pub redo: bool,
}

/// What happened to one site.
#[derive(Clone, Debug)]
pub enum Step {
    Generated { site_id: i64, report_id: i64 },
    Skipped { site_id: i64 },
    Failed { site_id: i64, reason: String },
}

#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub due: usize,
    pub generated: usize,
    pub skipped: usize,
    pub failed: Vec<(i64, String)>,
    /// Summed over the generated reports.
    pub timings: Timings,
    pub elapsed: Duration,
}

/// Runs the batch; `on_step` hears about every site as it finishes (a progress bar, a log).
pub async fn run(state: &AppState, batch: &Batch, on_step: impl Fn(&Step)) -> AppResult<Outcome> {
    let started = Instant::now();
    let due = {
        let mut pooled = state.conn().await?;
        Subscription::active_of_tiers(&mut pooled.conn(), tiers_for(batch.report_type)).await?
    };
    let mut outcome = Outcome {
        due: due.len(),
        ..Outcome::default()
    };
    let mut steps = futures::stream::iter(due)
        .map(|sub| async move { one(state, batch, sub).await })
        .buffer_unordered(batch.workers.max(1));
    while let Some((step, timings)) = steps.next().await {
        match &step {
            Step::Generated { .. } => {
                outcome.generated += 1;
                outcome.timings.add(&timings);
            }
            Step::Skipped { .. } => outcome.skipped += 1,
            Step::Failed { site_id, reason } => {
                tracing::warn!(site_id, %reason, "batch report failed");
                outcome.failed.push((*site_id, reason.clone()));
            }
        }
        on_step(&step);
    }
    outcome.failed.sort();
    outcome.elapsed = started.elapsed();
    Ok(outcome)
}

async fn one(state: &AppState, batch: &Batch, sub: Subscription) -> (Step, Timings) {
    let site_id = sub.site_id;
    let attempt = async {
        if !batch.redo {
            let mut pooled = state.conn().await?;
            if ServiceReport::scheduled_for(&mut pooled.conn(), site_id, batch.report_type, batch.period.start)
                .await?
                .is_some()
            {
                return Ok(None);
            }
        }
        lifecycle::generate_scheduled(state, &sub, batch.report_type, batch.period, crate::db::now())
            .await
            .map(Some)
    };
    match attempt.await {
        Ok(Some((report_id, timings))) => (Step::Generated { site_id, report_id }, timings),
        Ok(None) => (Step::Skipped { site_id }, Timings::default()),
        Err(e) => (
            Step::Failed {
                site_id,
                reason: e.to_string(),
            },
            Timings::default(),
        ),
    }
}
