//! The scheduler for Alorig staff: each job's schedule and next runs in a chosen time zone, the
//! ledger's latest runs and the email outbox; and what staff do there (run a job now, retry a
//! failed email).

use leptos::prelude::*;

use crate::types::ApiError;
use crate::types::job::JobsPanel;

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports, redirect};

/// The jobs page.
pub const JOBS_PATH: &str = "/services/jobs";

/// What the jobs page shows: the time zone, one job's runs, one outbox state and its page.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct JobsView {
    pub timezone: Option<String>,
    pub job: Option<String>,
    pub outbox: Option<String>,
    pub outbox_page: Option<i64>,
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait JobPort: Send + Sync + 'static {
    /// Schedules shown in `timezone` (default: the scheduler's), the latest runs (of `job`) and
    /// a page of the outbox.
    async fn panel(&self, actor: Option<&crate::types::Actor>, view: &JobsView) -> Result<JobsPanel, ApiError>;
    /// Starts `job` now (`jobs::start_now`).
    async fn run_now(&self, actor: Option<&crate::types::Actor>, job: &str) -> Result<String, ApiError>;
    /// Queues a failed email again (`email::outbox::retry`).
    async fn retry_email(&self, actor: Option<&crate::types::Actor>, id: i64) -> Result<(), ApiError>;
}

/// The jobs page's figures for the view in the URL (staff).
#[server(prefix = "/api/ui", endpoint = "scheduler")]
pub async fn scheduler(view: JobsView) -> Result<JobsPanel, ApiError> {
    answer(async { ports()?.jobs.panel(actor().await?.as_ref(), &view).await }.await)
}

/// Back on the jobs page with the outcome (`done`, or `error`).
#[cfg(feature = "ssr")]
fn settle(result: Result<String, ApiError>, back: &[(&str, &str)]) -> Result<(), ApiError> {
    use crate::types::ErrorCode;
    let mut url = format!("{JOBS_PATH}?");
    let pairs: Vec<(String, String)> = match result {
        Ok(done) => vec![("done".into(), done)],
        Err(e) if matches!(e.code, ErrorCode::Invalid | ErrorCode::Conflict) => vec![("error".into(), e.message)],
        Err(e) => return answer(Err(e)),
    };
    let all: Vec<String> = back
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .chain(pairs)
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", super::session::encode_query_value(&v)))
        .collect();
    url.push_str(&all.join("&"));
    redirect(&url);
    Ok(())
}

/// Runs a job now (after the page's confirmation); back on the page showing its runs.
#[server(prefix = "/api/ui", endpoint = "run_job")]
pub async fn run_job(job: String) -> Result<(), ApiError> {
    let result = async { ports()?.jobs.run_now(actor().await?.as_ref(), &job).await }.await;
    settle(result.map(|name| format!("started:{name}")), &[("job", &job)])
}

/// Queues a failed email again; back on the page's failed emails.
#[server(prefix = "/api/ui", endpoint = "retry_email")]
pub async fn retry_email(id: i64) -> Result<(), ApiError> {
    let result = async { ports()?.jobs.retry_email(actor().await?.as_ref(), id).await }.await;
    settle(result.map(|()| format!("retried:{id}")), &[("outbox", "failed")])
}
