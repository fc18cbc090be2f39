//! Data imports (issue 17): the files the tools export — Search Console's Performance export and
//! API responses, URL Inspection responses, Ahrefs and Semrush backlink exports — read as the
//! tools write them and stored for one site. Every file is its own transaction (a fault anywhere
//! writes nothing of it) and its own import record: who, when, the file's name, size and
//! sha-256, the format, rows added/updated/skipped and the notes (the fault with its file, row and
//! column; why rows were skipped). Importing the same file again changes nothing.
//!
//! The command line, GraphQL, REST and the Import page all call `import` and `page`.

mod ahrefs;
mod backlinks;
mod format;
mod gsc_api;
mod gsc_export;
mod inspection;
mod store;
mod text;

use std::fs::File;
use std::io::{Read, Seek};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use app::types::Actor;
use app::types::import::{IMPORTS_PER_PAGE, ImportNote, ImportPage, ImportQuery, ImportRecord, ImportSiteOption};
use chrono::{NaiveDate, NaiveDateTime};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

pub use format::Format;

use crate::auth::{Action, Resource, authorize, may};
use crate::db::DbConn;
use crate::db::models::account::Account;
use crate::db::models::audit::NewAuditEntry;
use crate::db::models::import::{Import, Listed, NewImport};
use crate::db::models::site::Site;
use crate::error::{AppError, AppResult};
use crate::pagination::{optional_id, page_number};
use crate::reports::period::Period;
use crate::state::AppState;
use text::note;

/// The largest file imported (a Search Analytics response of a million rows is ~150 MB).
pub const MAX_FILE_BYTES: u64 = 1 << 30;
/// Rows handed from the reader to the database at a time.
const BATCH_ROWS: usize = 2000;
/// Notes kept per file (the rest are counted).
const MAX_NOTES: usize = 50;

/// Where a reader hands its rows, a batch at a time; an `Err` stops it.
type Sink<'s, T> = dyn FnMut(Vec<T>) -> Result<(), ImportNote> + 's;

/// A Search Console row: a day's totals, or one query's, page's, country's or device's.
#[derive(Clone, Debug, PartialEq)]
pub struct GscRow {
    /// The day the figures are of, or the first of the days they sum (`until`).
    pub date: NaiveDate,
    /// The last of the days the figures sum: a row over a range of days, not of `date` alone.
    pub until: Option<NaiveDate>,
    /// total, query, page, country, device or query_country
    pub dimension: &'static str,
    pub value: String,
    pub clicks: i64,
    pub impressions: i64,
    pub ctr: f64,
    pub position: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Inspection {
    pub url: String,
    pub verdict: String,
    pub coverage_state: Option<String>,
    pub indexing_state: Option<String>,
    pub last_crawl_time: Option<NaiveDateTime>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Backlink {
    pub source_url: String,
    pub target_url: String,
    pub anchor: String,
    pub domain_rating: Option<f64>,
    pub first_seen: Option<NaiveDateTime>,
    pub last_seen: Option<NaiveDateTime>,
}

/// Ahrefs' figures of the site's domain on one day; `None`: not in this file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DomainMetrics {
    pub date: NaiveDate,
    pub domain_rating: Option<f64>,
    pub ahrefs_rank: Option<i64>,
    pub referring_domains: Option<i32>,
    pub backlinks: Option<i64>,
    pub organic_keywords: Option<i32>,
    pub organic_traffic: Option<i64>,
    pub traffic_value_cents: Option<i64>,
}

/// The site a file is imported into, to refuse another site's URLs and properties.
pub struct SiteHost {
    pub domain: String,
}

impl SiteHost {
    fn new(domain: &str) -> SiteHost {
        let domain = domain.trim().to_ascii_lowercase();
        SiteHost {
            domain: domain.strip_prefix("www.").unwrap_or(&domain).to_owned(),
        }
    }

    fn owns_host(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        host == self.domain || host.strip_suffix(&self.domain).is_some_and(|sub| sub.ends_with('.'))
    }

    /// Whether a URL is on the site (its domain or a subdomain of it).
    pub fn owns(&self, url: &str) -> bool {
        url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(|h| self.owns_host(h)))
            .unwrap_or(false)
    }

    /// Whether a Search Console property (`sc-domain:example.com` or a URL prefix) is the site's.
    pub fn owns_property(&self, property: &str) -> bool {
        match property.strip_prefix("sc-domain:") {
            Some(domain) => self.owns_host(domain.trim()),
            None => self.owns(property),
        }
    }

