//! The scheduler for Alorig staff: each job's schedule and next runs in a chosen time zone, and
//! the ledger's latest runs.

use leptos::prelude::*;

use crate::types::ApiError;
use crate::types::job::JobsPanel;

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports};

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait JobPort: Send + Sync + 'static {
    /// Schedules shown in `timezone` (default: the scheduler's), and the latest runs (of `job`).
    async fn panel(
        &self,
        actor: Option<&crate::types::Actor>,
        timezone: Option<&str>,
        job: Option<&str>,
    ) -> Result<JobsPanel, ApiError>;
}

/// The jobs page's figures for the view in the URL (staff).
#[server(prefix = "/api/ui", endpoint = "scheduler")]
pub async fn scheduler(timezone: Option<String>, job: Option<String>) -> Result<JobsPanel, ApiError> {
    answer(
        async {
            ports()?
                .jobs
                .panel(actor().await?.as_ref(), timezone.as_deref(), job.as_deref())
                .await
        }
        .await,
    )
}
