//! The page layout with genpdf: the cover page (with the list of sections), the included
//! sections in order from page 2, KPI tiles, tables,
//! and boxes where charts and the logo go. genpdf flows the text and breaks the pages; what it
//! cannot draw well is left to `finish`:
//! - filled shapes (tiles, page backgrounds) are 1×1 images here and vector rectangles there;
//! - charts and the logo are placeholder images here (2×1, carrying a slot number) and prepared
//!   objects there;
//! - header and footer ("Page X of Y" needs the page count) are stamped there.
//!
//! Fonts: the regular weight is embedded (any character of the font); the bold weight is given
//! to genpdf as a built-in font so that printpdf does not scan it (see `render::pdf`), which
//! limits bold text to Windows-1252: `strong` prints other text in the regular weight.

use std::collections::BTreeSet;

use genpdf::elements::{Break, PageBreak, Paragraph, TableLayout};
use genpdf::error::Error;
use genpdf::fonts::{FontData, FontFamily};
use genpdf::render::Area;
use genpdf::style::{Color, Style};
use genpdf::{Alignment, Context, Element, Margins, Position, RenderResult, Scale, Size};
use printpdf::BuiltinFont;

use crate::reports::brand::{Palette, Rgb};
use crate::reports::document::{Block, Document, arrow};
use crate::reports::render::fonts::{BOLD_LATIN_TTF, REGULAR_LATIN_TTF, is_win1252, layout_regular};

pub const PAGE_W: f64 = 210.0;
pub const PAGE_H: f64 = 297.0;
pub const MARGIN_X: f64 = 16.0;
pub const MARGIN_TOP: f64 = 22.0;
pub const MARGIN_BOTTOM: f64 = 20.0;
pub const CONTENT_W: f64 = PAGE_W - 2.0 * MARGIN_X;
/// Height of a chart on the page (its width is the content width).
pub const CHART_H: f64 = CONTENT_W * 0.355;
/// Height of the logo on the cover.
pub const LOGO_H: f64 = 22.0;
/// Height of a section heading with its note, about.
const HEADING_H: f64 = 14.0;
/// Height of one table row or line of text, about.
const LINE_H: f64 = 5.0;

/// Magic bytes of a placeholder image (see `placeholder`).
pub const SLOT_MAGIC: [u8; 4] = [0xA5, 0x5A, 0xC3, 0x3C];

fn color(c: Rgb) -> Color {
    Color::Rgb(c.0, c.1, c.2)
}

fn style(c: Rgb, size: u8) -> Style {
    Style::new().with_color(color(c)).with_font_size(size)
}

/// Bold when genpdf can print `text` in bold (Windows-1252), else the regular weight.
fn strong(base: Style, text: &str) -> Style {
    if is_win1252(text) { base.bold() } else { base }
}

/// Draws a `px_w` × 1 pixel image stretched over `w` × `h` mm with its top left corner at `at`
/// (genpdf positions images by their lower left corner).
fn stretched(area: &Area<'_>, at: Position, w: f64, h: f64, img: image::RgbImage) {
    let px_w = f64::from(img.width());
    area.add_image(
        &image::DynamicImage::ImageRgb8(img),
        Position::new(at.x, at.y + genpdf::Mm::from(h)),
        Scale::new(w / px_w, h),
        genpdf::Rotation::default(),
        Some(25.4),
    );
}

/// A 1×1 image scaled to `w` × `h` mm: genpdf's only way to fill an area (see `finish`).
fn fill(area: &Area<'_>, at: Position, w: f64, h: f64, c: Rgb) {
    stretched(
        area,
        at,
        w,
        h,
        image::RgbImage::from_pixel(1, 1, image::Rgb([c.0, c.1, c.2])),
    );
}

/// A 2×1 image scaled to `w` × `h` mm whose pixels say "slot `n`": `finish` replaces it with
/// the slot's prepared object (a chart or the logo), drawn in exactly this box.
fn placeholder(area: &Area<'_>, at: Position, w: f64, h: f64, n: u16) {
    let [m0, m1, m2, m3] = SLOT_MAGIC;
    let [hi, lo] = n.to_be_bytes();
    let px = image::RgbImage::from_raw(2, 1, vec![m0, hi, lo, m1, m2, m3]).expect("2×1 RGB");
    stretched(area, at, w, h, px);
}

/// Page background and margins; header and footer are stamped by `finish`.
struct Frame {
    page: Rgb,
}

