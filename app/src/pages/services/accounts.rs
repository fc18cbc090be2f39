//! Client accounts (staff): the list (`/services/accounts`: search, status, sort and page in the
//! URL; a New account form for staff admins) and one account's page (`/services/accounts/{id}`:
//! its settings, its sites with their subscriptions; add a site, start, pause, resume or cancel a
//! subscription). Every change is a plain form post that comes back here with the result.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;

use crate::api::accounts::{
    ACCOUNTS_PATH, AddAccountSite, ChangeSubscription, CreateAccount, InviteUser, RevokeInvitation, StartSubscription,
    UpdateAccount, account_list, account_page, account_path,
};
use crate::api::clients::client_url;
use crate::api::orders::RecordOrder;
use crate::components::error_panel::loaded;
use crate::components::feedback::Confirm;
use crate::components::form::Field;
use crate::components::header::PageHeader;
use crate::components::islands::Toast;
use crate::components::table::{Pager, SortHeader, TableWrap, href_with};
use crate::components::widgets::{Badge, EmptyState, label, tone_of};
use crate::types::account::{
    ACCOUNT_STATUSES, ACCOUNTS_PER_PAGE, Account, AccountDetail, AccountListPage, AccountQuery, AccountSite,
};
use crate::types::subscription::{BillingInterval, SubscriptionStatus, Tier};
use crate::types::{Feature, Role, format_cents};

fn query_of(q: &ParamsMap) -> AccountQuery {
    let get = |k: &str| q.get(k).unwrap_or_default();
    AccountQuery {
        q: get("q"),
        status: get("status"),
        sort: get("sort"),
        dir: get("dir"),
        page: get("page"),
    }
}

/// The error of a refused form post, if it was about one of `fields` (else it is shown above).
fn field_error(query: &ParamsMap, field: &str) -> Option<String> {
    (query.get("field").as_deref() == Some(field))
        .then(|| query.get("error"))
        .flatten()
}

/// The result of the last form post, as a dismissable message.
fn outcome(query: &ParamsMap, path: &str, known_fields: &[&str]) -> Option<AnyView> {
    let close = href_with(path, query, &[("new", None), ("confirm", None), ("id", None)]);
    let done = query.get("done").map(|d| match d.as_str() {
        "created" => "Account created: add its sites, then start their subscriptions.".to_owned(),
        "saved" => "Account saved.".to_owned(),
        "site-added" => "Site added.".to_owned(),
        "started" => "Subscription started: it counts in MRR from today.".to_owned(),
        "invited" => "Invitation emailed: the link works once, for 7 days.".to_owned(),
        "invitation-revoked" => "Invitation revoked: its link no longer works.".to_owned(),
        "review-required" => "The client now reviews each article before it goes ahead.".to_owned(),
        "review-waived" => "Articles now go ahead without the client's review; those waiting were approved.".to_owned(),
        other => format!("Subscription {other}."),
    });
    if let Some(message) = done {
        return Some(view! { <Toast message bad=false close /> }.into_any());
    }
    let field = query.get("field").unwrap_or_default();
    query
        .get("error")
        .filter(|_| !known_fields.contains(&field.as_str()))
        .map(|message| view! { <Toast message bad=true close /> }.into_any())
}

#[component]
pub fn Accounts() -> impl IntoView {
    let query = use_query_map();
    view! {
        <PageHeader
            title="Client accounts"
            sub="Every account, with its sites and what it buys. Open one to add sites and start, pause or cancel subscriptions."
            crumbs=vec![("Managed Services".into(), "/services".into())]
        />
        {loaded(
            move || account_list(query_of(&query.read_untracked())),
            move |page| view! { <AccountList page query=query.read_untracked().clone() /> },
        )}
    }
}

