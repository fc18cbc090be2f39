//! What a managed subscription's `config` says about its reports: which sections, in which
//! order, under which branding and template, in which theme. Absent keys take the defaults (all
//! nine sections, IGNY8 branding, the template the branding or account implies — see
//! `ReportTemplate::implied` — and that template's theme, else light pages). The keys:
//!
//! ```json
//! { "sections": ["executive_summary", "traffic"], "branding_id": 3, "template_id": 4, "theme": "dark",
//!   "report_day": 15 }
//! ```

use app::types::report::SectionKey;
use serde_json::Value;

use super::brand::Theme;
use crate::error::{AppError, AppResult};

#[derive(Clone, Debug, PartialEq)]
pub struct ReportSettings {
    pub sections: Vec<SectionKey>,
    pub branding_id: Option<i64>,
    pub template_id: Option<i64>,
    pub theme: Option<Theme>,
    /// The day of the month (1–28, on the account's clock) the monthly report is generated.
    pub report_day: u32,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings {
            sections: SectionKey::ALL.to_vec(),
            branding_id: None,
            template_id: None,
            theme: None,
            report_day: 1,
        }
    }
}

/// The report settings of every subscription of an account (those that read), for the checks
/// of what they name: a branding or template in use cannot be deleted.
pub async fn of_account(conn: &mut crate::db::DbConn<'_>, account_id: i64) -> AppResult<Vec<ReportSettings>> {
    Ok(
        crate::db::models::subscription::Subscription::of_account(conn, account_id)
            .await?
            .iter()
            .filter_map(|s| parse(&s.config).ok())
            .collect(),
    )
}

/// Reads the report settings of a subscription's config; a bad value names its key.
pub fn parse(config: &str) -> AppResult<ReportSettings> {
    let bad = |key: &str, why: String| AppError::invalid(format!("config.{key}"), why);
    let value: Value =
        serde_json::from_str(config).map_err(|e| AppError::invalid("config", format!("is not JSON: {e}")))?;
    let Value::Object(map) = value else {
        return Err(AppError::invalid("config", "must be a JSON object"));
    };
    let mut out = ReportSettings::default();
    if let Some(v) = map.get("sections") {
        let keys: Vec<String> = match v {
            Value::Array(items) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| bad("sections", "must be a list of section keys".into()))
                })
                .collect::<AppResult<_>>()?,
            _ => return Err(bad("sections", "must be a list of section keys".into())),
        };
        out.sections = super::parse_sections(&keys).map_err(|e| bad("sections", e.public_message()))?;
    }
    let id = |key: &str| -> AppResult<Option<i64>> {
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_i64()
                .filter(|n| *n > 0)
                .map(Some)
                .ok_or_else(|| bad(key, "must be a positive whole number (an id)".into())),
        }
    };
    out.branding_id = id("branding_id")?;
    out.template_id = id("template_id")?;
    out.theme = match map.get("theme") {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) => Some(Theme::parse(t).map_err(|e| bad("theme", e.public_message()))?),
        Some(_) => return Err(bad("theme", "must be \"light\" or \"dark\"".into())),
    };
    if let Some(day) = map.get("report_day") {
        out.report_day = day
            .as_u64()
            .filter(|d| (1..=28).contains(d))
            .and_then(|d| u32::try_from(d).ok())
            .ok_or_else(|| bad("report_day", "must be a day of the month, 1–28".into()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_explicit_settings() {
        assert_eq!(parse("{}").unwrap(), ReportSettings::default());
        let s =
            parse(r#"{"sections":["traffic","executive_summary"],"branding_id":3,"theme":"dark","tone":"x"}"#).unwrap();
        assert_eq!(s.sections, vec![SectionKey::Traffic, SectionKey::ExecutiveSummary]);
        assert_eq!((s.branding_id, s.theme), (Some(3), Some(Theme::Dark)));
        assert_eq!(
            (s.report_day, parse(r#"{"report_day":28}"#).unwrap().report_day),
            (1, 28)
        );
    }

    #[test]
    fn bad_settings_name_their_key() {
        for (config, field) in [
            ("not json", "config"),
            ("[1]", "config"),
            (r#"{"sections":"traffic"}"#, "config.sections"),
            (r#"{"sections":["traffic","traffic"]}"#, "config.sections"),
            (r#"{"sections":["seo"]}"#, "config.sections"),
            (r#"{"branding_id":-1}"#, "config.branding_id"),
            (r#"{"template_id":"4"}"#, "config.template_id"),
            (r#"{"theme":"sepia"}"#, "config.theme"),
            (r#"{"report_day":31}"#, "config.report_day"),
            (r#"{"report_day":0}"#, "config.report_day"),
            (r#"{"report_day":"15"}"#, "config.report_day"),
        ] {
            assert_eq!(parse(config).unwrap_err().field(), Some(field), "{config}");
        }
    }
}
