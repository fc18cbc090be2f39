//! The jobs page's port: the same schedules and ledger as GraphQL's `jobSchedules` and `jobRuns`,
//! the outbox (`email::outbox`), and running a job now (`jobs::start_now`).

use app::api::jobs::{JobPort, JobsView};
use app::types::job::JobsPanel;
use app::types::{Actor, ApiError};

use crate::jobs::status;
use crate::state::AppState;

pub struct Jobs(pub AppState);

/// Runs the page shows.
const RUNS_SHOWN: i64 = 100;

#[async_trait::async_trait]
impl JobPort for Jobs {
    async fn panel(&self, actor: Option<&Actor>, view: &JobsView) -> Result<JobsPanel, ApiError> {
        let schedules = status::schedules(&self.0, actor, view.timezone.as_deref(), chrono::Utc::now())?;
        let runs = status::runs(&self.0, actor, view.job.as_deref(), RUNS_SHOWN).await?;
        let mut pooled = self.0.conn().await?;
        let outbox = crate::email::outbox::page(
            &mut pooled.conn(),
            actor,
            view.outbox.as_deref(),
            view.outbox_page.unwrap_or(1),
        )
        .await?;
        Ok(JobsPanel {
            schedules,
            runs,
            outbox,
        })
    }

    async fn run_now(&self, actor: Option<&Actor>, job: &str) -> Result<String, ApiError> {
        Ok(crate::jobs::start_now(&self.0, actor, job)?.to_owned())
    }

    async fn retry_email(&self, actor: Option<&Actor>, id: i64) -> Result<(), ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(crate::email::outbox::retry(&mut pooled.conn(), actor, id).await?)
    }
}
