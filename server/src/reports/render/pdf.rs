//! The PDF rendering with genpdf: a cover, the included sections, KPI tiles, tables and charts
//! (plotters bitmaps), a header and a "Page X of Y" footer on every page, light or dark pages.
//!
//! Costs and their fixes: the fonts are DejaVu Sans reduced ahead of time to the glyphs reports
//! use (35 KB instead of 750 KB each, `scripts/subset-fonts.sh`), and the bytes genpdf writes are
//! post-processed with lopdf: metadata stamped with the brand, dates from `generated_at`, a
//! document id derived from the content, streams compressed — so the same input gives the same bytes.

use std::cell::Cell;
use std::rc::Rc;

use chrono::NaiveDateTime;
use genpdf::elements::{Break, Image, PageBreak, Paragraph, TableLayout};
use genpdf::error::{Error, ErrorKind};
use genpdf::render::Area;
use genpdf::style::{Color, Style};
use genpdf::{Alignment, Context, Element, Margins, Position, RenderResult, Scale, Size};
use sha2::{Digest, Sha256};

use super::charts;
use crate::error::{AppError, AppResult};
use crate::reports::brand::{Palette, Rgb};
use crate::reports::document::{Block, Document};

const PAGE_W: f64 = 210.0;
const PAGE_H: f64 = 297.0;
const MARGIN_X: f64 = 16.0;
const CONTENT_W: f64 = PAGE_W - 2.0 * MARGIN_X;
/// Chart bitmaps: 1400 px across the content width (≈ 200 dpi).
const CHART_PX_W: u32 = 1400;
const CHART_PX_H: u32 = 500;

fn color(c: Rgb) -> Color {
    Color::Rgb(c.0, c.1, c.2)
}

fn style(c: Rgb, size: u8) -> Style {
    Style::new().with_color(color(c)).with_font_size(size)
}

fn pdf_err(e: Error) -> AppError {
    AppError::internal(format!("pdf: {e}"))
}

/// A filled rectangle: genpdf has no fill operation, so a 1×1 pixel image is scaled to size.
fn fill(context: &Context, area: &Area<'_>, at: Position, w: f64, h: f64, c: Rgb) -> Result<(), Error> {
    let px = image::RgbImage::from_pixel(1, 1, image::Rgb([c.0, c.1, c.2]));
    Image::from_dynamic_image(image::DynamicImage::ImageRgb8(px))?
        .with_dpi(25.4)
        .with_scale(Scale::new(w, h))
        .with_position(at)
        .render(context, area.clone(), Style::new())
        .map(|_| ())
}

/// Header, footer and page background on every page.
struct Frame {
    palette: Palette,
    primary: Rgb,
    left: String,
    right: String,
    footer: String,
    /// Pages decorated so far in this pass.
    page: Rc<Cell<usize>>,
    /// Total pages, known in the second pass.
    total: Option<usize>,
}

impl genpdf::PageDecorator for Frame {
    fn decorate_page<'a>(&mut self, context: &Context, mut area: Area<'a>, _style: Style) -> Result<Area<'a>, Error> {
        let n = self.page.get() + 1;
        self.page.set(n);
        fill(context, &area, Position::new(0, 0), PAGE_W, PAGE_H, self.palette.page)?;
        let small = style(self.palette.muted, 8);
        area.print_str(
            &context.font_cache,
            Position::new(MARGIN_X, 10),
            style(self.primary, 8).bold(),
            &self.left,
        )?;
        let right_w = small.str_width(&context.font_cache, &self.right);
        area.print_str(
            &context.font_cache,
            Position::new(PAGE_W - MARGIN_X - f64::from(right_w), 10.0),
            small,
            &self.right,
        )?;
        area.draw_line(
            vec![Position::new(MARGIN_X, 15.0), Position::new(PAGE_W - MARGIN_X, 15.0)],
            Style::new().with_color(color(self.palette.grid)),
        );
        let page = match self.total {
            Some(total) => format!("Page {n} of {total}"),
            None => format!("Page {n} of 999"),
        };
        let page_w = small.str_width(&context.font_cache, &page);
        area.print_str(
            &context.font_cache,
            Position::new(MARGIN_X, PAGE_H - 12.0),
            small,
            &self.footer,
        )?;
        area.print_str(
            &context.font_cache,
            Position::new(PAGE_W - MARGIN_X - f64::from(page_w), PAGE_H - 12.0),
            small,
            &page,
        )?;
        area.add_margins(Margins::trbl(22, MARGIN_X, 20, MARGIN_X));
        Ok(area)
    }
}