impl genpdf::PageDecorator for Frame {
    fn decorate_page<'a>(&mut self, _: &Context, mut area: Area<'a>, _: Style) -> Result<Area<'a>, Error> {
        fill(&area, Position::new(0, 0), PAGE_W, PAGE_H, self.page);
        area.add_margins(Margins::trbl(MARGIN_TOP, MARGIN_X, MARGIN_BOTTOM, MARGIN_X));
        Ok(area)
    }
}

/// A box of `width` × `height` mm for slot `n`, moved to the next page when it does not fit.
struct Slot {
    n: u16,
    width: f64,
    height: f64,
}

impl Element for Slot {
    fn render(&mut self, _: &Context, area: Area<'_>, _: Style) -> Result<RenderResult, Error> {
        if f64::from(area.size().height) < self.height {
            return Ok(RenderResult {
                size: Size::new(0, 0),
                has_more: true,
            });
        }
        placeholder(&area, Position::new(0, 0), self.width, self.height, self.n);
        Ok(RenderResult {
            size: Size::new(self.width, self.height),
            has_more: false,
        })
    }
}

/// Starts a new page unless `mm` of space remain (keeps a heading with what follows it).
struct KeepSpace {
    mm: f64,
    deferred: bool,
}

impl Element for KeepSpace {
    fn render(&mut self, _: &Context, area: Area<'_>, _: Style) -> Result<RenderResult, Error> {
        let has_more = !self.deferred && f64::from(area.size().height) < self.mm;
        self.deferred |= has_more;
        Ok(RenderResult {
            size: Size::new(0, 0),
            has_more,
        })
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
    fn render(&mut self, context: &Context, area: Area<'_>, _: Style) -> Result<RenderResult, Error> {
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
            fill(&area, Position::new(x, 0), w, TILE_H, self.palette.tile);
            fill(&area, Position::new(x, 0), w, 0.8, self.accent);
            area.print_str(fc, Position::new(x + 2.5, 2.5), style(self.palette.muted, 7), &t.label)?;
            let value = style(self.palette.text, 13);
            area.print_str(fc, Position::new(x + 2.5, 7.0), strong(value, &t.value), &t.value)?;
            if !t.change.is_empty() {
                let c = match t.up {
                    Some(true) => self.palette.good,
                    Some(false) => self.palette.bad,
                    None => self.palette.muted,
                };
                area.print_str(
                    fc,
                    Position::new(x + 2.5, 14.0),
                    style(c, 7),
                    format!("{}{}", arrow(&t.change), t.change),
                )?;
            }
        }
        Ok(RenderResult {
            size: Size::new(area.size().width, TILE_H + 3.0),
            has_more: false,
        })
    }
}

/// About how tall a block prints (for keeping headings with what follows them).
fn block_height(block: &Block) -> f64 {
    match block {
        Block::Paragraph(_) | Block::Label(_) => LINE_H,
        Block::Bullets(items) => LINE_H * items.len().min(4) as f64,
        Block::Kpis(_) => TILE_H + 3.0,
        Block::Table(t) => LINE_H * (1 + t.rows.len().min(4)) as f64,
        Block::Chart(_) => CHART_H + 1.0,
    }
}

/// The font family genpdf measures and prints with (see the module comment); `regular` is the
/// regular face it embeds (`fonts::layout_regular`). The built-in weights only lend their widths.
fn fonts(regular: &[u8]) -> Result<FontFamily<FontData>, Error> {
    Ok(FontFamily {
        regular: FontData::new(regular.to_vec(), None)?,
        bold: FontData::new(BOLD_LATIN_TTF.to_vec(), Some(BuiltinFont::HelveticaBold))?,
        // never used (nothing is set in italics); built-in so nothing of them is embedded
        italic: FontData::new(REGULAR_LATIN_TTF.to_vec(), Some(BuiltinFont::HelveticaOblique))?,
        bold_italic: FontData::new(BOLD_LATIN_TTF.to_vec(), Some(BuiltinFont::HelveticaBoldOblique))?,
    })
}

/// What the layout needs to know of the prepared objects: slot 0 is the logo when there is one
/// (`logo_size` in pixels), charts follow in document order.
pub struct Slots {
    pub logo_size: Option<(u32, u32)>,
}

