//! Search Console's Performance export from the web UI ("Export → Download CSV"): a zip of
//! CSVs — Queries, Pages, Countries, Devices, Search appearance, Dates and Filters — or one of
//! them alone, in the UI's language (header names, decimal commas, `5,26 %`, UTF-8 with a BOM).
//!
//! Every table has the same five columns: the dimension, clicks, impressions, CTR, position.
//! Which table a CSV is, is read off its values where they tell (dates: the daily totals;
//! URLs: pages) and off the first header otherwise, so the file names' language does not matter.
//! Only the Dates table has days; the Queries, Pages and Devices tables sum the export's whole
//! range, so they are stored over that range: the one the Filters table states, else the one the importer
//! gives, else the first to the last day of the Dates table (by day when it is one day).

use std::io::{Read, Seek};

use app::types::import::ImportNote;
use chrono::NaiveDate;

use super::text::{self, note};
use super::{BATCH_ROWS, GscRow, Notes, Sink, SiteHost};
use crate::reports::period::Period;

/// The largest CSV read out of a zip (an export of 1,000 rows per table is far below it).
pub const MAX_PART_BYTES: u64 = 64 << 20;
/// The most files a Performance export zip holds (it has 7).
const MAX_PARTS: usize = 32;

/// The first header of the Queries table in the UI's languages (lower case).
const QUERY_HEADERS: [&str; 12] = [
    "top queries",
    "query",
    "häufigste suchanfragen",
    "suchanfrage",
    "requêtes les plus fréquentes",
    "requête",
    "consultas principales",
    "principais consultas",
    "populairste zoekopdrachten",
    "query principali",
    "najczęstsze zapytania",
    "en çok yapılan sorgular",
];

/// The device names of the UI's languages (lower case), as the API names them.
const DEVICES: [(&str, &str); 9] = [
    ("mobile", "mobile"),
    ("móviles", "mobile"),
    ("mobilgerät", "mobile"),
    ("desktop", "desktop"),
    ("ordenador", "desktop"),
    ("ordinateur", "desktop"),
    ("computer", "desktop"),
    ("tablet", "tablet"),
    ("tablette", "tablet"),
];

fn device(name: &str) -> Option<&'static str> {
    let name = name.trim().to_lowercase();
    DEVICES.iter().find(|(n, _)| *n == name).map(|(_, d)| *d)
}

/// What one CSV of the export is.
enum Table {
    Dates,
    Pages,
    Queries,
    Devices,
    /// Countries, search appearance: not stored from the UI export (the API's rows by country
    /// are).
    Other,
}

/// Reads a Performance export zip, part by part, within limits (a zip bomb stops at the first
/// part that expands past `MAX_PART_BYTES`).
pub fn parse_zip<R: Read + Seek>(
    reader: R,
    site: &SiteHost,
    dates: Option<Period>,
    sink: &mut Sink<'_, GscRow>,
    notes: &mut Notes,
) -> Result<(), ImportNote> {
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| {
        note(
            None,
            "",
            format!("not a complete zip archive ({e}): download the export again"),
        )
    })?;
    if zip.len() > MAX_PARTS {
        return Err(note(
            None,
            "",
            format!("{} files in the zip: a Performance export has 7", zip.len()),
        ));
    }
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| note(None, "", format!("zip entry {} cannot be read: {e}", i + 1)))?;
        let name = entry.name().rsplit('/').next().unwrap_or_default().to_owned();
        if entry.is_dir() || !name.to_ascii_lowercase().ends_with(".csv") {
            continue;
        }
        let at = |m: String| ImportNote {
            part: name.clone(),
            row: None,
            column: String::new(),
            message: m,
        };
        if entry.size() > MAX_PART_BYTES {
            return Err(at(format!(
                "expands to {} bytes, past the {} MiB a part may have: refused as a zip bomb",
                entry.size(),
                MAX_PART_BYTES >> 20
            )));
        }
        let mut bytes = Vec::new();
        (&mut entry)
            .take(MAX_PART_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| at(format!("cannot be unpacked: {e}")))?;
        if bytes.len() as u64 > MAX_PART_BYTES {
            return Err(at(format!(
                "expands past the {} MiB a part may have: refused as a zip bomb",
                MAX_PART_BYTES >> 20
            )));
        }
        let text = text::decode(&bytes).map_err(|n| ImportNote {
            part: name.clone(),
            ..n
        })?;
        parts.push((name, text));
    }
    if parts.is_empty() {
        return Err(note(None, "", "the zip holds no CSV: not a Performance export"));
    }
    let range = parts
        .iter()
        .find_map(|(_, text)| filtered_range(text))
        .or(dates)
        .or_else(|| parts.iter().find_map(|(_, text)| dates_span(text)));
    for (name, text) in &parts {
        parse_csv(name, text, site, range, sink, notes).map_err(|n| ImportNote {
            part: name.clone(),
            ..n
        })?;
    }
    Ok(())
}

/// The days a Filters table's `Date` row states: `2026-10-05`, `Oct 5, 2026`, `5 Oct 2026`, or
/// a range of two such days (`Oct 1, 2026 - Oct 31, 2026`); not a relative one (`Last 28 days`).
fn filtered_range(text: &str) -> Option<Period> {
    let rows = text::csv_rows(text).ok()?;
    if rows.first()?.len() != 2 {
        return None;
    }
    rows.iter().skip(1).find_map(|r| {
        let value = r[1].trim();
        if let Some(d) = day(value) {
            return Some(Period { start: d, end: d });
        }
        // a range: split at each `-` until both sides are days
        value.match_indices('-').find_map(|(i, _)| {
            let (from, to) = (day(value[..i].trim())?, day(value[i + 1..].trim())?);
            Period::new(from, to).ok()
        })
    })
}

