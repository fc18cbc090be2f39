//! The report generator (staff): a client's report for any period, previewed without saving,
//! generated, sent; and batches over every due client, with their progress.

use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

use crate::types::ApiError;
use crate::types::generator::{BatchProgress, GeneratorClient, PreviewSummary};

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports, redirect};

/// The generator page.
pub const GENERATOR_PATH: &str = "/services/reports/new";

/// A batch's page.
pub fn batch_url(id: i64) -> String {
    format!("/services/reports/batches/{id}")
}

/// The generator form as the URL carries it and the form posts it: plain strings, checked by
/// the server (empty means "the default").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    /// The managed client (subscription id).
    pub client: i64,
    pub period: String,
    /// weekly, monthly, quarterly; empty: the period's own.
    pub report_type: String,
    pub sections: Vec<String>,
    pub branding_id: String,
    pub template_id: String,
    pub theme: String,
}

impl ReportForm {
    /// The form in the page's query, when it names a client.
    pub fn from_map(q: &ParamsMap) -> Option<ReportForm> {
        let get = |k: &str| q.get(k).unwrap_or_default().trim().to_owned();
        Some(ReportForm {
            client: get("client").parse().ok()?,
            period: get("period"),
            report_type: get("report_type"),
            sections: q.get_all("sections[]").unwrap_or_default(),
            branding_id: get("branding_id"),
            template_id: get("template_id"),
            theme: get("theme"),
        })
    }

    /// The form's fields as query pairs (to come back to the page with them).
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut out = vec![
            ("client".to_owned(), self.client.to_string()),
            ("period".to_owned(), self.period.clone()),
            ("report_type".to_owned(), self.report_type.clone()),
        ];
        out.extend(self.sections.iter().map(|s| ("sections[]".to_owned(), s.clone())));
        out.push(("branding_id".to_owned(), self.branding_id.clone()));
        out.push(("template_id".to_owned(), self.template_id.clone()));
        out.push(("theme".to_owned(), self.theme.clone()));
        out
    }

    /// The generator page with this form and `extra` pairs.
    pub fn url(&self, extra: &[(&str, &str)]) -> String {
        let mut q = String::new();
        for (k, v) in self
            .pairs()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain(extra.iter().copied())
        {
            if !q.is_empty() {
                q.push('&');
            }
            q.push_str(&super::session::encode_query_value(k));
            q.push('=');
            q.push_str(&super::session::encode_query_value(v));
        }
        format!("{GENERATOR_PATH}?{q}")
    }

    /// The preview endpoint's URL for this form (`format` html or pdf) on `site_id`.
    pub fn preview_url(&self, site_id: i64, format: &str) -> String {
        let mut pairs = vec![
            ("format", format.to_owned()),
            ("site_id", site_id.to_string()),
            ("period", self.period.clone()),
            ("sections_included", self.sections.join(",")),
        ];
        for (k, v) in [
            ("report_type", &self.report_type),
            ("branding_id", &self.branding_id),
            ("template_id", &self.template_id),
            ("theme", &self.theme),
        ] {
            if !v.is_empty() {
                pairs.push((k, v.clone()));
            }
        }
        let q: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", super::session::encode_query_value(v)))
            .collect();
        format!("/api/v1/services/reports/preview/?{}", q.join("&"))
    }
}

