//! ClientDetail (`/services/clients/{subscription}`): one managed client, with the spec's six
//! panels as tabs (each a URL): ClientConfig, ContentTracker, BacklinkTracker, AhrefsMetrics,
//! ReportHistory and BillingHistory. Forms are plain posts that come back here with the result.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;

use crate::api::clients::{
    RegenerateReport, ResendReport, RevokeShareLink, SaveClientConfig, SaveClientConfigJson, SaveReportRecipients,
    ShareReport, client_ahrefs, client_backlinks, client_billing, client_config, client_content, client_detail,
    client_reports, client_url, report_share_links,
};
use crate::components::chart::Chart;
use crate::components::error_panel::loaded;
use crate::components::feedback::Confirm;
use crate::components::form::{Field, RangeForm, textarea_text};
use crate::components::header::PageHeader;
use crate::components::islands::Toast;
use crate::components::kpi::Kpi;
use crate::components::widgets::{Badge, EmptyState, Progress, Tabs, tone_of};
use crate::types::billing::Billing;
use crate::types::client::{AhrefsPanel, BacklinkPanel, ClientDetail, ConfigPanel, ConfigValues, ReportsPanel};
use crate::types::format_cents;
use crate::types::money::group_digits;
use crate::types::report::SectionKey;
use crate::types::tracker::ContentTracker;

const TABS: [(&str, &str); 6] = [
    ("content", "Content"),
    ("backlinks", "Backlinks"),
    ("ahrefs", "Ahrefs"),
    ("reports", "Reports"),
    ("billing", "Billing"),
    ("config", "Settings"),
];

#[component]
pub fn ClientPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    loaded(
        move || client_detail(id()),
        move |d| view! { <Client detail=d query=query.read_untracked().clone() /> },
    )
}

fn tier_label(t: crate::types::Tier) -> &'static str {
    match t {
        crate::types::Tier::Lite => "Managed Lite",
        crate::types::Tier::Pro => "Managed Pro",
    }
}

/// The result of the last action, from the URL (`done`, or `error` with its `field`).
fn toast(query: &ParamsMap, close: String) -> Option<impl IntoView + use<>> {
    let done = query.get("done");
    let error = query.get("error");
    let message = match (done.as_deref(), error) {
        (_, Some(e)) => Some((e, true)),
        (Some("saved"), _) => Some(("Settings saved.".to_owned(), false)),
        (Some("recipients"), _) => Some(("Report recipients saved.".to_owned(), false)),
        (Some("sent"), _) => Some(("The report is queued for the recipients.".to_owned(), false)),
        (Some("regenerated"), _) => Some(("The report was rendered again.".to_owned(), false)),
        (Some("shared"), _) => Some(("Share link created: copy it now, it is shown once.".to_owned(), false)),
        (Some("revoked"), _) => Some(("Share link revoked.".to_owned(), false)),
        _ => None,
    };
    message.map(|(m, bad)| view! { <Toast message=m bad=bad close=close /> })
}

#[component]
fn Client(detail: ClientDetail, query: ParamsMap) -> impl IntoView {
    let s = detail.subscription.clone();
    let id = s.id;
    let tab = query
        .get("tab")
        .filter(|t| TABS.iter().any(|(k, _)| k == t))
        .unwrap_or_else(|| "content".to_owned());
    let tabs = TABS
        .iter()
        .map(|(k, label)| (*k, *label, client_url(id, k, &[])))
        .collect::<Vec<_>>();
    let title = if s.site_name == detail.account_name {
        detail.account_name.clone()
    } else {
        format!("{} · {}", detail.account_name, s.site_name)
    };
    let sub = format!(
        "{} · {} · {} a month · renews {}",
        detail.domain,
        tier_label(s.tier),
        format_cents(s.monthly_cents, &s.currency),
        s.renewal_date
    );
    let close = client_url(id, &tab, &[]);
    let panel = match tab.as_str() {
        "config" => view! { <ConfigTab id=id query=query.clone() /> }.into_any(),
        "backlinks" => view! { <BacklinksTab id=id /> }.into_any(),
        "ahrefs" => view! { <AhrefsTab id=id query=query.clone() /> }.into_any(),
        "reports" => view! { <ReportsTab id=id query=query.clone() /> }.into_any(),
        "billing" => view! { <BillingTab id=id query=query.clone() /> }.into_any(),
        _ => view! { <ContentTab id=id query=query.clone() /> }.into_any(),
    };
    view! {
        <PageHeader title=title sub=sub crumbs=vec![("Managed Services".to_owned(), "/services".to_owned())]>
            <Badge text=s.status.as_str().to_owned() tone=tone_of(s.status.as_str()) />
            " "
            <a class="panel-note" href=format!("/account/audit?account={}", s.account_id) data-test="client-audit">"Audit log"</a>
            <a class="panel-note" href=format!("/account/imports?account={}", s.account_id) data-test="client-imports">"Data imports"</a>
        </PageHeader>
        {toast(&query, close)}
        {(!detail.overdue.is_empty()).then(|| view! {
            <section class="notice bad" aria-label="Overdue" data-test="client-overdue">
                <strong>{format!("{} overdue: ", detail.overdue.len())}</strong>
                {detail.overdue.iter().map(|o| o.detail.clone()).collect::<Vec<_>>().join(" · ")}
            </section>
        })}
        <Tabs tabs=tabs current=tab />
        {panel}
    }
}

