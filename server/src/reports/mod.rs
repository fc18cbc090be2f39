//! The report path (DESIGN.md § The report path):
//! `collect` (one module per section) → `summary` → `ReportData` (frozen, versioned) → …
//! Rendering (document, PDF, HTML), storage and delivery build on `ReportData`.

pub mod batch;
pub mod brand;
pub mod check;
pub mod collect;
pub mod document;
pub mod generate;
pub mod lifecycle;
pub mod logo;
pub mod period;
pub mod records;
pub mod render;
pub mod settings;
pub mod summary;

use app::types::report::{REPORT_SCHEMA_VERSION, ReportData, SectionFailure, SectionKey};
use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::db::models::{account::Account, site::Site};
use crate::error::{AppError, AppResult};
use collect::Scope;
use period::Period;

/// weekly / monthly / quarterly (the `report_type` column).
pub const REPORT_TYPES: [&str; 3] = ["weekly", "monthly", "quarterly"];

pub fn parse_report_type(s: &str) -> AppResult<&'static str> {
    REPORT_TYPES
        .iter()
        .find(|t| **t == s)
        .copied()
        .ok_or_else(|| AppError::invalid("report_type", format!("`{s}` is not one of weekly, monthly, quarterly")))
}

/// Validates section keys: known, no duplicates, at least one; keeps the caller's order.
pub fn parse_sections(keys: &[String]) -> AppResult<Vec<SectionKey>> {
    if keys.is_empty() {
        return Err(AppError::invalid("sections_included", "include at least one section"));
    }
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        let k = SectionKey::parse(key.trim()).ok_or_else(|| {
            let known: Vec<&str> = SectionKey::ALL.iter().map(|k| k.as_str()).collect();
            AppError::invalid(
                "sections_included",
                format!("unknown section `{key}` (known: {})", known.join(", ")),
            )
        })?;
        if out.contains(&k) {
            return Err(AppError::invalid(
                "sections_included",
                format!("section `{key}` is listed twice"),
            ));
        }
        out.push(k);
    }
    Ok(out)
}

/// Collects every included section for one site and period, then the executive summary.
pub async fn collect_data(
    conn: &mut DbConn<'_>,
    site: &Site,
    period: Period,
    report_type: &str,
    sections: &[SectionKey],
    generated_at: NaiveDateTime,
) -> AppResult<ReportData> {
    let account = Account::find(conn, site.account_id).await?;
    let tz: chrono_tz::Tz = account.account_timezone.parse().map_err(|_| {
        AppError::invalid(
            "account_timezone",
            format!("`{}` is not an IANA timezone", account.account_timezone),
        )
    })?;
    let subscription = crate::db::models::subscription::Subscription::for_site(conn, site.id).await?;
    let s = Scope::new(site.id, period, generated_at, tz);
    let countries = subscription
        .as_ref()
        .map(|sub| target_countries(&sub.config))
        .unwrap_or_default();
    let has = |k: SectionKey| sections.contains(&k);
    let mut data = ReportData {
        schema_version: REPORT_SCHEMA_VERSION,
        site_id: site.id,
        site_name: site.name.clone(),
        site_domain: site.domain.clone(),
        report_type: report_type.to_owned(),
        period_start: period.start.to_string(),
        period_end: period.end.to_string(),
        timezone: tz.name().to_owned(),
        previous_start: s.previous.start.to_string(),
        previous_end: s.previous.end.to_string(),
        generated_at: generated_at
            .and_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        sections: sections.to_vec(),
        summary: None,
        content: None,
        indexing: None,
        rankings: None,
        traffic: None,
        backlinks: None,
        social: None,
        sag_health: None,
        next_month: None,
        failures: Vec::new(),
    };
    let mut failures = Vec::new();
    if has(SectionKey::Content) {
        data.content = kept(
            &mut failures,
            SectionKey::Content,
            collect::content::collect(conn, &s).await,
        )?;
    }
    if has(SectionKey::Indexing) {
        data.indexing = kept(
            &mut failures,
            SectionKey::Indexing,
            collect::indexing::collect(conn, &s).await,
        )?;
    }
    if has(SectionKey::Rankings) {
        data.rankings = kept(
            &mut failures,
            SectionKey::Rankings,
            collect::rankings::collect(conn, &s, &countries).await,
        )?;
    }
    if has(SectionKey::Traffic) {
        data.traffic = kept(
            &mut failures,
            SectionKey::Traffic,
            collect::traffic::collect(conn, &s, &countries).await,
        )?;
    }
    if has(SectionKey::Backlinks) {
        data.backlinks = kept(
            &mut failures,
            SectionKey::Backlinks,
            collect::backlinks::collect(conn, &s).await,
        )?;
    }
    if has(SectionKey::Social) {
        data.social = kept(
            &mut failures,
            SectionKey::Social,
            collect::social::collect(conn, &s).await,
        )?;
    }
    if has(SectionKey::SagHealth) {
        data.sag_health = kept(
            &mut failures,
            SectionKey::SagHealth,
            collect::sag_health::collect(conn, &s).await,
        )?;
    }
    if has(SectionKey::NextMonth) {
        data.next_month = kept(
            &mut failures,
            SectionKey::NextMonth,
            collect::next_month::collect(conn, &s).await,
        )?;
    }
    data.failures = failures;
    if has(SectionKey::ExecutiveSummary) {
        let tone = subscription
            .as_ref()
            .map_or_else(summary::Tone::default, |s| summary::Tone::of_config(&s.config));
        data.summary = Some(summary::summarize(&data, tone));
    }
    Ok(data)
}

/// A subscription config's `target_countries`, lower case (as Search Console rows store them).
pub(crate) fn target_countries(config: &str) -> Vec<String> {
    serde_json::from_str::<serde_json::Value>(config)
        .ok()
        .and_then(|v| {
            v["target_countries"].as_array().map(|a| {
                a.iter()
                    .filter_map(|c| c.as_str())
                    .map(str::to_ascii_lowercase)
                    .collect()
            })
        })
        .unwrap_or_default()
}

/// A collected section, or its failure recorded (with a reason fit for the client; the error
/// itself is logged). A database or storage that cannot be reached
/// fails the whole report instead (it is retried later, not sent with holes).
fn kept<T>(failures: &mut Vec<SectionFailure>, section: SectionKey, result: AppResult<T>) -> AppResult<Option<T>> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e @ (AppError::Unavailable(_) | AppError::Database(_))) => Err(e),
        Err(e) => {
            tracing::warn!(section = section.as_str(), error = %e, "report section failed");
            // the report is read by clients: the internal error stays in the log
            let reason = match &e {
                AppError::Invalid { field, reason } => format!("{field}: {reason}"),
                _ => "its data could not be read".to_owned(),
            };
            failures.push(SectionFailure { section, reason });
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_keys_are_checked() {
        let keys = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_sections(&keys(&["traffic", "content"])).unwrap(),
            vec![SectionKey::Traffic, SectionKey::Content]
        );
        for bad in [&["traffic", "traffic"][..], &["seo"][..], &[][..]] {
            assert_eq!(
                parse_sections(&keys(bad)).unwrap_err().field(),
                Some("sections_included"),
                "{bad:?}"
            );
        }
        assert_eq!(parse_report_type("yearly").unwrap_err().field(), Some("report_type"));
    }
}