/// Lays the document out; `chars` are the characters of its text (`Document::chars`).
pub fn build(doc: &Document, slots: &Slots, chars: &BTreeSet<char>) -> Result<genpdf::Document, Error> {
    let palette = doc.theme.palette();
    let brand = &doc.brand;
    let mut pdf = genpdf::Document::new(fonts(layout_regular(chars))?);
    pdf.set_title(format!("{} — {} — {}", doc.title, doc.client, doc.period_label));
    pdf.set_minimal_conformance();
    pdf.set_paper_size(genpdf::PaperSize::A4);
    pdf.set_font_size(9);
    pdf.set_line_spacing(1.3);
    pdf.set_page_decorator(Frame { page: palette.page });
    let text = style(palette.text, 9);
    let muted = style(palette.muted, 9);
    let mut next_slot = 0u16;

    // cover
    pdf.push(Break::new(4));
    if let Some((w, h)) = slots.logo_size {
        let width = (LOGO_H * f64::from(w) / f64::from(h.max(1))).min(CONTENT_W / 2.0);
        let height = width * f64::from(h) / f64::from(w.max(1));
        pdf.push(Slot {
            n: next_slot,
            width,
            height,
        });
        next_slot += 1;
        pdf.push(Break::new(1));
    }
    let name = style(brand.primary, 16);
    pdf.push(Paragraph::new(&brand.name).styled(strong(name, &brand.name)));
    pdf.push(Break::new(1));
    pdf.push(Paragraph::new(&doc.title).styled(strong(style(palette.text, 26), &doc.title)));
    pdf.push(Paragraph::new(format!("{} · {}", doc.client, doc.domain)).styled(style(palette.text, 14)));
    let period = style(brand.secondary, 14);
    pdf.push(Paragraph::new(&doc.period_label).styled(strong(period, &doc.period_label)));
    pdf.push(Break::new(1));
    pdf.push(Paragraph::new(format!("Prepared by {} · {}", brand.name, doc.generated_on)).styled(muted));
    // what the report holds, in its order; the sections start on the next page
    pdf.push(Break::new(4));
    let contents = style(palette.text, 11);
    pdf.push(Paragraph::new("In this report").styled(strong(style(brand.primary, 12), "In this report")));
    pdf.push(Break::new(0.5));
    for (i, section) in doc.sections.iter().enumerate() {
        pdf.push(Paragraph::new(format!("{}.  {}", i + 1, section.title)).styled(contents));
    }
    pdf.push(PageBreak::new());

    for (i, section) in doc.sections.iter().enumerate() {
        if i > 0 {
            pdf.push(Break::new(2));
        }
        // a heading stays with (about) its first two blocks
        pdf.push(KeepSpace {
            mm: HEADING_H + section.blocks.iter().take(2).map(block_height).sum::<f64>(),
            deferred: false,
        });
        let heading = style(brand.primary, 15);
        pdf.push(Paragraph::new(&section.title).styled(strong(heading, &section.title)));
        if let Some(note) = &section.note {
            pdf.push(Paragraph::new(note).styled(style(palette.muted, 8)));
        }
        pdf.push(Break::new(0.5));
        for (b, block) in section.blocks.iter().enumerate() {
            // a little room after a table or chart, only before something (a break at the end
            // of the last page would start an empty page when the content fills it exactly)
            if b > 0 && matches!(section.blocks[b - 1], Block::Table(_) | Block::Chart(_)) {
                pdf.push(Break::new(0.5));
            }
            match block {
                Block::Paragraph(p) => pdf.push(Paragraph::new(p).styled(text)),
                Block::Label(l) => {
                    // a label stays with (about) the block it introduces
                    let next = section.blocks.get(b + 1).map_or(0.0, block_height);
                    pdf.push(KeepSpace {
                        mm: LINE_H + next.min(2.0 * LINE_H),
                        deferred: false,
                    });
                    pdf.push(Paragraph::new(l).styled(strong(text, l)));
                }
                Block::Bullets(items) => {
                    for item in items {
                        pdf.push(
                            Paragraph::new(format!("•  {item}"))
                                .styled(text)
                                .padded(Margins::trbl(0, 0, 0, 3)),
                        );
                    }
                }
                Block::Kpis(kpis) => pdf.push(Tiles {
                    tiles: kpis.clone(),
                    palette,
                    accent: brand.secondary,
                }),
                Block::Table(t) => {
                    // the header row stays with the first rows
                    pdf.push(KeepSpace {
                        mm: LINE_H * (1 + t.rows.len().min(2)) as f64,
                        deferred: false,
                    });
                    // a label column is wider; a row of figures shares the width evenly
                    let label = !t.numeric.contains(&0);
                    let weights = (0..t.headers.len())
                        .map(|i| if i == 0 && label { 3 } else { 1 })
                        .collect();
                    let mut table = TableLayout::new(weights);
                    let cell = |s: &str, i: usize, st: Style| {
                        let align = if t.numeric.contains(&i) {
                            Alignment::Right
                        } else {
                            Alignment::Left
                        };
                        Paragraph::new(s).aligned(align).styled(st).padded(1)
                    };
                    let mut row = table.row();
                    for (i, h) in t.headers.iter().enumerate() {
                        row = row.element(cell(h, i, strong(style(palette.muted, 8), h)));
                    }
                    row.push()?;
                    for r in &t.rows {
                        let mut row = table.row();
                        for (i, v) in r.iter().enumerate() {
                            row = row.element(cell(v, i, text));
                        }
                        row.push()?;
                    }
                    pdf.push(table);
                }
                Block::Chart(_) => {
                    pdf.push(Slot {
                        n: next_slot,
                        width: CONTENT_W,
                        height: CHART_H,
                    });
                    next_slot += 1;
                }
            }
        }
    }
    Ok(pdf)
}

