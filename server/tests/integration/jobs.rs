//! The scheduler's job bodies run at chosen instants (a fixed clock) against a real database:
//! DST-correct weekly claims, exactly-once across two contexts, catch-up, email through a real
//! SMTP server that is down for a while, the S3 store down during generation, metric snapshots
//! that give the same numbers, and the stored overdue flags.

use chrono::{DateTime, Datelike, Duration, Utc};
use server::config::Config;
use server::jobs::clock::FixedClock;
use server::jobs::schedule::Schedule;
use server::jobs::{Job, JobContext, run as run_job};

use crate::both;
use crate::servers::{S3Server, SmtpServer, free_port, header};
use crate::support::TestApp;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn parsed(vars: &[(&str, String)]) -> Config {
    Config::from_vars(vars.iter().map(|(k, v)| (k.to_string(), v.clone()))).expect("configuration")
}

async fn active(app: &TestApp, tiers: &str) -> i64 {
    app.count_where(
        "igny8_managed_service_subscriptions",
        &format!("status = 'active' AND tier IN ({tiers})"),
    )
    .await
}

async fn duplicates(app: &TestApp) -> i64 {
    app.count(
        "(SELECT site_id, report_type, period_start FROM igny8_service_reports \
         GROUP BY site_id, report_type, period_start HAVING COUNT(*) > 1) d",
    )
    .await
}

both!(
    weekly_reports_are_claimed_once_at_six_local_on_both_sides_of_dst,
    |app| {
        app.exec("UPDATE igny8_accounts SET account_timezone = 'America/New_York'")
            .await;
        let ctx = JobContext::new(app.state_with(|c| c.jobs.catch_up_days = 0));
        let pro = active(&app, "'pro'").await;
        assert!(pro >= 2, "the demo has Pro clients");
        let weekly = "report_type = 'weekly'";
        let at = |s: &str| FixedClock(utc(s));

        // Monday 26 October 2026 is daylight time (UTC−4): 06:00 local is 10:00 UTC
        let s = run_job(&ctx, Job::GenerateWeeklyReports, &at("2026-10-26T09:59:59Z"))
            .await
            .unwrap();
        assert!(s.periods.is_empty(), "{s:?}");
        assert_eq!(app.count_where("igny8_service_reports", weekly).await, 0);
        let s = run_job(&ctx, Job::GenerateWeeklyReports, &at("2026-10-26T10:00:00Z"))
            .await
            .unwrap();
        assert_eq!(s.periods, ["2026-W43"]);
        assert_eq!((s.succeeded as i64, s.failed.len()), (pro, 0), "{s:?}");
        assert_eq!(
            app.count_where("igny8_service_reports", "period_start = '2026-10-19'")
                .await,
            pro
        );
        let s = run_job(&ctx, Job::GenerateWeeklyReports, &at("2026-10-26T10:00:30Z"))
            .await
            .unwrap();
        assert_eq!(s.succeeded + s.skipped, 0, "a re-run claims nothing");

        // Monday 2 November is standard time (UTC−5): 06:00 local is 11:00 UTC, not 10:00
        let s = run_job(&ctx, Job::GenerateWeeklyReports, &at("2026-11-02T10:59:59Z"))
            .await
            .unwrap();
        assert!(s.periods.is_empty(), "05:59 EST is not yet due: {s:?}");
        let other = JobContext::new(app.state_with(|c| c.jobs.catch_up_days = 0));
        let (first, second) = (at("2026-11-02T11:00:00Z"), at("2026-11-02T11:00:01Z"));
        let (a, b) = tokio::join!(
            run_job(&ctx, Job::GenerateWeeklyReports, &first),
            run_job(&other, Job::GenerateWeeklyReports, &second),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.periods, ["2026-W44"]);
        assert_eq!(
            (a.succeeded + b.succeeded) as i64,
            pro,
            "two replicas share the week: {a:?} {b:?}"
        );
        assert_eq!(app.count_where("igny8_service_reports", weekly).await, 2 * pro);
        assert_eq!(duplicates(&app).await, 0);
        assert_eq!(
            app.count_where(
                "igny8_job_runs",
                "job_name = 'generate_weekly_reports' AND status = 'succeeded' AND attempts = 1"
            )
            .await,
            2 * pro
        );

        // catch-up: a server that was down over Monday 9 November does that week when it starts
        let late = JobContext::new(app.state_with(|c| c.jobs.catch_up_days = 7));
        let s = run_job(&late, Job::GenerateWeeklyReports, &at("2026-11-12T08:00:00Z"))
            .await
            .unwrap();
        assert_eq!(s.periods, ["2026-W45"], "W44 is within the window but done: {s:?}");
        assert_eq!(s.succeeded as i64, pro);
        let s = run_job(&late, Job::GenerateWeeklyReports, &at("2026-11-12T08:01:00Z"))
            .await
            .unwrap();
        assert_eq!(s.succeeded, 0, "caught up once");
    }
);

