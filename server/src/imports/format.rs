//! The formats read, and telling them apart from a file's first bytes.

use app::types::import::ImportNote;

use super::backlinks;
use super::text::{self, note};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The Performance export of Search Console's web UI: the zip, or one of its CSVs.
    GscExport,
    /// A Search Analytics API response (JSON).
    GscApi,
    /// URL Inspection API responses (JSON).
    UrlInspection,
    /// Ahrefs API v3 responses (JSON) of the site's domain.
    AhrefsApi,
    AhrefsBacklinks,
    SemrushBacklinks,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::GscExport,
        Format::GscApi,
        Format::UrlInspection,
        Format::AhrefsApi,
        Format::AhrefsBacklinks,
        Format::SemrushBacklinks,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::GscExport => "gsc-export",
            Format::GscApi => "gsc-api",
            Format::UrlInspection => "url-inspection",
            Format::AhrefsApi => "ahrefs-api",
            Format::AhrefsBacklinks => "ahrefs-backlinks",
            Format::SemrushBacklinks => "semrush-backlinks",
        }
    }

    /// `--format` / the API's `format`.
    pub fn parse(raw: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == raw.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
                format!("`{raw}` is not one of {}", names.join(", "))
            })
    }
}

/// How much of a file detection looks at.
pub const HEAD_BYTES: usize = 64 << 10;

/// Tells the format from the file's first `HEAD_BYTES`.
pub fn detect(head: &[u8]) -> Result<Format, ImportNote> {
    if head.starts_with(b"PK\x03\x04") {
        return Ok(Format::GscExport);
    }
    if head.is_empty() {
        return Err(note(None, "", "the file is empty"));
    }
    // the head may end inside a character: decode what is whole
    let text = match text::decode(head) {
        Ok(t) => t,
        Err(e) => {
            let whole = head.len().saturating_sub(4);
            text::decode(&head[..whole]).map_err(|_| e)?
        }
    };
    let body = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if body.starts_with('{') || body.starts_with('[') {
        return if body.contains("\"inspectionResult\"") {
            Ok(Format::UrlInspection)
        } else if body.contains("\"rows\"") || body.contains("\"responseAggregationType\"") {
            Ok(Format::GscApi)
        } else if [
            "\"domain_rating\"",
            "\"domain_ratings\"",
            "\"refdomains\"",
            "\"live_refdomains\"",
            "\"org_keywords\"",
        ]
        .iter()
        .any(|k| body.contains(k))
        {
            Ok(Format::AhrefsApi)
        } else if body.contains("\"error\"") {
            let message = serde_json::from_str::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v.pointer("/error/message").and_then(|m| m.as_str()).map(str::to_owned))
                .unwrap_or_else(|| "see the file".into());
            Err(note(
                None,
                "error",
                format!("the file is an API's error answer, not data: {message}"),
            ))
        } else {
            Err(note(
                None,
                "",
                "JSON that is neither a Search Analytics response (`rows`), a URL Inspection response (`inspectionResult`) nor an Ahrefs response",
            ))
        };
    }
    let header_line = body.lines().next().unwrap_or("");
    let header: Vec<String> = header_line
        .split([',', '\t', ';'])
        .map(|h| h.trim().trim_matches('"').to_owned())
        .collect();
    match backlinks::columns_of(&header) {
        Some(("ahrefs", ..)) => return Ok(Format::AhrefsBacklinks),
        Some(_) => return Ok(Format::SemrushBacklinks),
        None => {}
    }
    // any other table is read as a Performance export's, whose reader names what is missing
    if header.len() >= 2 {
        return Ok(Format::GscExport);
    }
    Err(note(
        None,
        "",
        format!(
            "not a format this service reads (header `{}`): Search Console exports and API responses, URL Inspection responses, Ahrefs and Semrush backlink exports",
            header_line.chars().take(80).collect::<String>()
        ),
    ))
}
