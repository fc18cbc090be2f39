//! The client portal's service overview: the caller's managed sites (their account's, and only
//! the sites they may see), each with what its plan includes, this month's articles and
//! backlinks against the targets on the account's clock, the next scheduled report, six months
//! of clicks, and the latest report's headline figures — read through the same service
//! functions as the APIs (`subscriptions::own_account`, `trackers::content`), the scheduler's
//! own schedule and the stored report data.

use app::types::Actor;
use app::types::overview::{LatestReport, MonthClicks, NextReport, ServiceOverview, SiteOverview};
use app::types::report::ReportData;
use app::types::subscription::{SubscriptionStatus, Tier};
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::db::models::account::Account;
use crate::db::models::report::ServiceReport;
use crate::db::models::site::Site;
use crate::error::{AppError, AppResult};
use crate::jobs::Job;
use crate::reports::document::ChartKind;
use crate::reports::summary::{kpi, thousands};
use crate::state::AppState;

/// What a tier includes (the managed add-on plan: the shared services, and Pro's extras).
fn includes(tier: Tier, articles: i32, backlinks: i32) -> Vec<String> {
    let mut out = vec![
        format!("{articles} articles a month, planned, checked and published"),
        format!("{backlinks} backlinks a month"),
        "Onboarding and setup".to_owned(),
        "Monthly SEO content plan".to_owned(),
        "Monthly report".to_owned(),
        "Support and tuning".to_owned(),
    ];
    if tier == Tier::Pro {
        out.extend(
            [
                "Weekly report",
                "Proactive monitoring and escalation",
                "Priority response",
                "More frequent strategy iteration",
            ]
            .map(str::to_owned),
        );
    }
    out
}

/// The headline figures of a stored report, as its sections computed them.
fn headline(data: &ReportData) -> Vec<app::types::report::Kpi> {
    let mut out = Vec::new();
    if let Some(t) = &data.traffic {
        if let Some(v) = t.clicks.current {
            out.push(kpi("Organic clicks", &t.clicks, thousands(v), true, false));
        }
        if let Some(v) = t.impressions.current {
            out.push(kpi("Impressions", &t.impressions, thousands(v), true, false));
        }
    }
    if let Some(i) = &data.indexing
        && let Some(v) = i.indexed.current
    {
        out.push(kpi("Indexed pages", &i.indexed, thousands(v), true, false));
    }
    if let Some(r) = &data.rankings
        && let Some(v) = r.domain_rating.current
    {
        out.push(kpi("Domain Rating", &r.domain_rating, format!("{v:.1}"), true, true));
    }
    out
}

/// The next report the scheduler generates for a subscription: the earliest next occurrence of
/// the report jobs that cover its tier (weekly: Pro; monthly: every tier, on its report day), on
/// the account's clock.
fn next_report(state: &AppState, tier: Tier, report_day: u32, zone: Tz, now: DateTime<Utc>) -> Option<NextReport> {
    [
        (Job::GenerateWeeklyReports, "weekly"),
        (Job::GenerateMonthlyReports, "monthly"),
    ]
    .into_iter()
    .filter(|(_, kind)| crate::reports::batch::tiers_for(kind).contains(&tier.as_str()))
    .filter_map(|(job, kind)| {
        let schedule = state.config.jobs.schedule(job)?;
        let at = if kind == "monthly" {
            // the occurrences of the next two months, for the first on the report day
            schedule
                .between(zone, now, now + chrono::Duration::days(62), 100_000)
                .into_iter()
                .find(|at| at.day() == report_day)?
        } else {
            schedule.next(zone, now, 1).into_iter().next()?
        };
        Some((at, kind))
    })
    .min_by_key(|(at, _)| *at)
    .map(|(at, kind)| {
        let (period, _) = crate::jobs::reports::period_for(kind, at.date_naive());
        NextReport {
            report_type: kind.to_owned(),
            at: format!("{} {}", at.format("%Y-%m-%d %H:%M"), zone.name()),
            period: format!("{} – {}", period.start, period.end),
        }
    })
}