/// Every active subscription's account zone has had its 1 November, 06:00 by then.
const AFTER_NOVEMBER_FIRST: &str = "2026-11-01T23:00:00Z";

both!(monthly_emails_reach_each_recipient_once_after_smtp_comes_back, |app| {
    // one client is white-label: its reports carry its agency's brand
    let (wl_sub, branding) = app.white_label_subscription().await;
    app.exec(&format!(
        "UPDATE igny8_managed_service_subscriptions \
         SET report_recipients = '[\"owner@client.example\", \"not-an-address\"]' WHERE id = {wl_sub}"
    ))
    .await;
    let mut smtp = SmtpServer::down();
    let smtp_config = parsed(&[("IGNY8_SMTP_URL", smtp.url())]);
    let state = app.state_with(|c| {
        c.jobs.catch_up_days = 2;
        c.email.smtp_url = smtp_config.email.smtp_url.clone();
        c.email.retry_secs = 1;
    });
    let ctx = JobContext::new(state.clone());
    let due = active(&app, "'lite', 'pro'").await;
    let t = utc(AFTER_NOVEMBER_FIRST);

    let s = run_job(&ctx, Job::GenerateMonthlyReports, &FixedClock(t))
        .await
        .unwrap();
    assert_eq!((s.succeeded as i64, s.failed.len()), (due, 0), "{s:?}");
    let emails = app.count_where("igny8_email_outbox", "status = 'pending'").await;
    assert_eq!(emails, due, "one valid recipient per subscription");
    let bad = "recipient = 'not-an-address' AND status = 'skipped' AND last_error LIKE '%not an email address%'";
    assert_eq!(
        app.count_where("igny8_email_outbox", bad).await,
        1,
        "recorded, not sent"
    );

    // the relay is down: every attempt fails and is rescheduled, nothing is marked sent
    let d = server::email::deliver::deliver_due(&state, t).await.unwrap();
    assert_eq!((d.sent, d.retrying as i64), (0, emails), "{d:?}");
    assert_eq!(app.count_where("igny8_service_reports", "sent_at IS NOT NULL").await, 0);
    assert_eq!(
        app.count_where("igny8_email_outbox", "attempts = 1 AND last_error LIKE '%SMTP%'")
            .await,
        emails
    );

    smtp.up().await;
    let d = server::email::deliver::deliver_due(&state, t).await.unwrap();
    assert_eq!(d, Default::default(), "not before the backoff");
    let d = server::email::deliver::deliver_due(&state, t + Duration::seconds(5))
        .await
        .unwrap();
    assert_eq!(d.sent as i64, emails, "{d:?}");
    let d = server::email::deliver::deliver_due(&state, t + Duration::seconds(60))
        .await
        .unwrap();
    assert_eq!(d, Default::default(), "nothing twice");

    let messages = smtp.messages();
    assert_eq!(messages.len() as i64, emails);
    let mut ids: Vec<String> = messages.iter().filter_map(|m| header(m, "Message-ID")).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len() as i64, emails, "one Message-ID per email");
    for m in &messages {
        let subject = header(m, "Subject").unwrap_or_default();
        assert!(subject.contains("Monthly SEO report for"), "{subject}");
        assert!(m.contains("Content-Type: application/pdf"), "the PDF is attached");
        assert!(m.contains("Content-Type: text/plain") && m.contains("Content-Type: text/html"));
    }
    let wl: Vec<&String> = messages
        .iter()
        .filter(|m| header(m, "To").is_some_and(|to| to.contains("owner@client.example")))
        .collect();
    assert_eq!(wl.len(), 1);
    let brand = app
        .scalar(&format!(
            "SELECT COUNT(*) AS n FROM igny8_agency_branding WHERE id = {branding}"
        ))
        .await;
    assert_eq!(brand, 1);
    let from = header(wl[0], "From").unwrap();
    assert!(!from.to_lowercase().contains("igny8"), "white-label From: {from}");
    assert!(header(wl[0], "Reply-To").is_some(), "Reply-To is the agency's contact");
    let text = wl[0]
        .split("Content-Type: application/pdf")
        .next()
        .unwrap()
        .to_lowercase();
    assert!(!text.contains("igny8") && !text.contains("alorig"), "{text}");
    let others = messages.iter().filter(|m| !wl.contains(m)).count();
    assert!(others > 0);

    assert_eq!(
        app.count_where("igny8_service_reports", "status = 'sent' AND sent_at IS NOT NULL")
            .await,
        due
    );
    assert_eq!(
        app.count_where("igny8_service_reports", "sent_to LIKE '%owner@client.example%'")
            .await,
        1
    );
});