// ---------- ContentTracker ----------

#[component]
fn ContentTab(id: i64, query: ParamsMap) -> impl IntoView {
    let month = query.get("month");
    loaded(
        move || client_content(id, month.clone()),
        move |c| view! { <Content id=id c=c /> },
    )
}

#[component]
fn Content(id: i64, c: ContentTracker) -> impl IntoView {
    let mut by_type: std::collections::BTreeMap<String, (i64, i64)> = Default::default();
    for a in &c.items {
        let e = by_type.entry(a.content_type.clone()).or_default();
        e.0 += 1;
        e.1 += a.words;
    }
    view! {
        <section class="panel stack" aria-labelledby="content-title" data-test="content-panel">
            <h2 id="content-title">"Content" <span class="panel-note">{format!("articles published in {}", c.month)}</span></h2>
            <form method="get" class="toolbar" aria-label="Month">
                <input type="hidden" name="tab" value="content" />
                <div class="field">
                    <label for="content-month">"Month"</label>
                    <input type="month" id="content-month" name="month" value=c.month.clone() />
                </div>
                <button type="submit" class="secondary">"Show"</button>
            </form>
            <div class="kpis">
                <Kpi label="Published" value=c.published.to_string() hint=format!("target {}", c.target) test="content-published" />
                <Kpi label="Expected by now" value=c.expected_by_today.to_string() hint="the target pro-rated to today" />
                <Kpi label="Words" value=crate::types::money::group_digits(c.words) />
            </div>
            <Progress done=c.published target=c.target expected=c.expected_by_today label="Articles published against the month's target" />
            {if c.items.is_empty() {
                view! { <EmptyState title="Nothing published this month yet" /> }.into_any()
            } else {
                view! {
                    <div class="grid-3">
                        <div class="table-wrap">
                            <table class="data" data-test="content-items">
                                <caption>"Articles published this month"</caption>
                                <thead><tr><th scope="col">"Title"</th><th scope="col">"Type"</th><th scope="col" class="num">"Words"</th><th scope="col">"Published"</th></tr></thead>
                                <tbody>
                                    {c.items.iter().map(|a| view! {
                                        <tr><td>{a.title.clone()}</td><td>{a.content_type.clone()}</td><td class="num">{a.words}</td><td class="nowrap">{a.published_at.chars().take(10).collect::<String>()}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <div class="table-wrap">
                            <table class="data" data-test="content-by-type">
                                <caption>"By type"</caption>
                                <thead><tr><th scope="col">"Type"</th><th scope="col" class="num">"Articles"</th><th scope="col" class="num">"Words"</th></tr></thead>
                                <tbody>
                                    {by_type.into_iter().map(|(t, (n, w))| view! { <tr><td>{t}</td><td class="num">{n}</td><td class="num">{w}</td></tr> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </div>
                }.into_any()
            }}
            <p class="muted">"Same figures as "<code>{format!("contentTracker(siteId, month: \"{}\")", c.month)}</code>" in the API. "<a href=client_url(id, "reports", &[])>"Reports of this client →"</a></p>
        </section>
    }
}

// ---------- BacklinkTracker ----------

#[component]
fn BacklinksTab(id: i64) -> impl IntoView {
    loaded(move || client_backlinks(id), |b| view! { <Backlinks b=b /> })
}

fn funnel(counts: [i64; 4], test: &'static str) -> impl IntoView {
    let names = ["Ordered", "Delivered", "Live", "Indexed"];
    view! {
        <div class="funnel" data-test=test>
            {names.into_iter().zip(counts).map(|(n, c)| view! { <div><span class="n">{c}</span>{n}</div> }).collect_view()}
        </div>
    }
}

#[component]
fn Backlinks(b: BacklinkPanel) -> impl IntoView {
    let o = &b.overall;
    let overall = [o.ordered, o.delivered, o.live, o.indexed];
    view! {
        <section class="panel stack" aria-labelledby="links-title" data-test="backlinks-panel">
            <h2 id="links-title">"Backlinks" <span class="panel-note">"ordered → delivered → live → indexed"</span></h2>
            <h3>{format!("This month ({})", b.month)}</h3>
            {funnel(b.this_month, "funnel-month")}
            {o.monthly_target.map(|t| view! { <Progress done=b.this_month[1] target=t label="Links delivered this month against the target" /> })}
            <h3>"Overall"</h3>
            {funnel(overall, "funnel-overall")}
            <p class="muted">{format!("{} lost, {} rejected", o.lost, o.rejected)}</p>
            <h3>"Orders" {b.orders.first().map(|o| view! { " " <a class="panel-note" href=format!("/services/orders?account={}", o.account_id)>"All of this client's orders"</a> })}</h3>
            {if b.orders.is_empty() {
                view! { <EmptyState title="No backlink orders yet" /> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data" data-test="orders-table">
                            <thead><tr>
                                <th scope="col">"Order"</th><th scope="col">"Package"</th><th scope="col">"Status"</th>
                                <th scope="col" class="num">"Links"</th><th scope="col" class="num">"Price"</th><th scope="col" class="num">"Margin"</th>
                                <th scope="col">"Ordered"</th><th scope="col">"Due"</th>
                            </tr></thead>
                            <tbody>
                                {b.orders.iter().map(|ord| view! {
                                    <tr>
                                        <td><a href=format!("/services/orders/{}", ord.id)>{format!("#{}", ord.id)}</a></td>
                                        <td>{ord.package.clone()}<span class="sub">{ord.marketplace.clone()}</span></td>
                                        <td><Badge text=ord.status.clone() tone=tone_of(&ord.status) /></td>
                                        <td class="num">{ord.links_ordered}</td>
                                        <td class="num">{format_cents(ord.price_cents, &ord.currency)}</td>
                                        <td class="num">{ord.margin_cents.map(|m| format_cents(m, &ord.currency)).unwrap_or_default()}</td>
                                        <td class="nowrap">{ord.ordered_at.chars().take(10).collect::<String>()}</td>
                                        <td class="nowrap">{ord.due_date.clone()}</td>
                                    </tr>
                                    {(!ord.links.is_empty()).then(|| view! {
                                        <tr><td colspan="8">
                                            <table class="data">
                                                <thead><tr><th scope="col">"Referring domain"</th><th scope="col">"Target"</th><th scope="col" class="num">"DR"</th><th scope="col">"Status"</th><th scope="col">"Delivered"</th><th scope="col">"Live"</th><th scope="col">"Indexed"</th></tr></thead>
                                                <tbody>
                                                    {ord.links.iter().map(|l| view! {
                                                        <tr>
                                                            <td>{l.source_domain.clone()}</td>
                                                            <td>{l.target_url.clone()}</td>
                                                            <td class="num">{l.domain_rating.map(|d| format!("{d:.0}")).unwrap_or_default()}</td>
                                                            <td><Badge text=l.status.clone() tone=tone_of(&l.status) /></td>
                                                            <td class="nowrap">{day(&l.delivered_at)}</td>
                                                            <td class="nowrap">{day(&l.live_at)}</td>
                                                            <td class="nowrap">{day(&l.indexed_at)}</td>
                                                        </tr>
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        </td></tr>
                                    })}
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn day(t: &Option<String>) -> String {
    t.as_deref()
        .map(|s| s.chars().take(10).collect())
        .unwrap_or_else(|| "—".to_owned())
}

// ---------- AhrefsMetrics ----------

#[component]
fn AhrefsTab(id: i64, query: ParamsMap) -> impl IntoView {
    let (from, to) = (query.get("from"), query.get("to"));
    let form =
        view! { <RangeForm tab="ahrefs" from=from.clone().unwrap_or_default() to=to.clone().unwrap_or_default() /> };
    view! {
        {form}
        {loaded(move || client_ahrefs(id, from.clone(), to.clone()), |a| view! { <Ahrefs a=a /> })}
    }
}

#[component]
fn Ahrefs(a: AhrefsPanel) -> impl IntoView {
    let latest = a.snapshots.last().map(|l| l.snapshot_date.clone());
    // each figure as last known in the range (an import may bring one figure at a time)
    let last = |f: fn(&crate::types::tracker::AhrefsSnapshot) -> Option<String>| {
        a.snapshots.iter().rev().find_map(f).unwrap_or_else(|| "—".into())
    };
    let dr = last(|s| s.domain_rating.map(|d| format!("{d:.0}")));
    let rd = last(|s| s.referring_domains.map(|n| n.to_string()));
    let backlinks = last(|s| s.backlinks.map(crate::types::money::group_digits));
    let traffic = last(|s| s.organic_traffic.map(crate::types::money::group_digits));
    view! {
        <section class="panel stack" aria-labelledby="ahrefs-title" data-test="ahrefs-panel">
            <h2 id="ahrefs-title">"Ahrefs metrics" <span class="panel-note">{format!("{} to {}", a.from, a.to)}</span></h2>
            {match latest {
                None => view! { <EmptyState title="No Ahrefs snapshots in this range" /> }.into_any(),
                Some(day) => view! {
                    <div class="kpis">
                        <Kpi label="Domain Rating" value=dr hint=format!("on {day}") test="ahrefs-dr" />
                        <Kpi label="Referring domains" value=rd test="ahrefs-rd" />
                        <Kpi label="Backlinks" value=backlinks />
                        <Kpi label="Organic traffic" value=traffic />
                    </div>
                }.into_any(),
            }}
            <div class="grid-2">
                {a.dr_chart.map(|c| view! { <Chart chart=c test="dr-chart" /> })}
                {a.referring_chart.map(|c| view! { <Chart chart=c test="rd-chart" /> })}
            </div>
            <h3>"Top pages " <span class="panel-note">"· Search Console clicks in the range"</span></h3>
            {if a.top_pages.is_empty() {
                view! { <EmptyState title="No page data in this range" /> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data" data-test="top-pages">
                            <thead><tr><th scope="col">"Page"</th><th scope="col" class="num">"Clicks"</th><th scope="col" class="num">"Impressions"</th><th scope="col" class="num">"Avg. position"</th></tr></thead>
                            <tbody>
                                {a.top_pages.iter().map(|p| view! {
                                    <tr><td>{p.page.clone()}</td><td class="num">{group_digits(p.clicks)}</td><td class="num">{group_digits(p.impressions)}</td><td class="num">{p.position.map(|x| format!("{x:.1}")).unwrap_or_else(|| "—".into())}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

// ---------- ReportHistory ----------

#[component]
fn ReportsTab(id: i64, query: ParamsMap) -> impl IntoView {
    loaded(
        move || client_reports(id),
        move |r| view! { <Reports id=id r=r query=query.clone() /> },
    )
}

#[component]
fn Reports(id: i64, r: ReportsPanel, query: ParamsMap) -> impl IntoView {
    let report_param = |k: &str| query.get(k).and_then(|v| v.parse::<i64>().ok());
    let confirm = query.get("confirm");
    let back = client_url(id, "reports", &[]);
    let regenerate_confirm = (confirm.as_deref() == Some("regenerate"))
        .then(|| report_param("report"))
        .flatten()
        .map(|report| view! {
            <Confirm
                title=format!("Regenerate report {report}?")
                text="Its frozen data is rendered again with the branding, template and theme as they are now; the PDF is replaced."
                action=RegenerateReport::url()
                fields=vec![("subscription", id.to_string()), ("report", report.to_string())]
                confirm_label="Regenerate"
                cancel=back.clone()
            />
        });
    let revoke_confirm = (confirm.as_deref() == Some("revoke"))
        .then(|| report_param("link"))
        .flatten()
        .map(|link| {
            view! {
                <Confirm
                    title="Revoke this share link?"
                    text="Whoever has the link can no longer open the PDF."
                    action=RevokeShareLink::url()
                    fields=vec![("subscription", id.to_string()), ("link", link.to_string())]
                    confirm_label="Revoke"
                    cancel=back.clone()
                />
            }
        });
    let new_link = query
        .get("link")
        .filter(|_| query.get("done").as_deref() == Some("shared"));
    let resend = report_param("resend");
    let links_of = report_param("links");
    let recipients = r.recipients.clone();
    view! {
        <section class="panel stack" aria-labelledby="reports-title" data-test="reports-panel">
            <h2 id="reports-title">"Report history" <span class="panel-note">{plural(r.reports.len(), "report")}</span></h2>
            {regenerate_confirm}
            {revoke_confirm}
            {new_link.map(|l| view! {
                <div class="notice" data-test="new-share-link">
                    <label for="share-url"><strong>"New share link (shown once):"</strong></label>
                    <input type="text" id="share-url" readonly value=l />
                </div>
            })}
            {resend.map(|report| view! {
                <form method="post" action=ResendReport::url() class="panel" data-test="resend-form">
                    <fieldset>
                        <legend>{format!("Email report {report} to")}</legend>
                        <input type="hidden" name="subscription" value=id.to_string() />
                        <input type="hidden" name="report" value=report.to_string() />
                        <div class="checks">
                            {recipients.iter().enumerate().map(|(i, e)| {
                                let (label_for, input_id) = (format!("recipient-{i}"), format!("recipient-{i}"));
                                view! { <label for=label_for><input type="checkbox" id=input_id name="recipients[]" value=e.clone() />{e.clone()}</label> }
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <div class="form-actions">
                        <button type="submit" data-test="resend-submit">"Send"</button>
                        <a class="button secondary" href=back.clone()>"Cancel"</a>
                    </div>
                </form>
            })}
            {links_of.map(|report| view! { <ShareLinks id=id report=report /> })}
            {if r.reports.is_empty() {
                view! { <EmptyState title="No reports yet" /> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data" data-test="reports-table">
                            <thead><tr>
                                <th scope="col">"Report"</th><th scope="col">"Period"</th><th scope="col">"Generated"</th>
                                <th scope="col">"Sent"</th><th scope="col">"Recipients"</th><th scope="col">"Brand"</th><th scope="col">"Actions"</th>
                            </tr></thead>
                            <tbody>
                                {r.reports.iter().map(|rep| {
                                    let state = if rep.hold_reason.is_some() { "held".to_owned() } else { rep.status.clone() };
                                    let rid = rep.id;
                                    view! {
                                        <tr data-test="report-row" data-report=rid.to_string()>
                                            <td>{format!("#{rid} {}", rep.report_type)}<span class="sub"><Badge text=state.clone() tone=tone_of(&state) /></span></td>
                                            <td class="nowrap">{format!("{} – {}", rep.period_start, rep.period_end)}</td>
                                            <td class="nowrap">{rep.generated_at.chars().take(10).collect::<String>()}</td>
                                            <td class="nowrap">{day(&rep.sent_at)}</td>
                                            <td>{if rep.sent_to.is_empty() { "—".to_owned() } else { rep.sent_to.join(", ") }}</td>
                                            <td>{if rep.is_white_label { "white-label" } else { "IGNY8" }}</td>
                                            <td>
                                                <div class="actions">
                                                    <a class="button secondary small" href=format!("/reports/{rid}/view") target="_blank" rel="noopener">"Web version"</a>
                                                    <a class="button secondary small" href=format!("/reports/{rid}/pdf")>"PDF"</a>
                                                    <a class="button secondary small" href=client_url(id, "reports", &[("resend", &rid.to_string())]) data-test="resend">"Resend"</a>
                                                    <a class="button secondary small" href=client_url(id, "reports", &[("confirm", "regenerate"), ("report", &rid.to_string())]) data-test="regenerate">"Regenerate"</a>
                                                    <form method="post" action=ShareReport::url()>
                                                        <input type="hidden" name="subscription" value=id.to_string() />
                                                        <input type="hidden" name="report" value=rid.to_string() />
                                                        <button type="submit" class="secondary small" data-test="share">"Share link"</button>
                                                    </form>
                                                    <a class="button secondary small" href=client_url(id, "reports", &[("links", &rid.to_string())])>"Links"</a>
                                                </div>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ShareLinks(id: i64, report: i64) -> impl IntoView {
    loaded(
        move || report_share_links(report),
        move |links| {
            view! {
                <div class="table-wrap" data-test="share-links">
                    <table class="data">
                        <caption>{format!("Share links of report {report}")}</caption>
                        <thead><tr><th scope="col">"Created"</th><th scope="col">"By"</th><th scope="col">"Expires"</th><th scope="col">"State"</th><th scope="col">"Actions"</th></tr></thead>
                        <tbody>
                            {links.into_iter().map(|l| {
                                let state = if l.active { "active" } else if l.revoked_at.is_some() { "revoked" } else { "expired" };
                                view! {
                                    <tr>
                                        <td class="nowrap">{l.created_at.chars().take(10).collect::<String>()}</td>
                                        <td>{l.created_by.clone().unwrap_or_else(|| "—".into())}</td>
                                        <td class="nowrap">{l.expires_at.chars().take(10).collect::<String>()}</td>
                                        <td><Badge text=state tone=if l.active { "good" } else { "neutral" } /></td>
                                        <td>{l.active.then(|| view! {
                                            <a class="button danger small" href=client_url(id, "reports", &[("confirm", "revoke"), ("link", &l.id.to_string())])>"Revoke"</a>
                                        })}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        },
    )
}

// ---------- BillingHistory ----------

#[component]
fn BillingTab(id: i64, query: ParamsMap) -> impl IntoView {
    let (from, to) = (query.get("from"), query.get("to"));
    let shown = (from.clone().unwrap_or_default(), to.clone().unwrap_or_default());
    let form = view! { <RangeForm tab="billing" from=shown.0.clone() to=shown.1.clone() /> };
    view! {
        {form}
        {loaded(
            move || client_billing(id, from.clone(), to.clone()),
            move |b| view! { <BillingView b=b from=shown.0.clone() to=shown.1.clone() /> },
        )}
    }
}

#[component]
fn BillingView(b: Billing, from: String, to: String) -> impl IntoView {
    let range = match (from.is_empty(), to.is_empty()) {
        (true, true) => "all time".to_owned(),
        (false, true) => format!("from {from}"),
        (true, false) => format!("until {to}"),
        (false, false) => format!("{from} to {to}"),
    };
    let usd = |c: i64| format_cents(c, "USD");
    let invoiced: i64 = b
        .invoices
        .iter()
        .filter(|i| i.status != "void")
        .map(|i| i.total_cents)
        .sum();
    let paid: i64 = b
        .invoices
        .iter()
        .filter(|i| i.status == "paid")
        .map(|i| i.total_cents)
        .sum();
    let margin: i64 = b.order_margins.iter().map(|m| m.margin_cents).sum();
    view! {
        <section class="panel stack" aria-labelledby="billing-title" data-test="billing-panel">
            <h2 id="billing-title">"Billing history" <span class="panel-note" data-test="billing-range">{range}</span></h2>
            <div class="kpis">
                <Kpi label="Invoiced" value=usd(invoiced) hint=format!("{} invoices", b.invoices.len()) test="billing-invoiced" />
                <Kpi label="Paid" value=usd(paid) />
                <Kpi label="Outstanding" value=usd(invoiced - paid) />
                <Kpi label="Margin on orders" value=usd(margin) hint=format!("{} orders", b.order_margins.len()) />
            </div>
            <div class="table-wrap">
                <table class="data" data-test="invoices-table">
                    <caption>"Invoices"</caption>
                    <thead><tr><th scope="col">"Invoice"</th><th scope="col">"Type"</th><th scope="col">"Status"</th><th scope="col" class="num">"Total"</th><th scope="col">"Issued"</th><th scope="col">"Due"</th><th scope="col">"Paid"</th></tr></thead>
                    <tbody>
                        {b.invoices.iter().map(|i| view! {
                            <tr><td>{i.invoice_number.clone()}</td><td>{i.invoice_type.clone()}</td><td><Badge text=i.status.clone() tone=tone_of(&i.status) /></td><td class="num">{format_cents(i.total_cents, &i.currency)}</td><td class="nowrap">{i.issued_at.chars().take(10).collect::<String>()}</td><td class="nowrap">{i.due_date.clone()}</td><td class="nowrap">{day(&i.paid_at)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="table-wrap">
                <table class="data" data-test="payments-table">
                    <caption>"Payments"</caption>
                    <thead><tr><th scope="col">"Payment"</th><th scope="col">"Invoice"</th><th scope="col">"Method"</th><th scope="col">"Status"</th><th scope="col" class="num">"Amount"</th><th scope="col">"Processed"</th></tr></thead>
                    <tbody>
                        {b.payments.iter().map(|p| view! {
                            <tr><td>{format!("#{}", p.id)}</td><td>{format!("#{}", p.invoice_id)}</td><td>{p.payment_method.clone()}</td><td><Badge text=p.status.clone() tone=tone_of(&p.status) /></td><td class="num">{format_cents(p.amount_cents, &p.currency)}</td><td class="nowrap">{day(&p.processed_at)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="table-wrap">
                <table class="data" data-test="margins-table">
                    <caption>"Margin per backlink order"</caption>
                    <thead><tr><th scope="col">"Order"</th><th scope="col" class="num">"Price"</th><th scope="col" class="num">"Cost"</th><th scope="col" class="num">"Margin"</th></tr></thead>
                    <tbody>
                        {b.order_margins.iter().map(|m| view! {
                            <tr><td>{format!("#{}", m.id)}</td><td class="num">{usd(m.price_cents)}</td><td class="num">{usd(m.cost_cents)}</td><td class="num">{usd(m.margin_cents)}</td></tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr><td>"Total"</td><td class="num">{usd(b.order_margins.iter().map(|m| m.price_cents).sum())}</td><td class="num">{usd(b.order_margins.iter().map(|m| m.cost_cents).sum())}</td><td class="num" data-test="margin-total">{usd(margin)}</td></tr></tfoot>
                </table>
            </div>
        </section>
    }
}

// ---------- ClientConfig ----------

#[component]
fn ConfigTab(id: i64, query: ParamsMap) -> impl IntoView {
    loaded(
        move || client_config(id),
        move |c| view! { <Config id=id c=c query=query.clone() /> },
    )
}

/// The values the form shows: as entered when the last save was refused, else as stored.
fn shown_values(stored: &ConfigValues, q: &ParamsMap) -> ConfigValues {
    if q.get("error").is_none() || q.get("d_sections").is_none() {
        return stored.clone();
    }
    let get = |k: &str| q.get(k).unwrap_or_default();
    let opt = |k: &str| Some(get(k)).filter(|v| !v.is_empty());
    ConfigValues {
        sections: get("d_sections")
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        branding_id: opt("d_branding").and_then(|v| v.parse().ok()),
        template_id: opt("d_template").and_then(|v| v.parse().ok()),
        theme: opt("d_theme"),
        report_day: None,
        target_countries: get("d_countries")
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        tone: opt("d_tone"),
    }
}

#[component]
fn Config(id: i64, c: ConfigPanel, query: ParamsMap) -> impl IntoView {
    let json_mode = query.get("mode").as_deref() == Some("json");
    let field = query.get("field").unwrap_or_default();
    let error = query.get("error");
    let error_for = |key: &str| {
        error
            .clone()
            .filter(|_| field == format!("config.{key}") || (key == "json" && json_mode))
    };
    let v = shown_values(&c.values, &query);
    let day_text = if error.is_some() && query.get("d_day").is_some() {
        query.get("d_day").unwrap_or_default()
    } else {
        v.report_day.map(|d| d.to_string()).unwrap_or_default()
    };
    let general_error = error.clone().filter(|_| {
        !json_mode
            && !crate::types::client::CONFIG_KEYS
                .iter()
                .any(|k| field == format!("config.{k}"))
    });
    let modes = view! {
        <ul class="tabs">
            <li><a href=client_url(id, "config", &[]) aria-current=(!json_mode).then_some("page")>"Form"</a></li>
            <li><a href=client_url(id, "config", &[("mode", "json")]) aria-current=json_mode.then_some("page") data-test="config-json-tab">"JSON"</a></li>
        </ul>
    };
    let form = if json_mode {
        let text = query
            .get("d_json")
            .filter(|_| error.is_some())
            .unwrap_or(c.json.clone());
        let e = error_for("json");
        view! {
            <form method="post" action=SaveClientConfigJson::url() data-test="config-json-form">
                <input type="hidden" name="subscription" value=id.to_string() />
                <Field id="config-json" label="Settings as JSON" hint="The documented keys: sections, branding_id, template_id, theme, report_day, target_countries, tone." error=e.clone()>
                    <textarea id="config-json" name="json" rows="12" aria-invalid=e.is_some().to_string() aria-describedby="config-json-hint config-json-error">{textarea_text(&text)}</textarea>
                </Field>
                <div class="form-actions"><button type="submit">"Save JSON"</button></div>
            </form>
        }.into_any()
    } else {
        let se = error_for("sections");
        let be = error_for("branding_id");
        let te = error_for("template_id");
        let de = error_for("report_day");
        let ce = error_for("target_countries");
        let toe = error_for("tone");
        let the = error_for("theme");
        view! {
            <form method="post" action=SaveClientConfig::url() data-test="config-form" novalidate>
                <input type="hidden" name="subscription" value=id.to_string() />
                {general_error.map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <fieldset aria-describedby="sections-hint">
                    <legend>"Report sections"</legend>
                    <p class="hint muted" id="sections-hint">"Included sections print in this order."</p>
                    <div class="checks">
                        {SectionKey::ALL.iter().map(|k| {
                            let key = k.as_str();
                            let checked = v.sections.iter().any(|s| s == key);
                            let (label_for, input_id) = (format!("section-{key}"), format!("section-{key}"));
                            view! { <label for=label_for><input type="checkbox" id=input_id name="sections[]" value=key checked=checked />{k.title()}</label> }
                        }).collect_view()}
                    </div>
                    {se.map(|e| view! { <span class="error" role="alert" data-test="field-error">{e}</span> })}
                </fieldset>
                <div class="grid-2">
                    <Field id="config-branding" label="Branding" hint="White-label reports carry the agency's name, logo and colours." error=be.clone()>
                        <select id="config-branding" name="branding_id" aria-invalid=be.is_some().to_string()>
                            <option value="" selected=v.branding_id.is_none()>"IGNY8 (no white-label)"</option>
                            {c.brandings.iter().map(|(bid, name)| view! { <option value=bid.to_string() selected=v.branding_id == Some(*bid)>{name.clone()}</option> }).collect_view()}
                        </select>
                    </Field>
                    <Field id="config-template" label="Template" error=te.clone()>
                        <select id="config-template" name="template_id" aria-invalid=te.is_some().to_string()>
                            <option value="" selected=v.template_id.is_none()>"Built-in"</option>
                            {c.templates.iter().map(|(tid, name)| view! { <option value=tid.to_string() selected=v.template_id == Some(*tid)>{name.clone()}</option> }).collect_view()}
                        </select>
                    </Field>
                    <Field id="config-day" label="Monthly report day" hint="Day of the month, 1–28 (empty: the 1st)." error=de.clone()>
                        <input type="number" id="config-day" name="report_day" min="1" max="28" value=day_text aria-invalid=de.is_some().to_string() aria-describedby="config-day-hint config-day-error" data-test="config-report-day" />
                    </Field>
                    <Field id="config-countries" label="Target countries" hint="ISO codes, e.g. US, CA." error=ce.clone()>
                        <input type="text" id="config-countries" name="target_countries" value=v.target_countries.join(", ") aria-invalid=ce.is_some().to_string() aria-describedby="config-countries-hint config-countries-error" data-test="config-countries" />
                    </Field>
                    <Field id="config-tone" label="Tone of the summary" error=toe.clone()>
                        <select id="config-tone" name="tone" aria-invalid=toe.is_some().to_string()>
                            <option value="" selected=v.tone.is_none()>"Default (professional)"</option>
                            {["professional", "friendly", "technical"].into_iter().map(|t| view! { <option value=t selected=v.tone.as_deref() == Some(t)>{t}</option> }).collect_view()}
                        </select>
                    </Field>
                    <Field id="config-theme" label="Theme" error=the.clone()>
                        <select id="config-theme" name="theme" aria-invalid=the.is_some().to_string()>
                            <option value="" selected=v.theme.is_none()>"The template's (light)"</option>
                            <option value="light" selected=v.theme.as_deref() == Some("light")>"Light"</option>
                            <option value="dark" selected=v.theme.as_deref() == Some("dark")>"Dark"</option>
                        </select>
                    </Field>
                </div>
                <div class="form-actions">
                    <button type="submit" data-test="config-save">"Save settings"</button>
                    <a class="button secondary" href=client_url(id, "config", &[])>"Discard changes"</a>
                </div>
            </form>
        }.into_any()
    };
    view! {
        <div class="grid-3">
            <section class="panel" aria-labelledby="config-title" data-test="config-panel">
                <h2 id="config-title">"Service settings"</h2>
                {modes}
                {form}
            </section>
            <section class="panel" aria-labelledby="audit-title" data-test="config-audit">
                <h2 id="audit-title">"Changes"</h2>
                {if c.audit.is_empty() {
                    view! { <p class="muted">"No changes recorded yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="action-list">
                            {c.audit.iter().map(|a| view! {
                                <li><span class="what"><strong>{a.who.clone().unwrap_or_else(|| "system".into())}</strong>
                                    <span class="detail">{format!("{} · {}", a.at.replace('T', " ").trim_end_matches('Z'), a.detail)}</span></span></li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <Recipients id=id r=c.recipients query=query />
        </div>
    }
}

/// Who the reports are emailed to: the list (one address per line) and the addresses a client's
/// owner or admin added that have not confirmed yet. Staff's list stands as saved.
#[component]
fn Recipients(id: i64, r: crate::types::ReportRecipients, query: ParamsMap) -> impl IntoView {
    let error = query
        .get("error")
        .filter(|_| query.get("field").as_deref() == Some("recipients"));
    let text = query
        .get("d_recipients")
        .filter(|_| error.is_some())
        .unwrap_or_else(|| r.confirmed.join("\n"));
    let pending = (!r.pending.is_empty()).then(|| {
        view! {
            <h3>"Waiting for confirmation"</h3>
            <ul class="action-list" data-test="pending-recipients">
                {r.pending.into_iter().map(|p| {
                    let state = if p.expired { "link lapsed".to_owned() } else { format!("link valid until {}", day(&Some(p.expires_at))) };
                    let by = p.requested_by.unwrap_or_else(|| "a former user".into());
                    view! { <li><span class="what"><strong>{p.email}</strong><span class="detail">{format!("added by {by} · {state}")}</span></span></li> }
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <section class="panel" aria-labelledby="recipients-title" data-test="recipients-panel">
            <h2 id="recipients-title">"Report recipients"</h2>
            <form method="post" action=SaveReportRecipients::url() data-test="recipients-form">
                <input type="hidden" name="subscription" value=id.to_string() />
                <Field id="recipients" label="Emailed to" hint="One address per line. Addresses you save here receive reports at once." error=error.clone()>
                    <textarea id="recipients" name="recipients" rows="5" aria-invalid=error.is_some().to_string() aria-describedby="recipients-hint recipients-error">{textarea_text(&text)}</textarea>
                </Field>
                <div class="form-actions"><button type="submit">"Save recipients"</button></div>
            </form>
            {pending}
        </section>
    }
}
