//! The two typefaces reports print with — DejaVu Sans and DejaVu Sans Bold, reduced ahead of time
//! to the characters reports use (`scripts/subset-fonts.sh`) — and what the renderers need of
//! them: glyph ids and advance widths (for text the PDF writer places itself), the characters each
//! glyph stands for (for the PDF's ToUnicode maps) and the font-wide metrics.

use std::sync::LazyLock;

pub const REGULAR_TTF: &[u8] = include_bytes!("../../../fonts/DejaVuSans-subset.ttf");
pub const BOLD_TTF: &[u8] = include_bytes!("../../../fonts/DejaVuSans-Bold-subset.ttf");
/// Both faces with only their Latin-1 and Latin Extended-A glyphs drawn, at the same glyph ids
/// (`scripts/subset-fonts.sh`): what genpdf lays out with when a report's text fits in them.
pub const REGULAR_LATIN_TTF: &[u8] = include_bytes!("../../../fonts/DejaVuSans-latin.ttf");
pub const BOLD_LATIN_TTF: &[u8] = include_bytes!("../../../fonts/DejaVuSans-Bold-latin.ttf");

/// The regular face genpdf should lay out `chars` with: the Latin one when it has them all,
/// else the whole face. Both give the same glyph ids, so the PDF does not depend on the choice;
/// the Latin one is faster (printpdf measures every glyph of the font it embeds: 1,481 against
/// 397). The bold weight is a built-in font for genpdf (Windows-1252 only), so its Latin face
/// always does.
pub fn layout_regular(chars: &std::collections::BTreeSet<char>) -> &'static [u8] {
    static LATIN: LazyLock<Face> = LazyLock::new(|| Face::parse(REGULAR_LATIN_TTF, "DejaVuSans"));
    if chars.iter().all(|c| c.is_whitespace() || LATIN.glyph(*c) != 0) {
        REGULAR_LATIN_TTF
    } else {
        REGULAR_TTF
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weight {
    Regular,
    Bold,
}

/// One parsed typeface.
pub struct Face {
    pub ttf: &'static [u8],
    /// PostScript name, as the PDF names the embedded font.
    pub postscript_name: &'static str,
    pub units_per_em: f64,
    pub ascent: i16,
    pub descent: i16,
    pub cap_height: i16,
    /// xMin, yMin, xMax, yMax in font units.
    pub bbox: [i16; 4],
    /// Advance width of every glyph, in font units, indexed by glyph id.
    pub advances: Vec<u16>,
    /// Every character the font maps, with its glyph, in character order.
    pub chars: Vec<(char, u16)>,
    /// The (first) character of each glyph, indexed by glyph id.
    by_glyph: Vec<Option<char>>,
}

impl Face {
    fn parse(ttf: &'static [u8], postscript_name: &'static str) -> Face {
        // Both files are compiled into the binary and checked by the tests below.
        let face = ttf_parser::Face::parse(ttf, 0).expect("embedded font parses");
        let advances = (0..face.number_of_glyphs())
            .map(|g| face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0))
            .collect();
        let mut chars = Vec::new();
        if let Some(cmap) = face.tables().cmap {
            for table in cmap.subtables.into_iter().filter(|t| t.is_unicode()) {
                table.codepoints(|cp| {
                    if let (Some(c), Some(g)) = (char::from_u32(cp), table.glyph_index(cp)) {
                        chars.push((c, g.0));
                    }
                });
            }
        }
        chars.sort_unstable();
        chars.dedup();
        let mut by_glyph = vec![None; usize::from(face.number_of_glyphs())];
        for (c, g) in &chars {
            if let Some(slot @ None) = by_glyph.get_mut(usize::from(*g)) {
                *slot = Some(*c);
            }
        }
        let b = face.global_bounding_box();
        Face {
            ttf,
            postscript_name,
            units_per_em: f64::from(face.units_per_em()),
            ascent: face.ascender(),
            descent: face.descender(),
            cap_height: face.capital_height().unwrap_or(face.ascender()),
            bbox: [b.x_min, b.y_min, b.x_max, b.y_max],
            advances,
            chars,
            by_glyph,
        }
    }

    /// The character a glyph prints (reading text back out of a PDF).
    pub fn char_of(&self, glyph: u16) -> Option<char> {
        self.by_glyph.get(usize::from(glyph)).copied().flatten()
    }

    /// The glyph for a character; 0 (the "missing" glyph) when the font has none.
    pub fn glyph(&self, c: char) -> u16 {
        self.chars
            .binary_search_by_key(&c, |(ch, _)| *ch)
            .map_or(0, |i| self.chars[i].1)
    }

    /// Width of `s` at `size` (in the units `size` is in).
    pub fn width(&self, s: &str, size: f64) -> f64 {
        let units: u32 = s
            .chars()
            .map(|c| u32::from(self.advances.get(usize::from(self.glyph(c))).copied().unwrap_or(0)))
            .sum();
        f64::from(units) * size / self.units_per_em
    }

    /// Height from the baseline to the top of the tallest letters at `size`.
    pub fn ascent_at(&self, size: f64) -> f64 {
        f64::from(self.ascent) * size / self.units_per_em
    }

    /// Line height (ascent + descent) at `size`.
    pub fn height_at(&self, size: f64) -> f64 {
        f64::from(self.ascent - self.descent) * size / self.units_per_em
    }

    /// `s` as a PDF hex string of 2-byte glyph ids, for the Identity-H encoding.
    pub fn hex_glyphs(&self, s: &str) -> String {
        let mut out = String::with_capacity(2 + 4 * s.len());
        out.push('<');
        for c in s.chars() {
            out.push_str(&format!("{:04X}", self.glyph(c)));
        }
        out.push('>');
        out
    }

    /// `s` broken at spaces into lines of at most `max` points; at most `lines` lines, the last one
    /// shortened with "…" if the text goes on.
    pub fn wrap(&self, s: &str, size: f64, max: f64, lines: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut words = s.split_whitespace().peekable();
        while let Some(first) = words.next() {
            if out.len() + 1 == lines {
                let rest: Vec<&str> = std::iter::once(first).chain(words).collect();
                out.push(self.fit(&rest.join(" "), size, max));
                break;
            }
            let mut line = first.to_owned();
            while let Some(next) = words.peek() {
                if self.width(&format!("{line} {next}"), size) > max {
                    break;
                }
                line = format!("{line} {next}");
                words.next();
            }
            out.push(self.fit(&line, size, max));
        }
        out
    }

    /// The longest prefix of `s` that fits in `max` at `size`, with "…" when cut.
    pub fn fit(&self, s: &str, size: f64, max: f64) -> String {
        if self.width(s, size) <= max {
            return s.to_owned();
        }
        let budget = max - self.width("…", size);
        let mut out = String::new();
        let mut used = 0.0;
        for c in s.chars() {
            let w = self.width(c.encode_utf8(&mut [0; 4]), size);
            if used + w > budget {
                break;
            }
            used += w;
            out.push(c);
        }
        format!("{}…", out.trim_end())
    }
}

