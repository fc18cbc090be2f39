//! Reports for many sites at once (`igny8 report batch`; the scheduler's runs build on it):
//! every active subscription the report type is for — weekly: Pro; monthly and quarterly: Lite
//! and Pro — `workers` at a time, each rendered, checked, stored and recorded with its
//! subscription's report settings. Sites that have the report already are skipped unless `redo`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use app::types::Actor;
use app::types::generator::{BatchProgress, BatchSite};
use futures::StreamExt;

use super::generate::Timings;
use super::lifecycle;
use super::period::Period;
use crate::auth::{Action, Resource, authorize};
use crate::db::models::{report::ServiceReport, site::Site, subscription::Subscription, user::User};
use crate::error::{AppError, AppResult};
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

/// The subscriptions a report type is due for: the active ones of its tiers.
pub async fn due(state: &AppState, report_type: &str) -> AppResult<Vec<Subscription>> {
    let mut pooled = state.conn().await?;
    Ok(Subscription::active_of_tiers(&mut pooled.conn(), tiers_for(report_type)).await?)
}

/// Runs the batch; `on_step` hears about every site as it finishes (a progress bar, a log).
pub async fn run(state: &AppState, batch: &Batch, on_step: impl Fn(&Step)) -> AppResult<Outcome> {
    let started = Instant::now();
    let due = due(state, batch.report_type).await?;
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

/// Batches started from the report generator page and their progress, in memory (the latest
/// `KEPT`). Each report is stored and recorded as it finishes, so a restart loses only this view:
/// starting the batch again skips the reports already there.
#[derive(Default)]
pub struct Runs {
    batches: Mutex<Vec<Tracked>>,
}

struct Tracked {
    progress: BatchProgress,
    domains: HashMap<i64, String>,
}

/// Batches kept for the page.
const KEPT: usize = 20;

impl Runs {
    fn with<T>(&self, f: impl FnOnce(&mut Vec<Tracked>) -> T) -> T {
        f(&mut self.batches.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    pub fn get(&self, id: i64) -> Option<BatchProgress> {
        self.with(|all| all.iter().find(|t| t.progress.id == id).map(|t| t.progress.clone()))
    }

    /// The batches kept, newest first.
    pub fn recent(&self) -> Vec<BatchProgress> {
        self.with(|all| all.iter().rev().map(|t| t.progress.clone()).collect())
    }

    /// Registers a batch; refused while one of the same type and period runs (its sites would
    /// be generated twice).
    fn begin(&self, mut progress: BatchProgress, domains: HashMap<i64, String>) -> AppResult<i64> {
        self.with(|all| {
            if let Some(running) = all.iter().find(|t| {
                t.progress.running()
                    && t.progress.report_type == progress.report_type
                    && t.progress.period_start == progress.period_start
                    && t.progress.period_end == progress.period_end
            }) {
                return Err(AppError::Conflict(format!(
                    "batch {} runs these reports already; follow it there",
                    running.progress.id
                )));
            }
            progress.id = all.last().map_or(1, |t| t.progress.id + 1);
            let id = progress.id;
            all.push(Tracked { progress, domains });
            if all.len() > KEPT {
                let finished = all.iter().position(|t| !t.progress.running());
                if let Some(i) = finished {
                    all.remove(i);
                }
            }
            Ok(id)
        })
    }

    fn record(&self, id: i64, step: &Step) {
        self.with(|all| {
            let Some(t) = all.iter_mut().find(|t| t.progress.id == id) else {
                return;
            };
            let (site_id, outcome, report_id, reason) = match step {
                Step::Generated { site_id, report_id } => (*site_id, "generated", Some(*report_id), None),
                Step::Skipped { site_id } => (*site_id, "skipped", None, None),
                Step::Failed { site_id, reason } => (*site_id, "failed", None, Some(reason.clone())),
            };
            let p = &mut t.progress;
            let site = BatchSite {
                site_id,
                domain: t.domains.get(&site_id).cloned().unwrap_or_default(),
                outcome: outcome.to_owned(),
                report_id,
                reason,
            };
            match outcome {
                "generated" => p.generated += 1,
                "skipped" => p.skipped += 1,
                _ => p.failed += 1,
            }
            if outcome == "failed" {
                let after_failures = p.sites.iter().take_while(|s| s.outcome == "failed").count();
                p.sites.insert(after_failures, site);
            } else {
                p.sites.push(site);
            }
        })
    }

    fn finish(&self, id: i64, error: Option<String>) {
        self.with(|all| {
            if let Some(t) = all.iter_mut().find(|t| t.progress.id == id) {
                t.progress.finished_at = Some(crate::dates::rfc3339(crate::db::now()));
                t.progress.error = error;
            }
        })
    }
}

/// Starts `report_type` reports for `period` for every client due, in the background (Alorig
/// staff admins); returns the batch's id, whose progress `Runs::get` answers.
pub async fn start(state: &AppState, actor: Option<&Actor>, report_type: &str, period: &str) -> AppResult<i64> {
    authorize(actor, Action::RunJobs, Resource::Platform)?;
    let report_type = super::parse_report_type(report_type)?;
    let period = Period::parse(period)?;
    period.check_type(report_type)?;
    let subs = due(state, report_type).await?;
    let (started_by, domains) = {
        let mut pooled = state.conn().await?;
        let mut conn = pooled.conn();
        let user = match actor {
            Some(a) => User::find(&mut conn, a.user_id).await?.email,
            None => String::new(),
        };
        let ids: Vec<i64> = subs.iter().map(|s| s.site_id).collect();
        let sites = Site::find_many(&mut conn, &ids).await?;
        (user, sites.into_iter().map(|s| (s.id, s.domain)).collect())
    };
    let id = state.batches.begin(
        BatchProgress {
            id: 0,
            report_type: report_type.to_owned(),
            period_start: period.start.to_string(),
            period_end: period.end.to_string(),
            started_by,
            started_at: crate::dates::rfc3339(crate::db::now()),
            finished_at: None,
            due: subs.len() as i64,
            generated: 0,
            skipped: 0,
            failed: 0,
            sites: Vec::new(),
            error: None,
        },
        domains,
    )?;
    let state = state.clone();
    tokio::spawn(async move {
        let batch = Batch {
            report_type,
            period,
            workers: state.config.jobs.workers,
            redo: false,
        };
        let result = run(&state, &batch, |step| state.batches.record(id, step)).await;
        state.batches.finish(id, result.err().map(|e| e.to_string()));
    });
    Ok(id)
}
