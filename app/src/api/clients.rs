//! One managed client's page (staff): header, settings, content, backlinks, Ahrefs, reports,
//! billing; and what staff do there (save settings, resend, regenerate, share).

use leptos::prelude::*;

use crate::types::ApiError;
use crate::types::billing::Billing;
use crate::types::client::{AhrefsPanel, BacklinkPanel, ConfigPanel, ConfigValues, ReportsPanel};
use crate::types::tracker::ContentTracker;

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports, redirect};

#[cfg(feature = "ssr")]
type Caller<'a> = Option<&'a crate::types::Actor>;

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait ClientPort: Send + Sync + 'static {
    async fn detail(
        &self,
        actor: Caller<'_>,
        subscription: i64,
    ) -> Result<crate::types::client::ClientDetail, ApiError>;
    async fn config(&self, actor: Caller<'_>, subscription: i64) -> Result<ConfigPanel, ApiError>;
    /// Validates and stores the settings (all or nothing); errors name the field.
    async fn save_config(&self, actor: Caller<'_>, subscription: i64, values: &ConfigValues) -> Result<(), ApiError>;
    /// The same from the raw JSON.
    async fn save_config_json(&self, actor: Caller<'_>, subscription: i64, json: &str) -> Result<(), ApiError>;
    /// Replaces who the site's reports are emailed to (`recipients::set`).
    async fn set_recipients(&self, actor: Caller<'_>, subscription: i64, emails: &[String]) -> Result<(), ApiError>;
    async fn content(
        &self,
        actor: Caller<'_>,
        subscription: i64,
        month: Option<&str>,
    ) -> Result<ContentTracker, ApiError>;
    async fn backlinks(&self, actor: Caller<'_>, subscription: i64) -> Result<BacklinkPanel, ApiError>;
    async fn ahrefs(
        &self,
        actor: Caller<'_>,
        subscription: i64,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<AhrefsPanel, ApiError>;
    async fn reports(&self, actor: Caller<'_>, subscription: i64) -> Result<ReportsPanel, ApiError>;
    /// Billing issued, processed or placed from `from` to `to` (YYYY-MM-DD; open ends reach all).
    async fn billing(
        &self,
        actor: Caller<'_>,
        subscription: i64,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Billing, ApiError>;
    async fn resend(&self, actor: Caller<'_>, report: i64, recipients: Vec<String>) -> Result<(), ApiError>;
    async fn regenerate(&self, actor: Caller<'_>, report: i64) -> Result<(), ApiError>;
    /// Creates a share link valid `hours`; returns its URL (shown once).
    async fn share(&self, actor: Caller<'_>, report: i64, hours: i64) -> Result<String, ApiError>;
    async fn revoke_share(&self, actor: Caller<'_>, link: i64) -> Result<(), ApiError>;
    async fn share_links(
        &self,
        actor: Caller<'_>,
        report: i64,
    ) -> Result<Vec<crate::types::report::ShareLinkInfo>, ApiError>;
}

#[server(prefix = "/api/ui", endpoint = "client_detail")]
pub async fn client_detail(subscription: i64) -> Result<crate::types::client::ClientDetail, ApiError> {
    answer(async { ports()?.clients.detail(actor().await?.as_ref(), subscription).await }.await)
}

#[server(prefix = "/api/ui", endpoint = "client_config")]
pub async fn client_config(subscription: i64) -> Result<ConfigPanel, ApiError> {
    answer(async { ports()?.clients.config(actor().await?.as_ref(), subscription).await }.await)
}

#[server(prefix = "/api/ui", endpoint = "client_content")]
pub async fn client_content(subscription: i64, month: Option<String>) -> Result<ContentTracker, ApiError> {
    answer(
        async {
            ports()?
                .clients
                .content(actor().await?.as_ref(), subscription, month.as_deref())
                .await
        }
        .await,
    )
}

#[server(prefix = "/api/ui", endpoint = "client_backlinks")]
pub async fn client_backlinks(subscription: i64) -> Result<BacklinkPanel, ApiError> {
    answer(async { ports()?.clients.backlinks(actor().await?.as_ref(), subscription).await }.await)
}

#[server(prefix = "/api/ui", endpoint = "client_ahrefs")]
pub async fn client_ahrefs(
    subscription: i64,
    from: Option<String>,
    to: Option<String>,
) -> Result<AhrefsPanel, ApiError> {
    answer(
        async {
            ports()?
                .clients
                .ahrefs(actor().await?.as_ref(), subscription, from.as_deref(), to.as_deref())
                .await
        }
        .await,
    )
}

#[server(prefix = "/api/ui", endpoint = "client_reports")]
pub async fn client_reports(subscription: i64) -> Result<ReportsPanel, ApiError> {
    answer(async { ports()?.clients.reports(actor().await?.as_ref(), subscription).await }.await)
}

#[server(prefix = "/api/ui", endpoint = "client_billing")]
pub async fn client_billing(subscription: i64, from: Option<String>, to: Option<String>) -> Result<Billing, ApiError> {
    answer(
        async {
            ports()?
                .clients
                .billing(actor().await?.as_ref(), subscription, from.as_deref(), to.as_deref())
                .await
        }
        .await,
    )
}

#[server(prefix = "/api/ui", endpoint = "report_share_links")]
pub async fn report_share_links(report: i64) -> Result<Vec<crate::types::report::ShareLinkInfo>, ApiError> {
    answer(async { ports()?.clients.share_links(actor().await?.as_ref(), report).await }.await)
}

/// The client page's URL for a tab, with `extra` query pairs.
pub fn client_url(subscription: i64, tab: &str, extra: &[(&str, &str)]) -> String {
    let mut url = format!("/services/clients/{subscription}?tab={tab}");
    for (k, v) in extra {
        url.push('&');
        url.push_str(k);
        url.push('=');
        url.push_str(&super::session::encode_query_value(v));
    }
    url
}

/// A form post's outcome: back on the page with `done` on success, or with `error` and `field`
/// (and `extra`, the values as entered) when the input can be corrected; a caller who may not do
/// it gets the error's status instead.
#[cfg(feature = "ssr")]
fn settle(
    subscription: i64,
    tab: &str,
    result: Result<&str, ApiError>,
    extra: &[(&str, &str)],
) -> Result<(), ApiError> {
    use crate::types::ErrorCode;
    match result {
        Ok(done) => {
            let mut pairs = extra.to_vec();
            pairs.push(("done", done));
            redirect(&client_url(subscription, tab, &pairs));
            Ok(())
        }
        Err(e)
            if matches!(
                e.code,
                ErrorCode::Invalid | ErrorCode::Conflict | ErrorCode::RateLimited
            ) =>
        {
            let field = e.field.clone().unwrap_or_default();
            let mut pairs = extra.to_vec();
            pairs.push(("error", &e.message));
            pairs.push(("field", &field));
            redirect(&client_url(subscription, tab, &pairs));
            Ok(())
        }
        Err(e) => answer(Err(e)),
    }
}

/// Saves the settings form (a plain form post: every field by name). On invalid input nothing is
/// written and the page comes back with the error beside its field and the values as entered.
#[server(prefix = "/api/ui", endpoint = "save_client_config")]
#[allow(clippy::too_many_arguments)]
pub async fn save_client_config(
    subscription: i64,
    sections: Option<Vec<String>>,
    branding_id: Option<String>,
    template_id: Option<String>,
    theme: Option<String>,
    report_day: Option<String>,
    target_countries: Option<String>,
    tone: Option<String>,
) -> Result<(), ApiError> {
    let draft = [
        ("d_sections", sections.clone().unwrap_or_default().join(",")),
        ("d_branding", branding_id.clone().unwrap_or_default()),
        ("d_template", template_id.clone().unwrap_or_default()),
        ("d_theme", theme.clone().unwrap_or_default()),
        ("d_day", report_day.clone().unwrap_or_default()),
        ("d_countries", target_countries.clone().unwrap_or_default()),
        ("d_tone", tone.clone().unwrap_or_default()),
    ];
    let result = async {
        let actor = actor().await?;
        let values = ConfigValues::from_form(
            sections.unwrap_or_default(),
            branding_id.as_deref(),
            template_id.as_deref(),
            theme.as_deref(),
            report_day.as_deref(),
            target_countries.as_deref(),
            tone.as_deref(),
        );
        // who may not change it learns nothing about the input
        ports()?.clients.config(actor.as_ref(), subscription).await?;
        ports()?
            .clients
            .save_config(actor.as_ref(), subscription, &values?)
            .await
    }
    .await;
    let pairs: Vec<(&str, &str)> = draft.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let keep = if result.is_err() { pairs.as_slice() } else { &[] };
    settle(subscription, "config", result.map(|()| "saved"), keep)
}

/// Saves the settings from their JSON (the power users' tab).
#[server(prefix = "/api/ui", endpoint = "save_client_config_json")]
pub async fn save_client_config_json(subscription: i64, json: String) -> Result<(), ApiError> {
    let result = async {
        ports()?
            .clients
            .save_config_json(actor().await?.as_ref(), subscription, &json)
            .await
    }
    .await;
    let keep: Vec<(&str, &str)> = if result.is_err() {
        vec![("mode", "json"), ("d_json", &json)]
    } else {
        vec![("mode", "json")]
    };
    settle(subscription, "config", result.map(|()| "saved"), &keep)
}

/// Saves the report recipients from the settings tab (one address per line, or separated by
/// commas); a refused list comes back in the form with the error.
#[server(prefix = "/api/ui", endpoint = "save_report_recipients")]
pub async fn save_report_recipients(subscription: i64, recipients: String) -> Result<(), ApiError> {
    let emails: Vec<String> = recipients
        .split(['\n', ','])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_owned)
        .collect();
    let result = async {
        ports()?
            .clients
            .set_recipients(actor().await?.as_ref(), subscription, &emails)
            .await
    }
    .await;
    let keep: Vec<(&str, &str)> = if result.is_err() {
        vec![("d_recipients", &recipients)]
    } else {
        vec![]
    };
    settle(subscription, "config", result.map(|()| "recipients"), &keep)
}

/// Emails a report to the chosen recipients.
#[server(prefix = "/api/ui", endpoint = "resend_report")]
pub async fn resend_report(subscription: i64, report: i64, recipients: Option<Vec<String>>) -> Result<(), ApiError> {
    let result = async {
        ports()?
            .clients
            .resend(actor().await?.as_ref(), report, recipients.unwrap_or_default())
            .await
    }
    .await;
    settle(subscription, "reports", result.map(|()| "sent"), &[])
}

/// Renders a report's frozen data again.
#[server(prefix = "/api/ui", endpoint = "regenerate_report")]
pub async fn regenerate_report(subscription: i64, report: i64) -> Result<(), ApiError> {
    let result = async { ports()?.clients.regenerate(actor().await?.as_ref(), report).await }.await;
    settle(subscription, "reports", result.map(|()| "regenerated"), &[])
}

/// Creates a share link; the page shows its URL once.
#[server(prefix = "/api/ui", endpoint = "share_report")]
pub async fn share_report(subscription: i64, report: i64, hours: Option<i64>) -> Result<(), ApiError> {
    let result = async {
        ports()?
            .clients
            .share(actor().await?.as_ref(), report, hours.unwrap_or(168))
            .await
    }
    .await;
    match result {
        Ok(url) => settle(
            subscription,
            "reports",
            Ok("shared"),
            &[("link", &url), ("report", &report.to_string())],
        ),
        Err(e) => settle(subscription, "reports", Err(e), &[]),
    }
}

/// Revokes a share link.
#[server(prefix = "/api/ui", endpoint = "revoke_share_link")]
pub async fn revoke_share_link(subscription: i64, link: i64) -> Result<(), ApiError> {
    let result = async { ports()?.clients.revoke_share(actor().await?.as_ref(), link).await }.await;
    settle(subscription, "reports", result.map(|()| "revoked"), &[])
}

impl ConfigValues {
    /// The form's fields, checked for their shape (the server checks the rest).
    pub fn from_form(
        sections: Vec<String>,
        branding_id: Option<&str>,
        template_id: Option<&str>,
        theme: Option<&str>,
        report_day: Option<&str>,
        target_countries: Option<&str>,
        tone: Option<&str>,
    ) -> Result<ConfigValues, ApiError> {
        let id = |field: &str, v: Option<&str>| -> Result<Option<i64>, ApiError> {
            match v.map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => s
                    .parse::<i64>()
                    .map(Some)
                    .map_err(|_| ApiError::invalid(format!("config.{field}"), "must be chosen from the list")),
            }
        };
        let text = |v: Option<&str>| v.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        let report_day = match text(report_day) {
            None => None,
            Some(d) => Some(
                d.parse::<i64>()
                    .map_err(|_| ApiError::invalid("config.report_day", "must be a day of the month, 1–28"))?,
            ),
        };
        Ok(ConfigValues {
            sections,
            branding_id: id("branding_id", branding_id)?,
            template_id: id("template_id", template_id)?,
            theme: text(theme),
            report_day,
            target_countries: target_countries
                .unwrap_or("")
                .split([',', ' '])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            tone: text(tone),
        })
    }
}
