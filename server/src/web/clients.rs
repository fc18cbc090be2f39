//! The client page's port: each panel through the service the APIs use.

use app::api::clients::ClientPort;
use app::types::billing::Billing;
use app::types::client::{AhrefsPanel, BacklinkPanel, ClientDetail, ConfigPanel, ConfigValues, ReportsPanel};
use app::types::report::{ReportFilter, ShareLinkInfo};
use app::types::tracker::ContentTracker;
use app::types::{Actor, ApiError};
use chrono::NaiveDate;

use super::charts::themed;
use crate::clients;
use crate::db::models::subscription::Subscription;
use crate::error::AppError;
use crate::reports::document::ChartKind;
use crate::reports::{lifecycle, records};
use crate::state::AppState;

pub struct Clients(pub AppState);

type Caller<'a> = Option<&'a Actor>;

fn today() -> NaiveDate {
    crate::db::now().date()
}

fn date(field: &str, raw: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
    raw.filter(|s| !s.is_empty())
        .map(|s| crate::dates::parse(field, s))
        .transpose()
}

impl Clients {
    async fn site_of(&self, actor: Caller<'_>, id: i64) -> Result<Subscription, AppError> {
        let mut pooled = self.0.conn().await?;
        clients::subscription(&mut pooled.conn(), actor, id).await
    }
}

#[async_trait::async_trait]
impl ClientPort for Clients {
    async fn detail(&self, actor: Caller<'_>, subscription: i64) -> Result<ClientDetail, ApiError> {
        Ok(clients::detail(&self.0, actor, subscription, today()).await?)
    }

    async fn config(&self, actor: Caller<'_>, subscription: i64) -> Result<ConfigPanel, ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(clients::config_panel(&mut pooled.conn(), actor, subscription).await?)
    }

    async fn save_config(&self, actor: Caller<'_>, subscription: i64, values: &ConfigValues) -> Result<(), ApiError> {
        let json = clients::config_json(values).to_string();
        let mut pooled = self.0.conn().await?;
        Ok(clients::save_config(&mut pooled.conn(), actor, subscription, &json).await?)
    }

    async fn save_config_json(&self, actor: Caller<'_>, subscription: i64, json: &str) -> Result<(), ApiError> {
        let mut pooled = self.0.conn().await?;
        let mut conn = pooled.conn();
        // who may not change it learns nothing from a JSON error
        clients::config_panel(&mut conn, actor, subscription).await?;
        Ok(clients::save_config(&mut conn, actor, subscription, json).await?)
    }

    async fn set_recipients(&self, actor: Caller<'_>, subscription: i64, emails: &[String]) -> Result<(), ApiError> {
        crate::recipients::set(&self.0, actor, subscription, emails).await?;
        Ok(())
    }

    async fn content(
        &self,
        actor: Caller<'_>,
        subscription: i64,
        month: Option<&str>,
    ) -> Result<ContentTracker, ApiError> {
        let sub = self.site_of(actor, subscription).await?;
        let month = month
            .filter(|m| !m.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| today().format("%Y-%m").to_string());
        let mut pooled = self.0.conn().await?;
        Ok(crate::trackers::content(&mut pooled.conn(), actor, sub.site_id, &month, today()).await?)
    }

    async fn backlinks(&self, actor: Caller<'_>, subscription: i64) -> Result<BacklinkPanel, ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(clients::backlinks(&mut pooled.conn(), actor, subscription, today()).await?)
    }

    async fn ahrefs(
        &self,
        actor: Caller<'_>,
        subscription: i64,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<AhrefsPanel, ApiError> {
        let sub = self.site_of(actor, subscription).await?;
        let (default_from, default_to) = clients::default_range(today());
        let from = date("from", from)?.unwrap_or(default_from);
        let to = date("to", to)?.unwrap_or(default_to);
        let mut pooled = self.0.conn().await?;
        let mut conn = pooled.conn();
        let snapshots = crate::trackers::ahrefs(&mut conn, actor, sub.site_id, from, to).await?;
        let top_pages = clients::top_pages(&mut conn, actor, subscription, from, to).await?;
        drop(pooled);
        // the days a figure is known (an import may bring one figure at a time)
        let series = |f: fn(&app::types::tracker::AhrefsSnapshot) -> Option<f64>| -> Vec<(String, f64)> {
            snapshots
                .iter()
                .filter_map(|s| Some((s.snapshot_date.clone(), f(s)?)))
                .collect()
        };
        let chart = |title: &str, points: Vec<(String, f64)>| {
            (points.len() >= 2)
                .then(|| themed(title, ChartKind::Line, points))
                .transpose()
        };
        Ok(AhrefsPanel {
            from: from.to_string(),
            to: to.to_string(),
            dr_chart: chart("Domain Rating", series(|s| s.domain_rating))?,
            referring_chart: chart("Referring domains", series(|s| s.referring_domains.map(f64::from)))?,
            snapshots,
            top_pages,
        })
    }

    async fn reports(&self, actor: Caller<'_>, subscription: i64) -> Result<ReportsPanel, ApiError> {
        let sub = self.site_of(actor, subscription).await?;
        let filter = ReportFilter {
            site_id: Some(sub.site_id),
            ..Default::default()
        };
        let page = crate::pagination::PageArgs::parse(Some(100), None, "first", "after")?;
        let reports = records::list(&self.0, actor, &filter, page).await?.items;
        let on_subscription: Vec<String> = serde_json::from_str(&sub.report_recipients).unwrap_or_default();
        let mut pooled = self.0.conn().await?;
        let recipients = records::allowed_recipients(&mut pooled.conn(), sub.account_id, &on_subscription).await?;
        Ok(ReportsPanel { reports, recipients })
    }

    async fn billing(
        &self,
        actor: Caller<'_>,
        subscription: i64,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Billing, ApiError> {
        let sub = self.site_of(actor, subscription).await?;
        let range = crate::billing::Range::new(date("from", from)?, date("to", to)?)?;
        let mut pooled = self.0.conn().await?;
        Ok(crate::billing::billing(&mut pooled.conn(), actor, sub.account_id, range).await?)
    }

    async fn resend(&self, actor: Caller<'_>, report: i64, recipients: Vec<String>) -> Result<(), ApiError> {
        if recipients.is_empty() {
            return Err(ApiError::invalid("recipients", "choose at least one recipient"));
        }
        records::send(&self.0, actor, report, Some(recipients)).await?;
        Ok(())
    }

    async fn regenerate(&self, actor: Caller<'_>, report: i64) -> Result<(), ApiError> {
        lifecycle::regenerate(&self.0, actor, report).await?;
        Ok(())
    }

    async fn share(&self, actor: Caller<'_>, report: i64, hours: i64) -> Result<String, ApiError> {
        let link = lifecycle::share(&self.0, actor, report, chrono::Duration::hours(hours)).await?;
        Ok(link.url)
    }

    async fn revoke_share(&self, actor: Caller<'_>, link: i64) -> Result<(), ApiError> {
        Ok(lifecycle::revoke_share(&self.0, actor, link).await?)
    }

    async fn share_links(&self, actor: Caller<'_>, report: i64) -> Result<Vec<ShareLinkInfo>, ApiError> {
        Ok(lifecycle::share_links(&self.0, actor, report).await?)
    }
}
