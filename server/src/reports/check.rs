//! The pre-send check: a report goes to a client only if the text of its PDF reads back (the
//! cover and every included section's heading are found in it), it carries the logo its brand
//! should show, and no section failed. What fails is recorded on the report (`hold_reason`),
//! and sending refuses a held report.

use std::collections::BTreeMap;

use app::types::report::ReportData;
use lopdf::Object;
use lopdf::content::Content;

use super::render::fonts::{Weight, face, win1252_char};
use super::render::pdf::WIN_CMAP;

/// Why this report may not be sent, or `None` when it may.
pub fn hold_reason(pdf: &[u8], data: &ReportData, expects_logo: bool, logo_problem: Option<&str>) -> Option<String> {
    let mut reasons: Vec<String> = data
        .failures
        .iter()
        .map(|f| format!("section {} failed: {}", f.section.title(), f.reason))
        .collect();
    match read(pdf) {
        Err(e) => reasons.push(format!("the PDF cannot be read: {e}")),
        Ok(found) => {
            let text = normalize(&found.text);
            let mut expected = vec![data.site_name.as_str()];
            expected.extend(data.sections.iter().map(|k| k.title()));
            let missing: Vec<&str> = expected.into_iter().filter(|t| !text.contains(&normalize(t))).collect();
            if found.pages == 0 {
                reasons.push("the PDF has no pages".into());
            } else if !missing.is_empty() {
                reasons.push(format!("the PDF's text lacks {}", missing.join(", ")));
            }
            if expects_logo && !found.has_image {
                reasons.push(match logo_problem {
                    Some(why) => format!("the PDF lacks the brand's logo ({why})"),
                    None => "the PDF lacks the brand's logo".into(),
                });
            }
        }
    }
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the PDF holds, read back.
pub struct Found {
    pub pages: usize,
    /// The text of every page, in drawing order.
    pub text: String,
    pub has_image: bool,
}

/// How a page's font turns string bytes into characters.
#[derive(Clone, Copy)]
enum Decoding {
    /// 2-byte glyph ids of one of our faces.
    Glyphs(Weight),
    /// 2-byte codes whose low byte is Windows-1252 (`render::pdf`'s bold text).
    Win1252,
    Unknown,
}

/// Reads the text of a PDF written by `render::pdf` (its fonts, its encodings).
pub fn read(pdf: &[u8]) -> Result<Found, lopdf::Error> {
    let doc = lopdf::Document::load_mem(pdf)?;
    let pages = doc.get_pages();
    let mut text = String::new();
    for id in pages.values() {
        let fonts = page_fonts(&doc, *id);
        let content = Content::decode(&doc.get_page_content(*id)?)?;
        let mut current = Decoding::Unknown;
        for op in content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    if let Some(Ok(name)) = op.operands.first().map(Object::as_name) {
                        current = fonts.get(name).copied().unwrap_or(Decoding::Unknown);
                    }
                }
                "Tj" | "'" | "\"" => {
                    for o in &op.operands {
                        if let Object::String(bytes, _) = o {
                            decode(current, bytes, &mut text);
                        }
                    }
                }
                "TJ" => {
                    if let Some(Ok(items)) = op.operands.first().map(Object::as_array) {
                        for item in items {
                            if let Object::String(bytes, _) = item {
                                decode(current, bytes, &mut text);
                            }
                        }
                    }
                }
                "ET" => text.push('\n'),
                _ => {}
            }
        }
    }
    let has_image = doc.objects.values().any(|o| match o {
        Object::Stream(s) => s
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Image"),
        _ => false,
    });
    Ok(Found {
        pages: pages.len(),
        text,
        has_image,
    })
}

/// The page's fonts by resource name (lopdf's own lookup misses a `/Font` given by reference,
/// which is how printpdf writes it).
fn page_fonts(doc: &lopdf::Document, page: lopdf::ObjectId) -> BTreeMap<Vec<u8>, Decoding> {
    let (inline, ids) = doc.get_page_resources(page);
    let dicts = inline
        .into_iter()
        .chain(ids.into_iter().filter_map(|id| doc.get_dictionary(id).ok()));
    let mut fonts = BTreeMap::new();
    for resources in dicts {
        let Ok((_, Object::Dictionary(font_dict))) = resources.get(b"Font").and_then(|o| doc.dereference(o)) else {
            continue;
        };
        for (name, value) in font_dict.iter() {
            if let Ok((_, Object::Dictionary(font))) = doc.dereference(value) {
                fonts.entry(name.clone()).or_insert_with(|| decoding(doc, font));
            }
        }
    }
    fonts
}

fn decoding(doc: &lopdf::Document, font: &lopdf::Dictionary) -> Decoding {
    let name = |k: &[u8]| font.get(k).and_then(Object::as_name).unwrap_or_default();
    let bold = name(b"BaseFont").windows(4).any(|w| w == b"Bold");
    let cmap_name = font
        .get(b"Encoding")
        .and_then(|o| doc.dereference(o))
        .ok()
        .and_then(|(_, o)| o.as_stream().ok())
        .and_then(|s| s.dict.get(b"CMapName").and_then(Object::as_name).ok());
    match (name(b"Subtype"), name(b"Encoding"), cmap_name) {
        (b"Type0", b"Identity-H", _) => Decoding::Glyphs(if bold { Weight::Bold } else { Weight::Regular }),
        (b"Type0", _, Some(cmap)) if cmap == WIN_CMAP.as_bytes() => Decoding::Win1252,
        _ => Decoding::Unknown,
    }
}

fn decode(how: Decoding, bytes: &[u8], out: &mut String) {
    match how {
        Decoding::Glyphs(weight) => {
            let f = face(weight);
            for pair in bytes.chunks_exact(2) {
                out.extend(f.char_of(u16::from_be_bytes([pair[0], pair[1]])));
            }
        }
        Decoding::Win1252 => out.extend(bytes.chunks_exact(2).filter_map(|p| win1252_char(p[1]))),
        Decoding::Unknown => {}
    }
}
