//! BacklinkOrders (`/services/orders`): every client's backlink orders, filtered, searched,
//! sorted and paged through the URL, with the matching set's price, cost and margin; and
//! OrderDetail (`/services/orders/{id}`): one order link by link, where staff admins record the
//! links delivered. Alorig staff.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;

use leptos::server_fn::ServerFn;

use crate::api::orders::PATH;
use crate::api::orders::{OrderListParams, RecordOrderLink, order_list, order_page};
use crate::components::error_panel::{ErrorPanel, loaded};
use crate::components::form::Field;
use crate::components::header::PageHeader;
use crate::components::islands::AutoSubmit;
use crate::components::islands::Toast;
use crate::components::kpi::Kpi;
use crate::components::table::{Pager, SortHeader, TableWrap, href_with};
use crate::components::widgets::{Badge, EmptyState, Progress, label, tone_of};
use crate::types::format_cents;
use crate::types::money::group_digits;
use crate::types::order::{BacklinkLink, OrderDetail, OrderListPage, PACKAGES, STATUSES};

fn crumbs() -> Vec<(String, String)> {
    vec![("Managed Services".to_owned(), "/services".to_owned())]
}

#[component]
pub fn BacklinkOrders() -> impl IntoView {
    let query = use_query_map();
    view! {
        <PageHeader title="Backlink orders" sub="Every client's orders: what they cost, what they earn, what is late." crumbs=crumbs() />
        <Suspense fallback=|| view! { <p class="loading">"Loading orders…"</p> }>
            {move || {
                let q = query.read_untracked().clone();
                let pending = order_list(OrderListParams::from_map(&q));
                Suspend::new(async move {
                    match pending.await {
                        Ok(list) => view! { <OrderList list=list query=q /> }.into_any(),
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn OrderList(list: OrderListPage, query: ParamsMap) -> impl IntoView {
    let get = |k: &str| query.get(k).unwrap_or_default();
    let (q, status, package) = (get("q"), get("status"), get("package"));
    let account = query.get("account");
    let (sort, dir) = (query.get("sort"), query.get("dir"));
    let header = {
        let query = query.clone();
        move |key: &'static str, label: &'static str, numeric: bool| {
            view! { <SortHeader key=key label=label path=PATH query=query.clone() default="ordered" default_desc=true numeric=numeric /> }
        }
    };
    let option = |value: &str, text: String, current: &str| {
        let value = value.to_owned();
        let selected = value == current;
        view! { <option value=value selected=selected>{text}</option> }
    };
    let client_filter = account.clone().map(|a| {
        let name = list
            .rows
            .first()
            .map(|r| r.account_name.clone())
            .unwrap_or_else(|| format!("account {a}"));
        view! {
            <p class="chips" data-test="client-filter">
                {format!("Client: {name} ")}
                <a href=href_with(PATH, &query, &[("account", None)]) aria-label="Show every client's orders">"✕"</a>
            </p>
        }
    });
    let prev = (list.page > 1).then(|| href_with(PATH, &query, &[("page", Some((list.page - 1).to_string()))]));
    let next =
        (list.page < list.pages).then(|| href_with(PATH, &query, &[("page", Some((list.page + 1).to_string()))]));
    let shown = list.rows.len();
    view! {
        <section class="kpis" aria-label="The matching orders" data-test="order-totals">
            <Kpi label="Orders" value=group_digits(list.matching) test="orders-matching" />
            <Kpi label="Price (billed)" value=format_cents(list.price_cents, "USD") test="orders-price" />
            <Kpi label="Cost" value=format_cents(list.cost_cents, "USD") test="orders-cost" />
            <Kpi label="Margin" value=format_cents(list.margin_cents, "USD") test="orders-margin" />
        </section>
        <section class="panel" aria-labelledby="orders-title" data-test="order-list">
            <h2 id="orders-title">"Orders"</h2>
            <form method="get" action=PATH role="search" aria-label="Filter orders">
            <AutoSubmit>
            <div class="toolbar">
                <div class="field grow">
                    <label for="order-q">"Search client, site, domain or marketplace"</label>
                    <input type="search" id="order-q" name="q" value=q maxlength="200" data-test="order-search" />
                </div>
                <div class="field">
                    <label for="order-status">"Status"</label>
                    <select id="order-status" name="status" data-test="filter-status">
                        {option("", "Any status".into(), &status)}
                        {STATUSES.iter().map(|s| option(s, label(s), &status)).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="order-package">"Package"</label>
                    <select id="order-package" name="package" data-test="filter-package">
                        {option("", "Any package".into(), &package)}
                        {PACKAGES.iter().map(|p| option(p, label(p), &package)).collect_view()}
                    </select>
                </div>
                {account.map(|a| view! { <input type="hidden" name="account" value=a /> })}
                {sort.map(|s| view! { <input type="hidden" name="sort" value=s /> })}
                {dir.map(|d| view! { <input type="hidden" name="dir" value=d /> })}
                <div class="form-actions">
                    <button type="submit" data-test="apply-filters">"Apply"</button>
                    <a href=PATH class="button secondary">"Reset"</a>
                </div>
            </div>
            </AutoSubmit>
            </form>
            {client_filter}
            {if list.rows.is_empty() {
                view! {
                    <EmptyState title="No order matches">
                        <p>"Change the filters or the search, or " <a href=PATH>"show every order"</a>"."</p>
                    </EmptyState>
                }.into_any()
            } else {
                view! {
                    <TableWrap label="Orders table">
                        <table class="data" data-test="orders-table">
                            <caption>"Backlink orders, one row per order"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Order"</th>
                                    {header("client", "Client", false)}
                                    <th scope="col">"Package"</th>
                                    {header("status", "Status", false)}
                                    <th scope="col">"Links delivered"</th>
                                    {header("ordered", "Ordered", false)}
                                    {header("due", "Due", false)}
                                    {header("price", "Price", true)}
                                    {header("cost", "Cost", true)}
                                    {header("margin", "Margin", true)}
                                </tr>
                            </thead>
                            <tbody>
                                {list.rows.into_iter().map(|r| view! {
                                    <tr data-test="order-row" data-order=r.id.to_string()>
                                        <td><a href=format!("{PATH}/{}", r.id)>{format!("#{}", r.id)}</a></td>
                                        <td>
                                            <a href=format!("{PATH}?account={}", r.account_id)>{r.account_name}</a>
                                            <span class="sub">{format!("{} · {}", r.site_name, r.domain)}</span>
                                        </td>
                                        <td>{label(&r.package)}<span class="sub">{r.marketplace}</span></td>
                                        <td>
                                            <Badge text=label(&r.status) tone=tone_of(&r.status) />
                                            {r.late.then(|| view! { " " <Badge text="late".to_owned() tone="bad" /> })}
                                        </td>
                                        <td><Progress done=r.links_delivered target=i64::from(r.links_ordered) label=format!("Links delivered of order {}", r.id) /></td>
                                        <td class="nowrap">{r.ordered_on}</td>
                                        <td class="nowrap">{r.due_date}</td>
                                        <td class="num">{format_cents(r.price_cents, &r.currency)}</td>
                                        <td class="num">{format_cents(r.cost_cents, &r.currency)}</td>
                                        <td class="num">{format_cents(r.margin_cents, &r.currency)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableWrap>
                }.into_any()
            }}
            <Pager first=list.first_position shown=shown matching=list.matching prev=prev next=next noun="orders" />
        </section>
    }
}

#[component]
pub fn OrderDetailPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    view! { {loaded(move || order_page(id()), move |d| view! { <Order detail=d query=query.read_untracked().clone() /> })} }
}

/// A link's dates through ordered → delivered → live → indexed.
fn stage(day: Option<String>) -> impl IntoView {
    match day {
        Some(d) => view! { <span class="nowrap">{d.get(..10).unwrap_or(&d).to_owned()}</span> }.into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

#[component]
fn Order(detail: OrderDetail, query: ParamsMap) -> impl IntoView {
    let o = detail.order;
    let order_id = o.id;
    // links are recorded while the order still owes them
    let can_manage = detail.can_manage && matches!(o.status.as_str(), "pending" | "ordered" | "in_progress");
    let close = format!("{PATH}/{order_id}");
    let fields = [
        "source_url",
        "target_url",
        "anchor_text",
        "tier",
        "domain_rating",
        "cost_cents",
    ];
    let field = query.get("field").unwrap_or_default();
    let toast = match (query.get("done").as_deref(), query.get("error")) {
        (Some("recorded"), _) => Some((
            false,
            "Order recorded: add its links as the marketplace delivers them.".to_owned(),
        )),
        (Some("link"), _) => Some((false, "Link recorded.".to_owned())),
        (_, Some(e)) if !fields.contains(&field.as_str()) => Some((true, e)),
        _ => None,
    }
    .map(|(bad, message)| view! { <Toast message bad close=close.clone() /> });
    let reached = |f: fn(&BacklinkLink) -> bool| o.links.iter().filter(|l| f(l)).count() as i64;
    let delivered = reached(|l| l.delivered_at.is_some());
    let live = reached(|l| l.live_at.is_some());
    let indexed = reached(|l| l.indexed_at.is_some());
    let ordered = i64::from(o.links_ordered);
    let client = detail
        .subscription_id
        .map(|s| view! { <a class="button secondary small" href=format!("/services/clients/{s}")>"Client page"</a> });
    let title = format!("Order #{} · {}", o.id, detail.account_name);
    let site = if o.site_name == detail.account_name {
        detail.domain.clone()
    } else {
        format!("{} · {}", o.site_name, detail.domain)
    };
    let sub = format!(
        "{site} · {} package on {} · ordered {} · due {}",
        label(&o.package),
        o.marketplace,
        o.ordered_at.get(..10).unwrap_or(&o.ordered_at),
        o.due_date
    );
    let currency = o.currency.clone();
    let money = move |c: Option<i64>| c.map(|c| format_cents(c, &currency)).unwrap_or_else(|| "—".into());
    view! {
        <PageHeader title=title sub=sub crumbs=vec![("Managed Services".to_owned(), "/services".to_owned()), ("Backlink orders".to_owned(), PATH.to_owned())]>
            <Badge text=label(&o.status) tone=tone_of(&o.status) />
            {client}
        </PageHeader>
        <section class="kpis" aria-label="The order" data-test="order-figures">
            <Kpi label="Price (billed)" value=money(Some(o.price_cents)) test="order-price" />
            <Kpi label="Cost" value=money(o.cost_cents) test="order-cost" />
            <Kpi label="Margin" value=money(o.margin_cents) test="order-margin" />
            <Kpi label="Links ordered" value=ordered.to_string() test="order-links" />
        </section>
        <section class="panel" aria-labelledby="funnel-title" data-test="order-funnel">
            <h2 id="funnel-title">"Where the links are"</h2>
            <div class="grid-3">
                {[("Delivered", delivered), ("Live", live), ("Indexed", indexed)].into_iter().map(|(stage, done)| view! {
                    <div>
                        <h3>{stage}</h3>
                        <Progress done=done target=ordered label=format!("Links {}", stage.to_lowercase()) />
                    </div>
                }).collect_view()}
            </div>
        </section>
        <section class="panel" aria-labelledby="links-title" data-test="order-links-panel">
            <h2 id="links-title">"Links"</h2>
            {if o.links.is_empty() {
                view! { <EmptyState title="No links yet"><p>"The marketplace has not reported any link of this order."</p></EmptyState> }.into_any()
            } else {
                view! {
                    <TableWrap label="Links table">
                        <table class="data" data-test="links-table">
                            <caption>"The order's links and when each reached each stage"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Referring page"</th>
                                    <th scope="col">"Target and anchor"</th>
                                    <th scope="col" class="num">"DR"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Ordered"</th>
                                    <th scope="col">"Delivered"</th>
                                    <th scope="col">"Live"</th>
                                    <th scope="col">"Indexed"</th>
                                    <th scope="col" class="num">"Cost"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {o.links.into_iter().map(|l| view! {
                                    <tr data-test="link-row">
                                        <td>{l.source_domain}<span class="sub">{l.source_url}</span></td>
                                        <td>{l.target_url}<span class="sub">{format!("“{}”", l.anchor_text)}</span></td>
                                        <td class="num">{l.domain_rating.map(|d| format!("{d:.0}")).unwrap_or_else(|| "—".into())}</td>
                                        <td><Badge text=label(&l.status) tone=tone_of(&l.status) /></td>
                                        <td>{stage(l.ordered_at)}</td>
                                        <td>{stage(l.delivered_at)}</td>
                                        <td>{stage(l.live_at)}</td>
                                        <td>{stage(l.indexed_at)}</td>
                                        <td class="num">{l.cost_cents.map(|c| format_cents(c, &l.currency)).unwrap_or_else(|| "—".into())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableWrap>
                }.into_any()
            }}
        </section>
        {can_manage.then(|| view! { <LinkForm order=order_id query /> })}
        {toast}
    }
}

/// Records a link the marketplace delivered (a plain form post; a refused one comes back with the
/// error beside its field and the values kept).
#[component]
fn LinkForm(order: i64, query: ParamsMap) -> impl IntoView {
    let get = |k: &str| query.get(k).unwrap_or_default();
    let error = |f: &str| {
        (query.get("field").as_deref() == Some(f))
            .then(|| query.get("error"))
            .flatten()
    };
    let (source_error, target_error, anchor_error) = (error("source_url"), error("target_url"), error("anchor_text"));
    let (tier_error, dr_error, cost_error) = (error("tier"), error("domain_rating"), error("cost_cents"));
    let (source, target, anchor) = (get("d_source"), get("d_target"), get("d_anchor"));
    let invalid = |e: &Option<String>| e.as_ref().map(|_| "true");
    let (source_invalid, target_invalid, anchor_invalid) =
        (invalid(&source_error), invalid(&target_error), invalid(&anchor_error));
    view! {
        <section class="panel stack" aria-labelledby="link-form-title" data-test="link-form">
            <h2 id="link-form-title">"Record a delivered link"</h2>
            <form method="post" action=RecordOrderLink::url() class="form-grid">
                <input type="hidden" name="order" value=order.to_string() />
                <Field id="source_url" label="Referring page" hint="https://… the page carrying the link" error=source_error>
                    <input type="url" id="source_url" name="source_url" value=source required aria-invalid=source_invalid
                        aria-describedby="source_url-hint source_url-error" data-test="l-source" />
                </Field>
                <Field id="target_url" label="Target page" hint="A page of the client's site" error=target_error>
                    <input type="url" id="target_url" name="target_url" value=target required aria-invalid=target_invalid
                        aria-describedby="target_url-hint target_url-error" data-test="l-target" />
                </Field>
                <Field id="anchor_text" label="Anchor text" error=anchor_error>
                    <input type="text" id="anchor_text" name="anchor_text" value=anchor required aria-invalid=anchor_invalid
                        aria-describedby="anchor_text-error" data-test="l-anchor" />
                </Field>
                <Field id="tier" label="Target tier" hint="Links go to hub pages only (tiers 1–3)" error=tier_error>
                    <select id="tier" name="tier" aria-describedby="tier-hint tier-error">
                        <option value="1">"1"</option>
                        <option value="2">"2"</option>
                        <option value="3">"3"</option>
                    </select>
                </Field>
                <Field id="domain_rating" label="DR of the referring domain" error=dr_error>
                    <input type="number" id="domain_rating" name="domain_rating" min="0" max="100" step="1" aria-describedby="domain_rating-error" />
                </Field>
                <Field id="cost" label="Cost ($)" error=cost_error>
                    <input type="text" id="cost" name="cost" inputmode="decimal" aria-describedby="cost-error" />
                </Field>
                <div class="form-actions wide">
                    <button type="submit" data-test="l-submit">"Record link"</button>
                </div>
            </form>
        </section>
    }
    .into_any()
}
