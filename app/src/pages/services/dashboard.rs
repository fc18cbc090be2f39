//! ServicesDashboard (`/services`): revenue (RevenueSummary), what needs doing
//! (UpcomingActions) and every managed client (ClientList), for Alorig staff.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::dashboard::{ClientQueryParams, client_list, services_dashboard};
use crate::components::chart::Chart;
use crate::components::error_panel::{ErrorPanel, loaded};
use crate::components::header::PageHeader;
use crate::components::islands::AutoSubmit;
use crate::components::kpi::{Change, Kpi};
use crate::components::table::{Pager, SortHeader, href_with, keyset_links};
use crate::components::widgets::{Badge, EmptyState, Progress, tone_of};
use crate::types::dashboard::{ActionGroup, ClientListPage, DashboardPage, OverdueItem, OverdueKind};
use crate::types::{SubscriptionStatus, Tier, format_cents};

const PATH: &str = "/services";

#[component]
pub fn ServicesDashboard() -> impl IntoView {
    let query = use_query_map();
    let list = move || client_list(ClientQueryParams::from_map(&query.read_untracked()));
    view! {
        {loaded(services_dashboard, |p| view! { <Overview page=p /> })}
        <Suspense fallback=|| view! { <p class="loading">"Loading clients…"</p> }>
            {move || {
                let pending = list();
                Suspend::new(async move {
                    let q = query.read_untracked().clone();
                    match pending.await {
                        Ok(list) => view! { <ClientList list=list query=q /> }.into_any(),
                        // the overview above already says why when the caller may not see it
                        Err(e) if e.is_not_visible() => ().into_any(),
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn month_name(month: &str) -> String {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    month
        .split_once('-')
        .and_then(|(_, m)| m.parse::<usize>().ok())
        .and_then(|m| NAMES.get(m.wrapping_sub(1)))
        .map_or_else(|| month.to_owned(), |n| (*n).to_owned())
}

#[component]
fn Overview(page: DashboardPage) -> impl IntoView {
    let s = &page.summary;
    let p = &page.previous;
    let usd = |c: i64| format_cents(c, &s.currency);
    let last = month_name(&p.month);
    let was = |v: String| format!("vs {v} in {last}");
    let margin_pct = s.margin_pct.map(|m| format!("{m:.1}% of what was billed"));
    let this_month = s.revenue.period_start.get(..7).map(month_name).unwrap_or_default();
    let year = s.revenue.period_start.get(..4).unwrap_or_default().to_owned();
    view! {
        <PageHeader
            title="Managed Services"
            sub=format!("Every managed client, what they bring in and what needs doing · {this_month} {year} so far")
        />
        <section class="kpis" aria-label="Headline figures">
            <Kpi
                label="Monthly recurring revenue"
                value=s.mrr_display.clone()
                change=Change::of(s.mrr_cents, p.mrr_cents, true, was(usd(p.mrr_cents)))
                test="mrr"
            />
            <Kpi
                label="Revenue this month"
                value=s.revenue.display.clone()
                change=Change::of(s.revenue.paid_cents, p.revenue_cents, true, was(usd(p.revenue_cents)))
                hint=format!("{} invoices paid", s.revenue.invoices)
                test="revenue"
            />
            <Kpi
                label="Margin this month"
                value=usd(s.margin_cents)
                change=Change::of(s.margin_cents, p.margin_cents, true, was(usd(p.margin_cents)))
                hint=margin_pct.unwrap_or_default()
                test="margin"
            />
            <Kpi
                label="Active clients"
                value=s.active_clients.to_string()
                change=Change::of(s.active_clients, p.active_clients, true, was(p.active_clients.to_string()))
                hint=format!("{} active sites", s.active_subscriptions)
                test="client-count"
            />
            <Kpi label="Overdue items" value=s.overdue.to_string() hint="reports, content, backlinks, renewals" test="overdue" />
        </section>
        <div class="grid-3">
            <section class="panel" aria-labelledby="trend-title">
                <h2 id="trend-title">"Revenue trend" <span class="panel-note">"last 12 months"</span></h2>
                <Chart chart=page.mrr_chart.clone() test="mrr-chart" />
                <Chart chart=page.margin_chart.clone() test="margin-chart" />
            </section>
            <section class="panel" aria-labelledby="tiers-title">
                <h2 id="tiers-title">"By tier"</h2>
                <table class="data" data-test="tier-breakdown">
                    <thead>
                        <tr>
                            <th scope="col">"Tier"</th>
                            <th scope="col" class="num">"Active sites"</th>
                            <th scope="col" class="num">"MRR"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {s.by_tier
                            .iter()
                            .map(|t| {
                                view! {
                                    <tr>
                                        <td>{tier_name(t.tier)}</td>
                                        <td class="num">{t.subscriptions}</td>
                                        <td class="num">{t.mrr_display.clone()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
                <dl class="kv">
                    <dt>"Active"</dt><dd>{s.status.active}</dd>
                    <dt>"Paused"</dt><dd>{s.status.paused}</dd>
                    <dt>"Pending"</dt><dd>{s.status.pending}</dd>
                    <dt>"Cancelled"</dt><dd>{s.status.cancelled}</dd>
                </dl>
            </section>
        </div>
        <UpcomingActions groups=page.actions.clone() />
    }
}

fn tier_name(t: Tier) -> &'static str {
    match t {
        Tier::Lite => "Managed Lite",
        Tier::Pro => "Managed Pro",
    }
}

fn client_href(subscription: i64) -> String {
    format!("/services/clients/{subscription}")
}

/// What to do about an overdue item, and where.
fn todo(item: &OverdueItem) -> (&'static str, String) {
    let client = item.subscription_id;
    match item.kind {
        OverdueKind::Report => ("Open reports", crate::api::clients::client_url(client, "reports", &[])),
        OverdueKind::Content => ("See content", crate::api::clients::client_url(client, "content", &[])),
        OverdueKind::Backlinks => ("See orders", crate::api::clients::client_url(client, "backlinks", &[])),
        OverdueKind::Renewal => ("Check billing", crate::api::clients::client_url(client, "billing", &[])),
    }
}

#[component]
fn UpcomingActions(groups: Vec<ActionGroup>) -> impl IntoView {
    let title = |kind: OverdueKind| match kind {
        OverdueKind::Report => "Overdue reports",
        OverdueKind::Content => "Content behind target",
        OverdueKind::Backlinks => "Backlinks past due",
        OverdueKind::Renewal => "Renewals in the next 7 days",
    };
    let total: i64 = groups.iter().map(|g| g.total).sum();
    view! {
        <section class="panel" aria-labelledby="actions-title" data-test="upcoming-actions">
            <h2 id="actions-title">"Upcoming actions" <span class="panel-note">{format!("{total} open")}</span></h2>
            {if total == 0 {
                view! { <EmptyState title="Nothing is late">"Every report, article, order and renewal is on time."</EmptyState> }.into_any()
            } else {
                view! {
                    <div class="grid-2">
                        {groups
                            .into_iter()
                            .map(|g| {
                                let n = g.total;
                                let more = n > g.items.len() as i64;
                                view! {
                                    <div data-test=format!("actions-{}", kind_key(g.kind))>
                                        <h3>{format!("{} ({n})", title(g.kind))}</h3>
                                        {if g.items.is_empty() {
                                            view! { <p class="muted">"None."</p> }.into_any()
                                        } else {
                                            view! {
                                                <ul class="action-list">
                                                    {g.items.into_iter().map(|i| view! { <ActionItem item=i /> }).collect_view()}
                                                </ul>
                                            }.into_any()
                                        }}
                                        {more.then(|| view! {
                                            <p><a href=href_with(PATH, &ParamsMap::new(), &[("overdue", Some("1".into()))])>
                                                {format!("All {n} in the client list →")}
                                            </a></p>
                                        })}
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                }.into_any()
            }}
        </section>
    }
}

fn kind_key(kind: OverdueKind) -> &'static str {
    match kind {
        OverdueKind::Report => "report",
        OverdueKind::Content => "content",
        OverdueKind::Backlinks => "backlinks",
        OverdueKind::Renewal => "renewal",
    }
}

#[component]
fn ActionItem(item: OverdueItem) -> impl IntoView {
    let (label, href) = todo(&item);
    let late = if item.days_overdue > 0 {
        format!("{} days late", item.days_overdue)
    } else if item.days_overdue == 0 {
        "due today".to_owned()
    } else {
        format!("in {} days", -item.days_overdue)
    };
    let since = item
        .flagged_since
        .as_deref()
        .map(|s| format!(" · flagged since {}", &s[..s.len().min(10)]));
    view! {
        <li>
            <span class="what">
                <a href=client_href(item.subscription_id)>{format!("{} · {}", item.account_name, item.site_name)}</a>
                <span class="detail">{item.detail.clone()}</span>
                <span class="detail">{late}{since}</span>
            </span>
            <a class="button secondary small" href=href>{label}</a>
        </li>
    }
}

#[component]
fn ClientList(list: ClientListPage, query: ParamsMap) -> impl IntoView {
    let get = |k: &str| query.get(k).unwrap_or_default();
    let q = get("q");
    let tier = get("tier");
    let status = get("status");
    let overdue = !get("overdue").is_empty();
    let (sort, dir) = (query.get("sort"), query.get("dir"));
    let header = |key: &'static str, label: &'static str, numeric: bool| {
        view! { <SortHeader key=key label=label path=PATH query=query.clone() default="client" numeric=numeric /> }
    };
    let shown = list.rows.len();
    let (prev, next) = keyset_links(PATH, &query, list.prev_before, list.next_after);
    let option = |value: &str, label: &str, current: &str| {
        let value = value.to_owned();
        let selected = value == current;
        view! { <option value=value selected=selected>{label.to_owned()}</option> }
    };
    view! {
        <section class="panel" id="clients" aria-labelledby="clients-title" data-test="client-list">
            <h2 id="clients-title">
                "Clients"
                <span class="panel-note">{format!("{} managed sites", crate::types::money::group_digits(list.total))}</span>
            </h2>
            <form method="get" action=PATH role="search" aria-label="Filter clients">
            <AutoSubmit>
            <div class="toolbar">
                <div class="field grow">
                    <label for="client-q">"Search client, site or domain"</label>
                    <input type="search" id="client-q" name="q" value=q.clone() maxlength="200" data-test="client-search" />
                </div>
                <div class="field">
                    <label for="client-tier">"Tier"</label>
                    <select id="client-tier" name="tier" data-test="filter-tier">
                        {option("", "All tiers", &tier)}
                        {Tier::ALL.iter().map(|t| option(t.as_str(), tier_name(*t), &tier)).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="client-status">"Status"</label>
                    <select id="client-status" name="status" data-test="filter-status">
                        {option("", "Any status", &status)}
                        {SubscriptionStatus::ALL.iter().map(|s| option(s.as_str(), s.as_str(), &status)).collect_view()}
                    </select>
                </div>
                <label class="check">
                    <input type="checkbox" name="overdue" value="1" checked=overdue data-test="filter-overdue" />
                    "Only with something overdue"
                </label>
                {sort.map(|s| view! { <input type="hidden" name="sort" value=s /> })}
                {dir.map(|d| view! { <input type="hidden" name="dir" value=d /> })}
                <div class="form-actions">
                    <button type="submit" data-test="apply-filters">"Apply"</button>
                    <a href=PATH class="button secondary">"Reset"</a>
                </div>
            </div>
            </AutoSubmit>
            </form>
            {if list.rows.is_empty() {
                view! {
                    <EmptyState title="No client matches">
                        <p>"Change the filters or the search, or " <a href=PATH>"show every client"</a>"."</p>
                    </EmptyState>
                }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data" data-test="clients-table">
                            <caption>"Managed clients, one row per site"</caption>
                            <thead>
                                <tr>
                                    {header("client", "Client", false)}
                                    {header("site", "Site", false)}
                                    {header("tier", "Tier", false)}
                                    {header("status", "Status", false)}
                                    {header("price", "Per month", true)}
                                    {header("articles", "Articles this month", false)}
                                    {header("backlinks", "Backlinks this month", false)}
                                    {header("last_report", "Last report", false)}
                                    {header("renewal", "Renews", false)}
                                    {header("flags", "Flags", true)}
                                </tr>
                            </thead>
                            <tbody>
                                {list.rows.iter().map(|r| {
                                    let href = client_href(r.subscription_id);
                                    view! {
                                        <tr data-test="client-row" data-subscription=r.subscription_id.to_string()>
                                            <td><a href=href.clone()>{r.account_name.clone()}</a></td>
                                            <td>{r.site_name.clone()}<span class="sub">{r.domain.clone()}</span></td>
                                            <td>{match r.tier { Tier::Lite => "Lite", Tier::Pro => "Pro" }}</td>
                                            <td><Badge text=r.status.as_str().to_owned() tone=tone_of(r.status.as_str()) /></td>
                                            <td class="num">{format_cents(r.monthly_cents, "USD")}</td>
                                            <td><Progress done=r.articles_published target=r.articles_target label=format!("Articles for {}", r.site_name) /></td>
                                            <td><Progress done=r.backlinks_delivered target=r.backlinks_target label=format!("Backlinks for {}", r.site_name) /></td>
                                            <td>{match &r.last_report {
                                                Some(l) => view! {
                                                    <span class="nowrap">{l.generated_on.clone()}</span>
                                                    <span class="sub">{l.report_type.clone()} " · " <Badge text=l.delivery.clone() tone=tone_of(&l.delivery) /></span>
                                                }.into_any(),
                                                None => view! { <span class="muted">"none yet"</span> }.into_any(),
                                            }}</td>
                                            <td class="nowrap">{r.renewal_date.clone()}</td>
                                            <td class="num">{if r.overdue > 0 {
                                                view! { <a href=crate::api::clients::client_url(r.subscription_id, "config", &[])><Badge text=format!("{} overdue", r.overdue) tone="bad" /></a> }.into_any()
                                            } else {
                                                view! { <span class="muted">"—"</span> }.into_any()
                                            }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <Pager first=list.first_position shown=shown matching=list.matching prev=prev next=next noun="clients" />
        </section>
    }
}
