//! `jobSchedules` and `jobRuns` (staff): the scheduler's schedules and its ledger.

use app::types::job::{JobRun, JobSchedule};
use async_graphql::{Context, Object, Result};

use crate::error::GqlResult;
use crate::graphql::state_and_actor;
use crate::jobs::status;

#[derive(Default)]
pub struct JobQuery;

#[Object]
impl JobQuery {
    /// Each scheduled job with its next three runs in `timezone` (IANA; default: the jobs'
    /// zone — pass an account's zone for the report jobs).
    async fn job_schedules(&self, ctx: &Context<'_>, timezone: Option<String>) -> Result<Vec<JobSchedule>> {
        let (state, actor) = state_and_actor(ctx)?;
        status::schedules(state, actor, timezone.as_deref(), chrono::Utc::now()).gql()
    }

    /// The latest units of work of the ledger, newest first (of one job, when given).
    async fn job_runs(
        &self,
        ctx: &Context<'_>,
        job: Option<String>,
        #[graphql(default = 50)] first: i64,
    ) -> Result<Vec<JobRun>> {
        let (state, actor) = state_and_actor(ctx)?;
        status::runs(state, actor, job.as_deref(), first).await.gql()
    }
}
