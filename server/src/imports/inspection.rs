//! Search Console's URL Inspection API response (`urlInspection.index.inspect`):
//! `inspectionResult.indexStatusResult` with `verdict`, `coverageState`, `indexingState`,
//! `lastCrawlTime`, the canonicals… One response per URL; a file may hold one, an array of them,
//! or responses saved beside their request's `inspectionUrl`. The response does not repeat the
//! URL inspected, so it is the request's `inspectionUrl` when saved, else the page's own canonical.

use app::types::import::ImportNote;
use chrono::DateTime;
use serde_json::Value;

use super::text::note;
use super::{Inspection, SiteHost};

const VERDICTS: [&str; 5] = ["PASS", "PARTIAL", "FAIL", "NEUTRAL", "VERDICT_UNSPECIFIED"];

pub fn parse(text: &str, site: &SiteHost) -> Result<Vec<Inspection>, ImportNote> {
    let value: Value = serde_json::from_str(text).map_err(|e| note(None, "", format!("not JSON: {e}")))?;
    let items = match value {
        Value::Array(items) => items,
        one => vec![one],
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| one(i as i64 + 1, item, site))
        .collect()
}

fn one(n: i64, item: &Value, site: &SiteHost) -> Result<Inspection, ImportNote> {
    let at = |column: &str, m: String| note(Some(n), column, m);
    if let Some(e) = item.get("error") {
        let message = e.get("message").and_then(Value::as_str).unwrap_or("no message");
        return Err(at(
            "error",
            format!("the API's error answer, not an inspection: {message}"),
        ));
    }
    let result = item
        .get("inspectionResult")
        .ok_or_else(|| at("inspectionResult", "missing: not a URL Inspection response".into()))?;
    let status = result
        .get("indexStatusResult")
        .ok_or_else(|| at("inspectionResult.indexStatusResult", "missing".into()))?;
    let text = |key: &str| status.get(key).and_then(Value::as_str).map(str::to_owned);
    let verdict = text("verdict").ok_or_else(|| at("indexStatusResult.verdict", "missing".into()))?;
    if !VERDICTS.contains(&verdict.as_str()) {
        return Err(at(
            "indexStatusResult.verdict",
            format!("`{verdict}` is not one of {}", VERDICTS.join(", ")),
        ));
    }
    let url = item
        .get("inspectionUrl")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| text("userCanonical"))
        .or_else(|| text("googleCanonical"))
        .ok_or_else(|| {
            at(
                "inspectionUrl",
                "the response does not name the URL inspected (no canonical): save the request's inspectionUrl beside it".into(),
            )
        })?;
    if let Some(property) = item.get("siteUrl").and_then(Value::as_str)
        && !site.owns_property(property)
    {
        return Err(at(
            "siteUrl",
            format!("`{property}` is another site's property, not {}", site.domain),
        ));
    }
    if !site.owns(&url) {
        return Err(at("inspectionUrl", site.foreign(&url)));
    }
    let last_crawl_time = match text("lastCrawlTime") {
        None => None,
        Some(raw) => Some(DateTime::parse_from_rfc3339(&raw).map(|t| t.naive_utc()).map_err(|_| {
            at(
                "indexStatusResult.lastCrawlTime",
                format!("`{raw}` is not an RFC 3339 time"),
            )
        })?),
    };
    Ok(Inspection {
        url,
        verdict,
        coverage_state: text("coverageState"),
        indexing_state: text("indexingState"),
        last_crawl_time,
    })
}
