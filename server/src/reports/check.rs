//! The pre-send check: a report goes to a client only if the text of its PDF reads back (the
//! cover and every included section's heading are found in it, and every character it prints has
//! its glyph in the embedded font), it carries the logo its brand should show, and no section
//! failed. What fails is recorded on the report (`hold_reason`),
//! and sending refuses a held report.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use app::types::report::ReportData;
use lopdf::Object;
use lopdf::content::Content;

use super::render::fonts::{Weight, face, unprintable, win1252_char};
use super::render::pdf::WIN_CMAP;

/// Why this report may not be sent, or `None` when it may.
pub fn hold_reason(pdf: &[u8], data: &ReportData, expects_logo: bool, logo_problem: Option<&str>) -> Option<String> {
    let mut reasons: Vec<String> = data
        .failures
        .iter()
        .map(|f| format!("section {} failed: {}", f.section.title(), f.reason))
        .collect();
    let cannot_print = unprintable_in(data);
    if !cannot_print.is_empty() {
        let list: String = cannot_print.chars().take(12).collect();
        reasons.push(format!(
            "the report's text has characters its fonts cannot print: {list}"
        ));
    }
    match read(pdf) {
        Err(e) => reasons.push(format!("the PDF cannot be read: {e}")),
        Ok(found) => {
            let text = normalize(&found.text);
            let mut expected = vec![data.site_name.as_str()];
            expected.extend(data.sections.iter().map(|k| k.title()));
            let missing: Vec<&str> = expected.into_iter().filter(|t| !text.contains(&normalize(t))).collect();
            if !found.unembedded.is_empty() {
                let list: String = found.unembedded.iter().take(12).collect();
                reasons.push(format!("the PDF prints {list} without their glyphs in its fonts"));
            }
            if found.pages.is_empty() {
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

/// The characters of the report's text (every string of its data) that no font of the report
/// has: printpdf leaves them out and our own text prints them as blanks.
fn unprintable_in(data: &ReportData) -> String {
    fn strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
            serde_json::Value::Object(map) => map.values().for_each(|i| strings(i, out)),
            _ => {}
        }
    }
    let value = serde_json::to_value(data).unwrap_or_default();
    let mut all = Vec::new();
    strings(&value, &mut all);
    unprintable(&all.concat())
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the PDF holds, read back.
pub struct Found {
    /// Each page's text, in drawing order (the page's body, then its header and footer).
    pub pages: Vec<String>,
    /// The pages' text, one after the other.
    pub text: String,
    pub has_image: bool,
    /// Characters the pages print whose glyph the embedded font lacks (they would print blank).
    pub unembedded: BTreeSet<char>,
}

/// How a page's font turns string bytes into characters.
#[derive(Clone)]
enum Decoding {
    /// 2-byte glyph ids of one of our faces.
    Glyphs(Weight, Embedded),
    /// 2-byte codes whose low byte is Windows-1252 (`render::pdf`'s bold text).
    Win1252(Embedded),
    Unknown,
}

/// A CID font's `CIDToGIDMap`: which glyph ids (CIDs) the embedded file has (`None`: all, the
/// identity map).
type Embedded = Option<Rc<Vec<u8>>>;

fn is_embedded(map: &Embedded, cid: u16) -> bool {
    let Some(map) = map else { return true };
    let at = 2 * usize::from(cid);
    map.get(at..at + 2).is_some_and(|g| g != [0, 0])
}

/// Reads the text of a PDF written by `render::pdf` (its fonts, its encodings).
pub fn read(pdf: &[u8]) -> Result<Found, lopdf::Error> {
    let doc = lopdf::Document::load_mem(pdf)?;
    let mut texts = Vec::new();
    let mut unembedded = BTreeSet::new();
    for id in doc.get_pages().values() {
        let mut text = String::new();
        let fonts = page_fonts(&doc, *id);
        let content = Content::decode(&doc.get_page_content(*id)?)?;
        let mut current = Decoding::Unknown;
        let mut decode = |how: &Decoding, bytes: &[u8], out: &mut String| decode(how, bytes, out, &mut unembedded);
        for op in content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    if let Some(Ok(name)) = op.operands.first().map(Object::as_name) {
                        current = fonts.get(name).cloned().unwrap_or(Decoding::Unknown);
                    }
                }
                "Tj" | "'" | "\"" => {
                    for o in &op.operands {
                        if let Object::String(bytes, _) = o {
                            decode(&current, bytes, &mut text);
                        }
                    }
                }
                "TJ" => {
                    if let Some(Ok(items)) = op.operands.first().map(Object::as_array) {
                        for item in items {
                            if let Object::String(bytes, _) = item {
                                decode(&current, bytes, &mut text);
                            }
                        }
                    }
                }
                "ET" => text.push('\n'),
                _ => {}
            }
        }
        texts.push(text);
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
        text: texts.concat(),
        pages: texts,
        has_image,
        unembedded,
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
        (b"Type0", b"Identity-H", _) => {
            Decoding::Glyphs(if bold { Weight::Bold } else { Weight::Regular }, cid_to_gid(doc, font))
        }
        (b"Type0", _, Some(cmap)) if cmap == WIN_CMAP.as_bytes() => Decoding::Win1252(cid_to_gid(doc, font)),
        _ => Decoding::Unknown,
    }
}

