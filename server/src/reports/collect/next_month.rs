//! Section 9, Next Month Plan: the automation queue for the month after the period (content
//! topics), planned backlinks, and action items — including approvals waiting for the client.
//! Backlinks and approvals are read as they stood at the end of the period (a link planned then
//! and ordered since is still a target; an approval decided since was still pending), so a
//! report made later for an old period shows that period's plan.

use app::types::report::{PlanSection, SectionStatus};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::{BoolExpressionMethods, ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;

use super::Scope;
use super::backlinks::status_at;
use crate::db::DbConn;
use crate::db::schema::{
    igny8_approval_items as approvals, igny8_automation_queue as queue, igny8_sag_backlinks as links,
};
use crate::db_run;
use crate::error::AppResult;

const LIST: i64 = 8;

pub async fn collect(conn: &mut DbConn<'_>, s: &Scope) -> AppResult<PlanSection> {
    let next = s.period.next_month();
    let (_, until) = s.instants(&s.period);
    let items: Vec<(String, String, Option<NaiveDate>)> = db_run!(conn, |c| queue::table
        .filter(queue::site_id.eq(s.site_id))
        .filter(queue::status.eq_any(["queued", "scheduled"]))
        .filter(queue::scheduled_for.ge(next.start))
        .filter(queue::scheduled_for.le(next.end))
        .select((queue::item_type, queue::title, queue::scheduled_for))
        .order((queue::scheduled_for, queue::priority.desc(), queue::id))
        .load(c)
        .await)?;
    // planned at the end of the period, by the same rule as the backlink section's statuses
    type Steps = (
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
    );
    let links: Vec<(String, String, Steps, NaiveDateTime)> = db_run!(conn, |c| links::table
        .filter(links::site_id.eq(s.site_id))
        .filter(links::created_at.lt(until))
        .select((
            links::anchor_text,
            links::status,
            (
                links::ordered_at,
                links::delivered_at,
                links::live_at,
                links::indexed_at
            ),
            links::updated_at,
        ))
        .order(links::id)
        .load(c)
        .await)?;
    let targets: Vec<String> = links
        .into_iter()
        .filter(|(_, status, (o, d, l, i), updated)| status_at(status, [*o, *d, *l, *i], *updated, until) == "planned")
        .map(|(anchor, ..)| anchor)
        .collect();
    let pending: Vec<String> = db_run!(conn, |c| approvals::table
        .filter(approvals::site_id.eq(s.site_id))
        .filter(approvals::requested_at.lt(until))
        .filter(approvals::status.eq("pending").or(approvals::decided_at.ge(until)),)
        .select(approvals::title)
        .order((approvals::requested_at, approvals::id))
        .load(c)
        .await)?;

    let topics = counted(items.iter().filter(|i| i.0 == "content").map(|i| i.1.clone()));
    let actions = counted(
        pending
            .iter()
            .map(|t| format!("Approve: {t}"))
            .chain(items.iter().filter(|i| i.0 != "content").map(|i| i.1.clone())),
    );
    let has_data = !items.is_empty() || !targets.is_empty() || !pending.is_empty();
    Ok(PlanSection {
        status: if has_data {
            SectionStatus::Ok
        } else {
            SectionStatus::NoData
        },
        month: next.start.format("%B %Y").to_string(),
        upcoming_topics: topics,
        backlink_targets: counted(targets.iter().cloned()),
        action_items: actions,
        pending_approvals: pending.len() as i64,
    })
}

/// The first `LIST` distinct lines in their order, a repeated one once with its count
/// ("Order hub link (×3)").
fn counted(lines: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen: Vec<(String, usize)> = Vec::new();
    for line in lines {
        match seen.iter_mut().find(|(l, _)| *l == line) {
            Some((_, n)) => *n += 1,
            None => seen.push((line, 1)),
        }
    }
    seen.into_iter()
        .take(LIST as usize)
        .map(|(l, n)| if n > 1 { format!("{l} (×{n})") } else { l })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn repeated_lines_are_listed_once_with_their_count() {
        let lines = ["Order hub link", "Approve: A", "Order hub link", "Order hub link"].map(String::from);
        assert_eq!(super::counted(lines.into_iter()), ["Order hub link (×3)", "Approve: A"]);
        let many = (0..20).map(|i| format!("item {i}"));
        assert_eq!(super::counted(many).len(), super::LIST as usize);
    }
}
