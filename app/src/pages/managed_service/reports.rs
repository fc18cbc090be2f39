//! ReportViewer: the account's reports newest first, filtered by site, type and year through the
//! URL (`/managed-service/reports`), and one report (`/managed-service/reports/{id}`) as its web
//! version — the PDF's document model rendered as HTML with its charts as SVG, in its branding's
//! look — with the PDF download and share links for those allowed. Others see the list and whom
//! to ask.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;

use crate::api::portal::{
    PortalRevokeShare, PortalShareReport, REPORTS_PATH, ReportListParams, SHARE_DAYS, portal_report, portal_reports,
    report_path,
};
use crate::components::error_panel::{ErrorPanel, loaded};
use crate::components::feedback::Confirm;
use crate::components::header::PageHeader;
use crate::components::islands::{AutoSubmit, Toast};
use crate::components::table::{TableWrap, href_with};
use crate::components::widgets::{Badge, EmptyState, label, tone_of};
use crate::types::money::group_digits;
use crate::types::report::{ClientReport, ClientReports, ServiceReport};

const TYPES: [&str; 3] = ["weekly", "monthly", "quarterly"];

fn crumbs() -> Vec<(String, String)> {
    vec![("Managed Service".to_owned(), "/managed-service".to_owned())]
}

/// `2026-10-01 – 2026-10-31`
fn period(r: &ServiceReport) -> String {
    format!("{} – {}", r.period_start, r.period_end)
}

/// The owners and admins to ask, as one sentence.
fn ask_line(ask: &[String]) -> String {
    if ask.is_empty() {
        "Reports open for the account's owners and admins.".to_owned()
    } else {
        format!(
            "Reports open for the account's owners and admins; ask {} for a copy or a share link.",
            ask.join(" or ")
        )
    }
}

