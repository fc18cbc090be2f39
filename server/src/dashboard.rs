//! The Alorig services dashboard (staff, while `managed_services_enabled`): MRR, revenue,
//! margin, the client list with its status summary, the MRR trend and what is overdue. The
//! formulas are in the README (§ Figures); every function takes "today" so tests fix the clock.
//! Money is USD (the platform's billing currency); rows in another currency are left out.

use std::collections::{BTreeMap, HashMap, HashSet};

use app::types::dashboard::{
    ClientListRow, ClientRow, ClientStatusSummary, LastReport, Margin, MarginLine, MarginPoint, MrrPoint, OverdueItem,
    OverdueKind, PreviousMonth, Revenue,
};
use app::types::page::Page;
use app::types::{Actor, BillingInterval, DashboardSummary, SubscriptionStatus, Tier, TierSummary, format_cents};
use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime};

use crate::auth::{Action, Resource, authorize};
use crate::db::DbConn;
use crate::db::models::billing::Invoice;
use crate::db::models::order::Order;
use crate::db::models::overdue_flag::OverdueFlag;
use crate::db::models::report::ServiceReport;
use crate::db::models::subscription::Subscription;
use crate::error::{AppError, AppResult};
use crate::pagination::PageArgs;
use crate::reports::period::Period;
use crate::subscriptions::{CURRENCY, monthly_cents};

/// Days after its day a scheduled report may still be unsent before it is overdue.
pub const REPORT_GRACE_DAYS: u64 = 2;
/// Renewals this close (or past) are listed.
pub const RENEWAL_NOTICE_DAYS: u64 = 7;
/// Longest MRR trend.
pub const MAX_TREND_MONTHS: i64 = 36;

fn staff(actor: Option<&Actor>) -> AppResult<()> {
    authorize(actor, Action::ViewServicesDashboard, Resource::Platform)
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(0, 0, 0).expect("midnight exists")
}

fn interval(s: &Subscription) -> BillingInterval {
    BillingInterval::parse(&s.billing_interval).unwrap_or(BillingInterval::Month)
}

/// A subscription's price for one month (0 unless active, and outside USD).
fn monthly_price(s: &Subscription) -> i64 {
    if s.status == "active" && s.currency == CURRENCY {
        monthly_cents(s.price_cents, interval(s))
    } else {
        0
    }
}

fn monthly_cost(s: &Subscription) -> i64 {
    if s.status == "active" && s.currency == CURRENCY {
        monthly_cents(s.cost_cents, interval(s))
    } else {
        0
    }
}

/// The month `today` is in, up to its last day.
pub fn this_month(today: NaiveDate) -> Period {
    let start = today.with_day(1).expect("day 1 exists");
    Period {
        start,
        end: start + Months::new(1) - Days::new(1),
    }
}

/// MRR and what it is made of, from the active subscriptions alone.
#[derive(Clone, Debug, PartialEq)]
pub struct Recurring {
    pub mrr_cents: i64,
    /// Accounts with at least one active subscription.
    pub active_clients: i64,
    pub active_subscriptions: i64,
    pub by_tier: Vec<TierSummary>,
}

