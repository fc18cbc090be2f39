//! The indexing dashboard's port: `indexing::dashboard`, its trend drawn by the report's chart
//! code.

use app::api::indexing::IndexingPort;
use app::types::indexing::{IndexingDashboard, IndexingQuery};
use app::types::{Actor, ApiError};

use super::charts::themed;
use crate::reports::document::ChartKind;
use crate::state::AppState;

pub struct Indexing(pub AppState);

#[async_trait::async_trait]
impl IndexingPort for Indexing {
    async fn dashboard(&self, actor: Option<&Actor>, query: &IndexingQuery) -> Result<IndexingDashboard, ApiError> {
        let mut d = {
            let mut pooled = self.0.conn().await?;
            crate::indexing::dashboard(&mut pooled.conn(), actor, query, crate::db::now().date()).await?
        };
        let series = |f: fn(&app::types::indexing::IndexingWeekRow) -> i64| {
            d.weekly
                .iter()
                .map(|w| (w.week_start[5..].to_owned(), f(w) as f64))
                .collect::<Vec<_>>()
        };
        let requested = series(|w| w.requested);
        let indexed = series(|w| w.indexed);
        let failed = series(|w| w.failed);
        d.charts = vec![
            themed("Requests made per week", ChartKind::Bars, requested)?,
            themed("Links indexed per week", ChartKind::Bars, indexed)?,
            themed("Indexing failures per week", ChartKind::Bars, failed)?,
        ];
        Ok(d)
    }
}