#[component]
pub fn ReportViewer() -> impl IntoView {
    let query = use_query_map();
    view! {
        <PageHeader title="Reports" sub="Every report of your managed sites, newest first." crumbs=crumbs() />
        <Suspense fallback=|| view! { <p class="loading">"Loading reports…"</p> }>
            {move || {
                let q = query.read_untracked().clone();
                let pending = portal_reports(ReportListParams::from_map(&q));
                Suspend::new(async move {
                    match pending.await {
                        Ok(list) => view! { <ReportList list query=q /> }.into_any(),
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn ReportList(list: ClientReports, query: ParamsMap) -> impl IntoView {
    let get = |k: &str| query.get(k).unwrap_or_default();
    let (site, kind, year) = (get("site"), get("report_type"), get("year"));
    let option = |value: String, text: String, current: &str| {
        let selected = value == current;
        view! { <option value=value selected=selected>{text}</option> }
    };
    let newest = list
        .page
        .has_previous
        .then(|| href_with(REPORTS_PATH, &query, &[("cursor", None)]));
    let older = list
        .page
        .next_cursor
        .clone()
        .map(|c| href_with(REPORTS_PATH, &query, &[("cursor", Some(c))]));
    let shown = list.page.items.len();
    let total = list.page.total_count;
    let can_open = list.can_open;
    let filters = view! {
        <form method="get" action=REPORTS_PATH role="search" aria-label="Filter reports">
            <AutoSubmit>
                <div class="toolbar">
                    <div class="field">
                        <label for="report-site">"Site"</label>
                        <select id="report-site" name="site" data-test="filter-site">
                            {option(String::new(), "Every site".into(), &site)}
                            {list.sites.iter().map(|(id, name)| option(id.to_string(), name.clone(), &site)).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="report-type">"Type"</label>
                        <select id="report-type" name="report_type" data-test="filter-type">
                            {option(String::new(), "Every type".into(), &kind)}
                            {TYPES.iter().map(|t| option((*t).to_owned(), label(t), &kind)).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="report-year">"Year"</label>
                        <select id="report-year" name="year" data-test="filter-year">
                            {option(String::new(), "Every year".into(), &year)}
                            {list.years.iter().map(|y| option(y.to_string(), y.to_string(), &year)).collect_view()}
                        </select>
                    </div>
                    <div class="form-actions">
                        <button type="submit" data-test="apply-filters">"Apply"</button>
                        <a href=REPORTS_PATH class="button secondary">"Reset"</a>
                    </div>
                </div>
            </AutoSubmit>
        </form>
    };
    let rows = list
        .page
        .items
        .into_iter()
        .map(|r| {
            let id = r.id;
            let sent = match &r.sent_at {
                Some(at) => format!("{} to {}", at.get(..10).unwrap_or(at), r.sent_to.len()),
                None => "not yet".to_owned(),
            };
            let title = format!("{} report", label(&r.report_type));
            view! {
                <tr data-test="report-row" data-report=id.to_string() data-site=r.site_id.to_string()>
                    <td><a href=report_path(id) data-test="report-link">{title}</a></td>
                    <td>{r.site_name.clone()}</td>
                    <td class="nowrap">{period(&r)}</td>
                    <td class="nowrap">{r.generated_at.get(..10).unwrap_or(&r.generated_at).to_owned()}</td>
                    <td class="nowrap">{sent}</td>
                    <td>
                        {can_open.then(|| view! {
                            <a class="button secondary small" href=format!("/reports/{id}/pdf") data-test="report-pdf"
                                aria-label=format!("PDF of report {id}")>"PDF"</a>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel stack" aria-labelledby="reports-title" data-test="report-list">
            <h2 id="reports-title">"Reports" <span class="panel-note" data-test="report-count">{format!("{} in all", group_digits(total))}</span></h2>
            {filters}
            {(!can_open).then(|| view! { <p class="notice" data-test="ask">{ask_line(&list.ask)}</p> })}
            {if shown == 0 {
                view! {
                    <EmptyState title="No report matches">
                        <p>"Reports appear here once they are generated. Change the filters, or " <a href=REPORTS_PATH>"show every report"</a>"."</p>
                    </EmptyState>
                }.into_any()
            } else {
                view! {
                    <TableWrap label="Reports table">
                        <table class="data" data-test="reports-table">
                            <caption>"Reports, newest first"</caption>
                            <thead><tr>
                                <th scope="col">"Report"</th><th scope="col">"Site"</th><th scope="col">"Period"</th>
                                <th scope="col">"Generated"</th><th scope="col">"Emailed"</th><th scope="col">"Download"</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </TableWrap>
                }.into_any()
            }}
            <nav class="pager" aria-label="Pages">
                <span data-test="pager-range">{format!("{shown} shown of {}", group_digits(total))}</span>
                <span class="links">
                    {match newest {
                        Some(h) => view! { <a class="button secondary small" href=h rel="first" data-test="newest-page">"← Newest"</a> }.into_any(),
                        None => view! { <span class="button secondary small" aria-disabled="true">"← Newest"</span> }.into_any(),
                    }}
                    {match older {
                        Some(h) => view! { <a class="button secondary small" href=h rel="next" data-test="next-page">"Older →"</a> }.into_any(),
                        None => view! { <span class="button secondary small" aria-disabled="true">"Older →"</span> }.into_any(),
                    }}
                </span>
            </nav>
        </section>
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    view! {
        {loaded(move || portal_report(id()), move |r| view! { <Report r query=query.read_untracked().clone() /> })}
    }
}

#[component]
fn Report(r: ClientReport, query: ParamsMap) -> impl IntoView {
    let report = r.report;
    let id = report.id;
    let here = report_path(id);
    let title = format!("{} report · {}", label(&report.report_type), report.site_name);
    let mut crumbs = crumbs();
    crumbs.push(("Reports".to_owned(), REPORTS_PATH.to_owned()));
    let done = query.get("done");
    let toast = match done.as_deref() {
        Some("revoked") => Some("The share link is revoked.".to_owned()),
        _ => None,
    };
    let refused = query.get("error");
    let new_link = query.get("link").filter(|_| done.as_deref() == Some("shared"));
    let revoke = (query.get("confirm").as_deref() == Some("revoke"))
        .then(|| query.get("link").and_then(|l| l.parse::<i64>().ok()))
        .flatten()
        .map(|link| {
            view! {
                <Confirm
                    title="Revoke this share link?"
                    text="Whoever has the link can no longer open the PDF."
                    action=PortalRevokeShare::url()
                    fields=vec![("report", id.to_string()), ("link", link.to_string())]
                    confirm_label="Revoke"
                    cancel=here.clone()
                />
            }
        });
    let state = if report.hold_reason.is_some() {
        "held".to_owned()
    } else {
        report.status.clone()
    };
    let body = if r.can_open {
        view! {
            <section class="panel stack" aria-labelledby="web-version-title" data-test="web-version">
                <h2 id="web-version-title">"The report"</h2>
                <p class="actions">
                    <a class="button" href=format!("/reports/{id}/pdf") data-test="download-pdf">"Download the PDF"</a>
                    <a class="button secondary" href=format!("/reports/{id}/view") target="_blank" rel="noopener" data-test="open-web">"Open in a new tab"</a>
                </p>
                <div class="preview-frames report-frame">
                    <iframe src=format!("/reports/{id}/view") sandbox="" title=format!("Report {id}: {}", period(&report)) data-test="report-frame"></iframe>
                </div>
            </section>
        }
        .into_any()
    } else {
        view! { <p class="notice" data-test="ask">{ask_line(&r.ask)}</p> }.into_any()
    };
    let share = r.can_share.then(|| {
        let links = r.share_links.clone();
        let here = here.clone();
        view! {
            <section class="panel stack" aria-labelledby="share-title" data-test="share-panel">
                <h2 id="share-title">"Share links"</h2>
                <p class="muted">"A share link opens the PDF without signing in, until it expires or is revoked."</p>
                {new_link.map(|l| view! {
                    <div class="notice" data-test="new-share-link">
                        <label for="share-url"><strong>"New share link (shown once, copy it now):"</strong></label>
                        <input type="text" id="share-url" readonly value=l />
                    </div>
                })}
                <form method="post" action=PortalShareReport::url() class="toolbar" data-test="share-form">
                    <input type="hidden" name="report" value=id.to_string() />
                    <div class="field">
                        <label for="share-days">"Valid for"</label>
                        <select id="share-days" name="days">
                            {SHARE_DAYS.iter().map(|d| view! { <option value=d.to_string() selected=*d == 30>{format!("{d} days")}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="form-actions"><button type="submit" data-test="share">"Create a share link"</button></div>
                </form>
                {if links.is_empty() {
                    view! { <p class="muted">"No share link yet."</p> }.into_any()
                } else {
                    view! {
                        <TableWrap label="Share links table">
                            <table class="data" data-test="share-links">
                                <caption>"Share links of this report"</caption>
                                <thead><tr><th scope="col">"Created"</th><th scope="col">"By"</th><th scope="col">"Expires"</th><th scope="col">"State"</th><th scope="col">"Actions"</th></tr></thead>
                                <tbody>
                                    {links.into_iter().map(|l| {
                                        let state = if l.active { "active" } else if l.revoked_at.is_some() { "revoked" } else { "expired" };
                                        let revoke = href_with(&here, &ParamsMap::default(), &[("confirm", Some("revoke".into())), ("link", Some(l.id.to_string()))]);
                                        view! {
                                            <tr data-test="share-link" data-link=l.id.to_string()>
                                                <td class="nowrap">{l.created_at.get(..10).unwrap_or(&l.created_at).to_owned()}</td>
                                                <td>{l.created_by.clone().unwrap_or_else(|| "—".into())}</td>
                                                <td class="nowrap">{l.expires_at.get(..10).unwrap_or(&l.expires_at).to_owned()}</td>
                                                <td><Badge text=state tone=if l.active { "good" } else { "neutral" } /></td>
                                                <td>{l.active.then(|| view! {
                                                    <a class="button danger small" href=revoke data-test="revoke">"Revoke"</a>
                                                })}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </TableWrap>
                    }.into_any()
                }}
            </section>
        }
    });
    view! {
        <PageHeader title=title sub=period(&report) crumbs=crumbs />
        {toast.map(|m| view! { <Toast message=m bad=false close=here.clone() /> })}
        {refused.map(|m| view! { <Toast message=m bad=true close=here.clone() /> })}
        {revoke}
        <p class="chips" data-test="report-facts">
            <Badge text=label(&state) tone=tone_of(&state) />
            " "
            {match &report.sent_at {
                Some(at) => format!("Emailed {} to {}", at.get(..10).unwrap_or(at), report.sent_to.join(", ")),
                None => "Not emailed yet".to_owned(),
            }}
        </p>
        {body}
        {share}
    }
}
