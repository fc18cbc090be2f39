//! IndexingDashboard (`/services/indexing`, staff): backlink indexing across every client for a
//! range of days — indexed, pending and failed requests with their weekly trend (the report's
//! chart code), the sites with the most failures, and the requests themselves, filtered by
//! client and state and paged. The view is in the URL.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::indexing::indexing_panel;
use crate::components::chart::Chart;
use crate::components::error_panel::{ErrorPanel, answer_status};
use crate::components::form::Field;
use crate::components::header::PageHeader;
use crate::components::kpi::Kpi;
use crate::components::table::{Pager, TableWrap, href_with};
use crate::components::widgets::{Badge, EmptyState, label, tone_of};
use crate::types::indexing::{IndexingDashboard, IndexingQuery, REQUEST_STATES, REQUESTS_PER_PAGE};
use crate::types::money::group_digits;
use crate::types::{ApiError, ErrorCode};

const PATH: &str = "/services/indexing";

fn query_of(q: &ParamsMap) -> IndexingQuery {
    let get = |k: &str| q.get(k).unwrap_or_default();
    IndexingQuery {
        q: get("q"),
        from: get("from"),
        to: get("to"),
        status: get("status"),
        page: get("page"),
    }
}

fn day(rfc3339: &Option<String>) -> String {
    rfc3339
        .as_deref()
        .map(|t| t.chars().take(10).collect())
        .unwrap_or_else(|| "—".to_owned())
}