    fn foreign(&self, url: &str) -> String {
        let shown: String = url.chars().take(120).collect();
        format!(
            "`{shown}` is not on {}: the file is for another site's property",
            self.domain
        )
    }
}

/// Rows a file skipped, and why (the first `MAX_NOTES` reasons).
#[derive(Default)]
pub struct Notes {
    list: Vec<ImportNote>,
    skipped: i64,
}

impl Notes {
    fn skip(&mut self, rows: i64, why: ImportNote) {
        self.skipped += rows;
        if self.list.len() < MAX_NOTES {
            self.list.push(why);
        }
    }
}

/// A file to import: its name as given and where its bytes are; `read` counts the bytes read
/// so far (a progress bar watches it).
pub struct Upload {
    pub name: String,
    pub path: PathBuf,
    pub read: Arc<AtomicU64>,
}

impl Upload {
    pub fn new(name: impl Into<String>, path: impl Into<PathBuf>) -> Upload {
        Upload {
            name: name.into(),
            path: path.into(),
            read: Arc::default(),
        }
    }
}

/// Who imports: a signed-in user (authorized) or the operator on the command line.
#[derive(Clone, Copy)]
pub enum By<'a> {
    User(&'a Actor),
    CommandLine,
}

/// What a reader found in a file, in the order found.
enum Batch {
    Gsc(Vec<GscRow>),
    Inspections(Vec<Inspection>),
    Backlinks(Vec<Backlink>),
    Domain(Vec<DomainMetrics>),
    /// The end: why rows were skipped.
    Done(Notes),
    Failed(ImportNote),
}

/// Imports files into a site, each on its own: a file that fails is recorded with its fault and
/// writes nothing; the others go in. `format` forces the format (else told from each file);
/// `dates` (a period: `2026-10`, `2026-10-01..2026-10-31`) are the days a file without days
/// sums — a Search Analytics response without the date dimension, an export's table alone.
pub async fn import(
    state: &AppState,
    by: By<'_>,
    site_id: i64,
    files: &[Upload],
    format: Option<&str>,
    dates: Option<&str>,
) -> AppResult<Vec<ImportRecord>> {
    if let By::User(actor) = by {
        may(Some(actor), Action::ImportData)?;
    }
    let mut pooled = state.db.get().await?;
    let site = Site::find(&mut pooled.conn(), site_id).await.map_err(|e| match e {
        diesel::result::Error::NotFound => AppError::NotFound,
        e => e.into(),
    })?;
    if let By::User(actor) = by {
        authorize(
            Some(actor),
            Action::ImportData,
            Resource::Site {
                account_id: site.account_id,
                site_id,
            },
        )?;
    }
    let format = format
        .filter(|f| !f.trim().is_empty())
        .map(|f| Format::parse(f).map_err(|m| AppError::invalid("format", m)))
        .transpose()?;
    let dates = dates
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            Period::parse(d).map_err(|_| {
                AppError::invalid(
                    "dates",
                    format!("`{d}` is not a month (2026-10), a quarter (2026-Q4), a week (2026-W40) or DATE..DATE"),
                )
            })
        })
        .transpose()?;
    if files.is_empty() {
        return Err(AppError::invalid("files", "no file to import"));
    }
    let mut records = Vec::with_capacity(files.len());
    for file in files {
        let id = one_file(&mut pooled.conn(), by, &site, file, format, dates).await?;
        records.push(dto(Import::find(&mut pooled.conn(), id).await?));
    }
    state.dashboard.forget();
    Ok(records)
}

