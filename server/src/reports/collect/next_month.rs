//! Section 9, Next Month Plan: the automation queue for the month after the period (content
//! topics), planned backlinks, and action items — including approvals waiting for the client.

use app::types::report::{PlanSection, SectionStatus};
use chrono::NaiveDate;
use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;

use super::Scope;
use crate::db::DbConn;
use crate::db::schema::{
    igny8_approval_items as approvals, igny8_automation_queue as queue, igny8_sag_backlinks as links,
};
use crate::db_run;
use crate::error::AppResult;

const LIST: i64 = 8;

pub async fn collect(conn: &mut DbConn<'_>, s: &Scope) -> AppResult<PlanSection> {
    let next = s.period.next_month();
    let items: Vec<(String, String, Option<NaiveDate>)> = db_run!(conn, |c| queue::table
        .filter(queue::site_id.eq(s.site_id))
        .filter(queue::status.eq_any(["queued", "scheduled"]))
        .filter(queue::scheduled_for.ge(next.start))
        .filter(queue::scheduled_for.le(next.end))
        .select((queue::item_type, queue::title, queue::scheduled_for))
        .order((queue::scheduled_for, queue::priority.desc(), queue::id))
        .load(c)
        .await)?;
    let targets: Vec<String> = db_run!(conn, |c| links::table
        .filter(links::site_id.eq(s.site_id))
        .filter(links::status.eq("planned"))
        .select(links::anchor_text)
        .order(links::id)
        .limit(LIST)
        .load(c)
        .await)?;
    let pending: Vec<String> = db_run!(conn, |c| approvals::table
        .filter(approvals::site_id.eq(s.site_id))
        .filter(approvals::status.eq("pending"))
        .select(approvals::title)
        .order((approvals::requested_at, approvals::id))
        .load(c)
        .await)?;

    let topics: Vec<String> = items
        .iter()
        .filter(|i| i.0 == "content")
        .map(|i| i.1.clone())
        .take(LIST as usize)
        .collect();
    let mut actions: Vec<String> = pending.iter().map(|t| format!("Approve: {t}")).collect();
    actions.extend(items.iter().filter(|i| i.0 != "content").map(|i| i.1.clone()));
    actions.truncate(LIST as usize);
    let has_data = !items.is_empty() || !targets.is_empty() || !pending.is_empty();
    Ok(PlanSection {
        status: if has_data {
            SectionStatus::Ok
        } else {
            SectionStatus::NoData
        },
        month: next.start.format("%B %Y").to_string(),
        upcoming_topics: topics,
        backlink_targets: targets,
        action_items: actions,
        pending_approvals: pending.len() as i64,
    })
}
