//! The audit log (`/account/audit`): who did what, when, in an account — its owners see their
//! own, Alorig staff any account's (`?account=ID`, linked from a client's page). Filtered by
//! action and paged through the URL.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::audit::{AUDIT_PATH, audit_log};
use crate::components::error_panel::loaded;
use crate::components::header::PageHeader;
use crate::components::table::{Pager, TableWrap, href_with};
use crate::components::widgets::EmptyState;
use crate::types::audit::{AUDIT_PER_PAGE, AuditPage, AuditQuery};

fn query_of(q: &ParamsMap) -> AuditQuery {
    let get = |k: &str| q.get(k).unwrap_or_default();
    AuditQuery {
        account: get("account"),
        action: get("action"),
        page: get("page"),
    }
}

/// `2026-11-10T10:00:00Z` → `2026-11-10 10:00:00 UTC`
fn when(at: &str) -> String {
    match (at.get(..10), at.get(11..19)) {
        (Some(d), Some(t)) => format!("{d} {t} UTC"),
        _ => at.to_owned(),
    }
}

#[component]
pub fn AuditLog() -> impl IntoView {
    let query = use_query_map();
    view! {
        <PageHeader title="Audit log" sub="Who did what, when: sign-ins, report settings and recipients, approval decisions, share links, users and feature flags." />
        {loaded(
            move || audit_log(query_of(&query.read_untracked())),
            move |page| view! { <Entries page query=query.read_untracked().clone() /> },
        )}
    }
}

#[component]
fn Entries(page: AuditPage, query: ParamsMap) -> impl IntoView {
    let action = query.get("action").unwrap_or_default();
    let account = query.get("account");
    let option = |value: &str, current: &str| {
        let value = value.to_owned();
        let selected = value == current;
        let text = if value.is_empty() {
            "Every action".to_owned()
        } else {
            value.clone()
        };
        view! { <option value=value selected=selected>{text}</option> }
    };
    let prev = (page.page > 1).then(|| href_with(AUDIT_PATH, &query, &[("page", Some((page.page - 1).to_string()))]));
    let next =
        (page.page < page.pages).then(|| href_with(AUDIT_PATH, &query, &[("page", Some((page.page + 1).to_string()))]));
    let first = (page.page - 1) * AUDIT_PER_PAGE + 1;
    let shown = page.rows.len();
    let rows = page
        .rows
        .into_iter()
        .map(|e| {
            view! {
                <tr data-test="audit-row">
                    <td class="nowrap">{when(&e.at)}</td>
                    <td data-test="audit-who">{e.who}</td>
                    <td data-test="audit-action"><code>{e.action}</code></td>
                    <td>{e.object}</td>
                    <td class="detail">{(e.detail != "{}").then(|| view! { <code>{e.detail}</code> })}</td>
                    <td>{e.ip.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="audit-title" data-test="audit-log">
            <h2 id="audit-title" data-test="audit-account">{page.account_name}</h2>
            <form method="get" action=AUDIT_PATH role="search" aria-label="Filter the log">
                <div class="toolbar">
                    <div class="field">
                        <label for="audit-action">"Action"</label>
                        <select id="audit-action" name="action" data-test="filter-action">
                            {option("", &action)}
                            {page.actions.iter().map(|a| option(a, &action)).collect_view()}
                        </select>
                    </div>
                    {account.map(|a| view! { <input type="hidden" name="account" value=a /> })}
                    <div class="form-actions">
                        <button type="submit" data-test="apply-filters">"Apply"</button>
                    </div>
                </div>
            </form>
            {if shown == 0 {
                let title = if page.total == 0 && action.is_empty() {
                    "Nothing recorded yet"
                } else {
                    "No entries match this filter or page"
                };
                view! { <EmptyState title /> }.into_any()
            } else {
                view! {
                    <TableWrap label="Audit entries">
                        <table class="data" data-test="audit-table">
                            <thead>
                                <tr>
                                    <th scope="col">"When"</th>
                                    <th scope="col">"Who"</th>
                                    <th scope="col">"Action"</th>
                                    <th scope="col">"Object"</th>
                                    <th scope="col">"Detail"</th>
                                    <th scope="col">"Address"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </TableWrap>
                }
                .into_any()
            }}
            <Pager first shown matching=page.total prev next noun="entries" />
        </section>
    }
}