/// The first to the last day of a Dates table.
fn dates_span(text: &str) -> Option<Period> {
    let rows = text::csv_rows(text).ok()?;
    let days: Vec<NaiveDate> = rows
        .iter()
        .skip(1)
        .map(|r| NaiveDate::parse_from_str(r.first()?, "%Y-%m-%d").ok())
        .collect::<Option<_>>()?;
    Period::new(*days.iter().min()?, *days.iter().max()?).ok()
}

fn day(raw: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%b %d, %Y", "%d %b %Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(raw, f).ok())
}

/// Reads one table of the export (`part`: its name in the zip, empty for a CSV on its own).
/// `range`: the days the export covers, when known.
pub fn parse_csv(
    part: &str,
    text: &str,
    site: &SiteHost,
    range: Option<Period>,
    sink: &mut Sink<'_, GscRow>,
    notes: &mut Notes,
) -> Result<(), ImportNote> {
    let rows = text::csv_rows(text)?;
    let header = &rows[0];
    if header.len() == 2 {
        // the Filters table: what the export was filtered by, nothing to store
        return Ok(());
    }
    if header.len() < 5 {
        return Err(note(
            Some(0),
            "",
            format!(
                "missing column: {} columns ({}) where a Performance table has 5 (the dimension, clicks, impressions, CTR, position)",
                header.len(),
                header.join(", ")
            ),
        ));
    }
    let data = &rows[1..];
    let first = header[0].trim_start_matches('\u{feff}');
    let table = if !data.is_empty()
        && data
            .iter()
            .all(|r| NaiveDate::parse_from_str(&r[0], "%Y-%m-%d").is_ok())
    {
        Table::Dates
    } else if !data.is_empty()
        && data
            .iter()
            .all(|r| r[0].starts_with("https://") || r[0].starts_with("http://"))
    {
        Table::Pages
    } else if !data.is_empty() && data.iter().all(|r| device(&r[0]).is_some()) {
        Table::Devices
    } else if QUERY_HEADERS.contains(&first.to_lowercase().as_str()) {
        Table::Queries
    } else {
        Table::Other
    };
    let dimension = match (&table, range) {
        (Table::Dates, _) => "total",
        (Table::Pages, Some(_)) => "page",
        (Table::Queries, Some(_)) => "query",
        (Table::Devices, Some(_)) => "device",
        (Table::Other, _) => {
            let why = format!(
                "{} rows by {first} not stored: of the UI export, the Dates, Queries, Pages and Devices tables are (for countries, import the API's rows by country)",
                data.len()
            );
            notes.skip(
                data.len() as i64,
                ImportNote {
                    part: part.to_owned(),
                    ..note(None, "", why)
                },
            );
            return Ok(());
        }
        (_, None) => {
            let why = format!(
                "{} rows by {first} not stored: they sum the export's date range and nothing says which days it is (give the Dates, or import the whole zip)",
                data.len()
            );
            notes.skip(
                data.len() as i64,
                ImportNote {
                    part: part.to_owned(),
                    ..note(None, "", why)
                },
            );
            return Ok(());
        }
    };
    let mut batch = Vec::new();
    for (i, r) in data.iter().enumerate() {
        let n = Some(i as i64 + 1);
        if r.len() < 5 {
            return Err(note(
                n,
                "",
                format!("{} cells where the header has {}", r.len(), header.len()),
            ));
        }
        let cell = |j: usize, parsed: Result<f64, String>| parsed.map_err(|m| note(n, &header[j], m));
        let clicks = text::count(&r[1]).map_err(|m| note(n, &header[1], m))?;
        let impressions = text::count(&r[2]).map_err(|m| note(n, &header[2], m))?;
        // a day without impressions may leave CTR and position empty
        let blank = impressions == 0 && r[3].is_empty() && r[4].is_empty();
        let ctr = if blank { 0.0 } else { cell(3, text::percent(&r[3]))? };
        let position = if blank { 0.0 } else { cell(4, text::decimal(&r[4]))? };
        if clicks > impressions {
            return Err(note(
                n,
                &header[1],
                format!("{clicks} clicks from {impressions} impressions"),
            ));
        }
        let (date, value) = match dimension {
            "total" => (
                NaiveDate::parse_from_str(&r[0], "%Y-%m-%d").expect("checked above"),
                String::new(),
            ),
            "page" if !site.owns(&r[0]) => return Err(note(n, first, site.foreign(&r[0]))),
            "device" => (
                range.expect("a range").start,
                device(&r[0]).expect("checked above").to_owned(),
            ),
            _ => (range.expect("a range").start, r[0].clone()),
        };
        let until = range.filter(|p| p.end > p.start && dimension != "total").map(|p| p.end);
        batch.push(GscRow {
            date,
            until,
            dimension,
            value,
            clicks,
            impressions,
            ctr,
            position: (impressions > 0).then_some(position),
        });
        if batch.len() == BATCH_ROWS {
            sink(std::mem::take(&mut batch))?;
        }
    }
    if !batch.is_empty() {
        sink(batch)?;
    }
    Ok(())
}