pub async fn recurring(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<Recurring> {
    staff(actor)?;
    recurring_of(conn).await
}

async fn recurring_of(conn: &mut DbConn<'_>) -> AppResult<Recurring> {
    let (active_subscriptions, active_clients) = Subscription::active_counts(conn).await?;
    let mut by_tier: BTreeMap<&'static str, (Tier, i64, i64)> = BTreeMap::new();
    for row in Subscription::monthly_by_tier(conn).await? {
        if row.currency != CURRENCY {
            tracing::warn!(subscriptions = row.subscriptions, currency = %row.currency, "subscriptions not in {CURRENCY}: left out of MRR");
            continue;
        }
        let tier = Tier::parse(&row.tier).unwrap_or(Tier::Lite);
        let entry = by_tier.entry(tier.as_str()).or_insert((tier, 0, 0));
        entry.1 += row.subscriptions;
        entry.2 += row.monthly_cents;
    }
    Ok(Recurring {
        mrr_cents: by_tier.values().map(|t| t.2).sum(),
        active_clients,
        active_subscriptions,
        by_tier: by_tier
            .into_values()
            .map(|(tier, subscriptions, cents)| TierSummary {
                tier,
                subscriptions,
                mrr_cents: cents,
                mrr_display: format_cents(cents, CURRENCY),
            })
            .collect(),
    })
}

/// The headline figures (the REST `dashboard/` and the admin page).
pub async fn summary(conn: &mut DbConn<'_>, actor: Option<&Actor>, today: NaiveDate) -> AppResult<DashboardSummary> {
    staff(actor)?;
    let subs = Subscription::all_with_names(conn).await?;
    let overdue = overdue_of(conn, &subs, today, None).await?;
    summary_of(conn, &subs, &overdue, today).await
}

async fn summary_of(
    conn: &mut DbConn<'_>,
    subs: &[(Subscription, String, String)],
    overdue: &[OverdueItem],
    today: NaiveDate,
) -> AppResult<DashboardSummary> {
    let recurring = recurring_of(conn).await?;
    let month = this_month(today);
    let revenue = revenue_of(conn, month).await?;
    let margin = margin_of(conn, subs, month).await?;
    Ok(DashboardSummary {
        active_clients: recurring.active_clients,
        active_subscriptions: recurring.active_subscriptions,
        mrr_cents: recurring.mrr_cents,
        currency: CURRENCY.into(),
        mrr_display: format_cents(recurring.mrr_cents, CURRENCY),
        by_tier: recurring.by_tier,
        revenue,
        margin_cents: margin.total_cents,
        margin_pct: margin.margin_pct,
        overdue: overdue.len() as i64,
        status: status_summary(conn).await?,
    })
}

/// Invoices of managed subscriptions paid in the period.
pub async fn revenue(conn: &mut DbConn<'_>, actor: Option<&Actor>, period: Period) -> AppResult<Revenue> {
    staff(actor)?;
    revenue_of(conn, period).await
}

async fn revenue_of(conn: &mut DbConn<'_>, p: Period) -> AppResult<Revenue> {
    let (cents, n) = Invoice::paid_between(conn, midnight(p.start), midnight(p.end + Days::new(1)), CURRENCY).await?;
    Ok(Revenue {
        period_start: p.start.to_string(),
        period_end: p.end.to_string(),
        paid_cents: cents,
        invoices: n,
        currency: CURRENCY.into(),
        display: format_cents(cents, CURRENCY),
    })
}

/// Margin per active subscription (a month) and per order placed in the period.
pub async fn margin(conn: &mut DbConn<'_>, actor: Option<&Actor>, period: Period) -> AppResult<Margin> {
    staff(actor)?;
    let subs = Subscription::all_with_names(conn).await?;
    margin_of(conn, &subs, period).await
}

async fn margin_of(conn: &mut DbConn<'_>, subs: &[(Subscription, String, String)], p: Period) -> AppResult<Margin> {
    let names: HashMap<i64, &str> = subs.iter().map(|(s, _, site)| (s.site_id, site.as_str())).collect();
    let mut lines = Vec::new();
    for (s, _, site) in subs
        .iter()
        .filter(|(s, ..)| s.status == "active" && s.currency == CURRENCY)
    {
        let (price, cost) = (monthly_price(s), monthly_cost(s));
        lines.push(MarginLine {
            kind: "subscription".into(),
            id: s.id,
            account_id: s.account_id,
            site_id: s.site_id,
            site_name: site.clone(),
            price_cents: price,
            cost_cents: cost,
            margin_cents: price - cost,
        });
    }
    let orders = Order::placed_between(conn, midnight(p.start), midnight(p.end + Days::new(1))).await?;
    for o in orders.iter().filter(|o| o.currency == CURRENCY) {
        lines.push(MarginLine {
            kind: "order".into(),
            id: o.id,
            account_id: o.account_id,
            site_id: o.site_id,
            site_name: names.get(&o.site_id).copied().unwrap_or_default().to_owned(),
            price_cents: o.price_cents,
            cost_cents: o.cost_cents,
            margin_cents: o.price_cents - o.cost_cents,
        });
    }
    let sum = |kind: &str, f: fn(&MarginLine) -> i64| lines.iter().filter(|l| l.kind == kind).map(f).sum::<i64>();
    let subscriptions_cents = sum("subscription", |l| l.margin_cents);
    let orders_cents = sum("order", |l| l.margin_cents);
    let revenue = sum("subscription", |l| l.price_cents) + sum("order", |l| l.price_cents);
    let total = subscriptions_cents + orders_cents;
    Ok(Margin {
        period_start: p.start.to_string(),
        period_end: p.end.to_string(),
        subscriptions_cents,
        orders_cents,
        total_cents: total,
        margin_pct: (revenue > 0).then(|| (total as f64 * 1000.0 / revenue as f64).round() / 10.0),
        currency: CURRENCY.into(),
        lines,
    })
}

/// MRR at the end of each of the last `months` months, the current month last. Past months
/// count the subscriptions that had started and were not cancelled by then (pauses have no
/// history, so a paused subscription counts in past months); the current month is live MRR.
pub async fn mrr_trend(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    months: i64,
    today: NaiveDate,
) -> AppResult<Vec<MrrPoint>> {
    staff(actor)?;
    if !(1..=MAX_TREND_MONTHS).contains(&months) {
        return Err(AppError::invalid(
            "months",
            format!("must be between 1 and {MAX_TREND_MONTHS}"),
        ));
    }
    let subs = Subscription::all_with_names(conn).await?;
    Ok(mrr_trend_of(&subs, months, today))
}

/// The months of a trend, oldest first: (first day, last day).
fn trend_months(months: i64, today: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let current = this_month(today);
    (0..months)
        .rev()
        .map(|back| {
            let start = current.start - Months::new(back as u32);
            (start, start + Months::new(1) - Days::new(1))
        })
        .collect()
}

/// The subscriptions that were running at the end of a past month (started by then, not
/// cancelled by then; pauses have no history).
fn running_at(subs: &[(Subscription, String, String)], end: NaiveDate) -> impl Iterator<Item = &Subscription> {
    subs.iter()
        .map(|(s, ..)| s)
        .filter(move |s| s.status != "pending" && s.currency == CURRENCY && s.started_on <= end)
        .filter(move |s| s.cancelled_at.is_none_or(|c| c.date() > end))
}

fn mrr_trend_of(subs: &[(Subscription, String, String)], months: i64, today: NaiveDate) -> Vec<MrrPoint> {
    let months = trend_months(months, today);
    let last = months.len() - 1;
    months
        .into_iter()
        .enumerate()
        .map(|(i, (start, end))| MrrPoint {
            month: start.format("%Y-%m").to_string(),
            mrr_cents: if i == last {
                subs.iter().map(|(s, ..)| monthly_price(s)).sum()
            } else {
                running_at(subs, end)
                    .map(|s| monthly_cents(s.price_cents, interval(s)))
                    .sum()
            },
        })
        .collect()
}

/// Margin per month, oldest first: the subscriptions running at each month's end (a month of
/// price minus cost) plus the orders placed in it; the current month is `margin`'s total.
async fn margin_trend_of(
    conn: &mut DbConn<'_>,
    subs: &[(Subscription, String, String)],
    months: i64,
    today: NaiveDate,
) -> AppResult<Vec<MarginPoint>> {
    let months = trend_months(months, today);
    let (first, _) = months[0];
    let (_, last_end) = months[months.len() - 1];
    let orders = Order::placed_between(conn, midnight(first), midnight(last_end + Days::new(1))).await?;
    let current = margin_of(conn, subs, this_month(today)).await?.total_cents;
    let last = months.len() - 1;
    Ok(months
        .into_iter()
        .enumerate()
        .map(|(i, (start, end))| {
            let cents = if i == last {
                current
            } else {
                let running: i64 = running_at(subs, end)
                    .map(|s| monthly_cents(s.price_cents, interval(s)) - monthly_cents(s.cost_cents, interval(s)))
                    .sum();
                let placed: i64 = orders
                    .iter()
                    .filter(|o| o.currency == CURRENCY && (start..=end).contains(&o.ordered_at.date()))
                    .map(|o| o.price_cents - o.cost_cents)
                    .sum();
                running + placed
            };
            MarginPoint {
                month: start.format("%Y-%m").to_string(),
                margin_cents: cents,
            }
        })
        .collect())
}

/// Months of the admin overview's trends.
pub const PAGE_TREND_MONTHS: i64 = 12;

/// Everything the admin pages show that is the same for every staff member, computed together
/// and shared for a moment by `DashboardCache` (which authorizes).
#[derive(Debug)]
pub struct Snapshot {
    pub summary: DashboardSummary,
    pub previous: PreviousMonth,
    pub mrr_trend: Vec<MrrPoint>,
    pub margin_trend: Vec<MarginPoint>,
    /// Everything overdue today, with since when the daily check has flagged it.
    pub overdue: Vec<OverdueItem>,
    /// Every managed client site.
    pub clients: Vec<ClientListRow>,
    /// The client list's sort orders and search keys, made when first asked for.
    pub client_index: crate::clients::ClientIndex,
    /// The overview page made of it (by the web layer, once per snapshot: its charts drawn,
    /// its actions grouped).
    pub page: std::sync::OnceLock<app::types::dashboard::DashboardPage>,
}

pub(crate) async fn snapshot(conn: &mut DbConn<'_>, today: NaiveDate) -> AppResult<Snapshot> {
    let subs = Subscription::all_with_names(conn).await?;
    let mut overdue = overdue_of(conn, &subs, today, None).await?;
    flag_since(conn, &mut overdue).await?;
    let summary = summary_of(conn, &subs, &overdue, today).await?;
    let mrr_trend = mrr_trend_of(&subs, PAGE_TREND_MONTHS, today);
    let margin_trend = margin_trend_of(conn, &subs, PAGE_TREND_MONTHS, today).await?;
    let last_month = this_month(this_month(today).start - Days::new(1));
    let previous = PreviousMonth {
        month: last_month.start.format("%Y-%m").to_string(),
        mrr_cents: mrr_trend[mrr_trend.len() - 2].mrr_cents,
        revenue_cents: revenue_of(conn, last_month).await?.paid_cents,
        margin_cents: margin_trend[margin_trend.len() - 2].margin_cents,
        active_clients: running_at(&subs, last_month.end)
            .map(|s| s.account_id)
            .collect::<HashSet<_>>()
            .len() as i64,
    };
    let clients = client_rows(conn, &subs, &overdue, today).await?;
    Ok(Snapshot {
        summary,
        previous,
        mrr_trend,
        margin_trend,
        overdue,
        clients,
        client_index: Default::default(),
        page: std::sync::OnceLock::new(),
    })
}

/// Every managed client site with this month's progress, its newest report and what is overdue.
async fn client_rows(
    conn: &mut DbConn<'_>,
    subs: &[(Subscription, String, String)],
    overdue: &[OverdueItem],
    today: NaiveDate,
) -> AppResult<Vec<ClientListRow>> {
    let month = this_month(today);
    let (from, until) = (midnight(month.start), midnight(month.end + Days::new(1)));
    let published: HashMap<i64, i64> = crate::db::models::content::published_by_site(conn, from, until, None)
        .await?
        .into_iter()
        .collect();
    let delivered: HashMap<i64, i64> = crate::db::models::order::delivered_by_site(conn, from, until)
        .await?
        .into_iter()
        .collect();
    let domains: HashMap<i64, String> = crate::db::models::site::Site::domains(conn)
        .await?
        .into_iter()
        .collect();
    let reports: HashMap<i64, LastReport> = ServiceReport::latest_per_site(conn)
        .await?
        .into_iter()
        .map(|(site, id, report_type, status, held, at)| {
            let delivery = if held { "held".to_owned() } else { status };
            (
                site,
                LastReport {
                    id,
                    generated_on: at.date().to_string(),
                    report_type,
                    delivery,
                },
            )
        })
        .collect();
    let mut late: HashMap<i64, i64> = HashMap::new();
    for item in overdue {
        *late.entry(item.subscription_id).or_default() += 1;
    }
    Ok(subs
        .iter()
        .map(|(s, account, site)| ClientListRow {
            subscription_id: s.id,
            account_id: s.account_id,
            account_name: account.clone(),
            site_id: s.site_id,
            site_name: site.clone(),
            domain: domains.get(&s.site_id).cloned().unwrap_or_default(),
            tier: Tier::parse(&s.tier).unwrap_or(Tier::Lite),
            status: SubscriptionStatus::parse(&s.status).unwrap_or(SubscriptionStatus::Pending),
            monthly_cents: monthly_price(s),
            articles_published: published.get(&s.site_id).copied().unwrap_or(0),
            articles_target: i64::from(s.articles_per_month),
            backlinks_delivered: delivered.get(&s.site_id).copied().unwrap_or(0),
            backlinks_target: i64::from(s.backlinks_per_month),
            last_report: reports.get(&s.site_id).cloned(),
            renewal_date: s.renewal_date.to_string(),
            overdue: late.get(&s.id).copied().unwrap_or(0),
        })
        .collect())
}

/// Subscriptions by status and by tier.
async fn status_summary(conn: &mut DbConn<'_>) -> AppResult<ClientStatusSummary> {
    let mut s = ClientStatusSummary::default();
    for (status, tier, n) in Subscription::count_by_status_and_tier(conn).await? {
        match status.as_str() {
            "active" => s.active += n,
            "paused" => s.paused += n,
            "pending" => s.pending += n,
            _ => s.cancelled += n,
        }
        match tier.as_str() {
            "pro" => s.pro += n,
            _ => s.lite += n,
        }
    }
    Ok(s)
}

/// The client list (a page, by account then site name) and the status summary of all of it.
/// Only the page's subscriptions are read, with their articles and overdue items.
pub async fn clients(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    page: PageArgs,
    today: NaiveDate,
) -> AppResult<(Page<ClientRow>, ClientStatusSummary)> {
    staff(actor)?;
    let summary = status_summary(conn).await?;
    let total = summary.active + summary.paused + summary.pending + summary.cancelled;
    let offset = page.offset();
    let subs = Subscription::page_with_names(conn, offset, page.fetch()).await?;
    let sites: Vec<i64> = subs.iter().map(|(s, ..)| s.site_id).collect();
    let month = this_month(today);
    let published: HashMap<i64, i64> = crate::db::models::content::published_by_site(
        conn,
        midnight(month.start),
        midnight(month.end + Days::new(1)),
        Some(&sites),
    )
    .await?
    .into_iter()
    .collect();
    let mut overdue: HashMap<i64, i64> = HashMap::new();
    for item in overdue_of(conn, &subs, today, Some(&sites)).await? {
        *overdue.entry(item.subscription_id).or_default() += 1;
    }
    let rows: Vec<(i64, ClientRow)> = subs
        .iter()
        .enumerate()
        .map(|(i, (s, account, site))| {
            (
                offset + i as i64,
                ClientRow {
                    subscription_id: s.id,
                    account_id: s.account_id,
                    account_name: account.clone(),
                    site_id: s.site_id,
                    site_name: site.clone(),
                    tier: Tier::parse(&s.tier).unwrap_or(Tier::Lite),
                    status: SubscriptionStatus::parse(&s.status).unwrap_or(SubscriptionStatus::Pending),
                    monthly_cents: monthly_price(s),
                    articles_published: published.get(&s.site_id).copied().unwrap_or(0),
                    articles_target: i64::from(s.articles_per_month),
                    renewal_date: s.renewal_date.to_string(),
                    overdue: overdue.get(&s.id).copied().unwrap_or(0),
                },
            )
        })
        .collect();
    let page = page.page(rows, total, |(i, _)| *i).map(|(_, row)| row);
    Ok((page, summary))
}

/// Everything late today, by kind then due date.
pub async fn overdue(conn: &mut DbConn<'_>, actor: Option<&Actor>, today: NaiveDate) -> AppResult<Vec<OverdueItem>> {
    staff(actor)?;
    let subs = Subscription::all_with_names(conn).await?;
    let mut out = overdue_of(conn, &subs, today, None).await?;
    flag_since(conn, &mut out).await?;
    Ok(out)
}

/// Since when the daily check has flagged each item.
async fn flag_since(conn: &mut DbConn<'_>, items: &mut [OverdueItem]) -> AppResult<()> {
    let flags: HashMap<(i64, String), NaiveDateTime> = OverdueFlag::open(conn)
        .await?
        .into_iter()
        .map(|f| ((f.subscription_id, format!("{}|{}", f.kind, f.reference)), f.flagged_at))
        .collect();
    for i in items {
        let key = (i.subscription_id, format!("{}|{}", kind_name(i.kind), i.reference));
        i.flagged_since = flags.get(&key).map(|at| at.and_utc().to_rfc3339());
    }
    Ok(())
}

/// The stored name of an overdue kind (`igny8_overdue_flags.kind`).
pub fn kind_name(kind: OverdueKind) -> &'static str {
    match kind {
        OverdueKind::Content => "content",
        OverdueKind::Backlinks => "backlinks",
        OverdueKind::Report => "report",
        OverdueKind::Renewal => "renewal",
    }
}

