//! The jobs page's port: the same schedules and ledger as GraphQL's `jobSchedules` and `jobRuns`.

use app::api::jobs::JobPort;
use app::types::job::JobsPanel;
use app::types::{Actor, ApiError};

use crate::jobs::status;
use crate::state::AppState;

pub struct Jobs(pub AppState);

/// Runs the page shows.
const RUNS_SHOWN: i64 = 100;

#[async_trait::async_trait]
impl JobPort for Jobs {
    async fn panel(
        &self,
        actor: Option<&Actor>,
        timezone: Option<&str>,
        job: Option<&str>,
    ) -> Result<JobsPanel, ApiError> {
        let schedules = status::schedules(&self.0, actor, timezone, chrono::Utc::now())?;
        let runs = status::runs(&self.0, actor, job, RUNS_SHOWN).await?;
        Ok(JobsPanel { schedules, runs })
    }
}