#[cfg(test)]
mod tests {
    use app::types::report::SectionKey;

    use crate::reports::brand::{Brand, Theme};
    use crate::reports::document::{Block, DocSection, Document, Table};

    /// A report whose first section is `filler` lines long, so that what follows it lands
    /// everywhere on a page as `filler` grows.
    fn doc(filler: usize) -> Document {
        let section = |key: SectionKey, blocks| DocSection {
            key,
            title: key.title().into(),
            note: None,
            blocks,
        };
        Document {
            title: "Monthly SEO Report".into(),
            client: "Client".into(),
            domain: "client.example".into(),
            period_label: "1–31 October 2026".into(),
            generated_on: "2026-11-01".into(),
            brand: Brand::igny8(),
            theme: Theme::Light,
            sections: vec![
                section(
                    SectionKey::Content,
                    (0..filler)
                        .map(|i| Block::Paragraph(format!("Filler line {i}.")))
                        .collect(),
                ),
                section(
                    SectionKey::NextMonth,
                    vec![
                        Block::Paragraph("The plan for November 2026.".into()),
                        Block::Label("Action items".into()),
                        Block::Bullets(vec!["First action".into(), "Second action".into()]),
                        Block::Table(Table {
                            headers: vec!["Target".into(), "Links".into()],
                            rows: vec![
                                vec!["First target".into(), "3".into()],
                                vec!["Other".into(), "1".into()],
                            ],
                            numeric: vec![1],
                        }),
                    ],
                ),
            ],
        }
    }

    #[test]
    fn headings_labels_and_table_headers_stay_with_what_follows_and_pages_count_right() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
            .unwrap()
            .and_hms_opt(6, 0, 0)
            .unwrap();
        let mut page_counts = std::collections::BTreeSet::new();
        for filler in 30..90 {
            let pdf = crate::reports::render::pdf::render(&doc(filler), at, b"seed").unwrap();
            let pages = crate::reports::check::read(&pdf).unwrap().pages;
            let n = pages.len();
            page_counts.insert(n);
            for (i, page) in pages.iter().enumerate() {
                let has = |s: &str| page.lines().any(|l| l.trim() == s);
                for (first, then) in [
                    ("Next Month Plan", "The plan for November 2026."),
                    ("Action items", "•  First action"),
                    ("Target", "First target"),
                ] {
                    assert!(
                        !has(first) || has(then),
                        "{filler} lines: page {} of {n} ends with \"{first}\" alone:\n{page}",
                        i + 1
                    );
                }
                assert!(
                    page.contains(&format!("Page {} of {n}", i + 1)),
                    "{filler} lines: page {} is not numbered of {n}",
                    i + 1
                );
                // the stamp is five lines (brand, client and period, contact, page, footer text)
                assert!(
                    page.lines().count() > 5,
                    "{filler} lines: page {} of {n} is empty:\n{page}",
                    i + 1
                );
            }
        }
        assert!(page_counts.len() >= 2, "the sweep crosses a page end: {page_counts:?}");
    }
}
