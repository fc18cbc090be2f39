//! The dashboard summary, cached for `TTL`: every staff member's dashboard shows the same
//! platform-wide figures, so a second-old copy serves them all (authorization is still asked on
//! every request). Writes do not invalidate it; the figures are at most `TTL` old.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use app::types::{Actor, DashboardSummary};
use chrono::NaiveDate;

use crate::auth::{Action, Resource, authorize};
use crate::error::AppResult;
use crate::state::AppState;

pub const TTL: Duration = Duration::from_secs(2);

#[derive(Default)]
pub struct DashboardCache {
    last: Mutex<Option<(Instant, NaiveDate, DashboardSummary)>>,
}

impl DashboardCache {
    /// Forgets the cached summary: the next request computes it afresh.
    pub fn clear(&self) {
        *self.last.lock().expect("dashboard cache") = None;
    }

    pub async fn summary(
        &self,
        state: &AppState,
        actor: Option<&Actor>,
        today: NaiveDate,
    ) -> AppResult<DashboardSummary> {
        authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
        if let Some((at, day, s)) = &*self.last.lock().expect("dashboard cache")
            && at.elapsed() < TTL
            && *day == today
        {
            return Ok(s.clone());
        }
        let mut pooled = state.conn().await?;
        let fresh = crate::dashboard::summary(&mut pooled.conn(), actor, today).await?;
        *self.last.lock().expect("dashboard cache") = Some((Instant::now(), today, fresh.clone()));
        Ok(fresh)
    }
}
