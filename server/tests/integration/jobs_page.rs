//! The scheduled jobs page on a real server: the schedules in a chosen time zone and the ledger
//! are GraphQL's `jobSchedules` and `jobRuns`, the view is in the URL, bad parameters are named,
//! and only Alorig staff see it.

use chrono::{DateTime, Utc};
use server::jobs::clock::FixedClock;
use server::jobs::schedule::Schedule;
use server::jobs::{Job, JobContext, run as run_job};
use server::seed::STAFF_EMAIL;

use crate::both;

both!(the_jobs_page_shows_the_schedules_and_the_ledger_of_the_api, |app| {
    // a ledger with runs of two jobs (due every minute here)
    let ctx = JobContext::new(app.state_with(|c| {
        c.jobs.catch_up_days = 0;
        for (job, s) in &mut c.jobs.schedules {
            if matches!(job, Job::CheckOverdueDeliverables | Job::CollectReportMetrics) {
                *s = Schedule::parse("* * * * *").unwrap();
            }
        }
    }));
    let at: DateTime<Utc> = "2026-11-02T12:00:00Z".parse().unwrap();
    for job in [Job::CheckOverdueDeliverables, Job::CollectReportMetrics] {
        let s = run_job(&ctx, job, &FixedClock(at)).await.unwrap();
        assert!(s.succeeded > 0, "{s:?}");
    }
    let staff = app.signed_in(STAFF_EMAIL).await;

    let (status, _, html) = app.page(&staff, "/services/jobs?timezone=America/Chicago").await;
    assert_eq!(status, 200, "{html}");
    let (_, b) = app
        .graphql(
            &staff,
            r#"{ jobSchedules(timezone: "America/Chicago") { job nextRuns } }"#,
        )
        .await;
    let schedules = b["data"]["jobSchedules"].as_array().unwrap();
    assert_eq!(html.matches("data-test=\"schedule-row\"").count(), schedules.len());
    for s in schedules {
        let job = s["job"].as_str().unwrap();
        assert!(html.contains(&format!("data-job=\"{job}\"")), "{job}");
        for run in s["nextRuns"].as_array().unwrap() {
            let run = run.as_str().unwrap();
            // `2026-12-07T06:00:00-06:00` is shown `2026-12-07 06:00 (-06:00)`
            let shown = format!("{} {} ({})", &run[..10], &run[11..16], &run[19..]);
            assert!(html.contains(&shown), "{shown} of {job}");
        }
    }
    assert!(html.contains("America/Chicago"));

    let (_, b) = app.graphql(&staff, "{ jobRuns(first: 100) { id status } }").await;
    let runs = b["data"]["jobRuns"].as_array().unwrap().len();
    assert!(runs > 0);
    assert_eq!(html.matches("data-test=\"run-row\"").count(), runs);

    // one job's runs, the time zone kept in the URL
    let (_, _, html) = app
        .page(
            &staff,
            "/services/jobs?timezone=America/Chicago&job=check_overdue_deliverables",
        )
        .await;
    let (_, b) = app
        .graphql(
            &staff,
            r#"{ jobRuns(job: "check_overdue_deliverables", first: 100) { id } }"#,
        )
        .await;
    let only = b["data"]["jobRuns"].as_array().unwrap().len();
    assert!(only > 0 && only < runs, "{only} of {runs}");
    assert_eq!(html.matches("data-test=\"run-row\"").count(), only);
    assert!(
        html.contains("aria-current=\"page\">Check overdue deliverables"),
        "{html}"
    );

    // what the page does not understand is named
    for (query, field) in [("timezone=Mars/Olympus", "timezone"), ("job=mine_bitcoin", "job")] {
        let (status, _, html) = app.page(&staff, &format!("/services/jobs?{query}")).await;
        assert_eq!(status, 422, "{query}");
        assert!(html.contains(field), "{query}: {html}");
    }

    // clients are refused, nobody signed in is sent to sign in
    let client = app.signed_in("owner@summit-pt.example").await;
    let (status, _, _) = app.page(&client, "/services/jobs").await;
    assert_eq!(status, 403);
    let (status, location, _) = app.page(&app.client(), "/services/jobs").await;
    assert_eq!((status, location.starts_with("/login?next=")), (303, true));
});
