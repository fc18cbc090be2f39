//! The dashboard's figures (`dashboard::Snapshot`: the summary, trends, what is overdue, the
//! client list), shared for `TTL`: every staff member's dashboard shows the same platform-wide
//! figures, so a second-old copy serves them all (authorization is still asked on every
//! request). At 10,000 subscriptions a copy costs ~150 ms of SQL; a longer `TTL` did not raise
//! the rate pages render (`igny8 pages bench`: 2 s → 338/s, 5 s → 344/s), so it stays short.
//! Staff's own changes to subscriptions (start, pause, resume, cancel) and backlink orders
//! `forget` it, so MRR and margin move at once (the next requests compute the figures, each —
//! staff's writes are rare); other writes (the scheduler's, clients') show within `TTL`, plus the
//! time one refresh takes: when the copy expires, one request recomputes it while the others are
//! answered from the expiring copy (no stampede of identical computations under load).

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
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
    /// Bumped by `forget`: a refresh that began before is not kept.
    generation: AtomicU64,
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

    /// All of the figures. A copy past its `TTL` is still answered at once while one background
    /// task computes the next (so no request waits for the recomputation); only when there is no
    /// copy for today (start-up, a new day) does the request wait for it.
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
        match cached {
            Some((true, s)) => Ok(s),
            Some((false, s)) => {
                if !self.refreshing.swap(true, Ordering::AcqRel) {
                    let state = state.clone();
                    tokio::spawn(async move {
                        let cache = state.dashboard.clone();
                        let _refreshing = Refreshing(&cache.refreshing);
                        if let Err(e) = cache.refresh(&state, today).await {
                            tracing::warn!(error = %e, "dashboard refresh failed; the previous figures stay");
                        }
                    });
                }
                Ok(s)
            }
            None => {
                // nothing to serve: compute, together if need be
                let _refreshing =
                    (!self.refreshing.swap(true, Ordering::AcqRel)).then_some(Refreshing(&self.refreshing));
                self.refresh(state, today).await
            }
        }
    }

    /// Drops the copy after a write the next dashboard must show.
    pub fn forget(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        *self.last.lock().expect("dashboard cache") = None;
    }

    async fn refresh(&self, state: &AppState, today: NaiveDate) -> AppResult<Arc<Snapshot>> {
        let generation = self.generation.load(Ordering::Acquire);
        let mut pooled = state.conn().await?;
        let fresh = Arc::new(crate::dashboard::snapshot(&mut pooled.conn(), today).await?);
        let mut last = self.last.lock().expect("dashboard cache");
        if self.generation.load(Ordering::Acquire) == generation {
            *last = Some((Instant::now(), today, fresh.clone()));
        }
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