both!(
    a_unit_cut_off_after_storing_its_report_queues_the_email_on_takeover,
    |app| {
        let state = app.state_with(|c| {
            c.jobs.catch_up_days = 2;
            c.jobs.lease_secs = 60;
        });
        let ctx = JobContext::new(state.clone());
        let t = utc(AFTER_NOVEMBER_FIRST);
        let s = run_job(&ctx, Job::GenerateMonthlyReports, &FixedClock(t))
            .await
            .unwrap();
        assert!(s.succeeded > 0 && s.failed.is_empty(), "{s:?}");
        let report = app.scalar("SELECT MIN(report_id) AS n FROM igny8_email_outbox").await;
        let site = app
            .scalar(&format!(
                "SELECT site_id AS n FROM igny8_service_reports WHERE id = {report}"
            ))
            .await;
        // the state a replica killed between storing the report and queueing its email leaves:
        // the report row, no email, the claim still running
        app.exec(&format!("DELETE FROM igny8_email_outbox WHERE report_id = {report}"))
            .await;
        app.exec(&format!(
            "UPDATE igny8_service_reports SET status = 'generated' WHERE id = {report}"
        ))
        .await;
        app.exec(&format!(
            "UPDATE igny8_job_runs SET status = 'running', finished_at = NULL \
         WHERE job_name = 'generate_monthly_reports' AND scope_key = 'site:{site}'"
        ))
        .await;

        let other = JobContext::new(state.clone());
        let s = run_job(
            &other,
            Job::GenerateMonthlyReports,
            &FixedClock(t + Duration::seconds(30)),
        )
        .await
        .unwrap();
        assert_eq!((s.succeeded, s.skipped), (0, 0), "the claim is not stale yet: {s:?}");
        let s = run_job(
            &other,
            Job::GenerateMonthlyReports,
            &FixedClock(t + Duration::minutes(5)),
        )
        .await
        .unwrap();
        assert_eq!((s.succeeded, s.skipped, s.failed.len()), (0, 1, 0), "taken over: {s:?}");
        assert_eq!(
            app.count_where(
                "igny8_email_outbox",
                &format!("report_id = {report} AND status = 'pending'")
            )
            .await,
            1,
            "its email is queued"
        );
        assert_eq!(duplicates(&app).await, 0);
        let detail = app
            .count_where(
                "igny8_job_runs",
                &format!("scope_key = 'site:{site}' AND status = 'skipped' AND detail LIKE '%1 emails queued%'"),
            )
            .await;
        assert_eq!(detail, 1, "the ledger says what the takeover did");

        // a further takeover of a finished report queues nothing more
        app.exec(&format!(
            "UPDATE igny8_job_runs SET status = 'running' WHERE scope_key = 'site:{site}'"
        ))
        .await;
        let third = JobContext::new(state.clone());
        let s = run_job(
            &third,
            Job::GenerateMonthlyReports,
            &FixedClock(t + Duration::minutes(10)),
        )
        .await
        .unwrap();
        assert_eq!(s.skipped, 1, "{s:?}");
        assert_eq!(
            app.count_where(
                "igny8_job_runs",
                &format!("scope_key = 'site:{site}' AND detail LIKE '%its emails were queued'")
            )
            .await,
            1,
            "the report was sending already: nothing queued again"
        );
        assert_eq!(
            app.count_where("igny8_email_outbox", &format!("report_id = {report}"))
                .await,
            1
        );
    }
);