#[component]
fn AccountList(page: AccountListPage, query: ParamsMap) -> impl IntoView {
    let path = ACCOUNTS_PATH;
    let status = query.get("status").unwrap_or_default();
    let first = (page.page - 1) * ACCOUNTS_PER_PAGE + 1;
    let shown = page.rows.len();
    let prev = (page.page > 1).then(|| href_with(path, &query, &[("page", Some((page.page - 1).to_string()))]));
    let next =
        (page.page < page.pages).then(|| href_with(path, &query, &[("page", Some((page.page + 1).to_string()))]));
    let sort = |key: &str, text: &str, numeric: bool| {
        let query = query.clone();
        view! { <SortHeader key=key.to_owned() label=text.to_owned() path=ACCOUNTS_PATH query default="name" numeric /> }
    };
    let (name_sort, sites_sort, mrr_sort) = (
        sort("name", "Account", false),
        sort("sites", "Sites", true),
        sort("mrr", "MRR", true),
    );
    let rows = page
        .rows
        .into_iter()
        .map(|r| {
            let href = account_path(r.account.id);
            view! {
                <tr data-test="account-row">
                    <td><a href=href data-test="account-link">{r.account.name.clone()}</a></td>
                    <td><Badge text=label(&r.account.status) tone=tone_of(&r.account.status) /></td>
                    <td>{r.account.timezone.clone()}</td>
                    <td>{if r.account.is_agency { "Agency" } else { "Client" }}</td>
                    <td class="num" data-test="account-sites">{r.sites}</td>
                    <td class="num">{r.active_subscriptions}</td>
                    <td class="num" data-test="account-mrr">{r.mrr_display}</td>
                </tr>
            }
        })
        .collect_view();
    let new_form = page
        .can_manage
        .then(|| view! { <NewAccountForm query=query.clone() /> }.into_any());
    let status_option = move |value: &str| {
        let selected = value == status;
        let text = if value.is_empty() {
            "Every status".to_owned()
        } else {
            label(value)
        };
        view! { <option value=value.to_owned() selected=selected>{text}</option> }
    };
    view! {
        <div class="stack">
        {outcome(&query, path, &["name", "timezone", "feature_gates"])}
        {new_form}
        <section class="panel" aria-labelledby="accounts-title" data-test="accounts">
            <h2 id="accounts-title">"Accounts"</h2>
            <form method="get" action=path role="search" aria-label="Find accounts">
                <div class="toolbar">
                    <div class="field">
                        <label for="accounts-q">"Name"</label>
                        <input type="search" id="accounts-q" name="q" value=query.get("q").unwrap_or_default() data-test="filter-q" />
                    </div>
                    <div class="field">
                        <label for="accounts-status">"Status"</label>
                        <select id="accounts-status" name="status" data-test="filter-status">
                            {status_option("")}
                            {ACCOUNT_STATUSES.iter().map(|s| status_option(s)).collect_view()}
                        </select>
                    </div>
                    <div class="form-actions">
                        <button type="submit" data-test="apply-filters">"Apply"</button>
                    </div>
                </div>
            </form>
            {if shown == 0 {
                view! { <EmptyState title="No accounts match" /> }.into_any()
            } else {
                view! {
                    <TableWrap label="Accounts">
                        <table class="data" data-test="accounts-table">
                            <thead>
                                <tr>
                                    {name_sort}
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Time zone"</th>
                                    <th scope="col">"Kind"</th>
                                    {sites_sort}
                                    <th scope="col" class="num">"Active subscriptions"</th>
                                    {mrr_sort}
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </TableWrap>
                }
                .into_any()
            }}
            <Pager first shown matching=page.total prev next noun="accounts" />
        </section>
        </div>
    }
    .into_any()
}

