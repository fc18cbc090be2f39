//! The dashboard's figures (`dashboard::Snapshot`: the summary, trends, what is overdue, the
//! client list), shared for `TTL`: every staff member's dashboard shows the same platform-wide
//! figures, so a second-old copy serves them all (authorization is still asked on every request). Writes do not invalidate it; the figures are at most `TTL` old, plus the time
//! one refresh takes: when the copy expires, one request recomputes it while the others are
//! answered from the expiring copy (no stampede of identical computations under load).

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use std::sync::Arc;

use app::types::{Actor, DashboardSummary};
use chrono::NaiveDate;

use crate::auth::{Action, Resource, authorize};
use crate::dashboard::Snapshot;
use crate::error::AppResult;
use crate::state::AppState;

pub const TTL: Duration = Duration::from_secs(2);

#[derive(Default)]
pub struct DashboardCache {
    last: Mutex<Option<(Instant, NaiveDate, Arc<Snapshot>)>>,
    refreshing: AtomicBool,
}

impl DashboardCache {
    /// The headline figures.
    pub async fn summary(
        &self,
        state: &AppState,
        actor: Option<&Actor>,
        today: NaiveDate,
    ) -> AppResult<DashboardSummary> {
        Ok(self.snapshot(state, actor, today).await?.summary.clone())
    }

    /// All of the figures.
    pub async fn snapshot(
        &self,
        state: &AppState,
        actor: Option<&Actor>,
        today: NaiveDate,
    ) -> AppResult<Arc<Snapshot>> {
        authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
        let cached = match &*self.last.lock().expect("dashboard cache") {
            Some((at, day, s)) if *day == today => Some((at.elapsed() < TTL, s.clone())),
            _ => None,
        };
        let refresh = match cached {
            Some((true, s)) => return Ok(s),
            Some((false, s)) => {
                // expired: the first request refreshes, the others keep the copy meanwhile
                if self.refreshing.swap(true, Ordering::AcqRel) {
                    return Ok(s);
                }
                true
            }
            // nothing to serve (start-up, a new day): compute, together if need be
            None => !self.refreshing.swap(true, Ordering::AcqRel),
        };
        // cleared however the computation ends (an error, or the request dropped mid-way)
        let _refreshing = refresh.then_some(Refreshing(&self.refreshing));
        let mut pooled = state.conn().await?;
        let fresh = Arc::new(crate::dashboard::snapshot(&mut pooled.conn(), today).await?);
        *self.last.lock().expect("dashboard cache") = Some((Instant::now(), today, fresh.clone()));
        Ok(fresh)
    }
}

/// Marks a refresh as finished when dropped.
struct Refreshing<'a>(&'a AtomicBool);

impl Drop for Refreshing<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}
