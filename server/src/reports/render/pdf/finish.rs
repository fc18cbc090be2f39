//! After genpdf: the PDF it wrote is loaded with lopdf and finished.
//! - Fonts: printpdf's font objects are replaced by ours, reduced to the glyphs the document
//!   prints: DejaVu Sans and DejaVu Sans Bold as Identity-H fonts (glyph ids), and DejaVu Sans Bold once
//!   more under a CMap for the bold text genpdf printed as a built-in font (printpdf writes those
//!   Windows-1252 codes as two bytes, `<0041>` for "A", which a plain WinAnsi font would read as
//!   two characters).
//! - Images: 1×1 fills become vector rectangles (one form per colour); placeholders become the
//!   charts (vector forms) and the logo (an image compressed once).
//! - Header and footer are stamped on every page, now that the page count is known.
//! - Metadata (title, author, creator, producer = the brand), dates from `generated_at` and a
//!   document id from the data, so the same input gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::LazyLock;

use chrono::NaiveDateTime;
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};

use super::layout::{MARGIN_X, PAGE_H, PAGE_W, SLOT_MAGIC};
use super::vector::{Drawing, FONT_BOLD, FONT_REGULAR};
use crate::error::{AppError, AppResult};
use crate::reports::brand::{Palette, Raster, Rgb};
use crate::reports::render::fonts::{Face, Weight, face, win1252_char};

/// What replaces placeholder slot n (see `layout::Slots`).
pub enum Prepared<'a> {
    Chart(Drawing),
    Logo(&'a Raster),
}

/// What the header and footer of every page say.
pub struct Furniture {
    pub brand: String,
    pub primary: Rgb,
    pub right: String,
    /// Email, phone and website.
    pub contact: String,
    /// The brand's footer text, wrapped under the contact line.
    pub footer: String,
    pub palette: Palette,
}

/// The document info entries.
pub struct Meta<'a> {
    pub title: &'a str,
    pub brand: &'a str,
    pub generated_at: NaiveDateTime,
    pub id_seed: &'a [u8],
}

fn fail(e: lopdf::Error) -> AppError {
    AppError::internal(format!("pdf post-processing: {e}"))
}

const PT_PER_MM: f64 = 72.0 / 25.4;

fn pt(mm: f64) -> f64 {
    mm * PT_PER_MM
}

/// The resource names printpdf gave genpdf's fonts: the embedded regular weight is `F0`; the
/// bold, italic and bold italic weights are built-in fonts named after their PostScript names.
const PRINTPDF_REGULAR: &[u8] = b"F0";
const PRINTPDF_BOLD: &[u8] = b"Helvetica-Bold";
const PRINTPDF_UNUSED: [&[u8]; 2] = [b"Helvetica-Oblique", b"Helvetica-BoldOblique"];