/// The common fields of creating and editing an account.
#[component]
fn AccountFields(
    name: String,
    timezone: String,
    gates: Vec<String>,
    agency: bool,
    query: ParamsMap,
    /// `new-` or `edit-`: the controls' ids on a page that may show both.
    prefix: &'static str,
) -> impl IntoView {
    let id = move |f: &str| format!("{prefix}{f}");
    let error = |f: &str| field_error(&query, f);
    let invalid = |f: &str| error(f).map(|_| "true");
    let described = |f: &str| format!("{} {}", id(&format!("{f}-hint")), id(&format!("{f}-error")));
    let gate = |f: Feature, text: &'static str| {
        let control = id(f.as_str());
        let checked = gates.iter().any(|g| g == f.as_str());
        let input_id = control.clone();
        view! {
            <label for=control>
                <input type="checkbox" id=input_id name="feature_gates[]" value=f.as_str() checked=checked />
                {text}
            </label>
        }
    };
    let (name_error, name_invalid, name_described) = (error("name"), invalid("name"), described("name"));
    let (tz_error, tz_invalid, tz_described) = (error("timezone"), invalid("timezone"), described("timezone"));
    let gates_error = error("feature_gates");
    view! {
        <Field id=id("name") label="Name" error=name_error>
            <input type="text" id=id("name") name="name" value=name required maxlength="100"
                aria-invalid=name_invalid aria-describedby=name_described data-test="a-name" />
        </Field>
        <Field id=id("timezone") label="Time zone" hint="IANA name, e.g. America/Denver: reports and schedules follow it" error=tz_error>
            <input type="text" id=id("timezone") name="timezone" value=timezone required list="timezones"
                aria-invalid=tz_invalid aria-describedby=tz_described data-test="a-timezone" />
        </Field>
        <fieldset class="field" data-field=id("feature_gates")>
            <legend>"Plan includes"</legend>
            {gate(Feature::Reports, " Reports")}
            {gate(Feature::WhiteLabel, " White-label")}
            {gates_error.map(|e| view! { <span class="error" role="alert" data-test="field-error">{e}</span> })}
        </fieldset>
        <div class="field">
            <label for=id("is_agency")>
                <input type="checkbox" id=id("is_agency") name="is_agency" checked=agency />
                " An agency (resells under its own brand)"
            </label>
        </div>
        <datalist id="timezones">
            {COMMON_ZONES.iter().map(|z| view! { <option value=*z></option> }).collect_view()}
        </datalist>
    }
    .into_any()
}

/// Suggestions for the time zone field (any IANA name is accepted).
const COMMON_ZONES: [&str; 12] = [
    "UTC",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "Asia/Dubai",
    "Asia/Karachi",
    "Australia/Sydney",
];

#[component]
fn NewAccountForm(query: ParamsMap) -> impl IntoView {
    let get = |k: &str| query.get(k).unwrap_or_default();
    let open = query.get("new").is_some();
    let gates = get("d_gates")
        .split(',')
        .filter(|g| !g.is_empty())
        .map(str::to_owned)
        .collect();
    let timezone = query.get("d_timezone").unwrap_or_else(|| "UTC".to_owned());
    view! {
        <section class="panel stack" aria-labelledby="new-account-title" data-test="new-account">
            <details open=open>
                <summary><h2 id="new-account-title" class="inline">"New account"</h2></summary>
                <form method="post" action=CreateAccount::url() class="form-grid" data-test="new-account-form">
                    <AccountFields name=get("d_name") timezone gates agency=get("d_agency") == "true" query=query.clone() prefix="new-" />
                    <div class="form-actions wide">
                        <button type="submit" data-test="create-account">"Create account"</button>
                    </div>
                </form>
            </details>
        </section>
    }
    .into_any()
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .read_untracked()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    };
    loaded(
        move || account_page(id()),
        move |detail| view! { <AccountView detail query=query.read_untracked().clone() /> },
    )
}

