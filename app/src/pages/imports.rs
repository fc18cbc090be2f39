//! Data imports (`/account/imports`): upload the tools' exports for a site — Search Console's
//! Performance export or API responses, URL Inspection responses, Ahrefs or Semrush backlink
//! exports — and read what each file changed, row by row where it failed. An account's owners
//! and admins import into their sites; Alorig staff into any client's (`?account=ID`, linked
//! from the client's page). The upload is a plain multipart form (no JavaScript needed) that
//! comes back here with the result; the list is filtered and paged in the URL.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::imports::{IMPORT_FORM_PATH, IMPORTS_PATH, import_list};
use crate::components::error_panel::loaded;
use crate::components::header::PageHeader;
use crate::components::islands::Toast;
use crate::components::table::{Pager, TableWrap, href_with};
use crate::components::widgets::{Badge, EmptyState, tone_of};
use crate::types::import::{FORMATS, IMPORTS_PER_PAGE, ImportPage, ImportQuery, ImportRecord};

fn query_of(q: &ParamsMap) -> ImportQuery {
    let get = |k: &str| q.get(k).unwrap_or_default();
    ImportQuery {
        account: get("account"),
        site: get("site"),
        status: get("status"),
        page: get("page"),
    }
}

/// `2026-11-10T10:00:00Z` → `2026-11-10 10:00 UTC`
fn when(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t} UTC"),
        _ => at.to_owned(),
    }
}

fn size(bytes: i64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1 << 10 => format!("{:.1} kB", b as f64 / 1e3),
        b => format!("{b} B"),
    }
}

#[component]
pub fn Imports() -> impl IntoView {
    let query = use_query_map();
    view! {
        <PageHeader title="Data imports" sub="Bring a site's real data in: Search Console, URL Inspection, Ahrefs and Semrush exports, as the tools save them. Importing a file again changes nothing." />
        {loaded(
            move || import_list(query_of(&query.read_untracked())),
            move |page| view! { <Listing page query=query.read_untracked().clone() /> },
        )}
    }
}

/// The result of the last upload, as a dismissable message.
fn outcome(query: &ParamsMap) -> Option<AnyView> {
    let close = href_with(IMPORTS_PATH, query, &[("done", None), ("error", None), ("field", None)]);
    if let Some(done) = query.get("done") {
        let message = format!("{done}. Each file's result is at the top of the list.");
        return Some(view! { <Toast message bad=false close /> }.into_any());
    }
    query.get("error").map(|e| {
        let message = match query.get("field").filter(|f| !f.is_empty()) {
            Some(field) => format!("{field}: {e}"),
            None => e,
        };
        view! { <Toast message bad=true close /> }.into_any()
    })
}

