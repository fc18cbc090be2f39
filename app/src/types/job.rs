//! The scheduler as the APIs show it: each job's schedule with its next runs, and the ledger.

use serde::{Deserialize, Serialize};

/// One scheduled job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct JobSchedule {
    /// `generate_weekly_reports`, `generate_monthly_reports`, `send_pending_reports`,
    /// `check_overdue_deliverables` or `collect_report_metrics`.
    pub job: String,
    /// The cron expression; empty when the job is disabled.
    pub expression: String,
    pub enabled: bool,
    /// Whether the expression is read on each account's wall clock (the report jobs).
    pub per_account: bool,
    /// The time zone `next_runs` are computed in.
    pub timezone: String,
    /// The next three runs, RFC 3339 with the zone's offset.
    pub next_runs: Vec<String>,
}

/// One unit of work in the ledger: a job's work for one scope and period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct JobRun {
    pub id: i64,
    pub job: String,
    /// `site:7` or `global`.
    pub scope: String,
    /// `2026-W48`, `2026-11` or a day, `2026-12-01`.
    pub period: String,
    /// `running`, `succeeded`, `skipped` or `failed` (retried until its attempts run out).
    pub status: String,
    pub attempts: i32,
    /// The replica that holds or held the claim.
    pub claimed_by: String,
    /// RFC 3339, UTC.
    pub claimed_at: String,
    pub finished_at: Option<String>,
    pub duration_ms: Option<i64>,
    /// What the run did, e.g. `report 42; 2 emails queued`.
    pub detail: String,
    pub error: Option<String>,
    /// RFC 3339, UTC: when a failed run is tried again; `None` once its attempts ran out.
    pub next_retry_at: Option<String>,
}

/// The jobs page: every job's schedule, and the ledger's latest runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobsPanel {
    pub schedules: Vec<JobSchedule>,
    pub runs: Vec<JobRun>,
    pub outbox: super::email::OutboxPage,
}