#[component]
fn AccountView(detail: AccountDetail, query: ParamsMap) -> impl IntoView {
    let a = detail.account.clone();
    let path = account_path(a.id);
    let confirm = (query.get("confirm").as_deref() == Some("cancel"))
        .then(|| query.get("id").and_then(|i| i.parse::<i64>().ok()))
        .flatten()
        .and_then(|sub| {
            let line = detail
                .sites
                .iter()
                .find(|s| s.subscription.as_ref().is_some_and(|x| x.id == sub))?;
            Some(view! {
                <Confirm
                    title=format!("Cancel the subscription of {}?", line.site.domain)
                    text="Reports and work stop, and it leaves MRR today. It can be resumed later on the same terms."
                    action=ChangeSubscription::url()
                    fields=vec![("account", a.id.to_string()), ("id", sub.to_string()), ("change", "cancel".into())]
                    confirm_label="Cancel the subscription"
                    cancel=path.clone()
                />
            })
        });
    let sites = detail
        .sites
        .iter()
        .cloned()
        .map(|line| view! { <SiteRow line account=a.id can_manage=detail.can_manage /> })
        .collect_view();
    let unsubscribed: Vec<AccountSite> = detail
        .sites
        .iter()
        .filter(|s| s.subscription.is_none())
        .cloned()
        .collect();
    view! {
        <PageHeader
            title=a.name.clone()
            sub=format!("{} · {} · MRR {}", label(&a.status), a.timezone, detail.mrr_display)
            crumbs=vec![("Managed Services".into(), "/services".into()), ("Accounts".into(), ACCOUNTS_PATH.into())]
        >
            <a class="button secondary" href=format!("/account/audit?account={}", a.id) data-test="account-audit">"Audit log"</a>
            <a class="button secondary" href=format!("/account/imports?account={}", a.id) data-test="account-imports">"Data imports"</a>
        </PageHeader>
        <div class="stack">
        {outcome(&query, &path, &["name", "timezone", "feature_gates", "status", "domain", "site_name", "industry", "site_id", "tier", "billing_interval", "started_on", "email", "role", "site_ids", "package", "marketplace", "links_ordered", "price_cents", "cost_cents", "due_date", "notes"])}
        {confirm}
        <section class="panel" aria-labelledby="sites-title" data-test="account-sites">
            <h2 id="sites-title">"Sites and subscriptions"</h2>
            {if detail.sites.is_empty() {
                view! { <EmptyState title="No sites yet" /> }.into_any()
            } else {
                view! {
                    <TableWrap label="Sites">
                        <table class="data" data-test="sites-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Site"</th>
                                    <th scope="col">"Subscription"</th>
                                    <th scope="col" class="num">"Price"</th>
                                    <th scope="col" class="num">"Monthly"</th>
                                    <th scope="col" class="num">"Targets (articles / links)"</th>
                                    <th scope="col">"Renews"</th>
                                    <th scope="col">"Actions"</th>
                                </tr>
                            </thead>
                            <tbody>{sites}</tbody>
                        </table>
                    </TableWrap>
                }
                .into_any()
            }}
        </section>
        {detail.can_manage.then(|| view! {
            <div class="grid-2">
                <AddSiteForm account=a.id query=query.clone() />
                <StartForm account=a.id sites=unsubscribed query=query.clone() />
            </div>
        })}
        {(detail.can_manage && !detail.sites.is_empty()).then(|| view! { <OrderForm detail=detail.clone() query=query.clone() /> })}
        <People detail=detail.clone() query=query.clone() />
        {detail.can_manage.then(|| view! { <EditAccountForm account=a.clone() query=query.clone() /> })}
        </div>
    }
    .into_any()
}

#[component]
fn SiteRow(line: AccountSite, account: i64, can_manage: bool) -> impl IntoView {
    let AccountSite { site, subscription } = line;
    let Some(s) = subscription else {
        return view! {
            <tr data-test="site-row">
                <td>{site_cell(&site)}</td>
                <td colspan="6"><span class="muted">"No managed subscription"</span></td>
            </tr>
        }
        .into_any();
    };
    let button = |change: &'static str, text: &'static str| {
        view! {
            <form method="post" action=ChangeSubscription::url() class="inline">
                <input type="hidden" name="account" value=account.to_string() />
                <input type="hidden" name="id" value=s.id.to_string() />
                <input type="hidden" name="change" value=change />
                <button type="submit" class="secondary small" data-test=format!("sub-{change}")>{text}</button>
            </form>
        }
    };
    let actions = can_manage.then(|| {
        let cancel = format!("{}?confirm=cancel&id={}", account_path(account), s.id);
        view! {
            <div class="actions">
                {(s.status == SubscriptionStatus::Active).then(|| button("pause", "Pause"))}
                {matches!(s.status, SubscriptionStatus::Paused | SubscriptionStatus::Cancelled).then(|| button("resume", "Resume"))}
                {(s.status != SubscriptionStatus::Cancelled).then(|| view! {
                    <a class="button secondary small" href=cancel data-test="sub-cancel">"Cancel…"</a>
                })}
                {if s.review_required {
                    button("waive_review", "Waive review")
                } else {
                    button("require_review", "Require review")
                }}
            </div>
        }
    });
    let status = s.status.as_str();
    view! {
        <tr data-test="site-row">
            <td>{site_cell(&site)}</td>
            <td>
                <a href=client_url(s.id, "overview", &[]) data-test="sub-link">{format!("{} · {}", label(s.tier.as_str()), s.billing_interval.as_str())}</a>
                " "
                <Badge text=label(status) tone=tone_of(status) />
                <small class="muted" data-test="sub-review">
                    {if s.review_required { " · client reviews articles" } else { " · articles without review" }}
                </small>
            </td>
            <td class="num">{format_cents(s.price_cents, &s.currency)}</td>
            <td class="num" data-test="sub-monthly">{format_cents(s.monthly_cents, &s.currency)}</td>
            <td class="num">{format!("{} / {}", s.articles_per_month, s.backlinks_per_month)}</td>
            <td>{s.renewal_date.clone()}</td>
            <td>{actions}</td>
        </tr>
    }
    .into_any()
}