/// The `CIDToGIDMap` stream of a Type0 font's descendant, decompressed (`None`: identity).
fn cid_to_gid(doc: &lopdf::Document, font: &lopdf::Dictionary) -> Embedded {
    let descendant = font
        .get(b"DescendantFonts")
        .and_then(Object::as_array)
        .ok()?
        .first()
        .and_then(|o| doc.dereference(o).ok())?
        .1
        .as_dict()
        .ok()?;
    let (_, map) = doc.dereference(descendant.get(b"CIDToGIDMap").ok()?).ok()?;
    let stream = map.as_stream().ok()?;
    let bytes = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
    Some(Rc::new(bytes))
}

fn decode(how: &Decoding, bytes: &[u8], out: &mut String, unembedded: &mut BTreeSet<char>) {
    match how {
        Decoding::Glyphs(weight, map) => {
            let f = face(*weight);
            for pair in bytes.chunks_exact(2) {
                let cid = u16::from_be_bytes([pair[0], pair[1]]);
                let c = f.char_of(cid);
                if !is_embedded(map, cid) {
                    unembedded.extend(c);
                }
                out.extend(c);
            }
        }
        Decoding::Win1252(map) => {
            let bold = face(Weight::Bold);
            for c in bytes.chunks_exact(2).filter_map(|p| win1252_char(p[1])) {
                if !is_embedded(map, bold.glyph(c)) {
                    unembedded.insert(c);
                }
                out.push(c);
            }
        }
        Decoding::Unknown => {}
    }
}

#[cfg(test)]
mod tests {
    use app::types::report::SectionKey;
    use lopdf::{Document, Stream, dictionary};

    use super::*;
    use crate::reports::brand::{Brand, Theme};
    use crate::reports::{document, render};

    /// Report data that names the site and the sections it claims, with no section data.
    fn data(sections: &[SectionKey]) -> ReportData {
        serde_json::from_value(serde_json::json!({
            "schema_version": 2, "site_id": 7, "site_name": "Lakeside Bakery",
            "site_domain": "lakeside.example", "report_type": "monthly",
            "period_start": "2026-10-01", "period_end": "2026-10-31",
            "previous_start": "2026-09-01", "previous_end": "2026-09-30",
            "generated_at": "2026-11-01T06:00:00Z", "sections": sections,
        }))
        .unwrap()
    }

    fn rendered(data: &ReportData) -> Vec<u8> {
        // a brand without a logo: the PDF has no image
        let brand = Brand::agency("Lakeside Agency", "#1F3A93", "#F5A623", "", "", "", "").unwrap();
        let doc = document::build(data, &brand, Theme::Light);
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
            .unwrap()
            .and_hms_opt(6, 0, 0)
            .unwrap();
        render::pdf::render(&doc, at, b"seed").unwrap()
    }

