//! Backlink list exports: Ahrefs' (UTF-16 with a BOM and tab-separated, or UTF-8 and
//! comma-separated: "Referring page URL", "Target URL", "Anchor", "Domain rating", "First seen",
//! "Last seen" …) and Semrush's (UTF-8, comma-separated: "Source url", "Target url", "Anchor",
//! "First seen", "Last seen" …). Columns are found by name, so their order and the extra ones
//! do not matter.

use app::types::import::ImportNote;
use chrono::{NaiveDate, NaiveDateTime};

use super::text::{self, note};
use super::{Backlink, SiteHost};

/// Which export a header is: (the tool, the source page's column, the target's column).
pub fn columns_of(header: &[String]) -> Option<(&'static str, &'static str, &'static str)> {
    let has = |name: &str| header.iter().any(|h| h.eq_ignore_ascii_case(name));
    if has("Referring page URL") {
        Some(("ahrefs", "Referring page URL", "Target URL"))
    } else if has("Source url") {
        Some(("semrush", "Source url", "Target url"))
    } else {
        None
    }
}

pub fn parse(text: &str, site: &SiteHost) -> Result<Vec<Backlink>, ImportNote> {
    let rows = text::csv_rows(text)?;
    let header: Vec<String> = rows[0]
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    let (_, source_col, target_col) = columns_of(&header).ok_or_else(|| {
        note(
            Some(0),
            "",
            "no `Referring page URL` (Ahrefs) or `Source url` (Semrush) column: not a backlink export",
        )
    })?;
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let source = find(source_col).expect("found above");
    let target = find(target_col).ok_or_else(|| note(Some(0), target_col, "missing column"))?;
    let anchor = find("Anchor");
    let rating = find("Domain rating");
    let first_seen = find("First seen");
    let last_seen = find("Last seen");
    let mut links = Vec::with_capacity(rows.len() - 1);
    for (i, r) in rows.iter().enumerate().skip(1) {
        let n = Some(i as i64);
        let cell = |j: Option<usize>| j.and_then(|j| r.get(j)).map(String::as_str).filter(|c| !c.is_empty());
        let source_url = cell(Some(source)).ok_or_else(|| note(n, &header[source], "empty"))?;
        let target_url = cell(Some(target)).ok_or_else(|| note(n, &header[target], "empty"))?;
        if !source_url.starts_with("http://") && !source_url.starts_with("https://") {
            return Err(note(n, &header[source], format!("`{source_url}` is not a URL")));
        }
        if !site.owns(target_url) {
            return Err(note(n, &header[target], site.foreign(target_url)));
        }
        let domain_rating = match cell(rating) {
            None => None,
            Some(raw) => Some(
                text::decimal(raw)
                    .ok()
                    .filter(|v| (0.0..=100.0).contains(v))
                    .ok_or_else(|| note(n, "Domain rating", format!("`{raw}` is not a rating from 0 to 100")))?,
            ),
        };
        let time = |j: Option<usize>, name: &str| -> Result<Option<NaiveDateTime>, ImportNote> {
            cell(j)
                .map(|raw| seen(raw).ok_or_else(|| note(n, name, format!("`{raw}` is not a date"))))
                .transpose()
        };
        links.push(Backlink {
            source_url: source_url.to_owned(),
            target_url: target_url.to_owned(),
            anchor: cell(anchor).unwrap_or_default().to_owned(),
            domain_rating,
            first_seen: time(first_seen, "First seen")?,
            last_seen: time(last_seen, "Last seen")?,
        });
    }
    Ok(links)
}

/// A "seen" date as the tools write it: `2026-10-03 12:34:56`, `2026-10-03T12:34:56Z`,
/// `2026-10-03`, `Oct 3, 2026`.
fn seen(raw: &str) -> Option<NaiveDateTime> {
    let raw = raw.trim().trim_end_matches('Z');
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
    .or_else(|| {
        ["%Y-%m-%d", "%b %d, %Y", "%d %b %Y", "%m/%d/%Y"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(raw, f).ok())
            .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight"))
    })
}