/// Reads, stores and records one file; returns the import record's id.
async fn one_file(
    conn: &mut DbConn<'_>,
    by: By<'_>,
    site: &Site,
    file: &Upload,
    forced: Option<Format>,
    dates: Option<Period>,
) -> AppResult<i64> {
    let now = crate::db::now();
    let user_id = match by {
        By::User(a) => Some(a.user_id),
        By::CommandLine => None,
    };
    let mut record = NewImport {
        account_id: site.account_id,
        site_id: site.id,
        user_id,
        file_name: file.name.chars().take(255).collect(),
        sha256: String::new(),
        bytes: 0,
        format: forced.map_or("unknown", Format::as_str).to_owned(),
        status: "done".into(),
        rows_added: 0,
        rows_updated: 0,
        rows_skipped: 0,
        notes: "[]".into(),
        created_at: now,
    };
    let outcome = match examine(&file.path).await {
        Ok((bytes, sha256, head)) => {
            record.bytes = bytes as i64;
            record.sha256 = sha256;
            match forced.map_or_else(|| format::detect(&head), Ok) {
                Ok(format) => {
                    record.format = format.as_str().to_owned();
                    store(conn, site, file, (format, dates), &record).await
                }
                Err(fault) => Err(Fault::Note(fault)),
            }
        }
        Err(fault) => Err(fault),
    };
    let (id, audit) = match outcome {
        Ok((id, counts)) => (id, json_counts(&record, counts, "done")),
        Err(Fault::App(e)) => return Err(e),
        Err(Fault::Note(fault)) => {
            record.status = "failed".into();
            record.notes = serde_json::to_string(&[&fault]).expect("notes serialize");
            let id = Import::insert(conn, &record).await?;
            (id, json_counts(&record, (0, 0, 0), "failed"))
        }
    };
    let mut detail = audit;
    detail["by"] = match by {
        By::User(_) => "user".into(),
        By::CommandLine => "command line".into(),
    };
    let entry = NewAuditEntry {
        account_id: Some(site.account_id),
        user_id,
        action: format!("import.{}", record.status),
        object_type: Some("import".into()),
        object_id: Some(id),
        detail: detail.to_string(),
        ip: None,
        created_at: now,
    };
    entry.insert(conn).await?;
    Ok(id)
}

fn json_counts(r: &NewImport, (added, updated, skipped): store::Counts, status: &str) -> serde_json::Value {
    serde_json::json!({
        "file": r.file_name, "format": r.format, "site_id": r.site_id, "sha256": r.sha256,
        "status": status, "added": added, "updated": updated, "skipped": skipped,
    })
}

/// A file that could not be imported: its fault (recorded), or a failure of the service itself.
enum Fault {
    Note(ImportNote),
    App(AppError),
}

// An import's transaction writes first (its record), so it never loses a snapshot to another
// writer; and it cannot run again, since the rows it read are gone: never retried.
impl crate::db::Busy for Fault {
    fn is_busy(&self) -> bool {
        false
    }
}

impl From<diesel::result::Error> for Fault {
    fn from(e: diesel::result::Error) -> Fault {
        Fault::App(e.into())
    }
}

/// The file's size, sha-256 and first bytes, refusing what is too large before reading it.
async fn examine(path: &std::path::Path) -> Result<(u64, String, Vec<u8>), Fault> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut f = File::open(&path).map_err(|e| Fault::Note(note(None, "", format!("cannot be opened: {e}"))))?;
        let size = f
            .metadata()
            .map_err(|e| Fault::Note(note(None, "", format!("cannot be read: {e}"))))?
            .len();
        if size > MAX_FILE_BYTES {
            return Err(Fault::Note(note(
                None,
                "",
                format!(
                    "{:.1} GB: larger than the {} MiB a file may be; split the export (one month per file)",
                    size as f64 / 1e9,
                    MAX_FILE_BYTES >> 20
                ),
            )));
        }
        let mut hash = Sha256::new();
        let mut head = Vec::with_capacity(format::HEAD_BYTES);
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = f
                .read(&mut buf)
                .map_err(|e| Fault::Note(note(None, "", format!("cannot be read: {e}"))))?;
            if n == 0 {
                break;
            }
            hash.update(&buf[..n]);
            let room = format::HEAD_BYTES - head.len();
            head.extend_from_slice(&buf[..n.min(room)]);
        }
        Ok((size, hex::encode(hash.finalize()), head))
    })
    .await
    .map_err(|e| Fault::App(AppError::Internal(format!("reading an import: {e}"))))?
}

