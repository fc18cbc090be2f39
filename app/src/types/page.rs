//! One page of a list (REST answers it as is; GraphQL as a Relay connection).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Rows in the whole list (all pages).
    pub total_count: i64,
    /// Pass as `after` (GraphQL) or `cursor` (REST) for the next page; `None` on the last.
    pub next_cursor: Option<String>,
    pub has_previous: bool,
}

impl<T> Page<T> {
    /// The same page with every item converted.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total_count: self.total_count,
            next_cursor: self.next_cursor,
            has_previous: self.has_previous,
        }
    }
}
