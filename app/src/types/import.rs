//! Data imports: Search Console, URL Inspection, Ahrefs and backlink exports, file by file, with
//! what each changed (issue 17).

use serde::{Deserialize, Serialize};

/// Imports listed per page.
pub const IMPORTS_PER_PAGE: i64 = 25;

/// The formats read, as `--format` and the API name them.
pub const FORMATS: [(&str, &str); 6] = [
    (
        "gsc-export",
        "Search Console Performance export (the zip or one of its CSVs)",
    ),
    ("gsc-api", "Search Console Search Analytics API response (JSON)"),
    ("url-inspection", "Search Console URL Inspection API response (JSON)"),
    (
        "ahrefs-api",
        "Ahrefs API v3 response: domain rating, backlinks stats, metrics or their history (JSON)",
    ),
    (
        "ahrefs-backlinks",
        "Ahrefs backlinks export (CSV, UTF-16 tab-separated or UTF-8)",
    ),
    ("semrush-backlinks", "Semrush backlinks export (CSV)"),
];

/// A row or cell a note is about, and what happened to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ImportNote {
    /// The file inside a zip the note is about (e.g. `Queries.csv`); empty for the file itself.
    pub part: String,
    /// The row, from 1 (data rows; the header is row 0); `None` for the whole file.
    pub row: Option<i64>,
    /// The column's name (or JSON field); empty when the note is about a whole row or file.
    pub column: String,
    pub message: String,
}

impl ImportNote {
    /// The note as one line: `Queries.csv, row 12, column Clicks: …`.
    pub fn line(&self) -> String {
        let mut at = Vec::new();
        if !self.part.is_empty() {
            at.push(self.part.clone());
        }
        if let Some(row) = self.row {
            at.push(format!("row {row}"));
        }
        if !self.column.is_empty() {
            at.push(format!("column {}", self.column));
        }
        if at.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", at.join(", "), self.message)
        }
    }
}

/// One imported file: what it was and what it changed. A failed file wrote nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ImportRecord {
    pub id: i64,
    pub account_id: i64,
    pub site_id: i64,
    pub site_name: String,
    /// The user's email, or "command line".
    pub who: String,
    pub file_name: String,
    /// sha-256 of the file, hex.
    pub sha256: String,
    pub bytes: i64,
    /// One of `FORMATS`, or `unknown`.
    pub format: String,
    /// `done` or `failed`
    pub status: String,
    pub rows_added: i64,
    pub rows_updated: i64,
    /// Rows unchanged (already imported) or not stored; the notes say which.
    pub rows_skipped: i64,
    /// The error of a failed file (file, row, column), or why rows were skipped.
    pub notes: Vec<ImportNote>,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// The import list as the URL carries it: plain strings, checked by the server.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportQuery {
    /// The account (staff; empty: the caller's own).
    pub account: String,
    /// Only this site's imports.
    pub site: String,
    /// `done` or `failed`
    pub status: String,
    /// The page, from 1.
    pub page: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ImportSiteOption {
    pub id: i64,
    pub name: String,
    pub domain: String,
}

/// A page of an account's imports, newest first, with the sites one may import into.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ImportPage {
    pub account_id: i64,
    pub account_name: String,
    pub sites: Vec<ImportSiteOption>,
    pub rows: Vec<ImportRecord>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// Whether the caller may import here (owners and admins; Alorig staff admins).
    pub can_import: bool,
}
