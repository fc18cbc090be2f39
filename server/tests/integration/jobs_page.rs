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

both!(staff_run_a_job_now_and_retry_a_failed_email_from_the_jobs_page, |app| {
    let staff = app.signed_in(STAFF_EMAIL).await;

    // "run now" asks first, then runs the job in the background: its unit shows in the ledger
    let (_, _, html) = app
        .page(&staff, "/services/jobs?confirm=run&run=check_overdue_deliverables")
        .await;
    assert!(html.contains("data-test=\"confirm\""), "{html}");
    assert!(html.contains("Run Check overdue deliverables now?"));
    let before = app
        .count_where("igny8_job_runs", "job_name = 'check_overdue_deliverables'")
        .await;
    let (status, to) = app
        .post_form(&staff, "run_job", &[("job", "check_overdue_deliverables")])
        .await;
    assert_eq!(status, 302);
    assert!(to.contains("done=started"), "{to}");
    let mut after = before;
    for _ in 0..100 {
        // finished, not only claimed: the run's end must not overwrite the failure set below
        after = app
            .count_where(
                "igny8_job_runs",
                "job_name = 'check_overdue_deliverables' AND finished_at IS NOT NULL",
            )
            .await;
        if after > before {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(after, before + 1, "the run is in the ledger");
    let (_, _, html) = app.page(&staff, &to).await;
    assert!(html.contains("started: it does what is due"), "{html}");
    let (_, to) = app.post_form(&staff, "run_job", &[("job", "mine_bitcoin")]).await;
    assert!(to.contains("error="), "{to}");

    // a failed run says when it is tried again; GraphQL says the same
    app.exec(
        "UPDATE igny8_job_runs SET status = 'failed', error = 'relay down', attempts = 1, finished_at = claimed_at \
         WHERE job_name = 'check_overdue_deliverables'",
    )
    .await;
    let (_, _, html) = app.page(&staff, "/services/jobs?job=check_overdue_deliverables").await;
    assert!(html.contains("data-test=\"next-retry\""), "{html}");
    assert!(html.contains("tried again after"));
    let (_, b) = app
        .graphql(
            &staff,
            r#"{ jobRuns(job: "check_overdue_deliverables", first: 1) { status nextRetryAt } }"#,
        )
        .await;
    let failed = &b["data"]["jobRuns"][0];
    assert_eq!(failed["status"], "failed");
    assert!(failed["nextRetryAt"].is_string(), "{b}");

    // the outbox by state: the database's counts; a failed email goes back in the queue
    let id = {
        let (_, to) = app
            .post_form(
                &staff,
                "create_report",
                &[
                    (
                        "client",
                        &app.scalar("SELECT MIN(id) AS n FROM igny8_managed_service_subscriptions")
                            .await
                            .to_string(),
                    ),
                    ("period", "2026-10"),
                    ("sections[]", "traffic"),
                ],
            )
            .await;
        let report: i64 = to
            .split(['?', '&'])
            .find_map(|p| p.strip_prefix("report="))
            .unwrap()
            .parse()
            .unwrap();
        let client = app
            .scalar("SELECT MIN(id) AS n FROM igny8_managed_service_subscriptions")
            .await
            .to_string();
        app.post_form(
            &staff,
            "send_new_report",
            &[("client", &client), ("report", &report.to_string())],
        )
        .await;
        app.scalar(&format!(
            "SELECT MIN(id) AS n FROM igny8_email_outbox WHERE report_id = {report}"
        ))
        .await
    };
    app.exec(&format!(
        "UPDATE igny8_email_outbox SET status = 'failed', attempts = 5, last_error = '550 mailbox unavailable' WHERE id = {id}"
    ))
    .await;
    let failed = app.count_where("igny8_email_outbox", "status = 'failed'").await;
    let (status, _, html) = app.page(&staff, "/services/jobs?outbox=failed").await;
    assert_eq!(status, 200);
    assert_eq!(html.matches("data-test=\"outbox-row\"").count() as i64, failed.min(50));
    assert!(html.contains(&format!("Failed ({failed})")), "the tab counts");
    assert!(html.contains("550 mailbox unavailable"));
    let (_, to) = app.post_form(&staff, "retry_email", &[("id", &id.to_string())]).await;
    assert!(to.contains("done=retried"), "{to}");
    assert_eq!(
        app.count_where(
            "igny8_email_outbox",
            &format!("id = {id} AND status = 'pending' AND attempts = 0")
        )
        .await,
        1
    );
    // only a failed email is retried
    let (_, to) = app.post_form(&staff, "retry_email", &[("id", &id.to_string())]).await;
    assert!(to.contains("error="), "{to}");
    let (status, _, _) = app.page(&staff, "/services/jobs?outbox=lost").await;
    assert_eq!(status, 422);

    // staff who may only read see it all but start nothing
    let client = app.signed_in("owner@summit-pt.example").await;
    let (status, _) = app
        .post_form(&client, "run_job", &[("job", "check_overdue_deliverables")])
        .await;
    assert_eq!(status, 403);
});
