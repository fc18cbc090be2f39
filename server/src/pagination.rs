//! Pages of lists, newest first: `first` rows after an opaque cursor. The same arguments serve
//! GraphQL (Relay connections) and REST (`?page_size=&cursor=`).

use app::types::page::Page;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{AppError, AppResult};

pub const DEFAULT_PAGE: i64 = 20;
pub const MAX_PAGE: i64 = 100;

/// A validated page request: how many rows, and the position (a row id, or an offset for lists
/// not ordered by id) after which they start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageArgs {
    pub first: i64,
    pub after: Option<i64>,
}

impl Default for PageArgs {
    fn default() -> Self {
        PageArgs {
            first: DEFAULT_PAGE,
            after: None,
        }
    }
}

impl PageArgs {
    /// `first_field` / `after_field` name the arguments in errors (`first` and `after` in
    /// GraphQL, `page_size` and `cursor` in REST).
    pub fn parse(first: Option<i64>, after: Option<&str>, first_field: &str, after_field: &str) -> AppResult<PageArgs> {
        let first = first.unwrap_or(DEFAULT_PAGE);
        if !(1..=MAX_PAGE).contains(&first) {
            return Err(AppError::invalid(
                first_field,
                format!("must be between 1 and {MAX_PAGE}"),
            ));
        }
        let after = after
            .filter(|a| !a.is_empty())
            .map(|a| decode(a, after_field))
            .transpose()?;
        Ok(PageArgs { first, after })
    }

    /// For lists paged by position: how many rows come before the page.
    pub fn offset(&self) -> i64 {
        self.after.map_or(0, |a| a.saturating_add(1))
    }

    /// Fetch this many rows: one more than asked tells whether another page follows.
    pub fn fetch(&self) -> i64 {
        self.first + 1
    }

    /// Makes the page from `fetch()` rows; `position` is what the next page starts after.
    pub fn page<T>(&self, mut rows: Vec<T>, total_count: i64, position: impl Fn(&T) -> i64) -> Page<T> {
        let has_next = rows.len() as i64 > self.first;
        rows.truncate(self.first as usize);
        let next_cursor = if has_next {
            rows.last().map(|r| encode(position(r)))
        } else {
            None
        };
        Page {
            items: rows,
            total_count,
            next_cursor,
            has_previous: self.after.is_some(),
        }
    }
}

pub fn encode(position: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("c1:{position}"))
}

fn decode(cursor: &str, field: &str) -> AppResult<i64> {
    let bad = || AppError::invalid(field, "is not a cursor from this API");
    let raw = URL_SAFE_NO_PAD.decode(cursor.trim()).map_err(|_| bad())?;
    let text = std::str::from_utf8(&raw).map_err(|_| bad())?;
    text.strip_prefix("c1:")
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n >= 0)
        .ok_or_else(bad)
}

/// An id from a URL's query or a form (`site=12`): `None` when empty.
pub fn optional_id(field: &str, raw: &str) -> AppResult<Option<i64>> {
    match raw.trim() {
        "" => Ok(None),
        raw => raw
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(Some)
            .ok_or_else(|| AppError::invalid(field, format!("`{raw}` is not an id"))),
    }
}

/// A page number from a URL (`page=`): 1 when empty, else 1–100,000.
pub fn page_number(raw: &str) -> AppResult<i64> {
    match raw.trim() {
        "" => Ok(1),
        raw => raw
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or_else(|| AppError::invalid("page", format!("`{raw}` is not a page number"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes_and_cursors_are_checked() {
        let p = PageArgs::parse(Some(10), Some(&encode(42)), "first", "after").unwrap();
        assert_eq!((p.first, p.after), (10, Some(42)));
        for bad in [0, -5, 101, i64::MAX] {
            assert_eq!(
                PageArgs::parse(Some(bad), None, "first", "after").unwrap_err().field(),
                Some("first")
            );
        }
        for bad in [
            "zzz",
            "YWJj",
            &URL_SAFE_NO_PAD.encode("c1:-1"),
            &URL_SAFE_NO_PAD.encode("c1:x"),
        ] {
            assert_eq!(
                PageArgs::parse(None, Some(bad), "page_size", "cursor")
                    .unwrap_err()
                    .field(),
                Some("cursor"),
                "{bad}"
            );
        }
        let p = PageArgs::parse(Some(2), None, "first", "after").unwrap();
        let page = p.page(vec![30, 20, 10], 3, |n| *n);
        assert_eq!(page.items, [30, 20]);
        assert_eq!(page.next_cursor, Some(encode(20)));
        assert!(!page.has_previous);
    }
}