both!(large_pdfs_are_emailed_as_an_expiring_link, |app| {
    let state = app.state_with(|c| {
        c.jobs.catch_up_days = 2;
        c.email.attach_max_bytes = 1_000;
    });
    let ctx = JobContext::new(state.clone());
    // noon UTC on the 2nd of this month: every zone's 1st, 06:00 is within the two days before
    // it, and a link sent then (valid IGNY8_EMAIL_LINK_DAYS) still opens today
    let t = Utc::now()
        .date_naive()
        .with_day(2)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc();
    let s = run_job(&ctx, Job::GenerateMonthlyReports, &FixedClock(t))
        .await
        .unwrap();
    assert!(s.succeeded > 0 && s.failed.is_empty(), "{s:?}");
    let d = server::email::deliver::deliver_due(&state, t).await.unwrap();
    assert_eq!(d.sent, s.succeeded);
    let files: Vec<_> = std::fs::read_dir(&state.config.outbox_dir).unwrap().flatten().collect();
    assert_eq!(files.len(), s.succeeded, "one .eml per email in the file outbox");
    // undo quoted-printable soft line breaks
    let eml = std::fs::read_to_string(files[0].path()).unwrap().replace("=\r\n", "");
    assert!(!eml.contains("application/pdf"), "no attachment");
    let start = eml.find("/reports/shared/").expect("a link to the PDF");
    let path: String = eml[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '"')
        .collect();
    let r = reqwest::get(app.url(&path)).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.bytes().await.unwrap()[..5], *b"%PDF-");
});

both!(a_store_that_is_down_fails_the_run_and_the_retry_completes_it, |app| {
    let port = free_port();
    let s3 = parsed(&[
        ("IGNY8_OBJECT_STORE", "s3://reports/jobs".into()),
        ("IGNY8_S3_ENDPOINT", format!("http://127.0.0.1:{port}")),
        ("IGNY8_S3_ACCESS_KEY_ID", "test".into()),
        ("IGNY8_S3_SECRET_ACCESS_KEY", "test".into()),
    ]);
    let state = app.state_with(|c| {
        c.object_store = s3.object_store.clone();
        c.jobs.catch_up_days = 2;
        c.jobs.retry_secs = 1;
    });
    let ctx = JobContext::new(state.clone());
    let due = active(&app, "'lite', 'pro'").await as usize;
    let t = utc(AFTER_NOVEMBER_FIRST);

    let s = run_job(&ctx, Job::GenerateMonthlyReports, &FixedClock(t))
        .await
        .unwrap();
    assert_eq!((s.succeeded, s.failed.len()), (0, due), "{s:?}");
    assert_eq!(app.count("igny8_service_reports").await, 0, "no row without its file");
    assert_eq!(
        app.count_where(
            "igny8_job_runs",
            "status = 'failed' AND attempts = 1 AND error IS NOT NULL"
        )
        .await,
        due as i64
    );
    let s = run_job(&ctx, Job::GenerateMonthlyReports, &FixedClock(t))
        .await
        .unwrap();
    assert_eq!(s.succeeded + s.failed.len(), 0, "not retried before the backoff");

    let _store = S3Server::start_on(port).await;
    let s = run_job(
        &ctx,
        Job::GenerateMonthlyReports,
        &FixedClock(t + Duration::seconds(10)),
    )
    .await
    .unwrap();
    assert_eq!((s.succeeded, s.failed.len()), (due, 0), "{s:?}");
    assert_eq!(app.count("igny8_service_reports").await, due as i64);
    assert_eq!(
        app.count_where("igny8_job_runs", "status = 'succeeded' AND attempts = 2")
            .await,
        due as i64
    );
    let keys: Vec<String> = {
        use diesel::QueryDsl;
        use diesel_async::RunQueryDsl;
        use server::db::schema::igny8_service_reports as r;
        let mut pooled = state.conn().await.unwrap();
        let mut conn = pooled.conn();
        server::db_run!(&mut conn, |c| r::table.select(r::pdf_object_key).load(c).await).unwrap()
    };
    assert_eq!(keys.len(), due);
    for key in keys {
        assert!(state.storage.exists(&key).await.unwrap(), "{key}");
    }
});

