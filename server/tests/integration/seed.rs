//! The demo dataset: complete, deterministic, refused on a non-empty database, scalable.

use crate::both;
use crate::support::{TestApp, demo_until};
use server::seed::SeedArgs;

both!(the_full_demo_has_a_year_of_everything, empty, |app| {
    let args = SeedArgs {
        demo: true,
        sites: 0,
        months: 12,
        until: Some(demo_until()),
    };
    let report = server::seed::run(&app.state, &args).await.unwrap();
    let rows = |t: &str| report.rows.iter().find(|r| r.0 == t).map(|r| r.1).unwrap_or(0);
    assert_eq!(
        rows("igny8_accounts"),
        15,
        "Alorig, 12 clients, the agency, one non-managed customer"
    );
    assert_eq!(rows("igny8_managed_service_subscriptions"), 16);
    assert_eq!(rows("igny8_agency_branding"), 2);
    // 17 sites × 365 days × (1 total + 10 queries + ≥1 page)
    assert!(
        rows("igny8_gsc_metrics_cache") > 17 * 365 * 12,
        "{}",
        rows("igny8_gsc_metrics_cache")
    );
    for table in [
        "igny8_content",
        "igny8_url_inspection_records",
        "igny8_ahrefs_domain_snapshots",
        "igny8_backlink_service_orders",
        "igny8_sag_backlinks",
        "igny8_backlink_indexing_requests",
        "igny8_social_posts",
        "igny8_social_engagements",
        "igny8_sag_blueprints",
        "igny8_sag_clusters",
        "igny8_sag_campaigns",
        "igny8_campaign_kpi_snapshots",
        "igny8_automation_queue",
        "igny8_approval_items",
        "igny8_invoices",
        "igny8_payments",
    ] {
        assert!(rows(table) > 0, "{table} is empty");
        assert_eq!(
            app.count(table).await as u64,
            rows(table),
            "{table}: report matches the database"
        );
    }
    for status in ["planned", "ordered", "delivered", "live", "indexed", "lost", "rejected"] {
        assert!(
            app.id_where("igny8_sag_backlinks", "status", status).await > 0,
            "a link in status {status}"
        );
    }
    let text = report.to_string();
    assert!(
        text.contains("admin@alorig.example") && text.contains("igny8-demo"),
        "prints the logins"
    );
    // ids keep counting after explicit-id inserts (PostgreSQL sequences were moved on)
    let mut pooled = app.state.conn().await.unwrap();
    let now = server::db::now();
    let account = server::db::models::account::Account::insert(
        &mut pooled.conn(),
        &server::db::models::account::NewAccount {
            name: "New".into(),
            slug: "new-after-seed".into(),
            plan_id: None,
            status: "active".into(),
            account_timezone: "UTC".into(),
            feature_gates: "[]".into(),
            is_agency: false,
            credits: 0,
            created_at: now,
            updated_at: now,
        },
    )
    .await
    .unwrap();
    assert_eq!(account, 16);
});

both!(seeding_twice_is_refused_and_changes_nothing, |app| {
    let before = app.count("igny8_gsc_metrics_cache").await;
    let e = server::seed::run(
        &app.state,
        &SeedArgs {
            demo: true,
            sites: 0,
            months: 1,
            until: Some(demo_until()),
        },
    )
    .await
    .err()
    .expect("a second seed is refused");
    assert!(e.to_string().contains("already has accounts"), "{e}");
    assert_eq!(app.count("igny8_gsc_metrics_cache").await, before);
    assert!(
        server::seed::run_if_empty(&app.state, &SeedArgs::demo())
            .await
            .unwrap()
            .is_none()
    );
});

both!(synthetic_sites_scale_the_demo, empty, |app| {
    let args = SeedArgs {
        demo: true,
        sites: 40,
        months: 1,
        until: Some(demo_until()),
    };
    server::seed::run(&app.state, &args).await.unwrap();
    assert_eq!(app.count("igny8_sites").await, 17 + 40);
    assert_eq!(app.count("igny8_managed_service_subscriptions").await, 16 + 40);
});

/// The same `--until` gives the same data.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_is_deterministic() {
    use crate::support::Kind;
    let mut sums = Vec::new();
    for _ in 0..2 {
        let app = TestApp::demo(Kind::Sqlite).await.unwrap();
        use diesel::QueryableByName;
        use diesel_async::RunQueryDsl;
        #[derive(QueryableByName, PartialEq, Debug)]
        struct Sums {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            clicks: i64,
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            words: i64,
            #[diesel(sql_type = diesel::sql_types::Text)]
            last_title: String,
        }
        let mut pooled = app.state.conn().await.unwrap();
        let mut conn = pooled.conn();
        let s: Sums = server::db_run!(&mut conn, |c| diesel::sql_query(
            "SELECT (SELECT SUM(clicks) FROM igny8_gsc_metrics_cache) AS clicks, \
             (SELECT SUM(word_count) FROM igny8_content) AS words, \
             (SELECT title FROM igny8_content ORDER BY id DESC LIMIT 1) AS last_title"
        )
        .get_result(c)
        .await)
        .unwrap();
        sums.push(s);
    }
    assert_eq!(sums[0], sums[1]);
}
