//! The `igny8 report` commands run as the binary, on the test's database: one report rendered
//! to files with every option, and a batch that stores each due report once.

use std::process::Command;

use server::config::{DatabaseUrl, ObjectStoreConfig};

use crate::both;
use crate::support::TestApp;

/// Runs `igny8 ARGS` on the app's database and object store: (succeeded, stdout, stderr).
pub(crate) fn igny8(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    let config = &app.state.config;
    let database = match &config.database_url {
        DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
        DatabaseUrl::Postgres(url) => url.clone(),
    };
    let ObjectStoreConfig::Local(objects) = &config.object_store else {
        panic!("a local object store")
    };
    let out = Command::new(env!("CARGO_BIN_EXE_igny8"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database)
        .env("IGNY8_OBJECT_STORE", objects)
        .output()
        .expect("the igny8 binary");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn pdftotext(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

both!(report_generate_renders_one_report_with_every_option, |app| {
    let dir = tempfile::tempdir().unwrap();
    let site = app
        .id_where("igny8_sites", "domain", "lakesidebakery.com")
        .await
        .to_string();
    let branding = app
        .id_where("igny8_agency_branding", "brand_name", "Northstar Digital")
        .await
        .to_string();
    let pdf = dir.path().join("lakeside.pdf");
    let html = dir.path().join("lakeside.html");
    let (ok, stdout, stderr) = igny8(
        &app,
        &[
            "report",
            "generate",
            "--site",
            &site,
            "--period",
            "2026-10",
            "--type",
            "monthly",
            "--sections",
            "traffic,content",
            "--branding",
            &branding,
            "--theme",
            "dark",
            "--out",
            pdf.to_str().unwrap(),
            "--html",
            html.to_str().unwrap(),
        ],
    );
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.contains("lakeside.pdf") && stdout.contains("collect"),
        "{stdout}"
    );
    assert!(stdout.contains("pre-send check: passed"), "{stdout}");
    let text = pdftotext(&pdf);
    assert!(
        text.contains("Organic Traffic") && text.contains("Content Performance"),
        "{text}"
    );
    assert!(!text.contains("Social Media") && !text.contains("Executive Summary"));
    assert!(text.contains("Northstar Digital"));
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(html.contains("theme-dark"));
    for name in ["igny8", "alorig"] {
        assert!(!text.to_lowercase().contains(name) && !html.to_lowercase().contains(name));
    }
    assert_eq!(app.count("igny8_service_reports").await, 0, "generate stores nothing");

    // bad arguments name what is wrong and write nothing
    let out = dir.path().join("bad.pdf");
    for (args, expected) in [
        (vec!["--period", "2026-13"], "period"),
        (vec!["--period", "2026-10", "--sections", "traffic,nope"], "nope"),
        (vec!["--period", "2026-10", "--theme", "sepia"], "sepia"),
        (vec!["--period", "2026-10", "--type", "daily"], "daily"),
        (
            vec!["--period", "2026-10", "--type", "weekly"],
            "a weekly report covers 7 days",
        ),
        (vec!["--period", "2026-01-01..2027-01-01"], "longer than a year"),
    ] {
        let mut all = vec!["report", "generate", "--site", &site, "--out", out.to_str().unwrap()];
        all.extend(args.iter().copied());
        let (ok, stdout, stderr) = igny8(&app, &all);
        assert!(!ok, "{all:?}: {stdout}");
        assert!(stderr.contains(expected), "{all:?}: {stderr}");
        assert!(!out.exists());
    }
    let (ok, _, stderr) = igny8(&app, &["report", "generate", "--site", "999999", "--period", "2026-10"]);
    assert!(!ok && stderr.contains("999999"), "{stderr}");
});

both!(report_batch_stores_each_due_report_once, |app| {
    let due = app
        .count_where(
            "igny8_managed_service_subscriptions",
            "status = 'active' AND tier IN ('lite', 'pro')",
        )
        .await;
    assert!(due > 0);
    let (ok, stdout, stderr) = igny8(&app, &["report", "batch", "--type", "monthly", "--period", "2026-10"]);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!(
            "{due} monthly reports for 2026-10: {due} generated, 0 skipped"
        )),
        "{stdout}"
    );
    assert!(stdout.contains("peak memory"), "{stdout}");
    assert_eq!(
        app.count_where(
            "igny8_service_reports",
            "report_type = 'monthly' AND period_start = '2026-10-01'"
        )
        .await,
        due
    );
    // every row's file is there
    let last = app.scalar("SELECT MAX(id) AS n FROM igny8_service_reports").await;
    let mut pooled = app.state.conn().await.unwrap();
    for id in 1..=last {
        if let Ok(r) = server::db::models::report::ServiceReport::find(&mut pooled.conn(), id).await {
            assert!(
                app.state.storage.exists(&r.pdf_object_key).await.unwrap(),
                "{}",
                r.pdf_object_key
            );
        }
    }
    drop(pooled);

    // again: nothing new
    let (ok, stdout, _) = igny8(&app, &["report", "batch", "--type", "monthly", "--period", "2026-10"]);
    assert!(ok);
    assert!(stdout.contains(&format!("0 generated, {due} skipped")), "{stdout}");
    assert_eq!(app.count("igny8_service_reports").await, due);
});
