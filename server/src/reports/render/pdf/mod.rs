//! The PDF rendering: genpdf lays out the pages (`layout`), plotters draws the charts as vector
//! paths (`vector`), and `finish` completes the file with lopdf.
//!
//! Where the time and bytes of a naive genpdf report go, and what this does about each
//! (measured with `igny8 report bench`, see the README):
//! - Charts as bitmaps: rasterising and deflating ~2 MB of pixels per chart was most of the time
//!   and size. They are vector forms now: a few KB each, and their text is real text.
//! - Fonts: printpdf embeds every font of genpdf's family (four) uncompressed, and probes every
//!   Unicode code point (1.1 million look-ups) of each to build its width and ToUnicode tables.
//!   Only the regular weight is handed to printpdf as an embedded font now; the bold weight is a
//!   built-in font for genpdf (no probe; Windows-1252 only, see `layout::strong`) and all fonts
//!   are replaced in `finish` by the glyphs the document prints (a few KB: the fonts cover Latin,
//!   Greek and Cyrillic, about 100 KB each, of which a report uses a few hundred glyphs).
//! - "Page X of Y" took a second layout pass to count pages; the footer is stamped afterwards.
//! - lopdf's own compression uses the slowest level; `finish` uses the default level.

mod finish;
mod layout;
pub mod vector;

use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use plotters::prelude::IntoDrawingArea;

use super::charts;
use crate::error::{AppError, AppResult};
use crate::reports::brand::Raster;
use crate::reports::document::{Block, Document};
use finish::{Furniture, Meta, Prepared};
pub use finish::{WIN_CMAP, deflate};

/// Chart canvas in plotters units (the form scales it to the page; finer units, smoother lines).
const CHART_W: u32 = 1800;
const CHART_H: u32 = (CHART_W as f64 * layout::CHART_H / layout::CONTENT_W) as u32;

/// Where the time of one PDF went.
#[derive(Clone, Copy, Debug, Default)]
pub struct PdfTimings {
    /// Drawing the charts.
    pub charts: Duration,
    /// genpdf: flowing text, breaking pages, writing the raw file.
    pub layout: Duration,
    /// lopdf: fonts, vector fills, charts, header and footer, metadata, compression.
    pub write: Duration,
}

/// Renders the document; `generated_at` becomes the creation date, and `id_seed` (the frozen
/// report data) the document id, so the same inputs give the same bytes.
pub fn render(doc: &Document, generated_at: NaiveDateTime, id_seed: &[u8]) -> AppResult<Vec<u8>> {
    render_timed(doc, generated_at, id_seed).map(|(pdf, _)| pdf)
}

pub fn render_timed(doc: &Document, generated_at: NaiveDateTime, id_seed: &[u8]) -> AppResult<(Vec<u8>, PdfTimings)> {
    let palette = doc.theme.palette();
    let started = Instant::now();
    let logo: Option<&Raster> = doc.brand.logo.as_ref().map(|l| l.for_theme(doc.theme));
    let mut prepared: Vec<Prepared<'_>> = logo.into_iter().map(Prepared::Logo).collect();
    for section in &doc.sections {
        for block in &section.blocks {
            if let Block::Chart(c) = block {
                let mut drawing = vector::Drawing::default();
                let root = vector::PdfBackend::new(&mut drawing, CHART_W, CHART_H).into_drawing_area();
                charts::draw(&root, c, &doc.brand, &palette, f64::from(CHART_W) / 900.0)
                    .map_err(|e| AppError::internal(format!("chart {}: {e}", c.title)))?;
                drop(root);
                prepared.push(Prepared::Chart(drawing));
            }
        }
    }
    let charts_done = Instant::now();

    let slots = layout::Slots {
        logo_size: logo.map(|l| (l.width, l.height)),
    };
    let chars = doc.chars();
    let pdf = layout::build(doc, &slots, &chars).map_err(pdf_err)?;
    let mut raw = Vec::new();
    pdf.render(&mut raw).map_err(pdf_err)?;
    let layout_done = Instant::now();

    let brand = &doc.brand;
    let furniture = Furniture {
        brand: brand.name.clone(),
        primary: brand.primary,
        right: format!("{} · {}", doc.client, doc.period_label),
        contact: brand.contact_line(),
        footer: brand.footer_text.clone(),
        palette,
    };
    let title = format!("{} — {} — {}", doc.title, doc.client, doc.period_label);
    let meta = Meta {
        title: &title,
        brand: &brand.name,
        generated_at,
        id_seed,
    };
    let out = finish::finish(&raw, &prepared, &furniture, &meta, &chars)?;
    let done = Instant::now();
    Ok((
        out,
        PdfTimings {
            charts: charts_done - started,
            layout: layout_done - charts_done,
            write: done - layout_done,
        },
    ))
}

fn pdf_err(e: genpdf::error::Error) -> AppError {
    AppError::internal(format!("pdf: {e}"))
}
