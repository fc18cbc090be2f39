//! The admin overview's port: the shared dashboard snapshot, with its trends drawn as charts.

use app::api::dashboard::DashboardPort;
use app::types::dashboard::{ACTIONS_SHOWN, ActionGroup, ClientListPage, ClientQuery, DashboardPage, OverdueKind};
use app::types::{Actor, ApiError};

use super::charts::themed;
use crate::reports::document::ChartKind;
use crate::state::AppState;

pub struct Dashboard(pub AppState);

fn today() -> chrono::NaiveDate {
    crate::db::now().date()
}

/// `2026-11` → `Nov 26`.
fn short_month(month: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map(|d| d.format("%b %y").to_string())
        .unwrap_or_else(|_| month.to_owned())
}

#[async_trait::async_trait]
impl DashboardPort for Dashboard {
    async fn page(&self, actor: Option<&Actor>) -> Result<DashboardPage, ApiError> {
        let state = &self.0;
        let s = state.dashboard.snapshot(state, actor, today()).await?;
        // made once per snapshot, shared by every render of it
        if let Some(page) = s.page.get() {
            return Ok(page.clone());
        }
        let dollars = |cents: i64| cents as f64 / 100.0;
        let mrr = s
            .mrr_trend
            .iter()
            .map(|p| (short_month(&p.month), dollars(p.mrr_cents)))
            .collect();
        let margin = s
            .margin_trend
            .iter()
            .map(|p| (short_month(&p.month), dollars(p.margin_cents)))
            .collect();
        let actions = [
            OverdueKind::Report,
            OverdueKind::Content,
            OverdueKind::Backlinks,
            OverdueKind::Renewal,
        ]
        .into_iter()
        .map(|kind| {
            let of_kind = s.overdue.iter().filter(|i| i.kind == kind);
            ActionGroup {
                kind,
                total: of_kind.clone().count() as i64,
                items: of_kind.take(ACTIONS_SHOWN).cloned().collect(),
            }
        })
        .collect();
        let page = DashboardPage {
            summary: s.summary.clone(),
            previous: s.previous.clone(),
            mrr_trend: s.mrr_trend.clone(),
            margin_trend: s.margin_trend.clone(),
            mrr_chart: themed("MRR (USD)", ChartKind::Line, mrr)?,
            margin_chart: themed("Margin (USD)", ChartKind::Bars, margin)?,
            actions,
        };
        Ok(s.page.get_or_init(|| page).clone())
    }

    async fn clients(&self, actor: Option<&Actor>, query: &ClientQuery) -> Result<ClientListPage, ApiError> {
        Ok(crate::clients::list(&self.0, actor, query, today()).await?)
    }
}
