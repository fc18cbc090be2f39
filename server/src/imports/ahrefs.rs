//! Ahrefs API v3 responses of Site Explorer: `domain-rating` (`{"domain_rating":
//! {"domain_rating", "ahrefs_rank"}}`), `backlinks-stats` (`{"metrics": {"live",
//! "live_refdomains", …}}`), `metrics` (`{"metrics": {"org_keywords", "org_traffic", "org_cost"
//! (USD cents), …}}`), `refdomains-history` (`{"refdomains": [{"date", "refdomains"}]}`) and
//! `domain-rating-history` (`{"domain_ratings": [{"date", "domain_rating"}]}`; older clients
//! name the list `domain_rating`). The single-figure endpoints answer for the day they were
//! asked, which the response does not say: they are recorded on `today`, the import's day.

use app::types::import::ImportNote;
use chrono::NaiveDate;
use serde_json::Value;

use super::text::note;
use super::{DomainMetrics, Notes};

pub fn parse(text: &str, today: NaiveDate, notes: &mut Notes) -> Result<Vec<DomainMetrics>, ImportNote> {
    let value: Value = serde_json::from_str(text).map_err(|e| note(None, "", format!("not JSON: {e}")))?;
    if let Some(e) = value.get("error") {
        let message = e.as_str().map(str::to_owned).unwrap_or_else(|| e.to_string());
        return Err(note(
            None,
            "error",
            format!("the file is Ahrefs' error answer, not data: {message}"),
        ));
    }
    let mut day = |m: DomainMetrics| {
        notes.skip(
            0,
            note(
                None,
                "",
                format!("the response carries no date: recorded on {today}, the day of the import"),
            ),
        );
        Ok(vec![m])
    };
    let blank = |date| DomainMetrics {
        date,
        ..DomainMetrics::default()
    };
    match (
        value.get("domain_rating"),
        value.get("domain_ratings"),
        value.get("refdomains"),
        value.get("metrics"),
    ) {
        (Some(Value::Object(dr)), ..) => day(DomainMetrics {
            domain_rating: Some(rating(dr.get("domain_rating"), None, "domain_rating.domain_rating")?),
            ahrefs_rank: dr.get("ahrefs_rank").and_then(Value::as_i64),
            ..blank(today)
        }),
        (Some(Value::Null), ..) => Err(note(
            None,
            "domain_rating",
            "null: Ahrefs has no domain rating for this target",
        )),
        (Some(Value::Array(items)), ..) | (_, Some(Value::Array(items)), ..) => {
            history(items, "domain_rating", |m, v, n| {
                m.domain_rating = Some(rating(Some(v), Some(n), "domain_rating")?);
                Ok(())
            })
        }
        (_, _, Some(Value::Array(items)), _) => history(items, "refdomains", |m, v, n| {
            m.referring_domains = Some(count32(Some(v), Some(n), "refdomains")?);
            Ok(())
        }),
        (_, _, _, Some(Value::Object(m))) if m.contains_key("live_refdomains") || m.contains_key("live") => {
            day(DomainMetrics {
                backlinks: Some(count(m.get("live"), None, "metrics.live")?),
                referring_domains: Some(count32(m.get("live_refdomains"), None, "metrics.live_refdomains")?),
                ..blank(today)
            })
        }
        (_, _, _, Some(Value::Object(m))) if m.contains_key("org_keywords") || m.contains_key("org_traffic") => {
            day(DomainMetrics {
                organic_keywords: Some(count32(m.get("org_keywords"), None, "metrics.org_keywords")?),
                organic_traffic: Some(count(m.get("org_traffic"), None, "metrics.org_traffic")?),
                traffic_value_cents: m.get("org_cost").and_then(Value::as_i64),
                ..blank(today)
            })
        }
        _ => Err(note(
            None,
            "",
            "not an Ahrefs response this service reads (domain-rating, backlinks-stats, metrics, refdomains-history, domain-rating-history)",
        )),
    }
}

/// A `[{"date": …, key: …}]` history, one snapshot a day.
fn history(
    items: &[Value],
    key: &str,
    set: impl Fn(&mut DomainMetrics, &Value, i64) -> Result<(), ImportNote>,
) -> Result<Vec<DomainMetrics>, ImportNote> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let n = i as i64 + 1;
            let raw = item.get("date").and_then(Value::as_str).unwrap_or_default();
            let date = NaiveDate::parse_from_str(raw.get(..10).unwrap_or(raw), "%Y-%m-%d")
                .map_err(|_| note(Some(n), "date", format!("`{raw}` is not a date (YYYY-MM-DD)")))?;
            let mut m = DomainMetrics {
                date,
                ..DomainMetrics::default()
            };
            set(&mut m, item.get(key).unwrap_or(&Value::Null), n)?;
            Ok(m)
        })
        .collect()
}

fn rating(v: Option<&Value>, row: Option<i64>, column: &str) -> Result<f64, ImportNote> {
    v.and_then(Value::as_f64)
        .filter(|d| (0.0..=100.0).contains(d))
        .ok_or_else(|| {
            note(
                row,
                column,
                format!("{} is not a rating from 0 to 100", v.unwrap_or(&Value::Null)),
            )
        })
}

fn count(v: Option<&Value>, row: Option<i64>, column: &str) -> Result<i64, ImportNote> {
    v.and_then(Value::as_i64)
        .filter(|n| *n >= 0)
        .ok_or_else(|| note(row, column, format!("{} is not a count", v.unwrap_or(&Value::Null))))
}

/// A count stored in 32 bits (referring domains, keywords).
fn count32(v: Option<&Value>, row: Option<i64>, column: &str) -> Result<i32, ImportNote> {
    i32::try_from(count(v, row, column)?).map_err(|_| note(row, column, "too large"))
}