#[cfg(feature = "ssr")]
type Caller<'a> = Option<&'a crate::types::Actor>;

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait ReportPort: Send + Sync + 'static {
    /// The client a report is made for, with the form's choices and defaults (staff).
    async fn client(&self, actor: Caller<'_>, subscription: i64) -> Result<GeneratorClient, ApiError>;
    /// Renders the report without saving anything (`lifecycle::preview`).
    async fn preview(&self, actor: Caller<'_>, form: &ReportForm) -> Result<PreviewSummary, ApiError>;
    /// Generates, stores and records the report (`lifecycle::generate`); its id.
    async fn generate(&self, actor: Caller<'_>, form: &ReportForm) -> Result<i64, ApiError>;
    /// Emails the report to its subscription's recipients (`records::send`).
    async fn send(&self, actor: Caller<'_>, report: i64) -> Result<(), ApiError>;
    /// Starts a batch (`batch::start`); its id.
    async fn start_batch(&self, actor: Caller<'_>, report_type: &str, period: &str) -> Result<i64, ApiError>;
    async fn batch(&self, actor: Caller<'_>, id: i64) -> Result<BatchProgress, ApiError>;
    /// The batches kept, newest first.
    async fn batches(&self, actor: Caller<'_>) -> Result<Vec<BatchProgress>, ApiError>;
}

/// The client the form is for.
#[server(prefix = "/api/ui", endpoint = "report_generator")]
pub async fn report_generator(client: i64) -> Result<GeneratorClient, ApiError> {
    answer(async { ports()?.reports.client(actor().await?.as_ref(), client).await }.await)
}

/// What a preview of the form finds (nothing is saved).
#[server(prefix = "/api/ui", endpoint = "report_preview")]
pub async fn report_preview(form: ReportForm) -> Result<PreviewSummary, ApiError> {
    answer(async { ports()?.reports.preview(actor().await?.as_ref(), &form).await }.await)
}

/// Comes back to the generator with the outcome: `done` (and the report), or the error beside
/// its field with the form as it was entered.
#[cfg(feature = "ssr")]
fn settle(back: impl Fn(&[(&str, &str)]) -> String, result: Result<(&str, i64), ApiError>) -> Result<(), ApiError> {
    use crate::types::ErrorCode;
    match result {
        Ok((done, report)) => {
            redirect(&back(&[("done", done), ("report", &report.to_string())]));
            Ok(())
        }
        Err(e)
            if matches!(
                e.code,
                ErrorCode::Invalid | ErrorCode::Conflict | ErrorCode::RateLimited
            ) =>
        {
            let field = e.field.clone().unwrap_or_default();
            redirect(&back(&[("error", &e.message), ("field", &field)]));
            Ok(())
        }
        Err(e) => answer(Err(e)),
    }
}

/// Generates the report of the posted form (a plain form post).
#[server(prefix = "/api/ui", endpoint = "create_report")]
pub async fn create_report(
    client: i64,
    period: String,
    report_type: Option<String>,
    sections: Option<Vec<String>>,
    branding_id: Option<String>,
    template_id: Option<String>,
    theme: Option<String>,
) -> Result<(), ApiError> {
    let form = ReportForm {
        client,
        period: period.trim().to_owned(),
        report_type: report_type.unwrap_or_default(),
        sections: sections.unwrap_or_default(),
        branding_id: branding_id.unwrap_or_default(),
        template_id: template_id.unwrap_or_default(),
        theme: theme.unwrap_or_default(),
    };
    let result = async { ports()?.reports.generate(actor().await?.as_ref(), &form).await }.await;
    settle(|extra| form.url(extra), result.map(|id| ("generated", id)))
}

/// Emails a report just generated to the client's recipients.
#[server(prefix = "/api/ui", endpoint = "send_new_report")]
pub async fn send_new_report(client: i64, report: i64) -> Result<(), ApiError> {
    let result = async { ports()?.reports.send(actor().await?.as_ref(), report).await }.await;
    let back = |extra: &[(&str, &str)]| {
        let mut url = format!("{GENERATOR_PATH}?client={client}");
        for (k, v) in extra {
            url.push_str(&format!("&{k}={}", super::session::encode_query_value(v)));
        }
        url
    };
    settle(back, result.map(|()| ("sent", report)))
}

/// Starts a batch and goes to its page; a refused one comes back to the generator.
#[server(prefix = "/api/ui", endpoint = "start_report_batch")]
pub async fn start_report_batch(report_type: String, period: String) -> Result<(), ApiError> {
    use crate::types::ErrorCode;
    let result = async {
        ports()?
            .reports
            .start_batch(actor().await?.as_ref(), &report_type, period.trim())
            .await
    }
    .await;
    match result {
        Ok(id) => {
            redirect(&batch_url(id));
            Ok(())
        }
        Err(e) if matches!(e.code, ErrorCode::Invalid | ErrorCode::Conflict) => {
            let q: Vec<String> = [
                ("b_type", report_type.as_str()),
                ("b_period", period.as_str()),
                ("b_error", e.message.as_str()),
                ("b_field", e.field.as_deref().unwrap_or_default()),
            ]
            .iter()
            .map(|(k, v)| format!("{k}={}", super::session::encode_query_value(v)))
            .collect();
            redirect(&format!("{GENERATOR_PATH}?{}#batch", q.join("&")));
            Ok(())
        }
        Err(e) => answer(Err(e)),
    }
}

/// A batch's progress (the batch page polls it while the batch runs).
#[server(prefix = "/api/ui", endpoint = "report_batch")]
pub async fn report_batch(id: i64) -> Result<BatchProgress, ApiError> {
    answer(async { ports()?.reports.batch(actor().await?.as_ref(), id).await }.await)
}

/// The batches kept, newest first.
#[server(prefix = "/api/ui", endpoint = "report_batches")]
pub async fn report_batches() -> Result<Vec<BatchProgress>, ApiError> {
    answer(async { ports()?.reports.batches(actor().await?.as_ref()).await }.await)
}