/// A row of KPI tiles: a filled box per figure with its label, value and change (▲/▼).
struct Tiles {
    tiles: Vec<app::types::report::Kpi>,
    palette: Palette,
    accent: Rgb,
}

const TILE_H: f64 = 20.0;

impl Element for Tiles {
    fn render(&mut self, context: &Context, area: Area<'_>, _style: Style) -> Result<RenderResult, Error> {
        if f64::from(area.size().height) < TILE_H + 2.0 {
            return Ok(RenderResult {
                size: Size::new(0, 0),
                has_more: true,
            });
        }
        let n = self.tiles.len().max(1);
        let gap = 3.0;
        let w = (f64::from(area.size().width) - gap * (n as f64 - 1.0)) / n as f64;
        let fc = &context.font_cache;
        for (i, t) in self.tiles.iter().enumerate() {
            let x = i as f64 * (w + gap);
            fill(context, &area, Position::new(x, 0), w, TILE_H, self.palette.tile)?;
            fill(context, &area, Position::new(x, 0), w, 0.8, self.accent)?;
            area.print_str(fc, Position::new(x + 2.5, 2.5), style(self.palette.muted, 7), &t.label)?;
            area.print_str(
                fc,
                Position::new(x + 2.5, 7.0),
                style(self.palette.text, 13).bold(),
                &t.value,
            )?;
            if !t.change.is_empty() {
                let arrow = arrow(&t.change);
                let c = match t.up {
                    Some(true) => self.palette.good,
                    Some(false) => self.palette.bad,
                    None => self.palette.muted,
                };
                area.print_str(
                    fc,
                    Position::new(x + 2.5, 14.0),
                    style(c, 7),
                    format!("{arrow}{}", t.change),
                )?;
            }
        }
        Ok(RenderResult {
            size: Size::new(area.size().width, TILE_H + 3.0),
            has_more: false,
        })
    }
}

/// ▲ for a rise, ▼ for a fall (the colour says whether that is good).
pub fn arrow(change: &str) -> &'static str {
    if change.starts_with('+') {
        "▲ "
    } else if change.starts_with('−') {
        "▼ "
    } else {
        ""
    }
}

/// Stops the counting pass before genpdf writes anything.
struct Stop;

impl Element for Stop {
    fn render(&mut self, _: &Context, _: Area<'_>, _: Style) -> Result<RenderResult, Error> {
        Err(Error::new("counting pass complete", ErrorKind::Internal))
    }
}

fn fonts() -> Result<genpdf::fonts::FontFamily<genpdf::fonts::FontData>, Error> {
    let regular = genpdf::fonts::FontData::new(charts::REGULAR.to_vec(), None)?;
    let bold = genpdf::fonts::FontData::new(charts::BOLD.to_vec(), None)?;
    Ok(genpdf::fonts::FontFamily {
        italic: regular.clone(),
        bold_italic: bold.clone(),
        regular,
        bold,
    })
}