/// Finishes genpdf's file; `chars` are the characters of the document's text (the fonts are
/// reduced to their glyphs).
pub fn finish(
    raw: &[u8],
    prepared: &[Prepared<'_>],
    furniture: &Furniture,
    meta: &Meta<'_>,
    chars: &BTreeSet<char>,
) -> AppResult<Vec<u8>> {
    let mut pdf = lopdf::Document::load_mem(raw).map_err(fail)?;
    let fonts = add_fonts(&mut pdf, chars)?;
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    let mut forms = Forms::default();
    for (i, page) in pages.iter().enumerate() {
        let content_id = content_stream(&pdf, *page)?;
        let mut content = stream_bytes(&pdf, content_id)?;
        for unused in PRINTPDF_UNUSED {
            if contains(&content, &[b"/", unused, b" "].concat()) {
                return Err(AppError::internal(
                    "pdf: text was set in italics, which reports never use",
                ));
            }
        }
        stamp(&mut content, furniture, i + 1, pages.len());
        pdf.get_object_mut(content_id)
            .and_then(Object::as_stream_mut)
            .map_err(fail)?
            .set_plain_content(content);
        let resources = resources_id(&mut pdf, *page)?;
        rewrite_fonts(&mut pdf, resources, &fonts)?;
        rewrite_xobjects(&mut pdf, resources, &mut forms, prepared, &fonts)?;
    }
    stamp_info(&mut pdf, meta)?;
    for object in pdf.objects.values_mut() {
        if let Ok(d) = object.as_dict_mut() {
            d.remove(b"CreatorInfo"); // printpdf's "Adobe Illustrator" layer note
        }
    }
    pdf.prune_objects();
    pdf.renumber_objects();
    compress(&mut pdf)?;
    let mut out = Vec::with_capacity(raw.len() / 2);
    pdf.save_to(&mut out)
        .map_err(|e| AppError::internal(format!("pdf save: {e}")))?;
    Ok(out)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The page's single content stream (printpdf writes one per page).
fn content_stream(pdf: &lopdf::Document, page: ObjectId) -> AppResult<ObjectId> {
    match pdf.get_page_contents(page).as_slice() {
        [one] => Ok(*one),
        other => Err(AppError::internal(format!(
            "pdf: page has {} content streams",
            other.len()
        ))),
    }
}

fn stream_bytes(pdf: &lopdf::Document, id: ObjectId) -> AppResult<Vec<u8>> {
    let s = pdf.get_object(id).and_then(Object::as_stream).map_err(fail)?;
    if s.dict.has(b"Filter") {
        s.decompressed_content().map_err(fail)
    } else {
        Ok(s.content.clone())
    }
}

/// The page's resource dictionary as an object of its own (made one if it is inline).
fn resources_id(pdf: &mut lopdf::Document, page: ObjectId) -> AppResult<ObjectId> {
    let current = pdf
        .get_dictionary(page)
        .and_then(|d| d.get(b"Resources"))
        .map_err(fail)?
        .clone();
    match current {
        Object::Reference(id) => Ok(id),
        Object::Dictionary(d) => {
            let id = pdf.add_object(d);
            pdf.get_object_mut(page)
                .and_then(Object::as_dict_mut)
                .map_err(fail)?
                .set("Resources", id);
            Ok(id)
        }
        _ => Err(AppError::internal("pdf: page resources are not a dictionary")),
    }
}

/// A sub-dictionary of a dictionary object (`/Font`, `/XObject`), resolving a reference.
fn sub_dict(pdf: &lopdf::Document, dict_id: ObjectId, key: &[u8]) -> AppResult<(Option<ObjectId>, Dictionary)> {
    let d = pdf.get_dictionary(dict_id).map_err(fail)?;
    match d.get(key) {
        Ok(Object::Reference(id)) => Ok((Some(*id), pdf.get_dictionary(*id).map_err(fail)?.clone())),
        Ok(Object::Dictionary(inner)) => Ok((None, inner.clone())),
        _ => Ok((None, Dictionary::new())),
    }
}

fn set_sub_dict(
    pdf: &mut lopdf::Document,
    dict_id: ObjectId,
    key: &str,
    at: Option<ObjectId>,
    value: Dictionary,
) -> AppResult<()> {
    match at {
        Some(id) => *pdf.get_object_mut(id).map_err(fail)? = Object::Dictionary(value),
        None => pdf
            .get_object_mut(dict_id)
            .and_then(Object::as_dict_mut)
            .map_err(fail)?
            .set(key, value),
    }
    Ok(())
}

fn rewrite_fonts(pdf: &mut lopdf::Document, resources: ObjectId, fonts: &DocFonts) -> AppResult<()> {
    let (at, _) = sub_dict(pdf, resources, b"Font")?;
    let mut d = Dictionary::new();
    d.set(PRINTPDF_REGULAR.to_vec(), fonts.regular);
    d.set(PRINTPDF_BOLD.to_vec(), fonts.bold_win);
    d.set(FONT_REGULAR, fonts.regular);
    d.set(FONT_BOLD, fonts.bold);
    set_sub_dict(pdf, resources, "Font", at, d)
}

/// Objects made once per document and shared by every page that uses them.
#[derive(Default)]
struct Forms {
    fills: BTreeMap<Rgb, ObjectId>,
    slots: BTreeMap<u16, ObjectId>,
}

/// What a genpdf image is: a flat fill, a placeholder, or something else (kept).
enum ImageKind {
    Fill(Rgb),
    Slot(u16),
    Other,
}

fn image_kind(pdf: &lopdf::Document, id: ObjectId) -> AppResult<ImageKind> {
    let s = pdf.get_object(id).and_then(Object::as_stream).map_err(fail)?;
    let dim = |k: &[u8]| s.dict.get(k).and_then(Object::as_i64).unwrap_or(0);
    let (w, h) = (dim(b"Width"), dim(b"Height"));
    if !matches!((w, h), (1, 1) | (2, 1)) {
        return Ok(ImageKind::Other);
    }
    let px = stream_bytes(pdf, id)?;
    Ok(match (w, px.as_slice()) {
        (1, [r, g, b]) => ImageKind::Fill(Rgb(*r, *g, *b)),
        (2, [m0, hi, lo, m1, m2, m3]) if [*m0, *m1, *m2, *m3] == SLOT_MAGIC => {
            ImageKind::Slot(u16::from_be_bytes([*hi, *lo]))
        }
        _ => ImageKind::Other,
    })
}

fn rewrite_xobjects(
    pdf: &mut lopdf::Document,
    resources: ObjectId,
    forms: &mut Forms,
    prepared: &[Prepared<'_>],
    fonts: &DocFonts,
) -> AppResult<()> {
    let (at, current) = sub_dict(pdf, resources, b"XObject")?;
    let mut entries: Vec<(Vec<u8>, ObjectId)> = current
        .iter()
        .filter_map(|(k, v)| v.as_reference().ok().map(|id| (k.clone(), id)))
        .collect();
    // printpdf lists a page's images in hash order: sort by name (X0, X1, …) for stable output
    entries.sort_by_key(|(name, _)| (name.len(), name.clone()));
    let mut d = Dictionary::new();
    for (name, id) in entries {
        let target = match image_kind(pdf, id)? {
            ImageKind::Fill(c) => *forms.fills.entry(c).or_insert_with(|| pdf.add_object(fill_form(c))),
            ImageKind::Slot(n) => match forms.slots.get(&n) {
                Some(id) => *id,
                None => {
                    let object = match prepared.get(usize::from(n)) {
                        Some(Prepared::Chart(drawing)) => chart_form(drawing, fonts),
                        Some(Prepared::Logo(raster)) => logo_image(raster),
                        None => return Err(AppError::internal(format!("pdf: no object for slot {n}"))),
                    };
                    let id = pdf.add_object(object);
                    forms.slots.insert(n, id);
                    id
                }
            },
            ImageKind::Other => id,
        };
        d.set(name, target);
    }
    set_sub_dict(pdf, resources, "XObject", at, d)
}

/// A form that fills the unit square, where genpdf drew a 1×1 image.
fn fill_form(c: Rgb) -> Stream {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set("BBox", vec![0.into(), 0.into(), 1.into(), 1.into()]);
    let ops = format!("{} {} {} rg 0 0 1 1 re f", comp(c.0), comp(c.1), comp(c.2));
    Stream::new(dict, ops.into_bytes())
}

fn comp(v: u8) -> String {
    let s = format!("{:.3}", f64::from(v) / 255.0);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A chart drawing as a form on the unit square where the placeholder was: the drawing's canvas
/// is scaled into it by the form's first operator (lopdf writes reals with two decimals only, too
/// coarse for a `/Matrix` of 1/1800).
fn chart_form(drawing: &Drawing, fonts: &DocFonts) -> Stream {
    let (w, h) = (f64::from(drawing.width.max(1)), f64::from(drawing.height.max(1)));
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set("BBox", vec![0.into(), 0.into(), 1.into(), 1.into()]);
    let mut font = Dictionary::new();
    font.set(FONT_REGULAR, fonts.regular);
    font.set(FONT_BOLD, fonts.bold);
    let mut states = Dictionary::new();
    for (name, alpha) in &drawing.opacity {
        let mut gs = Dictionary::new();
        gs.set("Type", Object::Name(b"ExtGState".to_vec()));
        gs.set("ca", *alpha);
        gs.set("CA", *alpha);
        states.set(name.as_bytes().to_vec(), gs);
    }
    let mut resources = Dictionary::new();
    resources.set("Font", font);
    resources.set("ExtGState", states);
    dict.set("Resources", resources);
    let ops = format!("{:.8} 0 0 {:.8} 0 0 cm\n{}", 1.0 / w, 1.0 / h, drawing.ops);
    Stream::new(dict, ops.into_bytes())
}

fn logo_image(r: &Raster) -> Stream {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", i64::from(r.width));
    dict.set("Height", i64::from(r.height));
    dict.set("ColorSpace", Object::Name(b"DeviceRGB".to_vec()));
    dict.set("BitsPerComponent", 8);
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    Stream::new(dict, r.deflated.clone()).with_compression(false)
}

/// Lines of footer text under the contact line (at 7 pt they fit in the bottom margin).
const FOOTER_TEXT_LINES: usize = 4;

/// Header (brand, client and period, a rule) and footer (contact line and "Page X of Y", then the
/// footer text wrapped on up to four lines).
fn stamp(content: &mut Vec<u8>, f: &Furniture, page: usize, pages: usize) {
    let regular = face(Weight::Regular);
    let bold = face(Weight::Bold);
    let (size, small) = (8.0, 7.0);
    let left = pt(MARGIN_X);
    let right = pt(PAGE_W - MARGIN_X);
    let header_y = pt(PAGE_H - 12.5);
    let label = format!("Page {page} of {pages}");
    let label_w = regular.width(&label, size);
    let brand = bold.fit(&f.brand, size, (right - left) * 0.45);
    let heading = regular.fit(&f.right, size, (right - left) - bold.width(&brand, size) - 12.0);
    let contact = regular.fit(&f.contact, size, right - left - label_w - 12.0);
    let footer = regular.wrap(&f.footer, small, right - left, FOOTER_TEXT_LINES);
    // from the bottom up: the last footer line 5 mm above the page edge, 3 mm between lines
    let line_y = |from_bottom: usize| pt(5.0 + 3.0 * from_bottom as f64);
    let contact_y = line_y(footer.len());
    let rgb = |c: Rgb| format!("{} {} {}", comp(c.0), comp(c.1), comp(c.2));
    let mut ops = String::from("\nq\n");
    let mut text = |font: &str, face: &Face, size: f64, s: &str, x: f64, y: f64, c: Rgb| {
        if !s.is_empty() {
            let _ = writeln!(
                ops,
                "BT /{font} {size} Tf {} rg {x:.2} {y:.2} Td {} Tj ET",
                rgb(c),
                face.hex_glyphs(s)
            );
        }
    };
    text(FONT_BOLD, bold, size, &brand, left, header_y, f.primary);
    let muted = f.palette.muted;
    text(
        FONT_REGULAR,
        regular,
        size,
        &heading,
        right - regular.width(&heading, size),
        header_y,
        muted,
    );
    text(FONT_REGULAR, regular, size, &contact, left, contact_y, muted);
    text(FONT_REGULAR, regular, size, &label, right - label_w, contact_y, muted);
    for (i, line) in footer.iter().enumerate() {
        text(
            FONT_REGULAR,
            regular,
            small,
            line,
            left,
            line_y(footer.len() - 1 - i),
            muted,
        );
    }
    let _ = writeln!(
        ops,
        "{} RG 0.5 w {left:.2} {y:.2} m {right:.2} {y:.2} l S\nQ",
        rgb(f.palette.grid),
        y = pt(PAGE_H - 15.0)
    );
    content.extend_from_slice(ops.as_bytes());
}

fn pdf_text(s: &str) -> Object {
    if s.is_ascii() {
        Object::string_literal(s)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

fn stamp_info(pdf: &mut lopdf::Document, meta: &Meta<'_>) -> AppResult<()> {
    let date = Object::string_literal(meta.generated_at.format("D:%Y%m%d%H%M%S+00'00'").to_string());
    let info_id = pdf.trailer.get(b"Info").and_then(Object::as_reference).map_err(fail)?;
    let info = pdf
        .get_object_mut(info_id)
        .and_then(Object::as_dict_mut)
        .map_err(fail)?;
    info.remove(b"GTS_PDFXVersion");
    info.remove(b"Trapped");
    info.set("Title", pdf_text(meta.title));
    for key in ["Author", "Creator", "Producer"] {
        info.set(key, pdf_text(meta.brand));
    }
    info.set("CreationDate", date.clone());
    info.set("ModDate", date);
    let digest = Sha256::digest([meta.id_seed, meta.generated_at.to_string().as_bytes()].concat());
    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    pdf.trailer.set("ID", vec![id.clone(), id]);
    Ok(())
}

/// Compresses every stream that is not compressed yet (page content, forms).
fn compress(pdf: &mut lopdf::Document) -> AppResult<()> {
    for object in pdf.objects.values_mut() {
        let Object::Stream(s) = object else { continue };
        if s.dict.has(b"Filter") || s.content.len() < 64 {
            continue;
        }
        let packed = deflate(&s.content, flate2::Compression::default());
        if packed.len() < s.content.len() {
            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            s.set_content(packed);
        }
    }
    Ok(())
}

pub fn deflate(bytes: &[u8], level: flate2::Compression) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::with_capacity(bytes.len() / 2), level);
    // writing into a Vec cannot fail
    let _ = e.write_all(bytes);
    e.finish().unwrap_or_default()
}

/// The font objects of one document.
struct DocFonts {
    /// DejaVu Sans, Identity-H.
    regular: ObjectId,
    /// DejaVu Sans Bold, Identity-H.
    bold: ObjectId,
    /// DejaVu Sans Bold under `WIN_CMAP` (what genpdf's built-in bold text is written in).
    bold_win: ObjectId,
}

/// What the renderers print whatever the data: ASCII, and the symbols of their own words (arrows
/// of the tiles, separators, the "…" of shortened text, bullets).
const ALWAYS: &str = "–—→×…−▲▼·•÷±€“”‘’§°";

/// One weight reduced to the glyphs of one document. Glyph ids stay the CIDs the pages print
/// (printpdf's, `Face::hex_glyphs`'); `CIDToGIDMap` sends each to its glyph in the smaller file.
struct Subset {
    /// Compressed TrueType file, and its uncompressed length.
    file: (Vec<u8>, usize),
    /// Compressed CIDToGIDMap stream (2 bytes per CID).
    cid_to_gid: Vec<u8>,
    /// Compressed ToUnicode CMap (CID → character).
    to_unicode: Vec<u8>,
    /// The `W` array: each kept CID with its advance width in 1/1000 em.
    widths: Vec<Object>,
}

/// The glyphs of `weight` that print `chars` (and `ALWAYS`), as a subset of the embedded font.
fn subset(weight: Weight, chars: &BTreeSet<char>) -> AppResult<Subset> {
    let f = face(weight);
    let level = flate2::Compression::default();
    let mut glyphs: BTreeSet<u16> = chars
        .iter()
        .copied()
        .chain(ALWAYS.chars())
        .chain(' '..='~')
        .map(|c| f.glyph(c))
        .collect();
    glyphs.insert(0);
    let glyphs: Vec<u16> = glyphs.into_iter().collect();
    let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&glyphs);
    let file = subsetter::subset(f.ttf, 0, &remapper)
        .map_err(|e| AppError::internal(format!("pdf: subsetting {}: {e:?}", f.postscript_name)))?;
    let last = usize::from(glyphs.last().copied().unwrap_or(0));
    let mut cid_to_gid = vec![0u8; 2 * (last + 1)];
    let mut cmap = cmap_head("UCS", "Adobe-Identity-UCS", 2, 0xFFFF);
    let mapped: Vec<(u16, char)> = glyphs.iter().filter_map(|g| f.char_of(*g).map(|c| (*g, c))).collect();
    for chunk in mapped.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
        for (g, c) in chunk {
            let utf16: String = c.encode_utf16(&mut [0; 2]).iter().map(|u| format!("{u:04X}")).collect();
            let _ = writeln!(cmap, "<{g:04X}> <{utf16}>");
        }
        cmap.push_str("endbfchar\n");
    }
    let mut widths = Vec::with_capacity(2 * glyphs.len());
    for g in &glyphs {
        let at = 2 * usize::from(*g);
        cid_to_gid[at..at + 2].copy_from_slice(&remapper.get(*g).unwrap_or(0).to_be_bytes());
        let advance = f.advances.get(usize::from(*g)).copied().unwrap_or(0);
        widths.push(Object::Integer(i64::from(*g)));
        widths.push(Object::Array(vec![thousandths(f, advance).into()]));
    }
    Ok(Subset {
        file: (deflate(&file, level), file.len()),
        cid_to_gid: deflate(&cid_to_gid, level),
        to_unicode: deflate(cmap_tail(cmap).as_bytes(), level),
        widths,
    })
}

fn thousandths(f: &Face, units: u16) -> i64 {
    (f64::from(units) * 1000.0 / f.units_per_em).round() as i64
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

fn flate_stream(dict: Dictionary, bytes: &[u8]) -> Stream {
    let mut dict = dict;
    dict.set("Filter", name("FlateDecode"));
    Stream::new(dict, bytes.to_vec()).with_compression(false)
}

fn add_fonts(pdf: &mut lopdf::Document, chars: &BTreeSet<char>) -> AppResult<DocFonts> {
    let regular = subset(Weight::Regular, chars)?;
    let bold = subset(Weight::Bold, chars)?;
    let (regular, _) = add_identity_font(pdf, Weight::Regular, &regular);
    let (bold, bold_cid) = add_identity_font(pdf, Weight::Bold, &bold);
    Ok(DocFonts {
        regular,
        bold,
        bold_win: add_win_font(pdf, bold_cid),
    })
}

/// Font file and descriptor of a weight; returns the descriptor.
fn add_font_file(pdf: &mut lopdf::Document, weight: Weight, file: &(Vec<u8>, usize)) -> ObjectId {
    let f = face(weight);
    let mut dict = Dictionary::new();
    dict.set("Length1", file.1 as i64);
    let file_id = pdf.add_object(flate_stream(dict, &file.0));
    let scale = |v: i16| (f64::from(v) * 1000.0 / f.units_per_em).round() as i64;
    let mut d = Dictionary::new();
    d.set("Type", name("FontDescriptor"));
    d.set("FontName", name(&base_font(weight)));
    d.set("Flags", 32); // non-symbolic
    d.set(
        "FontBBox",
        f.bbox.iter().map(|v| scale(*v).into()).collect::<Vec<Object>>(),
    );
    d.set("ItalicAngle", 0);
    d.set("Ascent", scale(f.ascent));
    d.set("Descent", scale(f.descent));
    d.set("CapHeight", scale(f.cap_height));
    d.set("StemV", if weight == Weight::Bold { 120 } else { 80 });
    d.set("FontFile2", file_id);
    pdf.add_object(d)
}

/// Subset fonts carry a six-letter tag before their name.
fn base_font(weight: Weight) -> String {
    let tag = match weight {
        Weight::Regular => "RPTREG",
        Weight::Bold => "RPTBLD",
    };
    format!("{tag}+{}", face(weight).postscript_name)
}

/// An Identity-H font of a weight, its glyphs reduced to `subset`; returns it and its
/// descendant CID font.
fn add_identity_font(pdf: &mut lopdf::Document, weight: Weight, subset: &Subset) -> (ObjectId, ObjectId) {
    let descriptor = add_font_file(pdf, weight, &subset.file);
    let to_unicode = pdf.add_object(flate_stream(Dictionary::new(), &subset.to_unicode));
    let cid_to_gid = pdf.add_object(flate_stream(Dictionary::new(), &subset.cid_to_gid));
    let mut system = Dictionary::new();
    system.set("Registry", Object::string_literal("Adobe"));
    system.set("Ordering", Object::string_literal("Identity"));
    system.set("Supplement", 0);
    let mut cid = Dictionary::new();
    cid.set("Type", name("Font"));
    cid.set("Subtype", name("CIDFontType2"));
    cid.set("BaseFont", name(&base_font(weight)));
    cid.set("CIDSystemInfo", system);
    cid.set("FontDescriptor", descriptor);
    cid.set("CIDToGIDMap", cid_to_gid);
    cid.set("W", subset.widths.clone());
    let cid_id = pdf.add_object(cid);
    let mut font = Dictionary::new();
    font.set("Type", name("Font"));
    font.set("Subtype", name("Type0"));
    font.set("BaseFont", name(&base_font(weight)));
    font.set("Encoding", name("Identity-H"));
    font.set("DescendantFonts", vec![Object::Reference(cid_id)]);
    font.set("ToUnicode", to_unicode);
    (pdf.add_object(font), cid_id)
}

/// The name of the CMap that reads printpdf's two-byte Windows-1252 codes.
pub const WIN_CMAP: &str = "RPT-WinAnsi-H";

/// The bold weight for genpdf's built-in-font text: codes `<00XX>`, XX a Windows-1252 byte,
/// mapped to the glyph of that character (the CID font, with its widths, is the bold one).
fn add_win_font(pdf: &mut lopdf::Document, bold_cid: ObjectId) -> ObjectId {
    let mut system = Dictionary::new();
    system.set("Registry", Object::string_literal("Adobe"));
    system.set("Ordering", Object::string_literal("Identity"));
    system.set("Supplement", 0);
    let mut cmap = Dictionary::new();
    cmap.set("Type", name("CMap"));
    cmap.set("CMapName", name(WIN_CMAP));
    cmap.set("CIDSystemInfo", system);
    let encoding = pdf.add_object(flate_stream(cmap, &WIN_PARTS.encoding));
    let to_unicode = pdf.add_object(flate_stream(Dictionary::new(), &WIN_PARTS.to_unicode));
    let mut font = Dictionary::new();
    font.set("Type", name("Font"));
    font.set("Subtype", name("Type0"));
    font.set("BaseFont", name(&base_font(Weight::Bold)));
    font.set("Encoding", encoding);
    font.set("DescendantFonts", vec![Object::Reference(bold_cid)]);
    font.set("ToUnicode", to_unicode);
    pdf.add_object(font)
}

/// The two CMaps of the Windows-1252 bold font, compressed once per process.
struct WinParts {
    encoding: Vec<u8>,
    to_unicode: Vec<u8>,
}

static WIN_PARTS: LazyLock<WinParts> = LazyLock::new(|| {
    let f = face(Weight::Bold);
    let codes: Vec<(u8, char)> = (0u8..=255).filter_map(|b| win1252_char(b).map(|c| (b, c))).collect();
    let mut encoding = cmap_head("Identity", WIN_CMAP, 1, 0xFF);
    let mut to_unicode = cmap_head("UCS", "Adobe-Identity-UCS", 2, 0xFF);
    for chunk in codes.chunks(100) {
        let _ = writeln!(encoding, "{} begincidchar", chunk.len());
        let _ = writeln!(to_unicode, "{} beginbfchar", chunk.len());
        for (b, c) in chunk {
            let _ = writeln!(encoding, "<00{b:02X}> {}", f.glyph(*c));
            let _ = writeln!(to_unicode, "<00{b:02X}> <{:04X}>", u32::from(*c));
        }
        encoding.push_str("endcidchar\n");
        to_unicode.push_str("endbfchar\n");
    }
    let best = flate2::Compression::best();
    WinParts {
        encoding: deflate(cmap_tail(encoding).as_bytes(), best),
        to_unicode: deflate(cmap_tail(to_unicode).as_bytes(), best),
    }
});

/// The start of a CMap for two-byte codes 0000 to `last`.
fn cmap_head(ordering: &str, name: &str, kind: u8, last: u16) -> String {
    format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering ({ordering}) /Supplement 0 >> def\n\
         /CMapName /{name} def\n/CMapType {kind} def\n1 begincodespacerange\n<0000> <{last:04X}>\nendcodespacerange\n"
    )
}

fn cmap_tail(mut cmap: String) -> String {
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_table_agrees_with_lopdf() {
        // genpdf writes bold text with lopdf's encoder; the widths must be those of that byte
        for b in 0x20u8..=0xFF {
            if let Some(c) = win1252_char(b) {
                let written = lopdf::Document::encode_text(Some("WinAnsiEncoding"), &c.to_string());
                if written.is_empty() {
                    continue; // lopdf cannot write it (e.g. U+00A0), so `is_win1252` says no
                }
                assert_eq!(
                    win1252_char(written[0]),
                    Some(c),
                    "{c:?} is written as {:#04x}",
                    written[0]
                );
            }
        }
    }

    #[test]
    fn fonts_are_reduced_to_the_documents_glyphs() {
        let inflate = |bytes: &[u8]| {
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(bytes), &mut out).unwrap();
            out
        };
        let f = face(Weight::Regular);
        let chars: BTreeSet<char> = "Łódź Ωμέγα Дом Москва Đà Nẵng".chars().collect();
        let s = subset(Weight::Regular, &chars).unwrap();
        let cmap = String::from_utf8(inflate(&s.to_unicode)).unwrap();
        for (c, utf16) in [
            ('A', "0041"),
            ('▲', "25B2"),
            ('Ł', "0141"),
            ('Ω', "03A9"),
            ('Д', "0414"),
            ('ẵ', "1EB5"),
        ] {
            let g = f.glyph(c);
            assert_ne!(g, 0, "{c} is in the font");
            assert!(cmap.contains(&format!("<{g:04X}> <{utf16}>")), "{c}");
        }
        assert!(!cmap.contains("<0416>"), "Ж is not used: {cmap}");
        // every kept CID points at a glyph of the smaller file, in order; others at .notdef
        let map = inflate(&s.cid_to_gid);
        let gid = |c: char| {
            let at = 2 * usize::from(f.glyph(c));
            u16::from_be_bytes([map[at], map[at + 1]])
        };
        assert!(gid('A') > 0 && gid('B') == gid('A') + 1);
        let file = inflate(&s.file.0);
        assert_eq!(file.len(), s.file.1);
        let reduced = ttf_parser::Face::parse(&file, 0).unwrap();
        let kept = s.widths.len() / 2;
        let n = usize::from(reduced.number_of_glyphs());
        assert!(
            kept <= n && n < kept + 40,
            "the kept glyphs and their components: {n} for {kept}"
        );
        assert!(kept < 250, "{kept} glyphs of {}", f.advances.len());
        assert!(file.len() < f.ttf.len() / 3, "{} of {} bytes", file.len(), f.ttf.len());
    }
}
