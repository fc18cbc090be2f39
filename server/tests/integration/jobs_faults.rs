//! The scheduler under faults, with real processes: three `igny8 serve` replicas on one
//! PostgreSQL and one S3-compatible store crossing Monday 06:00; a server killed with SIGKILL
//! mid-batch and restarted; PostgreSQL restarted mid-batch. Each due report must exist once and
//! each email must reach the SMTP server (aiosmtpd) once.

use std::future::Future;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use server::config::{Config, DatabaseUrl};
use server::jobs::clock::FixedClock;
use server::jobs::{Job, JobContext, run as run_job};
use server::seed::SeedArgs;

use crate::servers::{PgCluster, S3Server, ServerProcess, SmtpServer, header};
use crate::support::{Kind, TestApp, TestDb, demo_until};

/// Polls `done` until it holds (true) or `limit` has passed (false).
async fn wait_for<F: Future<Output = bool>>(limit: Duration, mut done: impl FnMut() -> F) -> bool {
    let started = Instant::now();
    while !done().await {
        if started.elapsed() > limit {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    true
}

async fn count(app: &TestApp, table: &str, condition: &str) -> i64 {
    app.count_where(table, condition).await
}

async fn duplicates(app: &TestApp) -> i64 {
    app.count(
        "(SELECT site_id, report_type, period_start FROM igny8_service_reports \
         GROUP BY site_id, report_type, period_start HAVING COUNT(*) > 1) d",
    )
    .await
}

/// The messages' distinct Message-IDs.
fn distinct_ids(messages: &[String]) -> usize {
    let mut ids: Vec<String> = messages.iter().filter_map(|m| header(m, "Message-ID")).collect();
    ids.sort();
    ids.dedup();
    ids.len()
}

fn database_url(app: &TestApp) -> String {
    match &app.state.config.database_url {
        DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
        DatabaseUrl::Postgres(url) => url.clone(),
    }
}

/// A server process's environment: this database, the jobs ticking every second, only `job`
/// scheduled, its clock starting at `clock_start`.
fn server_env(app: &TestApp, dir: &std::path::Path, job: Job, clock_start: &str) -> Vec<(&'static str, String)> {
    let mut env = vec![
        ("DATABASE_URL", database_url(app)),
        ("IGNY8_BIND", "127.0.0.1:0".into()),
        ("IGNY8_OBJECT_STORE", dir.join("objects").display().to_string()),
        ("IGNY8_OUTBOX_DIR", dir.join("outbox").display().to_string()),
        ("IGNY8_LOG", "warn,server::jobs=info".into()),
        ("IGNY8_JOBS_TICK", "* * * * * *".into()),
        ("IGNY8_JOBS_CATCH_UP_DAYS", "0".into()),
        ("IGNY8_JOBS_LEASE_SECS", "1".into()),
        ("IGNY8_CLOCK_START", clock_start.into()),
    ];
    for other in Job::ALL.into_iter().filter(|j| *j != job) {
        env.push((other.config_key(), String::new()));
    }
    env
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_replicas_at_monday_six_generate_and_email_each_weekly_report_once() {
    let Some(app) = TestApp::demo(Kind::Postgres).await else {
        return;
    };
    app.exec("UPDATE igny8_accounts SET account_timezone = 'America/New_York'")
        .await;
    let pro = count(
        &app,
        "igny8_managed_service_subscriptions",
        "status = 'active' AND tier = 'pro'",
    )
    .await;
    let s3 = S3Server::start().await;
    let smtp = SmtpServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    // Monday 30 November 2026, 05:59:57 in New York
    let mut env = server_env(&app, dir.path(), Job::GenerateWeeklyReports, "2026-11-30T10:59:57Z");
    env.extend([
        ("IGNY8_OBJECT_STORE", format!("s3://{}/replicas", s3.bucket)),
        ("IGNY8_S3_ENDPOINT", s3.endpoint.clone()),
        ("IGNY8_S3_ACCESS_KEY_ID", "test".into()),
        ("IGNY8_S3_SECRET_ACCESS_KEY", "test".into()),
        ("IGNY8_SMTP_URL", smtp.url()),
        ("IGNY8_JOBS_LEASE_SECS", "600".into()),
    ]);
    let replicas: Vec<ServerProcess> = (0..3)
        .map(|i| ServerProcess::spawn(&env, dir.path().join(format!("replica-{i}.log"))))
        .collect();
    let weekly = "report_type = 'weekly'";
    let done = wait_for(Duration::from_secs(120), || async {
        count(&app, "igny8_service_reports", weekly).await == pro
            && count(&app, "igny8_email_outbox", "status = 'sent'").await == pro
    })
    .await;
    let logs: Vec<String> = replicas.iter().map(ServerProcess::log_text).collect();
    assert!(done, "every weekly report emailed within 120 s: {logs:?}");
    tokio::time::sleep(Duration::from_secs(3)).await; // more ticks on every replica
    drop(replicas);

    assert_eq!(count(&app, "igny8_service_reports", weekly).await, pro, "{logs:?}");
    assert_eq!(
        count(&app, "igny8_service_reports", "period_start = '2026-11-23'").await,
        pro
    );
    assert_eq!(duplicates(&app).await, 0);
    assert_eq!(app.count("igny8_email_outbox").await, pro, "one recipient per client");
    assert_eq!(
        count(
            &app,
            "igny8_job_runs",
            "job_name = 'generate_weekly_reports' AND status = 'succeeded'"
        )
        .await,
        pro
    );
    let messages = smtp.messages();
    assert_eq!(messages.len() as i64, pro, "each email once: {logs:?}");
    assert_eq!(distinct_ids(&messages) as i64, pro);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_batch_finishes_after_restart_without_duplicates() {
    let db = TestDb::new(Kind::Sqlite).await.unwrap();
    let app = TestApp::serve(db, |_| {}).await;
    let args = SeedArgs {
        demo: true,
        sites: 30,
        months: 1,
        until: Some(demo_until()),
    };
    server::seed::run(&app.state, &args).await.unwrap();
    app.exec("UPDATE igny8_accounts SET account_timezone = 'UTC'").await;
    app.exec("UPDATE igny8_managed_service_subscriptions SET report_recipients = '[\"client@reports.example\"]'")
        .await;
    let due = count(
        &app,
        "igny8_managed_service_subscriptions",
        "status = 'active' AND tier IN ('lite', 'pro')",
    )
    .await;
    let smtp = SmtpServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut env = server_env(&app, dir.path(), Job::GenerateMonthlyReports, "2026-11-01T05:59:58Z");
    env.push(("IGNY8_SMTP_URL", smtp.url()));

    let mut first = ServerProcess::spawn(&env, dir.path().join("first.log"));
    let started = wait_for(Duration::from_secs(120), || async {
        app.count("igny8_service_reports").await >= 3
    })
    .await;
    assert!(started, "the batch under way: {}", first.log_text());
    first.kill();
    let at_kill = app.count("igny8_service_reports").await;
    assert!(
        at_kill < due,
        "killed mid-batch ({at_kill} of {due}): {}",
        first.log_text()
    );
    eprintln!("killed with {at_kill} of {due} reports done");

    for (k, v) in env.iter_mut() {
        if *k == "IGNY8_CLOCK_START" {
            // later than the killed process's clock got (its claims are stale at once), and
            // within the hour the run looks back
            *v = "2026-11-01T06:30:00Z".into();
        }
    }
    let second = ServerProcess::spawn(&env, dir.path().join("second.log"));
    let done = wait_for(Duration::from_secs(240), || async {
        app.count("igny8_service_reports").await == due
            && count(&app, "igny8_email_outbox", "status = 'sent'").await == due
    })
    .await;
    let log = second.log_text();
    let reports = app.count("igny8_service_reports").await;
    let sent = count(&app, "igny8_email_outbox", "status = 'sent'").await;
    assert!(
        done,
        "{reports} reports and {sent} emails of {due} after the restart: {log}"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    drop(second);

    assert_eq!(duplicates(&app).await, 0, "{log}");
    assert_eq!(app.count("igny8_service_reports").await, due);
    assert_eq!(
        count(&app, "igny8_job_runs", "status IN ('succeeded', 'skipped')").await,
        due,
        "every unit recorded as done"
    );
    let messages = smtp.messages();
    assert_eq!(messages.len() as i64, due, "each email once");
    assert_eq!(distinct_ids(&messages) as i64, due);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_restart_mid_batch_completes_without_duplicates() {
    if std::env::var("IGNY8_TEST_SKIP_PG").is_ok_and(|v| v == "1") {
        return;
    }
    let Some(cluster) = PgCluster::start() else {
        assert!(
            std::env::var("CI").is_err(),
            "PostgreSQL server binaries are required in CI"
        );
        eprintln!("\n!!! POSTGRESQL RESTART TEST SKIPPED: no initdb !!!\n");
        return;
    };
    let db = TestDb::external(DatabaseUrl::Postgres(cluster.url())).await;
    let app = TestApp::serve(db, |c: &mut Config| {
        c.jobs.catch_up_days = 2;
        c.jobs.retry_secs = 1;
        c.jobs.lease_secs = 2;
    })
    .await;
    let args = SeedArgs {
        demo: true,
        sites: 20,
        months: 1,
        until: Some(demo_until()),
    };
    server::seed::run(&app.state, &args).await.unwrap();
    let due = count(
        &app,
        "igny8_managed_service_subscriptions",
        "status = 'active' AND tier IN ('lite', 'pro')",
    )
    .await;
    let t: DateTime<Utc> = "2026-11-01T23:00:00Z".parse().unwrap();
    let ctx = std::sync::Arc::new(JobContext::new(app.state.clone()));
    let batch = {
        let ctx = ctx.clone();
        tokio::spawn(async move { run_job(&ctx, Job::GenerateMonthlyReports, &FixedClock(t)).await })
    };
    let started = wait_for(Duration::from_secs(120), || async {
        app.count("igny8_service_reports").await >= 3
    })
    .await;
    assert!(started, "the batch under way");
    cluster.down();
    tokio::time::sleep(Duration::from_millis(500)).await;
    cluster.up();
    let first = batch.await.unwrap();
    let done_first = app.count("igny8_service_reports").await;
    eprintln!("after the restart: {done_first} of {due} reports; the batch said {first:?}");
    assert!(
        done_first < due || first.is_err(),
        "the restart hit the batch: {first:?}"
    );

    // the next ticks retry what failed and take over what was left running
    for k in 1..=30 {
        let s = run_job(
            &ctx,
            Job::GenerateMonthlyReports,
            &FixedClock(t + chrono::Duration::seconds(10 * k)),
        )
        .await;
        let reports = app.count("igny8_service_reports").await;
        let open = count(&app, "igny8_job_runs", "status NOT IN ('succeeded', 'skipped')").await;
        if reports == due && open == 0 {
            break;
        }
        assert!(k < 30, "not complete after 30 ticks: {s:?}");
    }
    assert_eq!(app.count("igny8_service_reports").await, due);
    assert_eq!(duplicates(&app).await, 0);
    assert_eq!(app.count("igny8_job_runs").await, due, "one ledger row per site");
}

#[test]
fn a_bad_schedule_or_time_zone_stops_start_up_naming_the_key() {
    for (key, value) in [
        ("IGNY8_JOB_GENERATE_WEEKLY_REPORTS", "0 6 * * FUNDAY"),
        ("IGNY8_JOBS_TIMEZONE", "Mars/Olympus"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_igny8"))
            .arg("serve")
            .env_clear()
            .env("DATABASE_URL", format!("sqlite://{}/igny8.db", dir.path().display()))
            .env(key, value)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{key}={value} must not start");
        assert!(stderr.contains(&format!("configuration error: {key}: ")), "{stderr}");
        assert!(stderr.contains(value), "{stderr}");
        assert!(!dir.path().join("igny8.db").exists(), "nothing written");
    }
}
