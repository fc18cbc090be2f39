//! A managed site's progress: content against its monthly target, backlinks through the
//! pipeline, backlink indexing (per site and over every site in scope), Ahrefs history.

use std::collections::BTreeMap;

use app::types::Actor;
use app::types::tracker::{AhrefsSnapshot, BacklinkTracker, ContentTracker, Indexing, IndexingStatus, TrackedArticle};
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};

use crate::auth::{Action, Resource, authorize, read_scope};
use crate::db::DbConn;
use crate::db::models::site::Site;
use crate::db::models::subscription::Subscription;
use crate::db::models::{order, tracking};
use crate::error::{AppError, AppResult};
use crate::reports::period::Period;

async fn site_for(conn: &mut DbConn<'_>, actor: Option<&Actor>, site_id: i64, action: Action) -> AppResult<Site> {
    actor.ok_or(AppError::Unauthenticated)?;
    let site = Site::find(conn, site_id).await?;
    authorize(
        actor,
        action,
        Resource::Site {
            account_id: site.account_id,
            site_id: site.id,
        },
    )?;
    Ok(site)
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(0, 0, 0).expect("midnight exists")
}

/// Articles published in `month` (`2026-11`) against the subscription's target, pro-rated to
/// `today` while the month runs.
pub async fn content(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    site_id: i64,
    month: &str,
    today: NaiveDate,
) -> AppResult<ContentTracker> {
    let site = site_for(conn, actor, site_id, Action::ViewSubscriptions).await?;
    let p = Period::parse(month)
        .map_err(|_| AppError::invalid("month", format!("`{month}` is not a month like 2026-11")))?;
    if p.start.day() != 1 || p.end + Days::new(1) != p.start + chrono::Months::new(1) {
        return Err(AppError::invalid(
            "month",
            format!("`{month}` is not a month like 2026-11"),
        ));
    }
    let target = Subscription::for_site(conn, site.id)
        .await?
        .map_or(0, |s| i64::from(s.articles_per_month));
    let rows = tracking::published(conn, site.id, midnight(p.start), midnight(p.end + Days::new(1))).await?;
    let expected = if today >= p.end {
        target
    } else if today < p.start {
        0
    } else {
        target * i64::from(today.day()) / p.days()
    };
    Ok(ContentTracker {
        site_id: site.id,
        month: p.start.format("%Y-%m").to_string(),
        published: rows.len() as i64,
        target,
        expected_by_today: expected,
        words: rows.iter().map(|r| i64::from(r.3)).sum(),
        items: rows
            .into_iter()
            .map(|(id, title, kind, words, at)| TrackedArticle {
                id,
                title,
                content_type: kind,
                words: i64::from(words),
                published_at: at.map(|t| t.date().to_string()).unwrap_or_default(),
            })
            .collect(),
    })
}

/// The site's links through ordered → delivered → live → indexed (a link counts in every stage
/// it reached), and the lost and rejected ones.
pub async fn backlinks(conn: &mut DbConn<'_>, actor: Option<&Actor>, site_id: i64) -> AppResult<BacklinkTracker> {
    let site = site_for(conn, actor, site_id, Action::ViewSubscriptions).await?;
    let counts: BTreeMap<String, i64> = order::link_statuses(conn, site.id).await?.into_iter().collect();
    let n = |k: &str| counts.get(k).copied().unwrap_or(0);
    let indexed = n("indexed");
    let live = n("live") + indexed;
    let delivered = n("delivered") + live;
    let ordered = n("ordered") + delivered;
    Ok(BacklinkTracker {
        site_id: site.id,
        ordered,
        delivered,
        live,
        indexed,
        lost: n("lost"),
        rejected: n("rejected"),
        monthly_target: Subscription::for_site(conn, site.id)
            .await?
            .map(|s| i64::from(s.backlinks_per_month)),
    })
}