both!(reports_show_the_same_numbers_from_the_nightly_snapshots, |app| {
    use server::reports::period::Period;
    let site_id = app
        .scalar(
            "SELECT site_id AS n FROM igny8_managed_service_subscriptions WHERE status = 'active' \
             AND site_id IN (SELECT site_id FROM igny8_url_inspection_records) ORDER BY id LIMIT 1",
        )
        .await;
    let period = Period::parse("2026-10").unwrap();
    let collect = || async {
        let mut pooled = app.state.conn().await.unwrap();
        let site = server::db::models::site::Site::find(&mut pooled.conn(), site_id)
            .await
            .unwrap();
        server::reports::collect_data(
            &mut pooled.conn(),
            &site,
            period,
            "monthly",
            &app::types::report::SectionKey::ALL,
            utc("2026-11-05T12:00:00Z").naive_utc(),
        )
        .await
        .unwrap()
    };
    let raw = collect().await;
    assert!(
        raw.indexing.as_ref().is_some_and(|i| i.indexed.current.is_some()),
        "the site has indexing data"
    );

    // the nightly job, through the ledger, once per night
    let ctx = JobContext::new(app.state_with(|c| c.jobs.catch_up_days = 0));
    let s = run_job(
        &ctx,
        Job::CollectReportMetrics,
        &FixedClock(utc("2026-11-01T02:30:00Z")),
    )
    .await
    .unwrap();
    assert_eq!((s.periods.len(), s.succeeded), (1, 1), "{s:?}");
    let sites = active(&app, "'lite', 'pro'").await;
    assert_eq!(app.count("igny8_report_metric_snapshots").await, sites);
    let s = run_job(
        &ctx,
        Job::CollectReportMetrics,
        &FixedClock(utc("2026-11-01T02:31:00Z")),
    )
    .await
    .unwrap();
    assert_eq!(s.succeeded, 0);

    // every day the section shows: the period's end, the previous one's, each week's end
    for day in [
        "2026-09-30",
        "2026-10-07",
        "2026-10-14",
        "2026-10-21",
        "2026-10-28",
        "2026-10-31",
    ] {
        let next: chrono::NaiveDate = day.parse::<chrono::NaiveDate>().unwrap() + chrono::Days::new(1);
        let at = next.and_hms_opt(12, 0, 0).unwrap().and_utc();
        server::jobs::metrics::aggregate(&app.state, at, at.naive_utc())
            .await
            .unwrap();
    }
    let snapped = collect().await;
    assert_eq!(snapped, raw, "identical report data with and without snapshots");
    // and they are what the report read: without the raw inspections it still shows them
    app.exec(&format!(
        "DELETE FROM igny8_url_inspection_records WHERE site_id = {site_id}"
    ))
    .await;
    assert_eq!(collect().await.indexing, raw.indexing);
});

