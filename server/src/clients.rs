//! Managed clients as the admin pages show them. The list: every managed client site filtered
//! (tier, status, something overdue), searched (client, site, domain), sorted by any column and
//! paged by key — 50 rows after (or before) a given subscription, so a link to a page stays right
//! while rows come and go; it reads the dashboard's shared snapshot (`DashboardCache`), so its
//! figures are the overview's. One client: its header and the panels of its page, each read
//! through the service the APIs use (trackers, orders, records, billing, subscriptions).

use std::cmp::Ordering;

use app::types::Actor;
use app::types::client::{AuditEntry, BacklinkPanel, Choice, ClientDetail, ConfigPanel, ConfigValues, TopPage};
use app::types::dashboard::{CLIENTS_PER_PAGE, ClientListPage, ClientListRow, ClientQuery, ClientSort};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde_json::{Value, json};

use crate::auth::{Action, Resource, authorize};
use crate::db::DbConn;
use crate::db::models::subscription::Subscription;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub async fn list(
    state: &AppState,
    actor: Option<&Actor>,
    query: &ClientQuery,
    today: NaiveDate,
) -> AppResult<ClientListPage> {
    let snapshot = state.dashboard.snapshot(state, actor, today).await?;
    Ok(page(&snapshot.clients, &snapshot.client_index, query))
}

/// What makes a page of the list cheap: the rows' order for each sort (made once per snapshot,
/// when first asked for) and their names in lower case for the search.
#[derive(Debug, Default)]
pub struct ClientIndex {
    orders: [std::sync::OnceLock<Vec<u32>>; ClientSort::ALL.len()],
    search: std::sync::OnceLock<Vec<SearchKey>>,
}

/// A row's names in lower case, for sorting by name and for the search.
#[derive(Debug)]
struct SearchKey {
    client: String,
    site: String,
    domain: String,
}

impl ClientIndex {
    fn order(&self, rows: &[ClientListRow], sort: ClientSort) -> &[u32] {
        let slot = ClientSort::ALL.iter().position(|s| *s == sort).unwrap_or(0);
        self.orders[slot].get_or_init(|| {
            let keys = self.search(rows);
            let mut order: Vec<u32> = (0..rows.len() as u32).collect();
            order.sort_by(|&a, &b| compare(rows, keys, a as usize, b as usize, sort));
            order
        })
    }

    fn search(&self, rows: &[ClientListRow]) -> &[SearchKey] {
        self.search.get_or_init(|| {
            rows.iter()
                .map(|r| SearchKey {
                    client: r.account_name.to_lowercase(),
                    site: r.site_name.to_lowercase(),
                    domain: r.domain.to_lowercase(),
                })
                .collect()
        })
    }
}

/// The subscription, when the caller is staff who may see the admin pages.
pub async fn subscription(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<Subscription> {
    authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
    Ok(Subscription::find(conn, id).await?)
}

/// The client's header: subscription, names, and what is overdue now.
pub async fn detail(state: &AppState, actor: Option<&Actor>, id: i64, today: NaiveDate) -> AppResult<ClientDetail> {
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let sub = subscription(&mut conn, actor, id).await?;
    let site = crate::db::models::site::Site::find(&mut conn, sub.site_id).await?;
    let account = crate::db::models::account::Account::find(&mut conn, sub.account_id).await?;
    drop(pooled);
    let snapshot = state.dashboard.snapshot(state, actor, today).await?;
    Ok(ClientDetail {
        subscription: crate::subscriptions::to_dto(sub, site.name, true),
        account_name: account.name,
        domain: site.domain,
        overdue: snapshot
            .overdue
            .iter()
            .filter(|o| o.subscription_id == id)
            .cloned()
            .collect(),
    })
}

/// The settings form's values from a stored config.
pub fn config_values(config: &str) -> ConfigValues {
    let v: Value = serde_json::from_str(config).unwrap_or(Value::Null);
    let strings = |k: &str| -> Vec<String> {
        v[k].as_array()
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    };
    let sections = match v.get("sections") {
        Some(_) => strings("sections"),
        None => app::types::report::SectionKey::ALL
            .iter()
            .map(|k| k.as_str().to_owned())
            .collect(),
    };
    ConfigValues {
        sections,
        branding_id: v["branding_id"].as_i64(),
        template_id: v["template_id"].as_i64(),
        theme: v["theme"].as_str().map(str::to_owned),
        report_day: v["report_day"].as_i64(),
        target_countries: strings("target_countries"),
        tone: v["tone"].as_str().map(str::to_owned),
    }
}

/// The config the form's values stand for (only the keys given).
pub fn config_json(values: &ConfigValues) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("sections".into(), json!(values.sections));
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            map.insert(k.into(), v);
        }
    };
    put("branding_id", values.branding_id.map(Value::from));
    put("template_id", values.template_id.map(Value::from));
    put("theme", values.theme.clone().map(Value::from));
    put("report_day", values.report_day.map(Value::from));
    put(
        "target_countries",
        (!values.target_countries.is_empty()).then(|| json!(values.target_countries)),
    );
    put("tone", values.tone.clone().map(Value::from));
    Value::Object(map)
}