/// Records a backlink order placed on a marketplace for one of the account's sites (amounts in
/// dollars); on to the order's page, where its links are recorded.
#[component]
fn OrderForm(detail: AccountDetail, query: ParamsMap) -> impl IntoView {
    use crate::types::order::{MARKETPLACES, PACKAGES};
    let get = |k: &str| query.get(k).unwrap_or_default();
    let error = |f: &str| field_error(&query, f);
    let chosen = get("d_order_site");
    let (package, marketplace) = (get("d_package"), get("d_marketplace"));
    let (links, price, cost, due, notes) = (
        get("d_links"),
        get("d_price"),
        get("d_cost"),
        get("d_due"),
        get("d_notes"),
    );
    let (site_error, package_error, market_error) = (error("site_id"), error("package"), error("marketplace"));
    let (links_error, price_error, cost_error) = (error("links_ordered"), error("price_cents"), error("cost_cents"));
    let (due_error, notes_error) = (error("due_date"), error("notes"));
    let sites = detail
        .sites
        .iter()
        .map(|s| {
            let selected = s.site.id.to_string() == chosen;
            view! { <option value=s.site.id.to_string() selected=selected>{s.site.domain.clone()}</option> }
        })
        .collect_view();
    let options = |all: &'static [&'static str], current: String| {
        all.iter()
            .map(move |v| view! { <option value=*v selected=*v == current>{label(v)}</option> })
            .collect_view()
    };
    view! {
        <section class="panel stack" aria-labelledby="order-title" data-test="record-order">
            <h2 id="order-title">"Record a backlink order"</h2>
            <form method="post" action=RecordOrder::url() class="form-grid">
                <input type="hidden" name="account" value=detail.account.id.to_string() />
                <Field id="order_site" label="Site" error=site_error>
                    <select id="order_site" name="site_id" aria-describedby="order_site-error" data-test="o-site">{sites}</select>
                </Field>
                <Field id="package" label="Package" error=package_error>
                    <select id="package" name="package" aria-describedby="package-error">{options(&PACKAGES, package)}</select>
                </Field>
                <Field id="marketplace" label="Marketplace" error=market_error>
                    <select id="marketplace" name="marketplace" aria-describedby="marketplace-error">{options(&MARKETPLACES, marketplace)}</select>
                </Field>
                <Field id="links_ordered" label="Links" error=links_error>
                    <input type="number" id="links_ordered" name="links_ordered" min="1" max="500" value=links required
                        aria-describedby="links_ordered-error" data-test="o-links" />
                </Field>
                <Field id="price" label="Price to the client ($)" error=price_error>
                    <input type="text" id="price" name="price" inputmode="decimal" value=price required aria-describedby="price-error" data-test="o-price" />
                </Field>
                <Field id="cost" label="Cost on the marketplace ($)" error=cost_error>
                    <input type="text" id="cost" name="cost" inputmode="decimal" value=cost required aria-describedby="cost-error" data-test="o-cost" />
                </Field>
                <Field id="due_date" label="Links due" error=due_error>
                    <input type="date" id="due_date" name="due_date" value=due required aria-describedby="due_date-error" data-test="o-due" />
                </Field>
                <Field id="notes" label="Notes" error=notes_error>
                    <input type="text" id="notes" name="notes" value=notes aria-describedby="notes-error" />
                </Field>
                <div class="form-actions wide">
                    <button type="submit" data-test="o-submit">"Record order"</button>
                </div>
            </form>
        </section>
    }
    .into_any()
}

