//! `generate_weekly_reports` and `generate_monthly_reports`: at each occurrence of the schedule
//! on an account's wall clock, the last complete week (Monday–Sunday) or month before that day
//! is due for every active subscription of the report type's tiers that had started by its end —
//! monthly ones only on their `config.report_day` (the schedule runs daily; an occurrence missed
//! while the server was down is caught up like any other). One unit per site and period; its
//! email is queued as soon as the report is stored.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use chrono_tz::Tz;
use futures::StreamExt;

use super::clock::{Clock, stored};
use super::ledger::{self, Outcome};
use super::{Job, JobContext, RunSummary};
use crate::db::models::job_run::{JobRun, RunKey};
use crate::db::models::{report::ServiceReport, subscription::Subscription};
use crate::error::AppResult;
use crate::reports::{batch::tiers_for, lifecycle, period::Period};

pub async fn generate_weekly_reports(ctx: &JobContext, clock: &dyn Clock) -> AppResult<RunSummary> {
    generate(ctx, clock, Job::GenerateWeeklyReports, "weekly").await
}

pub async fn generate_monthly_reports(ctx: &JobContext, clock: &dyn Clock) -> AppResult<RunSummary> {
    generate(ctx, clock, Job::GenerateMonthlyReports, "monthly").await
}

/// The period a run on local day `day` reports on, and its ledger key.
pub fn period_for(report_type: &str, day: NaiveDate) -> (Period, String) {
    if report_type == "weekly" {
        let start = day - Days::new(u64::from(day.weekday().num_days_from_monday()) + 7);
        let end = start + Days::new(6);
        let week = start.iso_week();
        (Period { start, end }, format!("{}-W{:02}", week.year(), week.week()))
    } else {
        let this_month = day.with_day(1).unwrap_or(day);
        let start = this_month - Months::new(1);
        let end = this_month - Days::new(1);
        (Period { start, end }, start.format("%Y-%m").to_string())
    }
}

async fn generate(ctx: &JobContext, clock: &dyn Clock, job: Job, report_type: &'static str) -> AppResult<RunSummary> {
    let mut summary = RunSummary::new(job);
    let Some(schedule) = ctx.schedule(job) else {
        summary.disabled = true;
        return Ok(summary);
    };
    let now = clock.now();
    let subs = {
        let mut pooled = ctx.state.conn().await?;
        Subscription::active_of_tiers_with_timezone(&mut pooled.conn(), tiers_for(report_type)).await?
    };
    // the subscriptions by account time zone (an account whose zone does not parse is skipped
    // here; its reports would fail on the same zone)
    let mut by_zone: BTreeMap<String, Vec<Subscription>> = BTreeMap::new();
    for (sub, zone) in subs {
        by_zone.entry(zone).or_default().push(sub);
    }
    for (zone, subs) in by_zone {
        let Ok(tz) = zone.parse::<Tz>() else {
            tracing::warn!(job = job.name(), %zone, "accounts with an unknown time zone are not scheduled");
            continue;
        };
        for at in schedule.latest(tz, ctx.lookback(now), now, 400) {
            let (period, key) = period_for(report_type, at.date_naive());
            let seen_key = format!("{}|{zone}|{}", job.name(), at.date_naive());
            if ctx.is_finished(&seen_key) {
                continue;
            }
            let due: Vec<&Subscription> = subs
                .iter()
                .filter(|s| s.started_on <= period.end)
                .filter(|s| report_type != "monthly" || report_day(s) == at.day())
                .collect();
            if due.is_empty() {
                continue;
            }
            if !summary.periods.contains(&key) {
                summary.periods.push(key.clone());
            }
            let open = run_period(ctx, clock, &mut summary, job, report_type, &key, period, &due).await?;
            if open == 0 {
                ctx.mark_finished(seen_key);
            }
        }
    }
    Ok(summary)
}

/// The day of the month a subscription's monthly report is due (a config that does not read is
/// due on the 1st, where generating it fails on the config and says why).
pub fn report_day(sub: &Subscription) -> u32 {
    crate::reports::settings::parse(&sub.config).map_or(1, |s| s.report_day)
}