both!(
    reports_show_the_same_search_console_figures_from_the_month_aggregates,
    |app| {
        use server::reports::period::Period;
        let site_id = app
            .scalar(
                "SELECT site_id AS n FROM igny8_managed_service_subscriptions WHERE status = 'active' \
             AND tier IN ('lite', 'pro') AND site_id IN \
             (SELECT site_id FROM igny8_gsc_metrics_cache WHERE dimension = 'query') ORDER BY id LIMIT 1",
            )
            .await;
        // the demo has no rows by country: three countries' rows (two of them targeted), and their
        // queries', for every day from July on
        let account_id = app
            .scalar(&format!("SELECT account_id AS n FROM igny8_sites WHERE id = {site_id}"))
            .await;
        let mut values = Vec::new();
        let mut day = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        while day <= chrono::NaiveDate::from_ymd_opt(2026, 11, 4).unwrap() {
            for (i, country) in ["us", "gb", "de"].iter().enumerate() {
                let n = i64::from(day.ordinal()) * (i as i64 + 1);
                values.push(format!(
                "({account_id}, {site_id}, '{day}', 'country', '{country}', {}, {}, 0.05, {}, '2026-11-04 00:00:00')",
                n % 17,
                n % 17 * 20 + i as i64,
                1.0 + (n % 13) as f64 / 3.0
            ));
                for q in 0..4i64 {
                    values.push(format!(
                    "({account_id}, {site_id}, '{day}', 'query_country', '{country}:dentist {q}', {}, {}, 0.05, {}, '2026-11-04 00:00:00')",
                    n % 3,
                    n % 7 * 10 + q + 1,
                    1.0 + ((n + q * 5) % 40) as f64 / 1.7
                ));
                }
            }
            day = day.succ_opt().unwrap();
        }
        app.exec(&format!(
            "INSERT INTO igny8_gsc_metrics_cache (account_id, site_id, metric_date, dimension, \
         dimension_value, clicks, impressions, ctr, position, fetched_at) VALUES {}",
            values.join(", ")
        ))
        .await;
        let config = app
        .scalar_text(&format!(
            "SELECT config AS t FROM igny8_managed_service_subscriptions WHERE site_id = {site_id} AND status = 'active'"
        ))
        .await;
        let mut config: serde_json::Value = serde_json::from_str(&config).unwrap();
        config["target_countries"] = serde_json::json!(["US", "GB"]);
        app.exec(&format!(
            "UPDATE igny8_managed_service_subscriptions SET config = '{config}' WHERE site_id = {site_id}"
        ))
        .await;

        let app = &app;
        let collect = |spec: &'static str| async move {
            let mut pooled = app.state.conn().await.unwrap();
            let site = server::db::models::site::Site::find(&mut pooled.conn(), site_id)
                .await
                .unwrap();
            let period = Period::parse(spec).unwrap();
            let mut data = server::reports::collect_data(
                &mut pooled.conn(),
                &site,
                period,
                period.natural_type(),
                &app::types::report::SectionKey::ALL,
                utc("2026-11-05T12:00:00Z").naive_utc(),
            )
            .await
            .unwrap();
            // only what reads the Search Console cache
            (data.rankings.take().unwrap(), data.traffic.take().unwrap())
        };
        let periods = ["2026-10", "2026-Q3", "2026-10-05..2026-11-04", "2026-W40"];
        let mut raw = Vec::new();
        for p in periods {
            raw.push(collect(p).await);
        }
        let (october, _) = &raw[0];
        assert!(october.top10.current.is_some(), "the site has queries: {october:?}");
        assert_eq!(raw[0].1.countries, ["US", "GB"]);
        assert_eq!(raw[0].0.countries, ["US", "GB"]);
        assert!(raw[0].1.clicks.current.is_some());

        // the night after October: May to October, four sources each (queries and totals, of
        // every country and of the target countries), for each month the source has rows in
        let night = utc("2026-11-01T12:00:00Z");
        let (_, written) = server::jobs::metrics::aggregate(&app.state, night, night.naive_utc())
            .await
            .unwrap();
        let mut expected = 0;
        for month in 5..=10 {
            let (start, end) = (format!("2026-{month:02}-01"), format!("2026-{:02}-01", month + 1));
            for rows in [
                "dimension = 'query'",
                "dimension = 'total'",
                "dimension = 'query_country'",
                "dimension = 'country' AND dimension_value IN ('us', 'gb')",
            ] {
                let n = app
                    .count_where(
                        "igny8_gsc_metrics_cache",
                        &format!(
                            "site_id = {site_id} AND {rows} AND metric_date >= '{start}' AND metric_date < '{end}'"
                        ),
                    )
                    .await;
                expected += i64::from(n > 0);
            }
        }
        let stored = app
            .count_where("igny8_report_gsc_months", &format!("site_id = {site_id}"))
            .await;
        assert!(expected >= 8, "the countries' rows from July on: {expected}");
        assert_eq!(stored, expected, "one per month and source with rows");
        assert_eq!(
            app.count_where(
                "igny8_report_gsc_months",
                &format!("site_id = {site_id} AND source = 'country:us,gb' AND month < '2026-07-01'")
            )
            .await,
            0,
            "months without rows are read from their (no) rows"
        );
        assert!(written as i64 >= stored);
        let again = server::jobs::metrics::aggregate(&app.state, night, night.naive_utc())
            .await
            .unwrap();
        assert_eq!(again.1, 0, "current aggregates are not rewritten");
        for (p, raw) in periods.iter().zip(&raw) {
            assert_eq!(
                &collect(p).await,
                raw,
                "{p}: identical with and without month aggregates"
            );
        }

        // they are what the report reads: October's doctored (the fingerprints kept) show
        let doctor = |source: &str, figures: &str| {
            format!(
                "UPDATE igny8_report_gsc_months SET figures = '{figures}' \
             WHERE site_id = {site_id} AND source = '{source}' AND month = '2026-10-01'"
            )
        };
        app.exec(&doctor("query_country:us,gb", "{}")).await;
        app.exec(&doctor("country:us,gb", r#"[["2026-10-01", 12345, 20000, null]]"#))
            .await;
        let (rankings, traffic) = collect("2026-10").await;
        assert_eq!((rankings.top10.current, traffic.clicks.current), (None, Some(12345.0)));
        assert_eq!(rankings.top10.previous, raw[0].0.top10.previous);

        // a row fetched again makes its month's aggregate stale: the rows are read instead
        for (dimension, value) in [("query_country", "'us:dentist 2'"), ("country", "'us'")] {
            app.exec(&format!(
                "UPDATE igny8_gsc_metrics_cache SET fetched_at = '2026-11-06 08:00:00' WHERE id = \
             (SELECT MIN(id) FROM igny8_gsc_metrics_cache WHERE site_id = {site_id} \
             AND dimension = '{dimension}' AND dimension_value = {value} \
             AND metric_date >= '2026-10-01' AND metric_date <= '2026-10-31')"
            ))
            .await;
        }
        assert_eq!(collect("2026-10").await, raw[0]);
        // and the next night recomputes exactly those two
        let night = utc("2026-11-07T12:00:00Z");
        let (_, written) = server::jobs::metrics::aggregate(&app.state, night, night.naive_utc())
            .await
            .unwrap();
        assert_eq!(written, 2);
        for (p, raw) in periods.iter().zip(&raw) {
            assert_eq!(&collect(p).await, raw, "{p}");
        }
    }
);

both!(the_daily_check_stores_overdue_flags_that_the_dashboard_shows, |app| {
    let every_minute = |c: &mut Config| {
        c.jobs.catch_up_days = 0;
        for (job, s) in &mut c.jobs.schedules {
            if *job == Job::CheckOverdueDeliverables {
                *s = Schedule::parse("* * * * *").unwrap();
            }
        }
    };
    let ctx = JobContext::new(app.state_with(every_minute));
    let now = Utc::now();
    let s = run_job(&ctx, Job::CheckOverdueDeliverables, &FixedClock(now))
        .await
        .unwrap();
    assert_eq!(s.succeeded, 1, "{s:?}");
    let open = app.count_where("igny8_overdue_flags", "resolved_at IS NULL").await;
    assert!(open > 0, "the demo has late work");

    let staff = app.signed_in(server::seed::STAFF_EMAIL).await;
    let (code, body) = app
        .graphql(&staff, "{ dashboard { overdue { reference flaggedSince } } }")
        .await;
    assert_eq!(code, 200, "{body}");
    let items = body["data"]["dashboard"]["overdue"].as_array().unwrap().clone();
    assert_eq!(items.len() as i64, open, "{body}");
    assert!(items.iter().all(|i| i["flaggedSince"].is_string()), "{body}");

    // the ledger and the schedules, as staff see them
    let (code, body) = app
        .graphql(
            &staff,
            r#"{ jobRuns(job: "check_overdue_deliverables") { scope status attempts detail }
                 jobSchedules(timezone: "America/New_York") { job enabled perAccount nextRuns } }"#,
        )
        .await;
    assert_eq!(code, 200, "{body}");
    let runs = body["data"]["jobRuns"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "{body}");
    assert_eq!(runs[0]["status"], "succeeded");
    assert!(runs[0]["detail"].as_str().unwrap().contains("open flags"), "{body}");
    let schedules = body["data"]["jobSchedules"].as_array().unwrap();
    assert_eq!(schedules.len(), 5);
    let weekly = &schedules[0];
    assert_eq!(
        (weekly["job"].as_str(), weekly["perAccount"].as_bool()),
        (Some("generate_weekly_reports"), Some(true))
    );
    let next = weekly["nextRuns"].as_array().unwrap();
    assert_eq!(next.len(), 3);
    assert!(
        next.iter().all(|t| t.as_str().unwrap().contains("T06:00:00-0")),
        "{body}"
    );
    let (_, body) = app
        .graphql(&staff, r#"{ jobSchedules(timezone: "Mars/Olympus") { job } }"#)
        .await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "timezone", "{body}");
    let (_, body) = app.graphql(&staff, r#"{ jobRuns(job: "make_coffee") { id } }"#).await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "job", "{body}");

    // renewals pushed out: the next day's check resolves those flags and keeps the others
    let renewals = app
        .count_where("igny8_overdue_flags", "resolved_at IS NULL AND kind = 'renewal'")
        .await;
    app.exec("UPDATE igny8_managed_service_subscriptions SET renewal_date = '2031-01-01'")
        .await;
    let s = run_job(
        &ctx,
        Job::CheckOverdueDeliverables,
        &FixedClock(now + Duration::days(1)),
    )
    .await
    .unwrap();
    assert_eq!(s.succeeded, 1);
    assert_eq!(
        app.count_where("igny8_overdue_flags", "resolved_at IS NOT NULL AND kind = 'renewal'")
            .await,
        renewals
    );
    let kept = app
        .count_where("igny8_overdue_flags", "resolved_at IS NULL AND flagged_at < checked_at")
        .await;
    assert!(kept > 0, "flags still late keep the day they were first flagged");
});

both!(a_monthly_report_comes_on_its_subscriptions_report_day, |app| {
    app.exec("UPDATE igny8_accounts SET account_timezone = 'UTC'").await;
    let ctx = JobContext::new(app.state_with(|c| c.jobs.catch_up_days = 2));
    let sub = app
        .scalar("SELECT id AS n FROM igny8_managed_service_subscriptions WHERE status = 'active' AND tier = 'lite' ORDER BY id LIMIT 1")
        .await;
    let site = app
        .scalar(&format!(
            "SELECT site_id AS n FROM igny8_managed_service_subscriptions WHERE id = {sub}"
        ))
        .await;
    app.exec(&format!(
        "UPDATE igny8_managed_service_subscriptions SET config = REPLACE(config, '\"report_day\":1,', '\"report_day\":15,') WHERE id = {sub}"
    ))
    .await;
    assert_eq!(
        app.count_where(
            "igny8_managed_service_subscriptions",
            &format!("id = {sub} AND config LIKE '%\"report_day\":15,%'")
        )
        .await,
        1
    );
    let october = format!(
        "igny8_service_reports WHERE site_id = {site} AND report_type = 'monthly' AND period_start = '2026-10-01'"
    );
    let due = active(&app, "'lite', 'pro'").await;

    // the 1st: everyone else's October report, not this one's
    let s = run_job(
        &ctx,
        Job::GenerateMonthlyReports,
        &FixedClock(utc("2026-11-01T12:00:00Z")),
    )
    .await
    .unwrap();
    assert_eq!((s.succeeded as i64, s.failed.len()), (due - 1, 0), "{s:?}");
    assert_eq!(app.count(&october).await, 0);
    // the days before the 15th: nothing is due
    let s = run_job(
        &ctx,
        Job::GenerateMonthlyReports,
        &FixedClock(utc("2026-11-14T12:00:00Z")),
    )
    .await
    .unwrap();
    assert_eq!((s.succeeded, s.periods.len()), (0, 0), "{s:?}");
    // the 15th (caught up on the 16th, as after a night the server was down): this one's
    let s = run_job(
        &ctx,
        Job::GenerateMonthlyReports,
        &FixedClock(utc("2026-11-16T05:00:00Z")),
    )
    .await
    .unwrap();
    assert_eq!(
        (s.succeeded, s.periods.clone()),
        (1, vec!["2026-10".to_owned()]),
        "{s:?}"
    );
    assert_eq!(app.count(&october).await, 1);
    let s = run_job(
        &ctx,
        Job::GenerateMonthlyReports,
        &FixedClock(utc("2026-11-16T12:00:00Z")),
    )
    .await
    .unwrap();
    assert_eq!(s.succeeded, 0, "{s:?}");
    assert_eq!(app.count(&october).await, 1);

    // the client's overview names the 15th as the next report's day
    let owner = app
        .scalar(&format!(
            "SELECT u.id AS n FROM igny8_users u JOIN igny8_sites s ON s.account_id = u.account_id \
             WHERE s.id = {site} AND u.role = 'owner' ORDER BY u.id LIMIT 1"
        ))
        .await;
    let actor = {
        let mut pooled = app.state.conn().await.unwrap();
        server::auth::actor_for_user(&mut pooled.conn(), owner).await.unwrap()
    };
    let overview = server::overview::overview(&app.state, Some(&actor), None)
        .await
        .unwrap();
    let next = overview
        .sites
        .iter()
        .find(|s| s.subscription.id == sub)
        .and_then(|s| s.next_report.clone())
        .expect("a next report");
    let today = Utc::now().date_naive();
    let this_month = today.with_day(15).unwrap();
    let expected = if Utc::now() < this_month.and_hms_opt(6, 0, 0).unwrap().and_utc() {
        this_month
    } else {
        this_month + chrono::Months::new(1)
    };
    assert_eq!(next.report_type, "monthly");
    assert_eq!(next.at, format!("{expected} 06:00 UTC"));
});