/// Every overdue item today, for the daily check (a trusted caller inside the server).
pub async fn overdue_for_check(conn: &mut DbConn<'_>, today: NaiveDate) -> AppResult<Vec<OverdueItem>> {
    let subs = Subscription::all_with_names(conn).await?;
    overdue_of(conn, &subs, today, None).await
}

/// The overdue items of `subs`; `sites` (their sites) narrows the queries when `subs` is a page.
async fn overdue_of(
    conn: &mut DbConn<'_>,
    subs: &[(Subscription, String, String)],
    today: NaiveDate,
    sites: Option<&[i64]>,
) -> AppResult<Vec<OverdueItem>> {
    let active: Vec<&(Subscription, String, String)> = subs.iter().filter(|(s, ..)| s.status == "active").collect();
    let by_site: HashMap<i64, &(Subscription, String, String)> = active.iter().map(|e| (e.0.site_id, *e)).collect();
    let item = |(s, account, site): &(Subscription, String, String),
                kind,
                reference: String,
                detail: String,
                due: NaiveDate| {
        OverdueItem {
            kind,
            subscription_id: s.id,
            account_id: s.account_id,
            account_name: account.clone(),
            site_id: s.site_id,
            site_name: site.clone(),
            detail,
            due_on: due.to_string(),
            days_overdue: (today - due).num_days(),
            reference,
            flagged_since: None,
        }
    };
    let mut out = Vec::new();

    // content behind the month's target, pro-rated to today
    let month = this_month(today);
    let published: HashMap<i64, i64> = crate::db::models::content::published_by_site(
        conn,
        midnight(month.start),
        midnight(today + Days::new(1)),
        sites,
    )
    .await?
    .into_iter()
    .collect();
    let elapsed = i64::from(today.day());
    let days = month.days();
    for e in &active {
        let target = i64::from(e.0.articles_per_month);
        let expected = target * elapsed / days;
        let done = published.get(&e.0.site_id).copied().unwrap_or(0);
        if done < expected {
            out.push(item(
                e,
                OverdueKind::Content,
                format!("content:{}", month.start.format("%Y-%m")),
                format!("{done} of {target} articles published; {expected} expected by today"),
                today,
            ));
        }
    }

    // backlink orders past their due date
    for o in Order::past_due(conn, today, sites).await? {
        if let Some(e) = by_site.get(&o.site_id) {
            out.push(item(
                e,
                OverdueKind::Backlinks,
                format!("order:{}", o.id),
                format!(
                    "order {} ({} links, {}) is {}",
                    o.id, o.links_ordered, o.package, o.status
                ),
                o.due_date,
            ));
        }
    }

    // scheduled reports not sent by their day plus the grace days
    let last_month = month.start - Months::new(1);
    let monthly_due = month.start + Days::new(REPORT_GRACE_DAYS);
    let sent_monthly: HashSet<i64> = ServiceReport::sent_sites(conn, "monthly", last_month, sites)
        .await?
        .into_iter()
        .collect();
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let last_week = monday - Days::new(7);
    let weekly_due = monday + Days::new(REPORT_GRACE_DAYS);
    let sent_weekly: HashSet<i64> = ServiceReport::sent_sites(conn, "weekly", last_week, sites)
        .await?
        .into_iter()
        .collect();
    for e in &active {
        let started = e.0.started_on;
        if today > monthly_due && started < month.start && !sent_monthly.contains(&e.0.site_id) {
            out.push(item(
                e,
                OverdueKind::Report,
                format!("report:monthly:{last_month}"),
                format!(
                    "the monthly report for {} has not been sent",
                    last_month.format("%B %Y")
                ),
                monthly_due,
            ));
        }
        if e.0.tier == "pro" && today > weekly_due && started < monday && !sent_weekly.contains(&e.0.site_id) {
            out.push(item(
                e,
                OverdueKind::Report,
                format!("report:weekly:{last_week}"),
                format!("the weekly report for the week of {last_week} has not been sent"),
                weekly_due,
            ));
        }
    }

    // renewals within the notice, or past
    for e in &active {
        if e.0.renewal_date <= today + Days::new(RENEWAL_NOTICE_DAYS) {
            let detail = if e.0.renewal_date < today {
                format!("renewal was due on {}", e.0.renewal_date)
            } else {
                format!("renews on {}", e.0.renewal_date)
            };
            let reference = format!("renewal:{}", e.0.renewal_date);
            out.push(item(e, OverdueKind::Renewal, reference, detail, e.0.renewal_date));
        }
    }

    out.sort_by(|a, b| (a.kind, &a.due_on, a.site_id).cmp(&(b.kind, &b.due_on, b.site_id)));
    Ok(out)
}