/// Does the open units of one period; returns how many are not finished afterwards (waiting
/// for a retry, or claimed elsewhere).
#[allow(clippy::too_many_arguments)]
async fn run_period(
    ctx: &JobContext,
    clock: &dyn Clock,
    summary: &mut RunSummary,
    job: Job,
    report_type: &'static str,
    key: &str,
    period: Period,
    due: &[&Subscription],
) -> AppResult<usize> {
    let now = clock.now();
    let rows: HashMap<String, JobRun> = {
        let mut pooled = ctx.state.conn().await?;
        JobRun::of_period(&mut pooled.conn(), job.name(), key)
            .await?
            .into_iter()
            .map(|r| (r.scope_key.clone(), r))
            .collect()
    };
    let max = ctx.state.config.jobs.max_attempts as i32;
    let done = |r: &JobRun| matches!(r.status.as_str(), "succeeded" | "skipped") || r.attempts >= max;
    let mut remaining = due
        .iter()
        .filter(|s| !rows.get(&format!("site:{}", s.site_id)).is_some_and(done))
        .count();
    let units: Vec<(Subscription, String, Option<JobRun>)> = due
        .iter()
        .map(|s| ((*s).clone(), format!("site:{}", s.site_id)))
        .filter(|(_, scope)| ledger::open(ctx, rows.get(scope), now))
        .map(|(sub, scope)| {
            let seen = rows.get(&scope).cloned();
            (sub, scope, seen)
        })
        .collect();
    let unit = Unit {
        job,
        key,
        report_type,
        period,
        clock,
    };
    let mut results = futures::stream::iter(units)
        .map(|(sub, scope, seen)| unit.run(ctx, sub, scope, seen))
        .buffer_unordered(ctx.state.config.jobs.workers);
    while let Some((scope, r)) = results.next().await {
        match r {
            Ok(r) => {
                if matches!(r, ledger::UnitResult::Succeeded(_) | ledger::UnitResult::Skipped(_)) {
                    remaining = remaining.saturating_sub(1);
                }
                summary.add(&scope, r);
            }
            // the ledger itself could not be written (the database is away): the claim stays
            // open and is taken over after the lease
            Err(e) => summary.failed.push((scope, e.to_string())),
        }
    }
    Ok(remaining)
}

/// What the units of one period share.
#[derive(Clone, Copy)]
struct Unit<'a> {
    job: Job,
    key: &'a str,
    report_type: &'static str,
    period: Period,
    clock: &'a dyn Clock,
}

impl Unit<'_> {
    async fn run(
        self,
        ctx: &JobContext,
        sub: Subscription,
        scope: String,
        seen: Option<JobRun>,
    ) -> (String, AppResult<ledger::UnitResult>) {
        let key = RunKey {
            job: self.job.name(),
            scope: &scope,
            period: self.key,
        };
        let r = ledger::run_unit(ctx, key, seen.as_ref(), self.clock, || {
            one_report(ctx, &sub, self.report_type, self.period, self.clock.now())
        })
        .await;
        (scope, r)
    }
}

async fn one_report(
    ctx: &JobContext,
    sub: &Subscription,
    report_type: &'static str,
    period: Period,
    now: DateTime<Utc>,
) -> AppResult<Outcome> {
    let state = &ctx.state;
    let existing = {
        let mut pooled = state.conn().await?;
        ServiceReport::scheduled_for(&mut pooled.conn(), sub.site_id, report_type, period.start).await?
    };
    if let Some((report_id, email_due)) = existing {
        // a unit cut off between storing its report and queueing every email is finished here
        let said = if email_due {
            super::sending::queue_report_email(state, report_id, stored(now)).await?
        } else {
            "its emails were queued".into()
        };
        return Ok(Outcome::Skipped(format!(
            "report {report_id} already generated; {said}"
        )));
    }
    let (report_id, _) = lifecycle::generate_scheduled(state, sub, report_type, period, stored(now)).await?;
    let queued = super::sending::queue_report_email(state, report_id, stored(now)).await?;
    Ok(Outcome::Done(format!("report {report_id}; {queued}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_run_reports_on_the_last_complete_week_or_month() {
        let (p, key) = period_for("weekly", d("2026-11-30"));
        assert_eq!(
            (p.start, p.end, key.as_str()),
            (d("2026-11-23"), d("2026-11-29"), "2026-W48")
        );
        let (p, key) = period_for("weekly", d("2027-01-04"));
        assert_eq!((p.start, key.as_str()), (d("2026-12-28"), "2026-W53"));
        let (p, key) = period_for("monthly", d("2026-12-01"));
        assert_eq!(
            (p.start, p.end, key.as_str()),
            (d("2026-11-01"), d("2026-11-30"), "2026-11")
        );
        let (p, key) = period_for("monthly", d("2026-03-01"));
        assert_eq!(
            (p.start, p.end, key.as_str()),
            (d("2026-02-01"), d("2026-02-28"), "2026-02")
        );
    }
}