/// Clicks per month for the six complete months before `month_start`, oldest first (months
/// without data left out).
async fn monthly_clicks(
    conn: &mut crate::db::DbConn<'_>,
    site_id: i64,
    month_start: NaiveDate,
) -> AppResult<Vec<MonthClicks>> {
    let from = month_start - Months::new(6);
    let to = month_start.pred_opt().unwrap_or(month_start);
    let mut by_month = std::collections::BTreeMap::<String, i64>::new();
    for (day, clicks) in crate::db::models::tracking::daily_clicks(conn, site_id, from, to).await? {
        *by_month.entry(day.format("%Y-%m").to_string()).or_default() += clicks;
    }
    Ok(by_month
        .into_iter()
        .map(|(month, clicks)| MonthClicks { month, clicks })
        .collect())
}

pub async fn overview(
    state: &AppState,
    actor: Option<&Actor>,
    brand: Option<&crate::reports::brand::Brand>,
) -> AppResult<ServiceOverview> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let subs: Vec<_> = crate::subscriptions::own_account(&mut conn, actor)
        .await?
        .into_iter()
        .filter(|s| s.status != SubscriptionStatus::Cancelled)
        .collect();
    let account = Account::find(&mut conn, a.account_id).await?;
    let zone = crate::jobs::schedule::parse_timezone(&account.account_timezone).unwrap_or(chrono_tz::UTC);
    let now = Utc::now();
    let today = now.with_timezone(&zone).date_naive();
    let start = today.with_day(1).unwrap_or(today);
    let next = start + Months::new(1);
    let last_day = next.pred_opt().unwrap_or(next);
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight");
    let month = start.format("%Y-%m").to_string();
    let site_ids: Vec<i64> = subs.iter().map(|s| s.site_id).collect();
    let latest = ServiceReport::latest_for_sites(&mut conn, &site_ids).await?;
    let mut sites = Vec::with_capacity(subs.len());
    for sub in subs {
        let content = crate::trackers::content(&mut conn, actor, sub.site_id, &month, today).await?;
        let [_, delivered, live, _] =
            crate::db::models::order::stages_between(&mut conn, sub.site_id, midnight(start), midnight(next)).await?;
        let domain = Site::find(&mut conn, sub.site_id).await?.domain;
        let report = latest.iter().find(|r| r.site_id == sub.site_id);
        let last_sent_on = ServiceReport::last_sent(&mut conn, sub.site_id)
            .await?
            .map(|at| at.date().to_string());
        let monthly_clicks = monthly_clicks(&mut conn, sub.site_id, start).await?;
        let clicks_chart = (monthly_clicks.len() >= 2)
            .then(|| {
                let points = monthly_clicks
                    .iter()
                    .map(|m| (m.month.clone(), m.clicks as f64))
                    .collect();
                let title = "Organic clicks per month";
                match brand {
                    Some(b) => crate::web::charts::themed_for(b, title, ChartKind::Bars, points),
                    None => crate::web::charts::themed(title, ChartKind::Bars, points),
                }
            })
            .transpose()?;
        let report_day = crate::jobs::reports::report_day(
            &crate::db::models::subscription::Subscription::find(&mut conn, sub.id).await?,
        );
        sites.push(SiteOverview {
            next_report: (sub.status == SubscriptionStatus::Active)
                .then(|| next_report(state, sub.tier, report_day, zone, now))
                .flatten(),
            monthly_clicks,
            clicks_chart,
            includes: includes(sub.tier, sub.articles_per_month, sub.backlinks_per_month),
            articles_published: content.published,
            articles_target: content.target,
            articles_expected: content.expected_by_today,
            backlinks_delivered: delivered,
            backlinks_live: live,
            backlinks_target: i64::from(sub.backlinks_per_month),
            latest_report: report.map(|r| LatestReport {
                id: r.id,
                report_type: r.report_type.clone(),
                period: format!("{} – {}", r.period_start, r.period_end),
                figures: serde_json::from_str::<ReportData>(&r.report_data)
                    .map(|d| headline(&d))
                    .unwrap_or_default(),
            }),
            last_sent_on,
            domain,
            subscription: sub,
        });
    }
    Ok(ServiceOverview {
        month: start.format("%B %Y").to_string(),
        days_left: (last_day - today).num_days(),
        sites,
    })
}
