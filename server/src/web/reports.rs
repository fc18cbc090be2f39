//! The report generator's port: previews, reports and batches through the services the APIs use
//! (`lifecycle::preview` and `generate` as the preview and generate endpoints, `batch::start`).

use app::api::reports::{ReportForm, ReportPort};
use app::types::generator::{BatchProgress, GeneratorClient, PreviewSummary, SectionFinding};
use app::types::report::{GenerateReportInput, ReportFilter};
use app::types::{Actor, ApiError};
use chrono::{Datelike, Months};

use crate::auth::{Action, Resource, authorize};
use crate::clients;
use crate::db::models::{account::Account, site::Site};
use crate::error::{AppError, AppResult};
use crate::pagination::optional_id;
use crate::reports::{batch, lifecycle, records, settings};
use crate::state::AppState;

pub struct Reports(pub AppState);

type Caller<'a> = Option<&'a Actor>;

/// Reports listed under the form.
const RECENT: i64 = 5;

impl Reports {
    /// The form as the APIs' input, on the client's site.
    async fn input(&self, actor: Caller<'_>, form: &ReportForm) -> AppResult<GenerateReportInput> {
        let sub = {
            let mut pooled = self.0.conn().await?;
            clients::subscription(&mut pooled.conn(), actor, form.client).await?
        };
        if form.period.is_empty() {
            return Err(AppError::invalid(
                "period",
                "is required: a month (2026-11), a quarter (2026-Q3), an ISO week (2026-W45) or DATE..DATE",
            ));
        }
        let text = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Ok(GenerateReportInput {
            site_id: sub.site_id,
            period: Some(form.period.clone()),
            period_start: None,
            period_end: None,
            report_type: text(&form.report_type),
            sections_included: Some(form.sections.clone()),
            branding_id: optional_id("branding_id", &form.branding_id)?,
            template_id: optional_id("template_id", &form.template_id)?,
            theme: text(&form.theme),
        })
    }
}

#[async_trait::async_trait]
impl ReportPort for Reports {
    async fn client(&self, actor: Caller<'_>, subscription: i64) -> Result<GeneratorClient, ApiError> {
        let (sub, site, account, (brandings, templates)) = {
            let mut pooled = self.0.conn().await?;
            let mut conn = pooled.conn();
            let sub = clients::subscription(&mut conn, actor, subscription).await?;
            let site = Site::find(&mut conn, sub.site_id).await.map_err(AppError::from)?;
            let account = Account::find(&mut conn, sub.account_id).await.map_err(AppError::from)?;
            let choices = clients::look_choices(&mut conn, sub.account_id).await?;
            (sub, site, account, choices)
        };
        let defaults = settings::parse(&sub.config).unwrap_or_default();
        let tz: chrono_tz::Tz = account.account_timezone.parse().unwrap_or(chrono_tz::UTC);
        let today = chrono::Utc::now().with_timezone(&tz).date_naive();
        let last_month = today.with_day(1).unwrap_or(today) - Months::new(1);
        let filter = ReportFilter {
            site_id: Some(site.id),
            ..Default::default()
        };
        let page = crate::pagination::PageArgs::parse(Some(RECENT), None, "first", "after")?;
        let recent = records::list(&self.0, actor, &filter, page).await?.items;
        Ok(GeneratorClient {
            subscription_id: sub.id,
            site_id: site.id,
            account_name: account.name,
            site_name: site.name,
            domain: site.domain,
            tier: sub.tier,
            timezone: tz.name().to_owned(),
            last_month: last_month.format("%Y-%m").to_string(),
            brandings,
            templates,
            sections: defaults.sections.iter().map(|k| k.as_str().to_owned()).collect(),
            branding_id: defaults.branding_id,
            template_id: defaults.template_id,
            theme: defaults.theme.map(|t| t.as_str().to_owned()),
            recent,
        })
    }

    async fn preview(&self, actor: Caller<'_>, form: &ReportForm) -> Result<PreviewSummary, ApiError> {
        let req = records::request(&self.input(actor, form).await?)?;
        let preview = lifecycle::preview(&self.0, actor, req, false).await?;
        let data = &preview.data;
        let sections = data
            .sections
            .iter()
            .map(|&k| {
                let failure = data.failure(k);
                SectionFinding {
                    key: k.as_str().to_owned(),
                    title: k.title().to_owned(),
                    status: match (failure, data.status(k)) {
                        (Some(_), _) | (None, None) => "failed".to_owned(),
                        (None, Some(s)) => s.as_str().to_owned(),
                    },
                    note: failure.map(str::to_owned),
                }
            })
            .collect();
        Ok(PreviewSummary {
            report_type: data.report_type.clone(),
            period_start: data.period_start.clone(),
            period_end: data.period_end.clone(),
            sections,
            hold_reason: preview.hold_reason,
        })
    }

    async fn generate(&self, actor: Caller<'_>, form: &ReportForm) -> Result<i64, ApiError> {
        let req = records::request(&self.input(actor, form).await?)?;
        Ok(lifecycle::generate(&self.0, actor, req).await?)
    }

    async fn send(&self, actor: Caller<'_>, report: i64) -> Result<(), ApiError> {
        records::send(&self.0, actor, report, None).await?;
        Ok(())
    }

    async fn start_batch(&self, actor: Caller<'_>, report_type: &str, period: &str) -> Result<i64, ApiError> {
        Ok(batch::start(&self.0, actor, report_type, period).await?)
    }

    async fn batch(&self, actor: Caller<'_>, id: i64) -> Result<BatchProgress, ApiError> {
        authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
        Ok(self.0.batches.get(id).ok_or(AppError::NotFound)?)
    }

    async fn batches(&self, actor: Caller<'_>) -> Result<Vec<BatchProgress>, ApiError> {
        authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
        Ok(self.0.batches.recent())
    }
}
