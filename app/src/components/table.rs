//! Tables whose whole state — sort, filters, search, page — is in the URL's query, so every view
//! is a link that works without JavaScript and survives a reload.

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

use crate::api::session::encode_query_value;

/// `path` with the query `current` changed by `changes` (`None` removes a key). Changing
/// anything but the page starts the list again from its first page.
pub fn href_with(path: &str, current: &ParamsMap, changes: &[(&str, Option<String>)]) -> String {
    let pairs = current
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_owned()))
        .collect();
    href_from(path, pairs, changes)
}

fn href_from(path: &str, current: Vec<(String, String)>, changes: &[(&str, Option<String>)]) -> String {
    let paging = ["after", "before", "page", "cursor"];
    let resets_paging = changes.iter().any(|(k, _)| !paging.contains(k));
    let mut pairs: Vec<(String, String)> = current
        .into_iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .filter(|(k, _)| !(resets_paging && paging.contains(&k.as_str())))
        .filter(|(k, _)| !matches!(k.as_str(), "done" | "error" | "field" | "confirm"))
        .collect();
    for (k, v) in changes {
        if let Some(v) = v {
            pairs.push(((*k).to_owned(), v.clone()));
        }
    }
    if pairs.is_empty() {
        return path.to_owned();
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode_query_value(v)))
        .collect();
    format!("{path}?{}", query.join("&"))
}

/// A table that scrolls sideways when it is wider than the page: focusable and named, so that a
/// keyboard can scroll it and a screen reader announces it.
#[component]
pub fn TableWrap(#[prop(into)] label: String, children: Children) -> impl IntoView {
    view! { <div class="table-wrap" tabindex="0" role="region" aria-label=label>{children()}</div> }
}

/// A column header that sorts by `key` (a link; again reverses the order), with `aria-sort`.
#[component]
pub fn SortHeader(
    #[prop(into)] key: String,
    #[prop(into)] label: String,
    #[prop(into)] path: String,
    query: ParamsMap,
    /// The sort when the URL names none.
    #[prop(optional, into)]
    default: Option<String>,
    /// Whether the default sort runs from the highest (newest) down.
    #[prop(optional)]
    default_desc: bool,
    #[prop(optional)] numeric: bool,
) -> impl IntoView {
    let named = query.get("sort");
    let here = named.clone().or(default).as_deref() == Some(key.as_str());
    let desc = here
        && match query.get("dir") {
            Some(dir) => dir == "desc",
            None => named.is_none() && default_desc,
        };
    let next_dir = if here && !desc { "desc" } else { "asc" };
    let href = href_with(
        &path,
        &query,
        &[("sort", Some(key.clone())), ("dir", Some(next_dir.to_owned()))],
    );
    let aria = here.then_some(if desc { "descending" } else { "ascending" });
    let arrow = here.then_some(if desc { "▼" } else { "▲" });
    view! {
        <th scope="col" aria-sort=aria class=numeric.then_some("num")>
            <a href=href data-test=format!("sort-{key}")>
                {label}
                {arrow.map(|a| view! { <span class="arrow" aria-hidden="true">{a}</span> })}
            </a>
        </th>
    }
}

/// "Rows 51–100 of 1,234" with links to the page before and after (`prev`/`next`: their URLs,
/// from `keyset_links` or a page number).
#[component]
pub fn Pager(
    first: i64,
    shown: usize,
    matching: i64,
    prev: Option<String>,
    next: Option<String>,
    #[prop(into)] noun: String,
) -> impl IntoView {
    let range = if shown == 0 {
        format!("No {noun}")
    } else {
        format!(
            "{}–{} of {} {noun}",
            first,
            first + shown as i64 - 1,
            crate::types::money::group_digits(matching)
        )
    };
    view! {
        <nav class="pager" aria-label="Pages">
            <span data-test="pager-range">{range}</span>
            <span class="links">
                {match prev {
                    Some(h) => view! { <a class="button secondary small" href=h rel="prev" data-test="prev-page">"← Previous"</a> }.into_any(),
                    None => view! { <span class="button secondary small" aria-disabled="true">"← Previous"</span> }.into_any(),
                }}
                {match next {
                    Some(h) => view! { <a class="button secondary small" href=h rel="next" data-test="next-page">"Next →"</a> }.into_any(),
                    None => view! { <span class="button secondary small" aria-disabled="true">"Next →"</span> }.into_any(),
                }}
            </span>
        </nav>
    }
}

/// The URLs of the pages before and after a keyset page (`before`/`after` a row's id).
pub fn keyset_links(
    path: &str,
    query: &ParamsMap,
    prev_before: Option<i64>,
    next_after: Option<i64>,
) -> (Option<String>, Option<String>) {
    (
        prev_before.map(|b| href_with(path, query, &[("before", Some(b.to_string())), ("after", None)])),
        next_after.map(|a| href_with(path, query, &[("after", Some(a.to_string())), ("before", None)])),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn links_change_one_thing_and_restart_paging() {
        let q = pairs(&[("tier", "pro"), ("after", "17"), ("done", "saved")]);
        let h = href_from("/services", q.clone(), &[("sort", Some("price".into()))]);
        assert!(
            h.starts_with("/services?") && h.contains("tier=pro") && h.contains("sort=price"),
            "{h}"
        );
        assert!(!h.contains("after=") && !h.contains("done="), "{h}");
        let next = href_from("/services", q, &[("after", Some("42".into()))]);
        assert!(next.contains("after=42") && next.contains("tier=pro"), "{next}");
        assert_eq!(href_from("/services", vec![], &[("q", None)]), "/services");
        assert_eq!(
            href_from("/x", vec![], &[("q", Some("a b&c".into()))]),
            "/x?q=a%20b%26c"
        );
    }
}