#[component]
fn Listing(page: ImportPage, query: ParamsMap) -> impl IntoView {
    let site = query.get("site").unwrap_or_default();
    let status = query.get("status").unwrap_or_default();
    let account = query.get("account");
    let prev = (page.page > 1).then(|| href_with(IMPORTS_PATH, &query, &[("page", Some((page.page - 1).to_string()))]));
    let next = (page.page < page.pages)
        .then(|| href_with(IMPORTS_PATH, &query, &[("page", Some((page.page + 1).to_string()))]));
    let first = (page.page - 1) * IMPORTS_PER_PAGE + 1;
    let shown = page.rows.len();
    let site_options = move |current: &str, any: &'static str| {
        let mut options = vec![view! { <option value="" selected=current.is_empty()>{any}</option> }.into_any()];
        for s in &page.sites {
            let value = s.id.to_string();
            let selected = value == current;
            let text = format!("{} ({})", s.name, s.domain);
            options.push(view! { <option value=value selected=selected>{text}</option> }.into_any());
        }
        options
    };
    let dates = query.get("dates").unwrap_or_default();
    let dates_refused = query.get("field").as_deref() == Some("dates");
    let upload = page.can_import.then(|| {
        let account = page.account_id.to_string();
        view! {
            <section class="panel" aria-labelledby="upload-title" data-test="import-form">
                <h2 id="upload-title">"Import files"</h2>
                <form method="post" action=IMPORT_FORM_PATH enctype="multipart/form-data" class="form-grid">
                    <input type="hidden" name="account" value=account />
                    <div class="field">
                        <label for="import-site">"Site"</label>
                        <select id="import-site" name="site" required data-test="import-site">
                            {site_options(&site, "Choose a site")}
                        </select>
                    </div>
                    <div class="field">
                        <label for="import-format">"Format"</label>
                        <select id="import-format" name="format" aria-describedby="import-format-hint" data-test="import-format">
                            <option value="" selected>"Tell from each file"</option>
                            {FORMATS.iter().map(|(key, text)| view! { <option value=*key>{*text}</option> }).collect_view()}
                        </select>
                        <p class="hint" id="import-format-hint">"Each file's format is read off its content; choose one only to force it."</p>
                    </div>
                    <div class="field">
                        <label for="import-dates">"Dates (for files without days)"</label>
                        <input id="import-dates" type="text" name="dates" value=dates placeholder="2026-10" aria-invalid=dates_refused.to_string() aria-describedby="import-dates-hint" data-test="import-dates" />
                        <p class="hint" id="import-dates-hint">"The days a Search Analytics response without the date dimension sums (its request's dates), as 2026-10 or 2026-10-01..2026-10-31. Leave empty otherwise."</p>
                    </div>
                    <div class="field wide">
                        <label for="import-files">"Files"</label>
                        <input id="import-files" type="file" name="file" multiple required aria-describedby="import-files-hint" data-test="import-files" />
                        <p class="hint" id="import-files-hint">
                            "Search Console's Performance export (the zip or its CSVs, any UI language), Search Analytics or URL Inspection API responses (JSON), Ahrefs or Semrush backlink exports (CSV). Up to 1 GiB a file."
                        </p>
                    </div>
                    <div class="form-actions">
                        <button type="submit" data-test="import-submit">"Import"</button>
                    </div>
                </form>
            </section>
        }
    });
    let rows = page.rows.into_iter().map(|r| view! { <Row r /> }).collect_view();
    view! {
        {outcome(&query)}
        {upload}
        <section class="panel" aria-labelledby="imports-title" data-test="imports">
            <h2 id="imports-title" data-test="imports-account">{format!("Imports of {}", page.account_name)}</h2>
            <form method="get" action=IMPORTS_PATH role="search" aria-label="Filter the imports">
                <div class="toolbar">
                    <div class="field">
                        <label for="filter-site">"Site"</label>
                        <select id="filter-site" name="site" data-test="filter-site">{site_options(&site, "Every site")}</select>
                    </div>
                    <div class="field">
                        <label for="filter-status">"Result"</label>
                        <select id="filter-status" name="status" data-test="filter-status">
                            <option value="" selected=status.is_empty()>"Every result"</option>
                            <option value="done" selected=status == "done">"Done"</option>
                            <option value="failed" selected=status == "failed">"Failed"</option>
                        </select>
                    </div>
                    {account.map(|a| view! { <input type="hidden" name="account" value=a /> })}
                    <div class="form-actions">
                        <button type="submit" data-test="apply-filters">"Apply"</button>
                    </div>
                </div>
            </form>
            {if shown == 0 {
                let title = if page.total == 0 && site.is_empty() && status.is_empty() {
                    "Nothing imported yet"
                } else {
                    "No imports match this filter or page"
                };
                view! { <EmptyState title /> }.into_any()
            } else {
                view! {
                    <TableWrap label="Imports">
                        <table class="data" data-test="imports-table">
                            <thead>
                                <tr>
                                    <th scope="col">"When, who"</th>
                                    <th scope="col">"File"</th>
                                    <th scope="col">"Site"</th>
                                    <th scope="col">"Format"</th>
                                    <th scope="col">"Result"</th>
                                    <th scope="col" class="num">"Added"</th>
                                    <th scope="col" class="num">"Updated"</th>
                                    <th scope="col" class="num">"Skipped"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </TableWrap>
                }
                .into_any()
            }}
            <Pager first shown matching=page.total prev next noun="imports" />
        </section>
    }
}

#[component]
fn Row(r: ImportRecord) -> impl IntoView {
    let notes = (!r.notes.is_empty()).then(|| {
        let items = r.notes.iter().map(|n| view! { <li>{n.line()}</li> }).collect_view();
        view! {
            <tr class="notes" data-test="import-notes">
                <td colspan="8"><ul>{items}</ul></td>
            </tr>
        }
    });
    let file = format!("{} · {}", r.file_name, size(r.bytes));
    let hash = format!("sha-256 {}", r.sha256);
    view! {
        <tr data-test="import-row">
            <td class="nowrap">{when(&r.created_at)}<span class="sub">{r.who}</span></td>
            <td class="file" data-test="import-file" title=hash>{file}</td>
            <td>{r.site_name}</td>
            <td><code>{r.format}</code></td>
            <td data-test="import-status"><Badge text=r.status.clone() tone=tone_of(if r.status == "done" { "completed" } else { "failed" }) /></td>
            <td class="num" data-test="import-added">{r.rows_added}</td>
            <td class="num" data-test="import-updated">{r.rows_updated}</td>
            <td class="num" data-test="import-skipped">{r.rows_skipped}</td>
        </tr>
        {notes}
    }
}