static FACES: LazyLock<[Face; 2]> = LazyLock::new(|| {
    [
        Face::parse(REGULAR_TTF, "DejaVuSans"),
        Face::parse(BOLD_TTF, "DejaVuSans-Bold"),
    ]
});

pub fn face(weight: Weight) -> &'static Face {
    &FACES[weight as usize]
}

/// The characters of `text` reports cannot print (not in the fonts; whitespace and control
/// characters aside), each once, in order.
pub fn unprintable(text: &str) -> String {
    let regular = face(Weight::Regular);
    let mut out = String::new();
    for c in text.chars() {
        if !c.is_whitespace() && !c.is_control() && regular.glyph(c) == 0 && !out.contains(c) {
            out.push(c);
        }
    }
    out
}

/// Whether every character of `s` exists in Windows-1252, the encoding genpdf uses for the bold
/// weight (see `render::pdf`): the same test genpdf applies before it prints.
pub fn is_win1252(s: &str) -> bool {
    lopdf::Document::encode_text(Some("WinAnsiEncoding"), s).len() == s.chars().count()
}

/// Characters of the Windows-1252 bytes 0x80–0x9F (the rest is Latin-1); `None` = unassigned.
const WIN1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

pub fn win1252_char(byte: u8) -> Option<char> {
    match byte {
        0x80..=0x9F => WIN1252_HIGH[usize::from(byte - 0x80)],
        // the PDF's WinAnsiEncoding also has the bullet here, and lopdf writes it here
        0x7F => Some('•'),
        b => Some(char::from(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_parse_and_map_the_report_characters() {
        for w in [Weight::Regular, Weight::Bold] {
            let f = face(w);
            assert!(f.units_per_em > 0.0 && f.ascent > 0 && f.descent < 0);
            for c in "Aa1 €é ü ß ł č — – · ▲ ▼ − ±".chars() {
                assert_ne!(f.glyph(c), 0, "{c:?} in {w:?}");
            }
            assert_eq!(f.glyph('漢'), 0, "not in the subset");
            assert_ne!(f.glyph('Ж'), 0, "Cyrillic in {w:?}");
            assert!(f.width("WWW", 10.0) > f.width("iii", 10.0));
        }
        assert_eq!(unprintable("Łódź Москва Ωμέγα Hà Nội"), "");
        assert_eq!(unprintable("東京 and 東京 ☃"), "東京☃");
        let r = face(Weight::Regular);
        assert_eq!(r.hex_glyphs("A").len(), 6);
        let cut = r.fit("A long footer line that does not fit", 8.0, 40.0);
        assert!(cut.ends_with('…') && r.width(&cut, 8.0) <= 40.0, "{cut}");
        assert_eq!(r.fit("short", 8.0, 400.0), "short");
    }

    #[test]
    fn the_latin_faces_have_the_whole_faces_glyph_ids_and_widths() {
        for (bytes, w) in [(REGULAR_LATIN_TTF, Weight::Regular), (BOLD_LATIN_TTF, Weight::Bold)] {
            let latin = Face::parse(bytes, "latin");
            let whole = face(w);
            assert!(latin.chars.len() > 300 && latin.chars.len() < whole.chars.len());
            for (c, g) in &latin.chars {
                assert_eq!(whole.glyph(*c), *g, "{c:?}");
                assert_eq!(
                    latin.advances[usize::from(*g)],
                    whole.advances[usize::from(*g)],
                    "{c:?}"
                );
            }
            for c in (0x20u8..=0xFF)
                .filter_map(win1252_char)
                .filter(|c| is_win1252(&c.to_string()))
            {
                assert_ne!(latin.glyph(c), 0, "{c:?}: bold text is Windows-1252");
            }
        }
        let chars = |s: &str| s.chars().collect::<std::collections::BTreeSet<char>>();
        assert_eq!(layout_regular(&chars("Łódź — 12 € ▲")).len(), REGULAR_LATIN_TTF.len());
        assert_eq!(layout_regular(&chars("Москва")).len(), REGULAR_TTF.len());
    }

    #[test]
    fn windows_1252_test_matches_what_genpdf_accepts() {
        assert!(is_win1252("Café — 1,234 € · ±0 “quoted” •"));
        assert!(!is_win1252("Łódź"));
        assert!(!is_win1252("▲ 3"));
        assert!(!is_win1252("−5"));
    }
}
