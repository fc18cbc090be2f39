//! The approval queue: items waiting for the client's decision, and the decision itself
//! (recorded with who and when, in the item and the audit log, and acted on: the article or
//! blueprint moves on, or goes back to the team's queue with the comment). The client decides
//! blueprints and campaigns of every site with a subscription, and content only where the
//! subscription requires the client's review: elsewhere content waiting for a decision is
//! released — approved by the system, acted on and audited — when review is waived and by the
//! daily check (`release`).

use std::collections::HashMap;

use app::types::Actor;
use app::types::approval::{ApprovalCard, ApprovalItem, ApprovalQueue, ClusterLine};
use app::types::subscription::SubscriptionStatus;

use crate::auth::{Action, ReadScope, Resource, authorize, read_scope};
use crate::dates::rfc3339;
use crate::db::DbConn;
use crate::db::models::approval::Approval;
use crate::db::models::audit::NewAuditEntry;
use crate::db::models::automation::NewQueueItem;
use crate::db::models::{content, user::User};
use crate::error::{AppError, AppResult};

pub const STATUSES: [&str; 3] = ["pending", "approved", "rejected"];
pub use app::types::approval::MAX_NOTE;

fn dto(a: Approval) -> ApprovalItem {
    ApprovalItem {
        id: a.id,
        account_id: a.account_id,
        site_id: a.site_id,
        item_type: a.item_type,
        object_id: a.object_id,
        title: a.title,
        excerpt: a.excerpt,
        review_url: a.review_url,
        status: a.status,
        requested_at: rfc3339(a.requested_at),
        decided_at: a.decided_at.map(rfc3339),
        decided_by: a.decided_by,
        note: a.note,
    }
}

/// Items of the caller's account and sites (every account for staff), oldest first.
pub async fn list(conn: &mut DbConn<'_>, actor: Option<&Actor>, status: Option<&str>) -> AppResult<Vec<ApprovalItem>> {
    if let Some(s) = status
        && !STATUSES.contains(&s)
    {
        return Err(AppError::invalid(
            "status",
            format!("`{s}` is not one of {}", STATUSES.join(", ")),
        ));
    }
    let scope = read_scope(actor, Action::ViewSite)?;
    Ok(Approval::list(conn, &scope, status)
        .await?
        .into_iter()
        .map(dto)
        .collect())
}

/// Approves or rejects a pending item; deciding twice is a conflict.
pub async fn decide(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    id: i64,
    approve: bool,
    note: Option<&str>,
) -> AppResult<ApprovalItem> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    let item = Approval::find(conn, id).await?;
    authorize(
        actor,
        Action::DecideApproval,
        Resource::Site {
            account_id: item.account_id,
            site_id: item.site_id,
        },
    )?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE) {
        return Err(AppError::invalid(
            "note",
            format!("is longer than {MAX_NOTE} characters"),
        ));
    }
    let status = if approve { "approved" } else { "rejected" };
    let now = crate::db::now();
    crate::db_transaction!(conn, |tx| {
        if Approval::decide(tx, id, status, Some(a.user_id), note, now).await? == 0 {
            return Err(AppError::Conflict(format!("item {id} was decided already")));
        }
        let upstream = act_upstream(tx, &item, approve, note, Some(a.user_id), now).await?;
        NewAuditEntry {
            account_id: Some(item.account_id),
            user_id: Some(a.user_id),
            action: format!("approval.{status}"),
            object_type: Some("approval_item".into()),
            object_id: Some(id),
            detail: serde_json::json!({ "note": note, "upstream": upstream }).to_string(),
            ip: None,
            created_at: now,
        }
        .insert(tx)
        .await?;
        Ok::<_, AppError>(())
    })?;
    Ok(dto(Approval::find(conn, id).await?))
}

/// What a decision does to the item itself: an approved article is `approved` (ready to
/// publish) and an approved draft blueprint `active`; changes requested send an article back to
/// `draft` (a blueprint stays a draft), and put a revision with the comment at the top of the
/// team's queue. Something already further along (a published article, a live
/// blueprint) is left as it is. Returns what changed, for the audit entry.
async fn act_upstream(
    conn: &mut DbConn<'_>,
    item: &Approval,
    approve: bool,
    note: Option<&str>,
    user_id: Option<i64>,
    now: chrono::NaiveDateTime,
) -> diesel::QueryResult<String> {
    let (site, object) = (item.site_id, item.object_id);
    let (changed, what) = match (item.item_type.as_str(), object, approve) {
        ("content", Some(id), true) => (
            content::set_status(conn, site, id, &["draft", "review"], "approved", now).await?,
            "content approved",
        ),
        ("content", Some(id), false) => (
            content::set_status(conn, site, id, &["review", "approved"], "draft", now).await?,
            "content back to draft",
        ),
        ("blueprint", Some(id), true) => (
            content::set_blueprint_status(conn, site, id, &["draft"], "active", now).await?,
            "blueprint active",
        ),
        _ => (0, ""),
    };
    let moved = (changed > 0).then_some(what);
    if !approve {
        // the queue knows kinds of work, not of approval: a blueprint is content planning
        let kind = match item.item_type.as_str() {
            "campaign" => "backlink",
            _ => "content",
        };
        NewQueueItem {
            account_id: item.account_id,
            site_id: site,
            item_type: kind.to_owned(),
            title: format!("Revise: {}", item.title),
            status: "queued".into(),
            priority: REVISION_PRIORITY,
            scheduled_for: Some(now.date()),
            payload: serde_json::json!({
                "approval_id": item.id,
                "object_id": object,
                "comment": note,
                "requested_by": user_id,
            })
            .to_string(),
            created_at: now,
            updated_at: now,
        }
        .insert(conn)
        .await?;
    }
    Ok(match (moved, approve) {
        (Some(m), true) => m.to_owned(),
        (Some(m), false) => format!("{m}; revision queued"),
        (None, true) => "nothing to change".to_owned(),
        (None, false) => "revision queued".to_owned(),
    })
}

