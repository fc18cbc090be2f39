//! Reading the text of an export as the tools write it: UTF-8 with or without a BOM, UTF-16
//! with a BOM (Ahrefs), numbers in the UI's language (`1,234`, `5,26 %`, `12,3`, non-breaking
//! spaces), and CSV cells that are spreadsheet formulas rather than data.

use app::types::import::ImportNote;

/// A note (or the error) about the file, a row or a cell.
pub fn note(row: Option<i64>, column: &str, message: impl Into<String>) -> ImportNote {
    ImportNote {
        part: String::new(),
        row,
        column: column.to_owned(),
        message: message.into(),
    }
}

/// The file's text: UTF-8 (a BOM is dropped) or UTF-16 with a BOM; anything else is refused
/// with where the first undecodable byte is.
pub fn decode(bytes: &[u8]) -> Result<String, ImportNote> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest, 3);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    utf8(bytes, 0)
}

fn utf8(bytes: &[u8], offset: usize) -> Result<String, ImportNote> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        note(
            None,
            "",
            format!(
                "not UTF-8 text: byte 0x{:02X} at offset {} cannot be read; export the file again as UTF-8 or UTF-16",
                bytes[at],
                at + offset
            ),
        )
    })
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, ImportNote> {
    if !bytes.len().is_multiple_of(2) {
        return Err(note(
            None,
            "",
            "UTF-16 text with an odd number of bytes: the file is cut short",
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .enumerate()
        .map(|(i, c)| {
            c.map_err(|_| {
                note(
                    None,
                    "",
                    format!("not UTF-16 text: an unpaired surrogate at offset {}", 2 + i * 2),
                )
            })
        })
        .collect()
}

/// An integer count as a UI writes it: `1234`, `1,234`, `1.234`, `1 234` (with a space or a
/// non-breaking one).
pub fn count(raw: &str) -> Result<i64, String> {
    let digits: String = raw.chars().filter(|c| !is_group_separator(*c)).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`{raw}` is not a whole number"));
    }
    digits.parse().map_err(|_| format!("`{raw}` is too large"))
}

fn is_group_separator(c: char) -> bool {
    matches!(c, ',' | '.' | ' ' | '\'' | '\u{a0}' | '\u{202f}')
}

/// A decimal as a UI writes it: `12.3`, `12,3`, `1,234.5`, `1.234,5`, `1 234,5`; the last of
/// `.` and `,` is the decimal separator.
pub fn decimal(raw: &str) -> Result<f64, String> {
    let compact: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\'' | '\u{a0}' | '\u{202f}'))
        .collect();
    let last = compact.rfind(['.', ',']);
    let normal: String = compact
        .char_indices()
        .filter_map(|(i, c)| match c {
            '.' | ',' if Some(i) == last => Some('.'),
            '.' | ',' => None,
            _ => Some(c),
        })
        .collect();
    let plain = !normal.is_empty() && normal.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    match normal.parse::<f64>() {
        Ok(v) if plain && v.is_finite() => Ok(v),
        _ => Err(format!("`{raw}` is not a number")),
    }
}

/// A percentage as a fraction: `5.26%`, `5,26 %`, `5.26` (a bare number is a percentage too).
pub fn percent(raw: &str) -> Result<f64, String> {
    let trimmed = raw
        .trim()
        .trim_end_matches('%')
        .trim_end_matches(['\u{a0}', '\u{202f}', ' ']);
    let v = decimal(trimmed).map_err(|_| format!("`{raw}` is not a percentage"))?;
    if !(0.0..=100.0).contains(&v) {
        return Err(format!("`{raw}` is not between 0 % and 100 %"));
    }
    Ok(v / 100.0)
}

/// Refuses a cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `+cmd|…`):
/// exports never contain one, so it is a forged or edited file.
pub fn not_formula(cell: &str) -> Result<(), String> {
    let mut chars = cell.trim_start_matches([' ', '\t', '\r', '\n']).chars();
    let formula = match chars.next() {
        Some('=' | '@') => true,
        Some('+' | '-') => chars
            .next()
            .is_some_and(|c| c.is_alphabetic() || matches!(c, '(' | '=' | '@')),
        _ => false,
    };
    if formula {
        let shown: String = cell.chars().take(40).collect();
        return Err(format!("`{shown}` is a spreadsheet formula, not data"));
    }
    Ok(())
}

/// The rows of a CSV (comma, semicolon or tab separated: whichever the header line uses most),
/// header first, every cell checked for formulas.
pub fn csv_rows(text: &str) -> Result<Vec<Vec<String>>, ImportNote> {
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|d| header_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| note(Some(i as i64), "", format!("not a readable CSV row: {e}")))?;
        let row: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        if row.iter().all(String::is_empty) {
            continue;
        }
        rows.push(row);
    }
    let Some(header) = rows.first() else {
        return Err(note(None, "", "the file is empty"));
    };
    for (i, row) in rows.iter().enumerate().skip(1) {
        for (j, cell) in row.iter().enumerate() {
            not_formula(cell).map_err(|m| note(Some(i as i64), header.get(j).map_or("", |h| h), m))?;
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_the_ui_languages() {
        assert_eq!(count("1,234"), Ok(1234));
        assert_eq!(count("1.234"), Ok(1234));
        assert_eq!(count("1\u{a0}234"), Ok(1234));
        assert!(count("12a").is_err());
        assert!(count("-3").is_err());
        assert_eq!(decimal("12,3"), Ok(12.3));
        assert_eq!(decimal("1,234.5"), Ok(1234.5));
        assert_eq!(decimal("1.234,5"), Ok(1234.5));
        assert!(decimal("abc").is_err());
        assert!(decimal("").is_err());
        assert!((percent("5,26 %").unwrap() - 0.0526).abs() < 1e-12);
        assert!((percent("5.26%").unwrap() - 0.0526).abs() < 1e-12);
        assert!(percent("120%").is_err());
    }

    #[test]
    fn encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b").unwrap(), "a,b");
        assert_eq!(decode(&[0xFF, 0xFE, b'a', 0, b'\t', 0, b'b', 0]).unwrap(), "a\tb");
        let latin1 = decode(b"caf\xE9").unwrap_err();
        assert!(latin1.message.contains("offset 3"), "{}", latin1.message);
        assert!(decode(&[0xFF, 0xFE, b'a']).is_err());
    }

    #[test]
    fn formulas_are_refused() {
        assert!(not_formula("=HYPERLINK(\"http://x\",\"y\")").is_err());
        assert!(not_formula("@SUM(A1)").is_err());
        assert!(not_formula("+cmd|' /C calc'!A0").is_err());
        assert!(not_formula("-2+3").is_ok());
        assert!(not_formula("dentist near me").is_ok());
        let e = csv_rows("Top queries,Clicks\n=HYPERLINK(\"x\"),3\n").unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (Some(1), "Top queries"));
    }
}