/// Backlink indexing requests by state, per site in scope (or one site) and in total.
pub async fn indexing(conn: &mut DbConn<'_>, actor: Option<&Actor>, site_id: Option<i64>) -> AppResult<Indexing> {
    let scope = read_scope(actor, Action::ViewSite)?;
    if let Some(id) = site_id {
        site_for(conn, actor, id, Action::ViewSite).await?;
    }
    let filter = tracking::RequestFilter {
        site_ids: site_id.map(|id| vec![id]),
        ..Default::default()
    };
    let rows = tracking::indexing_counts(conn, &scope, &filter).await?;
    summarize(conn, rows).await
}

/// Per site and in total, from (site, status, requests, latest check) rows, with the sites' names.
pub async fn summarize(
    conn: &mut DbConn<'_>,
    rows: Vec<(i64, String, i64, Option<NaiveDateTime>)>,
) -> AppResult<Indexing> {
    let mut indexing = tally(rows);
    let ids: Vec<i64> = indexing.sites.iter().map(|s| s.site_id).collect();
    let names: BTreeMap<i64, String> = Site::find_many(conn, &ids)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    for s in &mut indexing.sites {
        s.site_name = names.get(&s.site_id).cloned().unwrap_or_default();
    }
    Ok(indexing)
}

/// Per site (by id, names left empty) and in total, from (site, status, requests, latest
/// check) rows.
pub fn tally(rows: Vec<(i64, String, i64, Option<NaiveDateTime>)>) -> Indexing {
    let mut by_site: BTreeMap<i64, IndexingStatus> = BTreeMap::new();
    let blank = |site_id, site_name: String| IndexingStatus {
        site_id,
        site_name,
        pending: 0,
        submitted: 0,
        indexed: 0,
        failed: 0,
        total: 0,
        indexed_pct: None,
        last_checked_at: None,
    };
    let mut totals = blank(0, "all sites".into());
    let mut last_checked: BTreeMap<i64, NaiveDateTime> = BTreeMap::new();
    for (site, status, n, checked) in rows {
        let s = by_site.entry(site).or_insert_with(|| blank(site, String::new()));
        for target in [&mut *s, &mut totals] {
            match status.as_str() {
                "pending" => target.pending += n,
                "submitted" => target.submitted += n,
                "indexed" => target.indexed += n,
                _ => target.failed += n,
            }
            target.total += n;
        }
        if let Some(c) = checked {
            let e = last_checked.entry(site).or_insert(c);
            *e = (*e).max(c);
        }
    }
    let pct = |s: &IndexingStatus| (s.total > 0).then(|| (s.indexed as f64 * 1000.0 / s.total as f64).round() / 10.0);
    let sites = by_site
        .into_iter()
        .map(|(id, mut s)| {
            s.indexed_pct = pct(&s);
            s.last_checked_at = last_checked.get(&id).map(|t| crate::dates::rfc3339(*t));
            s
        })
        .collect();
    totals.indexed_pct = pct(&totals);
    totals.last_checked_at = last_checked.values().max().map(|t| crate::dates::rfc3339(*t));
    Indexing { sites, totals }
}

/// A site's Ahrefs snapshots between two dates (at most two years).
pub async fn ahrefs(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    site_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<AhrefsSnapshot>> {
    crate::dates::check_range(from, to)?;
    if (to - from).num_days() > 2 * 366 {
        return Err(AppError::invalid("to", "the range spans more than two years"));
    }
    let site = site_for(conn, actor, site_id, Action::ViewSite).await?;
    Ok(tracking::ahrefs_between(conn, site.id, from, to)
        .await?
        .into_iter()
        .map(|(d, dr, rank, rd, bl, kw, traffic, value)| AhrefsSnapshot {
            snapshot_date: d.to_string(),
            domain_rating: dr,
            ahrefs_rank: rank,
            referring_domains: rd,
            backlinks: bl,
            organic_keywords: kw,
            organic_traffic: traffic,
            traffic_value_cents: value,
        })
        .collect())
}