/// Why released content needs no decision (its note).
pub const RELEASED: &str = "Approved without review: the subscription does not require the client's review.";

/// Approves the content waiting on sites whose subscription does not require the client's
/// review (of one site, or of every site), each acted on upstream and audited as
/// `approval.released` by no one; returns how many. Run it inside the caller's transaction when
/// it goes with another change.
pub async fn release(
    conn: &mut DbConn<'_>,
    site_id: Option<i64>,
    now: chrono::NaiveDateTime,
) -> diesel::QueryResult<usize> {
    let mut released = 0;
    for item in Approval::unreviewed_content(conn, site_id).await? {
        if Approval::decide(conn, item.id, "approved", None, Some(RELEASED), now).await? == 0 {
            continue;
        }
        let upstream = act_upstream(conn, &item, true, None, None, now).await?;
        NewAuditEntry {
            account_id: Some(item.account_id),
            user_id: None,
            action: "approval.released".into(),
            object_type: Some("approval_item".into()),
            object_id: Some(item.id),
            detail: serde_json::json!({ "note": RELEASED, "upstream": upstream }).to_string(),
            ip: None,
            created_at: now,
        }
        .insert(conn)
        .await?;
        released += 1;
    }
    Ok(released)
}

/// A revision the client asked for ranks with the most urgent planned work (planned items use
/// 1–3; higher runs first).
const REVISION_PRIORITY: i32 = 3;

/// Only http(s) links are shown (never `javascript:` or `data:`).
fn web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// What the sidebar counts: the caller's own account's pending items on the sites they may see;
/// `None` when none of those sites has a subscription (not cancelled).
pub async fn pending_count(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<Option<i64>> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    let subscribed = crate::subscriptions::own_account(conn, actor)
        .await?
        .iter()
        .any(|s| s.status != SubscriptionStatus::Cancelled);
    if !subscribed {
        return Ok(None);
    }
    Ok(Some(
        Approval::count_pending(conn, a.account_id, a.site_ids.as_deref()).await?,
    ))
}

/// The client portal's queue: the caller's own account's items on the sites they may see, each
/// with what is to be approved (an article's excerpt and link, a blueprint's clusters).
pub async fn queue(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<ApprovalQueue> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    authorize(actor, Action::ViewSite, Resource::Account(a.account_id))?;
    let subs: Vec<_> = crate::subscriptions::own_account(conn, actor)
        .await?
        .into_iter()
        .filter(|s| s.status != SubscriptionStatus::Cancelled)
        .collect();
    let site_name = |site_id: i64| {
        subs.iter()
            .find(|s| s.site_id == site_id)
            .map(|s| s.site_name.clone())
            .unwrap_or_default()
    };
    let (pending, mut decided): (Vec<Approval>, Vec<Approval>) = Approval::list(conn, &ReadScope::own(a), None)
        .await?
        .into_iter()
        .partition(|i| i.status == "pending");
    decided.sort_by(|x, y| y.decided_at.cmp(&x.decided_at).then(y.id.cmp(&x.id)));
    decided.truncate(DECIDED_SHOWN);
    // who decided, looked up once per person
    let mut names = HashMap::new();
    let mut cards = (Vec::new(), Vec::new());
    for (items, out) in [(pending, &mut cards.0), (decided, &mut cards.1)] {
        for item in items {
            let site = site_name(item.site_id);
            out.push(card(conn, item, site, &mut names).await?);
        }
    }
    let (pending, decided) = cards;
    Ok(ApprovalQueue {
        pending,
        decided,
        can_decide: authorize(actor, Action::DecideApproval, Resource::Account(a.account_id)).is_ok(),
        unreviewed_sites: subs
            .iter()
            .filter(|s| !s.review_required)
            .map(|s| s.site_name.clone())
            .collect(),
    })
}

/// Decided items the queue shows (the newest).
const DECIDED_SHOWN: usize = 50;

/// An item with what it is about: an article's word count and link, a blueprint's clusters,
/// and who decided (`names`: user id → name, filled as they are looked up).
async fn card(
    conn: &mut DbConn<'_>,
    item: Approval,
    site_name: String,
    names: &mut HashMap<i64, String>,
) -> AppResult<ApprovalCard> {
    let mut card = ApprovalCard {
        site_name,
        excerpt: item.excerpt.clone(),
        link: item.review_url.clone().filter(|u| web_link(u)),
        word_count: None,
        clusters: Vec::new(),
        decided_by_name: None,
        item: dto(item.clone()),
    };
    match (item.item_type.as_str(), item.object_id) {
        ("content", Some(id)) => {
            if let Some((words, url)) = content::word_count_and_url(conn, item.site_id, id).await? {
                card.word_count = Some(words);
                card.link = card.link.or(url.filter(|u| web_link(u)));
            }
        }
        ("blueprint", Some(id)) => {
            card.clusters = content::clusters_of_blueprint(conn, item.site_id, id)
                .await?
                .into_iter()
                .map(|(name, cluster_type, target_articles)| ClusterLine {
                    name,
                    cluster_type,
                    target_articles,
                })
                .collect();
        }
        _ => {}
    }
    if let Some(by) = item.decided_by {
        if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(by) {
            slot.insert(match User::find(conn, by).await {
                Ok(u) => u.display_name(),
                Err(diesel::result::Error::NotFound) => "a former user".to_owned(),
                Err(e) => return Err(e.into()),
            });
        }
        card.decided_by_name = names.get(&by).cloned();
    }
    Ok(card)
}