/// The account's active brandings and its templates, as (id, name), by name: what a client's
/// reports may be made with.
pub async fn look_choices(conn: &mut DbConn<'_>, account_id: i64) -> AppResult<(Vec<Choice>, Vec<Choice>)> {
    let scope = crate::auth::ReadScope::Account {
        account_id,
        sites: None,
    };
    let brandings = crate::db::models::branding::Branding::list(conn, &scope)
        .await?
        .into_iter()
        .filter(|b| b.is_active)
        .map(|b| (b.id, b.brand_name))
        .collect();
    let templates = crate::db::models::template::ReportTemplate::list(conn, &scope)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    Ok((brandings, templates))
}

/// The settings panel (who may change the settings).
pub async fn config_panel(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<ConfigPanel> {
    let sub = subscription(conn, actor, id).await?;
    authorize(
        actor,
        Action::ManageSubscription,
        Resource::Site {
            account_id: sub.account_id,
            site_id: sub.site_id,
        },
    )?;
    let (brandings, templates) = look_choices(conn, sub.account_id).await?;
    let audit = crate::db::models::audit::of_object(conn, "subscription", id, 20)
        .await?
        .into_iter()
        .map(|(action, detail, at, who)| {
            let d: Value = serde_json::from_str(&detail).unwrap_or(Value::Null);
            let changed: Vec<&str> = d["changed"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            AuditEntry {
                who,
                at: crate::dates::rfc3339(at),
                action,
                detail: if changed.is_empty() {
                    "saved, nothing changed".into()
                } else {
                    format!("changed {}", changed.join(" and "))
                },
            }
        })
        .collect();
    let json: Value = serde_json::from_str(&sub.config).unwrap_or_else(|_| json!({}));
    Ok(ConfigPanel {
        values: config_values(&sub.config),
        json: serde_json::to_string_pretty(&json).unwrap_or_else(|_| sub.config.clone()),
        brandings,
        templates,
        recipients: crate::recipients::get(conn, actor, id).await?,
        audit,
    })
}

/// Saves settings given as JSON text (the form's values are turned into the same).
pub async fn save_config(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64, config: &str) -> AppResult<()> {
    let value: Value =
        serde_json::from_str(config).map_err(|e| AppError::invalid("config", format!("is not JSON: {e}")))?;
    crate::subscriptions::update_config(conn, actor, id, &value).await?;
    Ok(())
}

/// The first and the day after the last day of `today`'s month.
fn month_bounds(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = today.with_day(1).expect("day 1");
    (start, start + Months::new(1))
}

/// Links through the pipeline this month and overall, with the site's orders.
pub async fn backlinks(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    id: i64,
    today: NaiveDate,
) -> AppResult<BacklinkPanel> {
    let sub = subscription(conn, actor, id).await?;
    let overall = crate::trackers::backlinks(conn, actor, sub.site_id).await?;
    let (start, next) = month_bounds(today);
    let at = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight");
    let this_month = crate::db::models::order::stages_between(conn, sub.site_id, at(start), at(next)).await?;
    let filter = app::types::order::OrderFilter {
        site_id: Some(sub.site_id),
        ..Default::default()
    };
    let page = crate::pagination::PageArgs::parse(Some(100), None, "first", "after")?;
    let orders = crate::orders::list(conn, actor, &filter, page).await?.items;
    Ok(BacklinkPanel {
        overall,
        this_month,
        month: start.format("%Y-%m").to_string(),
        orders,
    })
}

/// The site's pages by Search Console clicks over `[from, to]`.
pub async fn top_pages(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<TopPage>> {
    let sub = subscription(conn, actor, id).await?;
    Ok(crate::db::models::tracking::top_pages(conn, sub.site_id, from, to, 10)
        .await?
        .into_iter()
        .map(|(page, clicks, impressions, position)| TopPage {
            page,
            clicks,
            impressions,
            position,
        })
        .collect())
}

/// The default Ahrefs range: the last 12 months to today.
pub fn default_range(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (today - Months::new(12) + Days::new(1), today)
}

fn ratio(done: i64, target: i64) -> f64 {
    if target <= 0 {
        f64::INFINITY
    } else {
        done as f64 / target as f64
    }
}

/// The order of two rows for a sort (ties by client, site, then subscription: a total order).
/// `keys` are the rows' lower-case names (`ClientIndex::search`).
fn compare(rows: &[ClientListRow], keys: &[SearchKey], i: usize, j: usize, sort: ClientSort) -> Ordering {
    let (a, b) = (&rows[i], &rows[j]);
    let (ka, kb) = (&keys[i], &keys[j]);
    let by_client = || ka.client.cmp(&kb.client).then_with(|| ka.site.cmp(&kb.site));
    let first = match sort {
        ClientSort::Client => Ordering::Equal,
        ClientSort::Site => ka.site.cmp(&kb.site),
        ClientSort::Tier => a.tier.as_str().cmp(b.tier.as_str()),
        ClientSort::Status => a.status.as_str().cmp(b.status.as_str()),
        ClientSort::Price => a.monthly_cents.cmp(&b.monthly_cents),
        ClientSort::Articles => {
            ratio(a.articles_published, a.articles_target).total_cmp(&ratio(b.articles_published, b.articles_target))
        }
        ClientSort::Backlinks => ratio(a.backlinks_delivered, a.backlinks_target)
            .total_cmp(&ratio(b.backlinks_delivered, b.backlinks_target)),
        ClientSort::LastReport => {
            let day = |r: &ClientListRow| r.last_report.as_ref().map(|l| l.generated_on.clone());
            day(a).cmp(&day(b))
        }
        ClientSort::Renewal => a.renewal_date.cmp(&b.renewal_date),
        ClientSort::Flags => a.overdue.cmp(&b.overdue),
    };
    first
        .then_with(by_client)
        .then_with(|| a.subscription_id.cmp(&b.subscription_id))
}

fn matches(row: &ClientListRow, key: &SearchKey, q: &ClientQuery, needle: &str) -> bool {
    q.tier.is_none_or(|t| row.tier == t)
        && q.status.is_none_or(|s| row.status == s)
        && (!q.overdue || row.overdue > 0)
        && (needle.is_empty()
            || key.client.contains(needle)
            || key.site.contains(needle)
            || key.domain.contains(needle))
}

/// One page of `rows` for the view `q` (`index` is the rows' own).
pub fn page(rows: &[ClientListRow], index: &ClientIndex, q: &ClientQuery) -> ClientListPage {
    let needle = q.q.trim().to_lowercase();
    let keys = index.search(rows);
    let order = index.order(rows, q.sort);
    let keep = |i: &&u32| matches(&rows[**i as usize], &keys[**i as usize], q, &needle);
    let hits: Vec<&ClientListRow> = if q.desc {
        order.iter().rev().filter(keep).map(|&i| &rows[i as usize]).collect()
    } else {
        order.iter().filter(keep).map(|&i| &rows[i as usize]).collect()
    };
    let position = |id: i64| hits.iter().position(|r| r.subscription_id == id);
    // a page after (or before) a row; a row that left the list starts the list again
    let (start, end) = match (q.after.and_then(position), q.before.and_then(position)) {
        (Some(i), _) => (i + 1, (i + 1 + CLIENTS_PER_PAGE).min(hits.len())),
        (None, Some(i)) => (i.saturating_sub(CLIENTS_PER_PAGE), i),
        (None, None) => (0, CLIENTS_PER_PAGE.min(hits.len())),
    };
    let start = start.min(end);
    let shown = &hits[start..end];
    ClientListPage {
        rows: shown.iter().map(|r| (*r).clone()).collect(),
        matching: hits.len() as i64,
        total: rows.len() as i64,
        first_position: if shown.is_empty() { 0 } else { start as i64 + 1 },
        next_after: (end < hits.len())
            .then(|| shown.last().map(|r| r.subscription_id))
            .flatten(),
        prev_before: (start > 0).then(|| shown.first().map(|r| r.subscription_id)).flatten(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::types::{SubscriptionStatus, Tier};

    fn row(id: i64, client: &str, tier: Tier, overdue: i64, articles: i64) -> ClientListRow {
        ClientListRow {
            subscription_id: id,
            account_id: id,
            account_name: client.into(),
            site_id: id,
            site_name: format!("{client} site"),
            domain: format!("{}.example", client.to_lowercase()),
            tier,
            status: SubscriptionStatus::Active,
            monthly_cents: 100,
            articles_published: articles,
            articles_target: 10,
            backlinks_delivered: 0,
            backlinks_target: 4,
            last_report: None,
            renewal_date: "2027-01-01".into(),
            overdue,
        }
    }

    fn rows(n: i64) -> Vec<ClientListRow> {
        (1..=n)
            .map(|i| {
                row(
                    i,
                    &format!("Client {i:03}"),
                    if i % 2 == 0 { Tier::Pro } else { Tier::Lite },
                    i % 3,
                    i % 11,
                )
            })
            .collect()
    }

    #[test]
    fn pages_walk_forward_and_back_without_gaps_or_repeats() {
        let all = rows(120);
        let mut q = ClientQuery::default();
        let mut seen = Vec::new();
        let mut pages = Vec::new();
        loop {
            let p = page(&all, &ClientIndex::default(), &q);
            assert_eq!(p.matching, 120);
            seen.extend(p.rows.iter().map(|r| r.subscription_id));
            pages.push(p.clone());
            match p.next_after {
                Some(after) => q.after = Some(after),
                None => break,
            }
        }
        assert_eq!(pages.len(), 3);
        assert_eq!(seen, (1..=120).collect::<Vec<_>>());
        assert_eq!(pages[1].first_position, 51);
        // back from the last page
        let back = page(
            &all,
            &ClientIndex::default(),
            &ClientQuery {
                before: pages[2].prev_before,
                ..Default::default()
            },
        );
        assert_eq!(back.rows, pages[1].rows);
        assert!(pages[0].prev_before.is_none() && pages[2].next_after.is_none());
    }

    #[test]
    fn filters_search_and_sorts_combine() {
        let all = rows(30);
        let q = ClientQuery {
            tier: Some(Tier::Pro),
            overdue: true,
            sort: ClientSort::Articles,
            desc: true,
            ..Default::default()
        };
        let p = page(&all, &ClientIndex::default(), &q);
        assert!(p.rows.iter().all(|r| r.tier == Tier::Pro && r.overdue > 0));
        assert_eq!(
            p.matching as usize,
            all.iter().filter(|r| r.tier == Tier::Pro && r.overdue > 0).count()
        );
        let ratios: Vec<i64> = p.rows.iter().map(|r| r.articles_published).collect();
        assert!(ratios.windows(2).all(|w| w[0] >= w[1]), "{ratios:?}");
        let found = page(
            &all,
            &ClientIndex::default(),
            &ClientQuery {
                q: "CLIENT 007".into(),
                ..Default::default()
            },
        );
        assert_eq!(found.rows.len(), 1);
        let by_domain = page(
            &all,
            &ClientIndex::default(),
            &ClientQuery {
                q: "client 012.example".into(),
                ..Default::default()
            },
        );
        assert_eq!(by_domain.rows[0].subscription_id, 12);
        let none = page(
            &all,
            &ClientIndex::default(),
            &ClientQuery {
                q: "nobody".into(),
                ..Default::default()
            },
        );
        assert_eq!((none.matching, none.first_position, none.rows.len()), (0, 0, 0));
    }
}
