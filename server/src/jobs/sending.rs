//! `send_pending_reports` (daily) and the queueing of a report's email. A scheduled report's
//! email is queued as soon as the report is stored (`queue_report_email`), and the scheduler
//! drains the outbox on every tick; the daily job catches the scheduled reports that were
//! generated but never queued (recipients added later, a crash between the two) and drains too.

use chrono::NaiveDateTime;

use super::clock::{Clock, stored};
use super::ledger::Outcome;
use super::{Job, JobContext, RunSummary, latest_due, run_global};
use crate::db::models::{report::ServiceReport, site::Site, subscription::Subscription};
use crate::error::AppResult;
use crate::state::AppState;

/// Queues a report's email to its subscription's recipients (an invalid address is recorded
/// as skipped with its reason); says what it did.
pub async fn queue_report_email(state: &AppState, report_id: i64, now: NaiveDateTime) -> AppResult<String> {
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let report = ServiceReport::find(&mut conn, report_id).await?;
    if let Some(why) = &report.hold_reason {
        return Ok(format!("held back, not emailed: {why}"));
    }
    let raw: Vec<String> = Subscription::for_site(&mut conn, report.site_id)
        .await?
        .and_then(|s| serde_json::from_str(&s.report_recipients).ok())
        .unwrap_or_default();
    if raw.is_empty() {
        return Ok("no recipients".into());
    }
    let (to, bad) = crate::email::split_recipients(&raw);
    let site = Site::find(&mut conn, report.site_id).await?;
    let (subject, domain) = crate::reports::records::subject_and_domain(state, &mut conn, &report, &site).await?;
    let queued = crate::email::queue_report(&mut conn, &report, &subject, &domain, &to, &bad, now).await?;
    if queued > 0 {
        ServiceReport::mark_sending(&mut conn, report.id).await?;
    } else if !bad.is_empty() {
        ServiceReport::record_delivery(&mut conn, report.id, now).await?;
    }
    let mut said = format!("{queued} emails queued");
    if !bad.is_empty() {
        said.push_str(&format!(", {} invalid recipients skipped", bad.len()));
    }
    Ok(said)
}

pub async fn send_pending_reports(ctx: &JobContext, clock: &dyn Clock) -> AppResult<RunSummary> {
    let job = Job::SendPendingReports;
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
    run_global(ctx, clock, &mut summary, period, || async {
        let state = &ctx.state;
        let reports = {
            let mut pooled = state.conn().await?;
            ServiceReport::unsent_scheduled(&mut pooled.conn(), stored(ctx.lookback(now))).await?
        };
        // one report that cannot be queued (logged) does not hold back the others
        let mut queued = 0;
        for id in &reports {
            match queue_report_email(state, *id, stored(now)).await {
                Ok(_) => queued += 1,
                Err(e) => tracing::warn!(report = id, error = %e, "report email could not be queued"),
            }
        }
        let delivered = crate::email::deliver::deliver_due(state, now).await?;
        Ok(Outcome::Done(format!(
            "{queued} of {} reports queued; {delivered}",
            reports.len()
        )))
    })
    .await?;
    Ok(summary)
}