/// Reads the file on a blocking thread and writes what it hands over, all in one transaction
/// with the import record: a fault rolls everything back.
async fn store(
    conn: &mut DbConn<'_>,
    site: &Site,
    file: &Upload,
    (format, dates): (Format, Option<Period>),
    record: &NewImport,
) -> Result<(i64, store::Counts), Fault> {
    let (tx, mut rx) = mpsc::channel::<Batch>(4);
    let path = file.path.clone();
    let read = file.read.clone();
    let host = SiteHost::new(&site.domain);
    let reader = tokio::task::spawn_blocking(move || {
        let mut emit = |batch: Batch| {
            tx.blocking_send(batch)
                .map_err(|_| note(None, "", "the import was stopped"))
        };
        let outcome = read_file(&path, (format, dates), &host, read, &mut emit);
        let _ = tx.blocking_send(match outcome {
            Ok(notes) => Batch::Done(notes),
            Err(fault) => Batch::Failed(fault),
        });
    });
    let keys = (site.account_id, site.id);
    let now = record.created_at;
    let result = crate::db_transaction!(conn, |tx| {
        // the record first: the transaction holds the write lock from its first statement
        let id = Import::insert(tx, record).await?;
        let before = store::gsc_rows(tx, site.id).await?;
        let (mut gsc_rows, mut gsc_changed) = (0i64, 0i64);
        let (mut added, mut updated, mut skipped) = (0i64, 0i64, 0i64);
        let mut notes = Notes::default();
        let mut finished = false;
        while let Some(batch) = rx.recv().await {
            match batch {
                Batch::Gsc(rows) => {
                    gsc_rows += rows.len() as i64;
                    gsc_changed += store::gsc(tx, keys, rows, now).await?;
                }
                Batch::Inspections(rows) => {
                    let (a, u, s) = store::inspections(tx, keys, rows, now).await?;
                    (added, updated, skipped) = (added + a, updated + u, skipped + s);
                }
                Batch::Domain(rows) => {
                    let (a, u, s) = store::domain(tx, keys, rows, now).await?;
                    (added, updated, skipped) = (added + a, updated + u, skipped + s);
                }
                Batch::Backlinks(rows) => {
                    let ((a, u, s), foreign) = store::backlinks(tx, site.id, rows, now).await?;
                    (added, updated, skipped) = (added + a, updated + u, skipped + s);
                    if foreign > 0 {
                        notes.skip(
                            0,
                            note(None, "", format!("{foreign} links are not among the links ordered for this site: the report counts the links built, so they are not stored")),
                        );
                    }
                }
                Batch::Done(done) => {
                    skipped += done.skipped;
                    notes.list.extend(done.list);
                    finished = true;
                    break;
                }
                Batch::Failed(fault) => return Err(Fault::Note(fault)),
            }
        }
        if !finished {
            // the reader died (a panic) before the end of the file: none of it is kept
            return Err(Fault::App(AppError::Internal(
                "the file's reader stopped before its end".into(),
            )));
        }
        if gsc_rows > 0 {
            let new = store::gsc_rows(tx, site.id).await? - before;
            added += new;
            updated += gsc_changed - new;
            skipped += gsc_rows - gsc_changed;
        }
        let counts = (added, updated, skipped);
        let notes = serde_json::to_string(&notes.list).expect("notes serialize");
        Import::set_counts(tx, id, counts, &notes).await?;
        Ok::<_, Fault>((id, counts))
    });
    drop(rx);
    let _ = reader.await;
    result
}

/// Reads a file of a known format, handing rows to `emit` in batches; returns why rows were
/// skipped. The first fault stops it.
fn read_file(
    path: &std::path::Path,
    (format, dates): (Format, Option<Period>),
    site: &SiteHost,
    read: Arc<AtomicU64>,
    emit: &mut dyn FnMut(Batch) -> Result<(), ImportNote>,
) -> Result<Notes, ImportNote> {
    let open = || File::open(path).map_err(|e| note(None, "", format!("cannot be opened: {e}")));
    let counted = Counted { inner: open()?, read };
    let mut notes = Notes::default();
    match format {
        Format::GscApi => gsc_api::parse(skip_bom(counted)?, site, dates, &mut |rows| emit(Batch::Gsc(rows)))?,
        Format::GscExport => {
            let mut f = counted;
            let mut magic = [0u8; 4];
            let zipped = f.read(&mut magic).map_err(|e| note(None, "", e.to_string()))? == 4 && &magic == b"PK\x03\x04";
            f.rewind().map_err(|e| note(None, "", e.to_string()))?;
            let mut gsc = |rows| emit(Batch::Gsc(rows));
            if zipped {
                gsc_export::parse_zip(f, site, dates, &mut gsc, &mut notes)?;
            } else {
                let text = small_text(f)?;
                gsc_export::parse_csv("", &text, site, dates, &mut gsc, &mut notes)?;
            }
        }
        Format::UrlInspection => emit(Batch::Inspections(inspection::parse(&small_text(counted)?, site)?))?,
        Format::AhrefsApi => {
            let today = chrono::Utc::now().date_naive();
            emit(Batch::Domain(ahrefs::parse(&small_text(counted)?, today, &mut notes)?))?
        }
        Format::AhrefsBacklinks | Format::SemrushBacklinks => {
            emit(Batch::Backlinks(backlinks::parse(&small_text(counted)?, site)?))?
        }
    }
    Ok(notes)
}