    /// A valid PDF of `pages` empty pages (no text, no image).
    fn blank(pages: usize) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let kids: Vec<Object> = (0..pages)
            .map(|_| {
                let content = doc.add_object(Stream::new(dictionary! {}, Vec::new()));
                doc.add_object(dictionary! {
                    "Type" => "Page", "Parent" => pages_id, "Contents" => content,
                    "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                })
                .into()
            })
            .collect();
        let count = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn a_complete_pdf_passes() {
        let d = data(&[]);
        assert_eq!(hold_reason(&rendered(&d), &d, false, None), None);
    }

    #[test]
    fn names_in_latin_greek_and_cyrillic_read_back_and_others_are_held_with_why() {
        for name in [
            "Пекарня «Озеро»",
            "Αρτοποιείο Λίμνη",
            "Tiệm Bánh Hồ",
            "Łódź Piekarnia ąęś",
        ] {
            let mut d = data(&[]);
            d.site_name = name.into();
            let pdf = rendered(&d);
            assert_eq!(hold_reason(&pdf, &d, false, None), None, "{name}");
            assert!(normalize(&read(&pdf).unwrap().text).contains(name), "{name}");
        }
        let mut d = data(&[]);
        d.site_name = "東京ベーカリー".into();
        let reason = hold_reason(&rendered(&d), &d, false, None).unwrap();
        assert_eq!(
            reason,
            "the report's text has characters its fonts cannot print: 東京ベーカリ; \
             the PDF's text lacks 東京ベーカリー"
        );
    }

    #[test]
    fn a_character_printed_without_its_glyph_is_held() {
        let d = data(&[]);
        let pdf = rendered(&d);
        assert!(read(&pdf).unwrap().unembedded.is_empty());
        // the bold font loses every glyph but .notdef: the cover's bold title prints blank
        let mut doc = Document::load_mem(&pdf).unwrap();
        let maps: Vec<lopdf::ObjectId> = doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|f| {
                f.get(b"BaseFont")
                    .and_then(Object::as_name)
                    .is_ok_and(|n| n.ends_with(b"Bold"))
            })
            .filter_map(|f| f.get(b"CIDToGIDMap").and_then(Object::as_reference).ok())
            .collect();
        assert_eq!(maps.len(), 1);
        let stream = doc.get_object_mut(maps[0]).unwrap().as_stream_mut().unwrap();
        let zeros = vec![0u8; stream.decompressed_content().unwrap().len()];
        stream.dict.remove(b"Filter");
        stream.set_content(zeros);
        let mut broken = Vec::new();
        doc.save_to(&mut broken).unwrap();
        let reason = hold_reason(&broken, &d, false, None).unwrap();
        assert!(reason.starts_with("the PDF prints "), "{reason}");
        assert!(reason.contains("without their glyphs in its fonts"), "{reason}");
    }

    #[test]
    fn a_pdf_that_does_not_read_is_held() {
        let reason = hold_reason(b"%PDF-1.5 garbage", &data(&[]), false, None).unwrap();
        assert!(reason.starts_with("the PDF cannot be read"), "{reason}");
    }

    #[test]
    fn a_pdf_without_text_or_pages_is_held() {
        let d = data(&[SectionKey::Traffic]);
        let reason = hold_reason(&blank(1), &d, false, None).unwrap();
        assert_eq!(reason, "the PDF's text lacks Lakeside Bakery, Organic Traffic");
        let reason = hold_reason(&blank(0), &d, false, None).unwrap();
        assert_eq!(reason, "the PDF has no pages");
    }

    #[test]
    fn a_section_that_is_not_printed_is_missed() {
        // the data claims the traffic section, but it has nothing the renderer could print
        let d = data(&[SectionKey::Traffic, SectionKey::Social]);
        let reason = hold_reason(&rendered(&data(&[])), &d, false, None).unwrap();
        assert_eq!(reason, "the PDF's text lacks Organic Traffic, Social Media");
    }

    #[test]
    fn a_missing_logo_and_a_failed_section_are_held_with_their_reasons() {
        let mut d = data(&[]);
        let pdf = rendered(&d);
        assert_eq!(
            hold_reason(&pdf, &d, true, Some("the logo is larger than 2 MB")).unwrap(),
            "the PDF lacks the brand's logo (the logo is larger than 2 MB)"
        );
        d.failures.push(app::types::report::SectionFailure {
            section: SectionKey::SagHealth,
            reason: "content_gaps is not JSON".into(),
        });
        assert_eq!(
            hold_reason(&pdf, &d, true, None).unwrap(),
            "section SAG Health failed: content_gaps is not JSON; the PDF lacks the brand's logo"
        );
    }
}