fn build(
    doc: &Document,
    charts_rgb: &[Vec<u8>],
    pages: Rc<Cell<usize>>,
    total: Option<usize>,
) -> Result<genpdf::Document, Error> {
    let palette = doc.theme.palette();
    let brand = &doc.brand;
    let mut pdf = genpdf::Document::new(fonts()?);
    pdf.set_title(format!("{} — {} — {}", doc.title, doc.client, doc.period_label));
    pdf.set_minimal_conformance();
    pdf.set_paper_size(genpdf::PaperSize::A4);
    pdf.set_font_size(9);
    pdf.set_line_spacing(1.3);
    let footer = [brand.name.clone(), brand.contact_line(), brand.footer_text.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    pdf.set_page_decorator(Frame {
        palette,
        primary: brand.primary,
        left: brand.name.clone(),
        right: format!("{} · {}", doc.client, doc.period_label),
        footer,
        page: pages,
        total,
    });
    let text = style(palette.text, 9);
    let muted = style(palette.muted, 9);

    // cover
    pdf.push(Break::new(4));
    if let Some(logo) = &brand.logo
        && let Some(img) = image::RgbImage::from_raw(logo.width, logo.height, logo.rgb.clone())
    {
        let dpi = f64::from(logo.height) / (22.0 / 25.4);
        pdf.push(Image::from_dynamic_image(image::DynamicImage::ImageRgb8(img))?.with_dpi(dpi));
        pdf.push(Break::new(1));
    }
    pdf.push(Paragraph::new(&brand.name).styled(style(brand.primary, 16).bold()));
    pdf.push(Break::new(1));
    pdf.push(Paragraph::new(&doc.title).styled(style(palette.text, 26).bold()));
    pdf.push(Paragraph::new(format!("{} · {}", doc.client, doc.domain)).styled(style(palette.text, 14)));
    pdf.push(Paragraph::new(&doc.period_label).styled(style(brand.secondary, 14).bold()));
    pdf.push(Break::new(1));
    pdf.push(Paragraph::new(format!("Prepared by {} · {}", brand.name, doc.generated_on)).styled(muted));

    let mut chart_i = 0;
    for (i, section) in doc.sections.iter().enumerate() {
        pdf.push(Break::new(if i == 0 { 3 } else { 2 }));
        pdf.push(Paragraph::new(&section.title).styled(style(brand.primary, 15).bold()));
        if let Some(note) = &section.note {
            pdf.push(Paragraph::new(note).styled(style(palette.muted, 8).italic()));
        }
        pdf.push(Break::new(0.5));
        for block in &section.blocks {
            match block {
                Block::Paragraph(p) => pdf.push(Paragraph::new(p).styled(text)),
                Block::Bullets(items) => {
                    for item in items {
                        pdf.push(
                            Paragraph::new(format!("•  {item}"))
                                .styled(text)
                                .padded(Margins::trbl(0, 0, 0, 3)),
                        );
                    }
                }
                Block::Kpis(kpis) => {
                    pdf.push(Tiles {
                        tiles: kpis.clone(),
                        palette,
                        accent: brand.secondary,
                    });
                }
                Block::Table(t) => {
                    let weights: Vec<usize> = t
                        .headers
                        .iter()
                        .enumerate()
                        .map(|(i, _)| if i == 0 { 3 } else { 1 })
                        .collect();
                    let mut table = TableLayout::new(weights);
                    let cell = |s: &str, i: usize, st: Style| {
                        let align = if t.numeric.contains(&i) {
                            Alignment::Right
                        } else {
                            Alignment::Left
                        };
                        Paragraph::new(s).aligned(align).styled(st)
                    };
                    let mut row = table.row();
                    for (i, h) in t.headers.iter().enumerate() {
                        row = row.element(cell(h, i, style(palette.muted, 8).bold()).padded(1));
                    }
                    row.push()?;
                    for r in &t.rows {
                        let mut row = table.row();
                        for (i, v) in r.iter().enumerate() {
                            row = row.element(cell(v, i, text).padded(1));
                        }
                        row.push()?;
                    }
                    pdf.push(table);
                    pdf.push(Break::new(0.5));
                }
                Block::Chart(_) => {
                    if let Some(rgb) = charts_rgb.get(chart_i)
                        && let Some(img) = image::RgbImage::from_raw(CHART_PX_W, CHART_PX_H, rgb.clone())
                    {
                        let dpi = f64::from(CHART_PX_W) / (CONTENT_W / 25.4);
                        pdf.push(Image::from_dynamic_image(image::DynamicImage::ImageRgb8(img))?.with_dpi(dpi));
                        pdf.push(Break::new(0.5));
                    }
                    chart_i += 1;
                }
            }
        }
    }
    if doc.sections.is_empty() {
        pdf.push(PageBreak::new());
    }
    Ok(pdf)
}

/// Renders the document; `generated_at` becomes the creation date, and `id_seed` (the frozen
/// report data) the document id, so the same inputs give the same bytes.
pub fn render(doc: &Document, generated_at: NaiveDateTime, id_seed: &[u8]) -> AppResult<Vec<u8>> {
    let palette = doc.theme.palette();
    let mut charts_rgb = Vec::new();
    for section in &doc.sections {
        for block in &section.blocks {
            if let Block::Chart(c) = block {
                charts_rgb.push(
                    charts::bitmap(c, &doc.brand, &palette, CHART_PX_W, CHART_PX_H)
                        .map_err(|e| AppError::internal(format!("chart {}: {e}", c.title)))?,
                );
            }
        }
    }
    // pass 1: lay out only, to learn the page count for "Page X of Y"
    let pages = Rc::new(Cell::new(0));
    let mut counting = build(doc, &charts_rgb, pages.clone(), None).map_err(pdf_err)?;
    counting.push(Stop);
    let _ = counting.render(&mut std::io::sink());
    let total = pages.get().max(1);
    // pass 2: the real thing
    let pdf = build(doc, &charts_rgb, Rc::new(Cell::new(0)), Some(total)).map_err(pdf_err)?;
    let mut raw = Vec::new();
    pdf.render(&mut raw).map_err(pdf_err)?;
    finish(&raw, doc, generated_at, id_seed)
}

/// printpdf keeps a page's images in a hash map, so their object numbers and their order in
/// `/XObject` vary between runs. Give the k-th image name (X0, X1, …) the k-th smallest of the
/// page's image object numbers and list them in that order.
fn order_images(pdf: &mut lopdf::Document) {
    let mut moves: Vec<(lopdf::ObjectId, lopdf::ObjectId)> = Vec::new();
    for object in pdf.objects.values_mut() {
        let Ok(resources) = object.as_dict_mut() else { continue };
        let Ok(lopdf::Object::Dictionary(xobjects)) = resources.get_mut(b"XObject") else {
            continue;
        };
        let mut entries: Vec<(Vec<u8>, lopdf::ObjectId)> = xobjects
            .iter()
            .filter_map(|(name, value)| value.as_reference().ok().map(|id| (name.clone(), id)))
            .collect();
        if entries.len() < 2 {
            continue;
        }
        let number = |name: &[u8]| -> u64 {
            name.iter()
                .filter(|b| b.is_ascii_digit())
                .fold(0, |n, d| n * 10 + u64::from(d - b'0'))
        };
        entries.sort_by_key(|(name, _)| number(name));
        let mut ids: Vec<lopdf::ObjectId> = entries.iter().map(|e| e.1).collect();
        ids.sort();
        let mut ordered = lopdf::Dictionary::new();
        for ((name, old), new) in entries.into_iter().zip(ids) {
            ordered.set(name, lopdf::Object::Reference(new));
            if old != new {
                moves.push((old, new));
            }
        }
        *xobjects = ordered;
    }
    let taken: Vec<(lopdf::ObjectId, lopdf::Object)> = moves
        .iter()
        .filter_map(|(old, new)| pdf.objects.get(old).cloned().map(|o| (*new, o)))
        .collect();
    for (new, object) in taken {
        pdf.objects.insert(new, object);
    }
}

/// PDF text string: ASCII as is, anything else as UTF-16BE with a byte-order mark.
fn pdf_text(s: &str) -> lopdf::Object {
    if s.is_ascii() {
        lopdf::Object::string_literal(s)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
    }
}

/// Stamps metadata (title, author, creator, producer = the brand), fixed dates and id; removes
/// printpdf's own producer traces; compresses every stream.
fn finish(raw: &[u8], doc: &Document, generated_at: NaiveDateTime, id_seed: &[u8]) -> AppResult<Vec<u8>> {
    let fail = |e: lopdf::Error| AppError::internal(format!("pdf post-processing: {e}"));
    let mut pdf = lopdf::Document::load_mem(raw).map_err(fail)?;
    let date = lopdf::Object::string_literal(generated_at.format("D:%Y%m%d%H%M%S+00'00'").to_string());
    let info_id = pdf
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .map_err(fail)?;
    let info = pdf
        .get_object_mut(info_id)
        .and_then(lopdf::Object::as_dict_mut)
        .map_err(fail)?;
    info.remove(b"GTS_PDFXVersion");
    info.remove(b"Trapped");
    info.set(
        "Title",
        pdf_text(&format!("{} — {} — {}", doc.title, doc.client, doc.period_label)),
    );
    info.set("Author", pdf_text(&doc.brand.name));
    info.set("Creator", pdf_text(&doc.brand.name));
    info.set("Producer", pdf_text(&doc.brand.name));
    info.set("CreationDate", date.clone());
    info.set("ModDate", date);
    for object in pdf.objects.values_mut() {
        if let Ok(d) = object.as_dict_mut() {
            d.remove(b"CreatorInfo");
        }
    }
    order_images(&mut pdf);
    let digest = Sha256::digest([id_seed, generated_at.to_string().as_bytes()].concat());
    let id = lopdf::Object::String(digest[..16].to_vec(), lopdf::StringFormat::Hexadecimal);
    pdf.trailer.set("ID", vec![id.clone(), id]);
    pdf.compress();
    let mut out = Vec::new();
    pdf.save_to(&mut out)
        .map_err(|e| AppError::internal(format!("pdf save: {e}")))?;
    Ok(out)
}