/// A whole small file as text (CSVs and inspection responses are read whole, within limits).
fn small_text(f: impl Read) -> Result<String, ImportNote> {
    let mut bytes = Vec::new();
    f.take(gsc_export::MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| note(None, "", format!("cannot be read: {e}")))?;
    if bytes.len() as u64 > gsc_export::MAX_PART_BYTES {
        return Err(note(
            None,
            "",
            format!(
                "larger than the {} MiB a CSV or inspection file may be",
                gsc_export::MAX_PART_BYTES >> 20
            ),
        ));
    }
    text::decode(&bytes)
}

/// The reader past a UTF-8 BOM (a JSON file saved by an editor may start with one).
fn skip_bom(mut f: Counted) -> Result<std::io::BufReader<Counted>, ImportNote> {
    let mut bom = [0u8; 3];
    let n = f.read(&mut bom).map_err(|e| note(None, "", e.to_string()))?;
    if !(n == 3 && bom == [0xEF, 0xBB, 0xBF]) {
        f.rewind().map_err(|e| note(None, "", e.to_string()))?;
    }
    Ok(std::io::BufReader::new(f))
}

/// A file that counts the bytes read from it.
struct Counted {
    inner: File,
    read: Arc<AtomicU64>,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Seek for Counted {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        let at = self.inner.seek(pos)?;
        self.read.store(at, Ordering::Relaxed);
        Ok(at)
    }
}

fn dto((r, site_name, email): Listed) -> ImportRecord {
    ImportRecord {
        id: r.id,
        account_id: r.account_id,
        site_id: r.site_id,
        site_name,
        who: email.unwrap_or_else(|| "command line".into()),
        file_name: r.file_name,
        sha256: r.sha256,
        bytes: r.bytes,
        format: r.format,
        status: r.status,
        rows_added: r.rows_added,
        rows_updated: r.rows_updated,
        rows_skipped: r.rows_skipped,
        notes: serde_json::from_str(&r.notes).unwrap_or_default(),
        created_at: crate::dates::rfc3339(r.created_at),
    }
}

