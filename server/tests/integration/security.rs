//! Costs and smaller findings of the security review: expensive GraphQL fields, per-account
//! allowances over every entry point, renders that hold no database connection, who a report
//! may be emailed to, who sees a report's figures, share links.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use server::seed::{CLIENT_EMAIL, STAFF_EMAIL};

use crate::both;
use crate::servers::LogoServer;
use crate::support::{Kind, TestApp};

const AGENCY: &str = "admin@northstar-digital.example";

fn preview_input(site: i64) -> String {
    format!(r#"{{siteId: {site}, period: "2026-10", sectionsIncluded: ["traffic"]}}"#)
}

both!(expensive_mutations_are_limited_per_request, |app| {
    let staff = app.signed_in(STAFF_EMAIL).await;
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let input = preview_input(site);
    let four = format!(
        "mutation {{ a: previewReport(input: {input}) {{ holdReason }} b: previewReport(input: {input}) {{ holdReason }} \
         c: previewReport(input: {input}) {{ holdReason }} d: previewReport(input: {input}) {{ holdReason }} }}"
    );
    let (_, body) = app.graphql(&staff, &four).await;
    let message = body["errors"][0]["message"].as_str().unwrap_or_default().to_lowercase();
    assert!(message.contains("too complex"), "{body}");
    assert!(body["data"].is_null(), "nothing ran: {body}");
    let (_, body) = app
        .graphql(
            &staff,
            &format!("mutation {{ previewReport(input: {input}) {{ holdReason }} }}"),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
});

async fn limited_app(kind: Kind) -> Option<TestApp> {
    TestApp::demo_with_state(
        kind,
        |_| {},
        |state| {
            let hour = Duration::from_secs(3600);
            let limits = server::state::Limits {
                tokens: server::tokens::create_limit(),
                generate: server::auth::throttle::RateLimit::new(hour, 2),
                preview: server::auth::throttle::RateLimit::new(hour, 2),
                send: server::auth::throttle::RateLimit::new(hour, 1),
            };
            state.limits = std::sync::Arc::new(limits);
        },
    )
    .await
}

mod generation_is_limited_per_account_on_every_entry_point {
    use super::*;

    async fn run(app: TestApp) {
        let staff = app.signed_in(STAFF_EMAIL).await;
        let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
        let other = app.id_where("igny8_sites", "domain", "harborlegal.com").await;
        let body = json!({"site_id": site, "period": "2026-10", "sections_included": ["traffic"]});
        for _ in 0..2 {
            let r = staff
                .post(app.url("/api/v1/services/reports/generate/"))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 201);
        }
        let before = app.count("igny8_service_reports").await;
        let r = staff
            .post(app.url("/api/v1/services/reports/generate/"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 429);
        let (_, b) = app
            .graphql(
                &staff,
                &format!("mutation {{ generateReport(input: {}) {{ id }} }}", preview_input(site)),
            )
            .await;
        assert_eq!(b["errors"][0]["extensions"]["code"], "RATE_LIMITED", "{b}");
        assert_eq!(app.count("igny8_service_reports").await, before, "nothing written");
        // another client's allowance is its own
        let (_, b) = app
            .graphql(
                &staff,
                &format!(
                    "mutation {{ generateReport(input: {}) {{ id }} }}",
                    preview_input(other)
                ),
            )
            .await;
        assert!(b["errors"].is_null(), "{b}");
        // previews and sends have allowances of their own
        for expected in ["ok", "ok", "RATE_LIMITED"] {
            let (_, b) = app
                .graphql(
                    &staff,
                    &format!(
                        "mutation {{ previewReport(input: {}) {{ holdReason }} }}",
                        preview_input(site)
                    ),
                )
                .await;
            assert_eq!(
                b["errors"][0]["extensions"]["code"].as_str().unwrap_or("ok"),
                expected,
                "{b}"
            );
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        run(limited_app(Kind::Sqlite).await.unwrap()).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if let Some(app) = limited_app(Kind::Postgres).await {
            run(app).await
        }
    }
}

mod slow_renders_hold_no_database_connection {
    use super::*;

    async fn run(kind: Kind) {
        let logos = LogoServer::start().await;
        let Some(app) = TestApp::demo_with(kind, |c| {
            c.logo_allow_private = true;
            c.db_pool_size = 2;
        })
        .await
        else {
            return;
        };
        let branding = app
            .id_where("igny8_agency_branding", "brand_name", "Northstar Digital")
            .await;
        app.exec(&format!(
            "UPDATE igny8_agency_branding SET brand_logo_url = '{}' WHERE id = {branding}",
            logos.url("/slow.png")
        ))
        .await;
        let site = app.id_where("igny8_sites", "domain", "lakesidebakery.com").await;
        let agency = app.signed_in(AGENCY).await;
        let url = app.url(&format!(
            "/api/v1/services/reports/preview/?site_id={site}&period=2026-10&sections_included=traffic&branding_id={branding}"
        ));
        // four previews wait on a logo server that takes 8 s (the guard gives up after 5 s)
        let burst: Vec<_> = (0..4)
            .map(|_| {
                let c = agency.clone();
                let u = url.clone();
                tokio::spawn(async move { c.get(u).send().await.map(|r| r.status().as_u16()) })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(700)).await;
        // meanwhile a request that needs the database is answered at once
        let client = app.signed_in(CLIENT_EMAIL).await;
        let started = Instant::now();
        let (status, _) = app.get_json(&client, "/api/v1/services/reports/").await;
        assert_eq!(status, 200);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "an unrelated request waited {:?} for a connection",
            started.elapsed()
        );
        for b in burst {
            assert_eq!(b.await.unwrap().unwrap(), 200, "the previews render without the logo");
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        run(Kind::Sqlite).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        run(Kind::Postgres).await
    }
}

both!(reports_are_emailed_only_to_the_account_and_its_recipients, |app| {
    let owner = app.signed_in(CLIENT_EMAIL).await;
    let staff = app.signed_in(STAFF_EMAIL).await;
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let r = staff
        .post(app.url("/api/v1/services/reports/generate/"))
        .json(&json!({"site_id": site, "period": "2026-10"}))
        .send()
        .await
        .unwrap();
    let report = r.json::<Value>().await.unwrap()["data"]["id"].as_i64().unwrap();
    let send = |to: Value| {
        let owner = owner.clone();
        let url = app.url(&format!("/api/v1/services/reports/{report}/send/"));
        async move {
            let r = owner.post(url).json(&json!({ "recipients": to })).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = send(json!(["attacker@evil.example"])).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["field"], "recipients");
    assert_eq!(app.count("igny8_email_outbox").await, 0, "nothing queued");
    let (status, body) = send(json!([CLIENT_EMAIL])).await;
    assert_eq!(status, 202, "{body}");

    // a day's quota for the account
    let account = app.id_where("igny8_users", "email", CLIENT_EMAIL).await;
    let account = app
        .scalar(&format!("SELECT account_id AS n FROM igny8_users WHERE id = {account}"))
        .await;
    let now = server::db::now().format("%Y-%m-%d %H:%M:%S");
    for i in 0..server::reports::records::EMAILS_PER_DAY {
        app.exec(&format!(
            "INSERT INTO igny8_email_outbox (account_id, recipient, subject, message_id, status, attempts, next_attempt_at, created_at, updated_at) \
             VALUES ({account}, 'x@example.com', 's', 'quota-{i}@test', 'sent', 1, '{now}', '{now}', '{now}')"
        ))
        .await;
    }
    let (status, _) = send(json!([CLIENT_EMAIL])).await;
    assert_eq!(status, 429);
});

both!(a_reports_figures_follow_the_pdf_rule, |app| {
    let staff = app.signed_in(STAFF_EMAIL).await;
    let site = app.id_where("igny8_sites", "domain", "summitpt-denver.com").await;
    let r = staff
        .post(app.url("/api/v1/services/reports/generate/"))
        .json(&json!({"site_id": site, "period": "2026-10", "sections_included": ["traffic"]}))
        .send()
        .await
        .unwrap();
    let report = r.json::<Value>().await.unwrap()["data"]["id"].as_i64().unwrap();
    let path = format!("/api/v1/services/reports/{report}/");
    let (_, owner_view) = app
        .get_json(&app.signed_in("owner@summit-pt.example").await, &path)
        .await;
    assert!(owner_view["data"]["report_data"].is_object(), "{owner_view}");
    let viewer = app.signed_in("viewer@summit-pt.example").await;
    let (status, viewer_view) = app.get_json(&viewer, &path).await;
    assert_eq!(status, 200);
    assert!(viewer_view["data"]["report_data"].is_null(), "{viewer_view}");
    assert_eq!(
        viewer_view["data"]["period_start"], "2026-10-01",
        "the report's existence is visible"
    );
    let r = viewer
        .get(app.url(&format!("/reports/{report}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
});

both!(share_links_are_listed_and_stop_with_the_account_or_a_hold, |app| {
    let owner = app.signed_in(CLIENT_EMAIL).await;
    let staff = app.signed_in(STAFF_EMAIL).await;
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let r = staff
        .post(app.url("/api/v1/services/reports/generate/"))
        .json(&json!({"site_id": site, "period": "2026-10", "sections_included": ["traffic"]}))
        .send()
        .await
        .unwrap();
    let report = r.json::<Value>().await.unwrap()["data"]["id"].as_i64().unwrap();
    let (_, b) = app
        .graphql(
            &owner,
            &format!(r#"mutation {{ createShareLink(reportId: "{report}", expiresInHours: 24) {{ id url }} }}"#),
        )
        .await;
    let url = b["data"]["createShareLink"]["url"].as_str().unwrap().to_owned();
    let path = format!("/reports/{}", url.split_once("/reports/").unwrap().1);
    let (_, b) = app
        .graphql(
            &owner,
            &format!(r#"{{ shareLinks(reportId: "{report}") {{ id createdBy active }} }}"#),
        )
        .await;
    assert_eq!(b["data"]["shareLinks"][0]["createdBy"], CLIENT_EMAIL, "{b}");
    assert_eq!(b["data"]["shareLinks"][0]["active"], true);
    let anonymous = app.client();
    assert_eq!(anonymous.get(app.url(&path)).send().await.unwrap().status(), 200);

    app.exec(&format!(
        "UPDATE igny8_service_reports SET hold_reason = 'held for the test' WHERE id = {report}"
    ))
    .await;
    assert_eq!(
        anonymous.get(app.url(&path)).send().await.unwrap().status(),
        404,
        "held"
    );
    app.exec(&format!(
        "UPDATE igny8_service_reports SET hold_reason = NULL WHERE id = {report}"
    ))
    .await;
    let account = app
        .scalar(&format!(
            "SELECT account_id AS n FROM igny8_service_reports WHERE id = {report}"
        ))
        .await;
    app.exec(&format!(
        "UPDATE igny8_accounts SET status = 'suspended' WHERE id = {account}"
    ))
    .await;
    assert_eq!(
        anonymous.get(app.url(&path)).send().await.unwrap().status(),
        404,
        "suspended"
    );
    app.exec(&format!(
        "UPDATE igny8_accounts SET status = 'active' WHERE id = {account}"
    ))
    .await;
    assert_eq!(anonymous.get(app.url(&path)).send().await.unwrap().status(), 200);

    // the shortest link is an hour, as documented
    let (_, b) = app
        .graphql(
            &owner,
            &format!(r#"mutation {{ createShareLink(reportId: "{report}", expiresInHours: 0) {{ id }} }}"#),
        )
        .await;
    assert_eq!(b["errors"][0]["extensions"]["code"], "INVALID", "{b}");
});