/// The account's users and invitations, and (for staff admins) the invitation form.
#[component]
fn People(detail: AccountDetail, query: ParamsMap) -> impl IntoView {
    let users = detail
        .users
        .iter()
        .map(|u| {
            view! {
                <tr data-test="user-row">
                    <td>{u.email.clone()}</td>
                    <td>{format!("{} {}", u.first_name, u.last_name)}</td>
                    <td>{label(u.role.as_str())}</td>
                </tr>
            }
        })
        .collect_view();
    let invitations = detail
        .invitations
        .iter()
        .map(|i| {
            let state = match &i.accepted_at {
                Some(at) => format!("accepted {}", at.get(..10).unwrap_or(at)),
                None if i.open => format!("open until {}", i.expires_at.get(..10).unwrap_or(&i.expires_at)),
                None => format!("ended {}", i.expires_at.get(..10).unwrap_or(&i.expires_at)),
            };
            let revoke = (detail.can_manage && i.open).then(|| {
                view! {
                    <form method="post" action=RevokeInvitation::url() class="inline">
                        <input type="hidden" name="account" value=detail.account.id.to_string() />
                        <input type="hidden" name="id" value=i.id.to_string() />
                        <button type="submit" class="secondary small" data-test="revoke-invitation">"Revoke"</button>
                    </form>
                }
            });
            let sites = match &i.site_ids {
                None => "every site".to_owned(),
                Some(ids) => detail
                    .sites
                    .iter()
                    .filter(|s| ids.contains(&s.site.id))
                    .map(|s| s.site.domain.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            view! {
                <tr data-test="invitation-row">
                    <td>{i.email.clone()}</td>
                    <td>{label(i.role.as_str())}</td>
                    <td>{sites}</td>
                    <td>{state}</td>
                    <td>{revoke}</td>
                </tr>
            }
        })
        .collect_view();
    let form = detail.can_manage.then(|| {
        let get = |k: &str| query.get(k).unwrap_or_default();
        let (email, role) = (get("d_email"), get("d_role"));
        let error = |f: &str| field_error(&query, f);
        let (email_error, role_error, sites_error) = (error("email"), error("role"), error("site_ids"));
        let email_invalid = email_error.as_ref().map(|_| "true");
        let site_boxes = detail
            .sites
            .iter()
            .map(|s| {
                let id = format!("invite-site-{}", s.site.id);
                let for_id = id.clone();
                view! {
                    <label for=for_id>
                        <input type="checkbox" id=id name="site_ids[]" value=s.site.id.to_string() />
                        " " {s.site.domain.clone()}
                    </label>
                }
            })
            .collect_view();
        view! {
            <form method="post" action=InviteUser::url() class="form-grid" data-test="invite-form">
                <input type="hidden" name="account" value=detail.account.id.to_string() />
                <Field id="email" label="Email" hint="They get a link that sets their password" error=email_error>
                    <input type="email" id="email" name="email" value=email required
                        aria-invalid=email_invalid aria-describedby="email-hint email-error" data-test="invite-email" />
                </Field>
                <Field id="role" label="Role" hint="Owners and admins download reports; viewers only read" error=role_error>
                    <select id="role" name="role" aria-describedby="role-hint role-error" data-test="invite-role">
                        {Role::ALL.iter().rev().map(|r| {
                            let selected = r.as_str() == role || (role.is_empty() && *r == Role::Viewer);
                            view! { <option value=r.as_str() selected=selected>{label(r.as_str())}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <fieldset class="field" data-field="site_ids">
                    <legend>"Only these sites (none ticked: every site)"</legend>
                    {site_boxes}
                    {sites_error.map(|e| view! { <span class="error" role="alert" data-test="field-error">{e}</span> })}
                </fieldset>
                <div class="form-actions wide">
                    <button type="submit" data-test="invite-submit">"Send invitation"</button>
                </div>
            </form>
        }
    });
    view! {
        <section class="panel stack" aria-labelledby="people-title" data-test="people">
            <h2 id="people-title">"People"</h2>
            {if detail.users.is_empty() {
                view! { <p class="muted">"No users yet: invite the client's first one below."</p> }.into_any()
            } else {
                view! {
                    <TableWrap label="Users">
                        <table class="data" data-test="users-table">
                            <thead><tr><th scope="col">"Email"</th><th scope="col">"Name"</th><th scope="col">"Role"</th></tr></thead>
                            <tbody>{users}</tbody>
                        </table>
                    </TableWrap>
                }
                .into_any()
            }}
            {(!detail.invitations.is_empty()).then(|| view! {
                <h3>"Invitations"</h3>
                <TableWrap label="Invitations">
                    <table class="data" data-test="invitations-table">
                        <thead><tr><th scope="col">"Email"</th><th scope="col">"Role"</th><th scope="col">"Sites"</th><th scope="col">"State"</th><th scope="col">"Actions"</th></tr></thead>
                        <tbody>{invitations}</tbody>
                    </table>
                </TableWrap>
            })}
            {form}
        </section>
    }
    .into_any()
}

/// A site's name, and its domain under it when they differ.
fn site_cell(site: &crate::types::Site) -> impl IntoView + use<> {
    let domain = site.domain.clone();
    let name = (site.name != site.domain).then(|| view! { {site.name.clone()}<br /> });
    view! { {name}<span class="muted" data-test="site-domain">{domain}</span> }
}

#[component]
fn AddSiteForm(account: i64, query: ParamsMap) -> impl IntoView {
    let get = |k: &str| query.get(k).unwrap_or_default();
    let (domain, name, industry) = (get("d_domain"), get("d_site_name"), get("d_industry"));
    let error = |f: &str| field_error(&query, f);
    let (domain_error, name_error, industry_error) = (error("domain"), error("site_name"), error("industry"));
    let domain_invalid = domain_error.as_ref().map(|_| "true");
    view! {
        <section class="panel stack" aria-labelledby="add-site-title" data-test="add-site">
            <h2 id="add-site-title">"Add a site"</h2>
            <form method="post" action=AddAccountSite::url() class="stack">
                <input type="hidden" name="account" value=account.to_string() />
                <Field id="domain" label="Domain" hint="The bare domain, e.g. example.com" error=domain_error>
                    <input type="text" id="domain" name="domain" value=domain required
                        aria-invalid=domain_invalid aria-describedby="domain-hint domain-error" data-test="s-domain" />
                </Field>
                <Field id="site_name" label="Name" hint="Shown in reports; the domain when left empty" error=name_error>
                    <input type="text" id="site_name" name="name" value=name aria-describedby="site_name-hint site_name-error" />
                </Field>
                <Field id="industry" label="Industry" error=industry_error>
                    <input type="text" id="industry" name="industry" value=industry aria-describedby="industry-error" />
                </Field>
                <div class="form-actions">
                    <button type="submit" data-test="add-site-submit">"Add site"</button>
                </div>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn StartForm(account: i64, sites: Vec<AccountSite>, query: ParamsMap) -> impl IntoView {
    if sites.is_empty() {
        return view! {
            <section class="panel stack" aria-labelledby="start-title" data-test="start-subscription">
                <h2 id="start-title">"Start a subscription"</h2>
                <p class="muted">"Every site has a subscription. Add a site to start another."</p>
            </section>
        }
        .into_any();
    }
    let error = |f: &str| field_error(&query, f);
    let chosen = query.get("d_site").unwrap_or_default();
    let prices: Vec<String> = Tier::ALL
        .iter()
        .map(|t| {
            let per: Vec<String> = BillingInterval::ALL
                .iter()
                .map(|i| format!("{} a {}", format_cents(t.price_cents(*i), "USD"), i.as_str()))
                .collect();
            let (articles, links) = t.targets();
            format!(
                "{}: {} ({articles} articles, {links} links a month)",
                label(t.as_str()),
                per.join(", ")
            )
        })
        .collect();
    view! {
        <section class="panel stack" aria-labelledby="start-title" data-test="start-subscription">
            <h2 id="start-title">"Start a subscription"</h2>
            <form method="post" action=StartSubscription::url() class="stack">
                <input type="hidden" name="account" value=account.to_string() />
                <Field id="site_id" label="Site" error=error("site_id")>
                    <select id="site_id" name="site_id" aria-describedby="site_id-error" data-test="sub-site">
                        {sites.into_iter().map(|s| {
                            let selected = s.site.id.to_string() == chosen;
                            view! { <option value=s.site.id.to_string() selected=selected>{s.site.domain}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="tier" label="Tier" error=error("tier")>
                    <select id="tier" name="tier" aria-describedby="tier-error" data-test="sub-tier">
                        {Tier::ALL.iter().map(|t| view! { <option value=t.as_str()>{label(t.as_str())}</option> }).collect_view()}
                    </select>
                </Field>
                <Field id="billing_interval" label="Billed every" error=error("billing_interval")>
                    <select id="billing_interval" name="billing_interval" aria-describedby="billing_interval-error" data-test="sub-interval">
                        {BillingInterval::ALL.iter().map(|i| view! { <option value=i.as_str()>{i.as_str()}</option> }).collect_view()}
                    </select>
                </Field>
                <Field id="started_on" label="Starts on" hint="Today when left empty" error=error("started_on")>
                    <input type="date" id="started_on" name="started_on" aria-describedby="started_on-hint started_on-error" />
                </Field>
                <div class="field">
                    <label for="review_required">
                        <input type="checkbox" id="review_required" name="review_required" />
                        " The client approves articles and blueprints first"
                    </label>
                </div>
                <ul class="muted" data-test="tier-prices">{prices.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                <div class="form-actions">
                    <button type="submit" data-test="start-submit">"Start subscription"</button>
                </div>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn EditAccountForm(account: Account, query: ParamsMap) -> impl IntoView {
    // a refused save of this form comes back with the values as entered
    let refused = query.get("error").is_some() && query.get("d_status").is_some();
    let get = |k: &str, current: String| {
        if refused {
            query.get(k).unwrap_or(current)
        } else {
            current
        }
    };
    let gates = if refused {
        query
            .get("d_gates")
            .unwrap_or_default()
            .split(',')
            .filter(|g| !g.is_empty())
            .map(str::to_owned)
            .collect()
    } else {
        account.feature_gates.clone()
    };
    let agency = if refused {
        query.get("d_agency").as_deref() == Some("true")
    } else {
        account.is_agency
    };
    let status = get("d_status", account.status.clone());
    let error = field_error(&query, "status");
    view! {
        <section class="panel stack" aria-labelledby="edit-account-title" data-test="edit-account">
            <h2 id="edit-account-title">"Account settings"</h2>
            <form method="post" action=UpdateAccount::url() class="form-grid">
                <input type="hidden" name="id" value=account.id.to_string() />
                <AccountFields
                    name=get("d_name", account.name.clone())
                    timezone=get("d_timezone", account.timezone.clone())
                    gates
                    agency
                    query=query.clone()
                    prefix="edit-"
                />
                <Field id="status" label="Status" hint="Users of a suspended or cancelled account cannot sign in" error=error>
                    <select id="status" name="status" aria-describedby="status-hint status-error" data-test="a-status">
                        {ACCOUNT_STATUSES.iter().map(|s| view! { <option value=*s selected=*s == status>{label(s)}</option> }).collect_view()}
                    </select>
                </Field>
                <div class="form-actions wide">
                    <button type="submit" data-test="save-account">"Save"</button>
                </div>
            </form>
        </section>
    }
    .into_any()
}