#[component]
pub fn IndexingDashboardPage() -> impl IntoView {
    let query = use_query_map();
    view! {
        <PageHeader title="Indexing" sub="Backlinks submitted for indexing across every client: what got indexed, what failed, where." crumbs=vec![("Managed Services".to_owned(), "/services".to_owned())] />
        <Suspense fallback=|| view! { <p class="loading">"Loading indexing…"</p> }>
            {move || {
                let q = query.read_untracked().clone();
                let pending = indexing_panel(query_of(&q));
                Suspend::new(async move {
                    match pending.await {
                        Ok(d) => view! { <Filters query=q.clone() error=None /> <Dashboard d query=q /> }.into_any(),
                        // a refused view comes back in the form, beside its field
                        Err(e) if e.code == ErrorCode::Invalid => view! { <Filters query=q error=Some(e) /> }.into_any(),
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Filters(query: ParamsMap, error: Option<ApiError>) -> impl IntoView {
    if let Some(e) = &error {
        answer_status(e);
    }
    let v = query_of(&query);
    let field = error.as_ref().and_then(|e| e.field.clone()).unwrap_or_default();
    let err = |name: &str| error.as_ref().filter(|_| field == name).map(|e| e.message.clone());
    let (e_from, e_to, e_status) = (err("from"), err("to"), err("status"));
    let invalid = |e: &Option<String>| e.as_ref().map(|_| "true");
    let (i_from, i_to) = (invalid(&e_from), invalid(&e_to));
    let other = error.filter(|_| !matches!(field.as_str(), "from" | "to" | "status"));
    let status = v.status.clone();
    let option = move |value: &str, text: String| {
        let selected = value == status;
        view! { <option value=value.to_owned() selected=selected>{text}</option> }
    };
    view! {
        {other.map(|e| view! { <p class="notice bad" role="alert" data-test="indexing-error">{e.message}</p> })}
        <form method="get" action=PATH class="panel toolbar" role="search" aria-label="Filter indexing" data-test="indexing-filters">
            <div class="field grow">
                <label for="indexing-q">"Client, site or domain"</label>
                <input type="search" id="indexing-q" name="q" value=v.q.clone() maxlength="200" data-test="indexing-search" />
            </div>
            <Field id="indexing-from" label="Requested from" error=e_from>
                <input type="date" id="indexing-from" name="from" value=v.from.clone() aria-invalid=i_from data-test="indexing-from" />
            </Field>
            <Field id="indexing-to" label="to" error=e_to>
                <input type="date" id="indexing-to" name="to" value=v.to.clone() aria-invalid=i_to data-test="indexing-to" />
            </Field>
            <Field id="indexing-status" label="Requests in state" error=e_status>
                <select id="indexing-status" name="status" data-test="indexing-status">
                    {option("", "Any state".to_owned())}
                    {REQUEST_STATES.iter().map(|s| option(s, label(s))).collect_view()}
                </select>
            </Field>
            <div class="form-actions">
                <button type="submit" data-test="indexing-apply">"Show"</button>
                <a href=PATH class="button secondary">"Reset"</a>
            </div>
        </form>
    }
}

#[component]
fn Dashboard(d: IndexingDashboard, query: ParamsMap) -> impl IntoView {
    let t = &d.totals;
    let pending = t.pending + t.submitted;
    let pct = t
        .indexed_pct
        .map(|p| format!("{p:.1} %"))
        .unwrap_or_else(|| "—".to_owned());
    let pages = (d.matching + REQUESTS_PER_PAGE - 1) / REQUESTS_PER_PAGE;
    let prev = (d.page > 1).then(|| href_with(PATH, &query, &[("page", Some((d.page - 1).to_string()))]));
    let next = (d.page < pages).then(|| href_with(PATH, &query, &[("page", Some((d.page + 1).to_string()))]));
    let first = (d.page - 1) * REQUESTS_PER_PAGE + 1;
    let shown = d.requests.len();
    view! {
        <section class="kpis" aria-label=format!("Requests made from {} to {}", d.from, d.to) data-test="indexing-totals">
            <Kpi label="Requests" value=group_digits(t.total) hint=format!("{} to {} · {} sites", d.from, d.to, d.sites) test="indexing-total" />
            <Kpi label="Indexed" value=group_digits(t.indexed) hint=format!("{pct} of the requests") test="indexing-indexed" />
            <Kpi label="Pending" value=group_digits(pending) hint=format!("{} not yet submitted", group_digits(t.pending)) test="indexing-pending" />
            <Kpi label="Failed" value=group_digits(t.failed) test="indexing-failed" />
        </section>
        <section class="charts-3">
            {d.charts.into_iter().enumerate().map(|(i, c)| view! {
                <div class="panel">
                    <h2>{c.title.clone()}</h2>
                    <Chart chart=c test=format!("indexing-chart-{i}") />
                </div>
            }).collect_view()}
        </section>
        <section class="panel" aria-labelledby="worst-title" data-test="most-errors">
            <h2 id="worst-title">"Sites with the most failures"</h2>
            {if d.most_errors.is_empty() {
                view! { <EmptyState title="No failures in this range" /> }.into_any()
            } else {
                view! {
                    <TableWrap label="Sites with the most failures">
                        <table class="data">
                            <thead><tr>
                                <th scope="col">"Site"</th><th scope="col" class="num">"Failed"</th><th scope="col" class="num">"Requests"</th>
                                <th scope="col" class="num">"Indexed"</th><th scope="col">"Last check"</th>
                            </tr></thead>
                            <tbody>
                                {d.most_errors.into_iter().map(|s| view! {
                                    <tr data-test="error-site" data-site=s.counts.site_id.to_string()>
                                        <td>
                                            <a href=href_with(PATH, &query, &[("q", Some(s.domain.clone())), ("status", Some("failed".to_owned()))])>{s.counts.site_name.clone()}</a>
                                            <span class="sub">{s.domain}</span>
                                        </td>
                                        <td class="num" data-test="error-count">{s.counts.failed}</td>
                                        <td class="num">{s.counts.total}</td>
                                        <td class="num">{s.counts.indexed_pct.map(|p| format!("{p:.1} %")).unwrap_or_default()}</td>
                                        <td class="nowrap">{day(&s.counts.last_checked_at)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableWrap>
                }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="requests-title" data-test="indexing-requests">
            <h2 id="requests-title">"Requests" <span class="panel-note">"newest first"</span></h2>
            {if d.requests.is_empty() {
                view! { <EmptyState title="No request matches" /> }.into_any()
            } else {
                view! {
                    <TableWrap label="Indexing requests">
                        <table class="data" data-test="requests-table">
                            <thead><tr>
                                <th scope="col">"Backlink"</th><th scope="col">"State"</th><th scope="col" class="num">"Attempts"</th>
                                <th scope="col">"Requested"</th><th scope="col">"Checked"</th><th scope="col">"Indexed"</th>
                            </tr></thead>
                            <tbody>
                                {d.requests.into_iter().map(|r| view! {
                                    <tr data-test="request-row" data-status=r.status.clone()>
                                        <td>
                                            <span class="url">{r.url}</span>
                                            <span class="sub">{format!("{} · {}", r.domain, label(&r.provider))}</span>
                                        </td>
                                        <td>
                                            <Badge text=label(&r.status) tone=tone_of(&r.status) />
                                            {r.last_error.map(|e| view! { <span class="sub error">{e}</span> })}
                                        </td>
                                        <td class="num">{r.attempts}</td>
                                        <td class="nowrap">{r.requested_at.chars().take(10).collect::<String>()}</td>
                                        <td class="nowrap">{day(&r.checked_at)}</td>
                                        <td class="nowrap">{day(&r.indexed_at)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableWrap>
                }.into_any()
            }}
            <Pager first=first shown=shown matching=d.matching prev=prev next=next noun="requests" />
        </section>
    }
}