/// A page of an account's imports (the caller's own when `query.account` is empty), newest
/// first, with the sites the caller may import into.
pub async fn page(conn: &mut DbConn<'_>, actor: Option<&Actor>, query: &ImportQuery) -> AppResult<ImportPage> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    may(actor, Action::ViewSite)?;
    let account_id = optional_id("account", &query.account)?.unwrap_or(a.account_id);
    authorize(actor, Action::ViewSite, Resource::Account(account_id))?;
    let site = optional_id("site", &query.site)?;
    let status = match query.status.trim() {
        "" => None,
        s @ ("done" | "failed") => Some(s),
        other => return Err(AppError::invalid("status", format!("`{other}` is not done or failed"))),
    };
    let page = page_number(&query.page)?;
    let account = Account::find(conn, account_id).await.map_err(|e| match e {
        diesel::result::Error::NotFound => AppError::NotFound,
        e => e.into(),
    })?;
    // a user restricted to some sites sees only those sites' imports; staff see every site
    let only = (a.account_id == account_id).then(|| a.site_ids.clone()).flatten();
    let sites = Site::list_for_account(conn, account_id, only.as_deref()).await?;
    let visible: Vec<i64> = match site {
        Some(id) if sites.iter().any(|s| s.id == id) => vec![id],
        Some(_) => return Err(AppError::NotFound),
        None => sites.iter().map(|s| s.id).collect(),
    };
    let (rows, total) = Import::page(
        conn,
        account_id,
        Some(&visible),
        status,
        (page - 1) * IMPORTS_PER_PAGE,
        IMPORTS_PER_PAGE,
    )
    .await?;
    let can_import = authorize(actor, Action::ImportData, Resource::Account(account_id)).is_ok();
    Ok(ImportPage {
        account_id,
        account_name: account.name,
        sites: sites
            .into_iter()
            .map(|s| ImportSiteOption {
                id: s.id,
                name: s.name,
                domain: s.domain,
            })
            .collect(),
        rows: rows.into_iter().map(dto).collect(),
        total,
        page,
        pages: (total + IMPORTS_PER_PAGE - 1) / IMPORTS_PER_PAGE,
        can_import,
    })
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;
    use std::path::{Path, PathBuf};

    use super::*;

    fn fixtures() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
    }

    /// Every fixture (the tools' files; not the notes, script and expected totals beside them).
    fn samples() -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
            entries.sort();
            for p in entries {
                if p.is_dir() {
                    walk(&p, out);
                } else if !matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "py")) {
                    out.push(p);
                }
            }
        }
        let mut out = Vec::new();
        walk(&fixtures(), &mut out);
        out
    }

    /// Reads a file without a database: its format, the rows it hands over and the rows skipped.
    fn parse(path: &Path, forced: Option<Format>, dates: Option<Period>) -> Result<(Format, usize, i64), ImportNote> {
        let bytes = std::fs::read(path).unwrap();
        let head = &bytes[..bytes.len().min(format::HEAD_BYTES)];
        let format = forced.map_or_else(|| format::detect(head), Ok)?;
        let mut rows = 0;
        let notes = read_file(
            path,
            (format, dates),
            &SiteHost::new("example.com"),
            Arc::default(),
            &mut |b| {
                rows += match b {
                    Batch::Gsc(r) => r.len(),
                    Batch::Inspections(r) => r.len(),
                    Batch::Backlinks(r) => r.len(),
                    Batch::Domain(r) => r.len(),
                    Batch::Done(_) | Batch::Failed(_) => 0,
                };
                Ok(())
            },
        )?;
        Ok((format, rows, notes.skipped))
    }

    /// What each real sample reads as: its format and rows, or the fault (with where); and what
    /// a sample without days reads as when the importer gives them.
    #[test]
    fn every_sample_reads_as_its_tool_wrote_it() {
        let mut seen = String::new();
        let october = Period::parse("2026-10").ok();
        for path in samples() {
            let name = path.strip_prefix(fixtures()).unwrap().display().to_string();
            let mut line = |label: &str, result: Result<(Format, usize, i64), ImportNote>| {
                let _ = match result {
                    Ok((format, rows, skipped)) => {
                        writeln!(seen, "{label}: {} · {rows} rows, {skipped} skipped", format.as_str())
                    }
                    Err(n) => writeln!(
                        seen,
                        "{label}: refused · {} {:?} {}: {}",
                        n.part, n.row, n.column, n.message
                    ),
                };
            };
            let plain = parse(&path, None, None);
            let dateless = plain.as_ref().is_err_and(|n| n.message.contains("carry no date"));
            line(&name, plain);
            if dateless {
                line(&format!("{name} --dates 2026-10"), parse(&path, None, october));
            }
        }
        insta::assert_snapshot!(seen);
    }

    /// Mutated real samples (bytes flipped, inserted, cut out, the file cut short) read with
    /// every reader: an error is fine, a panic is not. `IGNY8_FUZZ_SECONDS=600` runs it for ten
    /// minutes (see the README); by default a few hundred cases.
    #[test]
    fn mutated_samples_never_crash_a_reader() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};

        let samples: Vec<Vec<u8>> = samples().iter().map(|p| std::fs::read(p).unwrap()).collect();
        let seconds: u64 = std::env::var("IGNY8_FUZZ_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sample");
        let strategy = (
            0..samples.len(),
            proptest::collection::vec((any::<u32>(), any::<u8>(), 0u8..4), 1..8),
        );
        let mut cases = 0u64;
        loop {
            let mut runner = TestRunner::new(Config {
                cases: 256,
                failure_persistence: None,
                ..Config::default()
            });
            runner
                .run(&strategy, |(i, mutations)| {
                    let mut bytes = samples[i].clone();
                    for (at, byte, op) in mutations {
                        let at = at as usize % (bytes.len() + 1);
                        match op {
                            0 if at < bytes.len() => bytes[at] = byte,
                            1 => bytes.insert(at, byte),
                            2 => drop(bytes.drain(at..(at + byte as usize % 16).min(bytes.len()))),
                            _ => bytes.truncate(at),
                        }
                    }
                    std::fs::write(&path, &bytes).unwrap();
                    let _ = parse(&path, None, None);
                    for format in Format::ALL {
                        let _ = parse(&path, Some(format), Period::parse("2026-10").ok());
                    }
                    Ok(())
                })
                .unwrap();
            cases += 256;
            if std::time::Instant::now() >= deadline {
                break;
            }
        }
        eprintln!("{cases} mutated samples read by every reader without a crash");
    }
}
