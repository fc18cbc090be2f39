//! `check_overdue_deliverables` (daily): finds what is late today — content behind target,
//! backlink orders past due, scheduled reports not sent, renewals (the dashboard's rules,
//! `dashboard::overdue`) — and stores it as flags: new ones opened, ones still late kept open
//! (their `flagged_at` says since when), ones no longer late resolved. Content waiting for a
//! review its subscription does not require is not late but released (`approvals::release`).

use super::clock::{Clock, stored};
use super::ledger::Outcome;
use super::{Job, JobContext, RunSummary, latest_due, run_global};
use crate::dashboard::{kind_name, overdue_for_check};
use crate::db::models::overdue_flag::{NewOverdueFlag, OverdueFlag};
use crate::error::AppResult;

pub async fn check_overdue_deliverables(ctx: &JobContext, clock: &dyn Clock) -> AppResult<RunSummary> {
    let job = Job::CheckOverdueDeliverables;
    let mut summary = RunSummary::new(job);
    let Some(schedule) = ctx.schedule(job) else {
        summary.disabled = true;
        return Ok(summary);
    };
    let now = clock.now();
    let Some(at) = latest_due(ctx, schedule, now) else {
        return Ok(summary);
    };
    let period = at.date_naive().to_string();
    let today = now.with_timezone(&ctx.state.config.jobs.timezone).date_naive();
    run_global(ctx, clock, &mut summary, period, || async {
        let mut pooled = ctx.state.conn().await?;
        let mut conn = pooled.conn();
        let at = stored(now);
        let released = crate::db_transaction!(&mut conn, |tx| crate::approvals::release(tx, None, at).await)?;
        let items = overdue_for_check(&mut conn, today).await?;
        for i in &items {
            NewOverdueFlag {
                account_id: i.account_id,
                subscription_id: i.subscription_id,
                site_id: i.site_id,
                kind: kind_name(i.kind).to_owned(),
                reference: i.reference.clone(),
                detail: i.detail.clone(),
                due_on: i.due_on.parse().unwrap_or(today),
                flagged_at: at,
                checked_at: at,
            }
            .upsert(&mut conn)
            .await?;
        }
        let resolved = OverdueFlag::resolve_unchecked(&mut conn, at).await?;
        Ok(Outcome::Done(format!(
            "{} open flags, {resolved} resolved, {released} articles released from review",
            items.len()
        )))
    })
    .await?;
    Ok(summary)
}
