//! The service API over GraphQL: orders, trackers, indexing, Ahrefs, billing, approvals,
//! subscription settings, API tokens; and the statements a page of clients costs.

use serde_json::Value;
use server::seed::{CLIENT_EMAIL, STAFF_EMAIL, SeedArgs};

use crate::both;
use crate::support::{Kind, TestApp, demo_until};

fn err(b: &Value) -> (&str, &str) {
    let e = &b["errors"][0]["extensions"];
    (e["code"].as_str().unwrap_or("OK"), e["field"].as_str().unwrap_or(""))
}

both!(orders_and_trackers_show_what_the_caller_may_see, |app| {
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let owner = app.signed_in(CLIENT_EMAIL).await;
    let staff = app.signed_in(STAFF_EMAIL).await;
    let q = "{ orders(first: 3) { totalCount edges { node { id siteName status priceCents costCents marginCents links { status sourceDomain } } } } }";
    let (_, b) = app.graphql(&owner, q).await;
    let orders = &b["data"]["orders"];
    assert!(orders["totalCount"].as_i64().unwrap() > 0, "{b}");
    let first = &orders["edges"][0]["node"];
    assert!(
        first["costCents"].is_null() && first["marginCents"].is_null(),
        "clients never see costs"
    );
    assert!(
        orders["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["node"]["siteName"] == "BrightSmile Dental")
    );
    let (_, b) = app.graphql(&staff, q).await;
    assert!(
        b["data"]["orders"]["edges"][0]["node"]["costCents"].is_number(),
        "staff do"
    );
    assert!(b["data"]["orders"]["totalCount"].as_i64().unwrap() > orders["totalCount"].as_i64().unwrap());
    let (_, b) = app
        .graphql(&staff, r#"{ orders(filter: {status: "shipped"}) { totalCount } }"#)
        .await;
    assert_eq!(err(&b), ("INVALID", "status"));
    let (_, b) = app
        .graphql(
            &staff,
            r#"{ orders(filter: {package: "growth"}) { nodes { package } } }"#,
        )
        .await;
    assert!(
        b["data"]["orders"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["package"] == "growth")
    );

    let (_, b) = app
        .graphql(&owner, &format!(r#"{{ contentTracker(siteId: "{site}", month: "2026-10") {{ published target expectedByToday items {{ title }} }} backlinkTracker(siteId: "{site}") {{ ordered delivered live indexed lost }} }}"#))
        .await;
    let c = &b["data"]["contentTracker"];
    assert_eq!(c["target"], 12, "{b}");
    assert_eq!(c["expectedByToday"], 12, "a past month expects its whole target");
    assert_eq!(
        c["published"].as_i64().unwrap(),
        c["items"].as_array().unwrap().len() as i64
    );
    let t = &b["data"]["backlinkTracker"];
    let (o, d, l, i) = (
        t["ordered"].as_i64().unwrap(),
        t["delivered"].as_i64().unwrap(),
        t["live"].as_i64().unwrap(),
        t["indexed"].as_i64().unwrap(),
    );
    assert!(o >= d && d >= l && l >= i && o > 0, "a pipeline narrows: {t}");
    let (_, b) = app
        .graphql(
            &owner,
            &format!(r#"{{ contentTracker(siteId: "{site}", month: "October") {{ target }} }}"#),
        )
        .await;
    assert_eq!(err(&b), ("INVALID", "month"));

    let (_, b) = app
        .graphql(
            &owner,
            "{ indexing { totals { total indexed indexedPct } sites { siteName total } } }",
        )
        .await;
    let sites = b["data"]["indexing"]["sites"].as_array().unwrap();
    assert!(sites.iter().all(|s| s["siteName"] == "BrightSmile Dental"), "{b}");
    let (_, all) = app.graphql(&staff, "{ indexing { sites { siteId } } }").await;
    assert!(all["data"]["indexing"]["sites"].as_array().unwrap().len() > sites.len());

    let (_, b) = app
        .graphql(&owner, &format!(r#"{{ ahrefsSnapshots(siteId: "{site}", from: "2026-09-01", to: "2026-10-31") {{ snapshotDate domainRating }} }}"#))
        .await;
    assert!(!b["data"]["ahrefsSnapshots"].as_array().unwrap().is_empty(), "{b}");
    let (_, b) = app
        .graphql(
            &owner,
            &format!(
                r#"{{ ahrefsSnapshots(siteId: "{site}", from: "2026-10-31", to: "2026-09-01") {{ snapshotDate }} }}"#
            ),
        )
        .await;
    assert_eq!(err(&b), ("INVALID", "to"));
    let other = app.signed_in("owner@harbor-legal.example").await;
    let (_, b) = app
        .graphql(
            &other,
            &format!(r#"{{ backlinkTracker(siteId: "{site}") {{ ordered }} }}"#),
        )
        .await;
    assert_eq!(err(&b).0, "NOT_FOUND");
});

both!(billing_approvals_settings_and_tokens, |app| {
    let owner = app.signed_in(CLIENT_EMAIL).await;
    let staff = app.signed_in(STAFF_EMAIL).await;
    let account = app.id_where("igny8_users", "email", CLIENT_EMAIL).await;
    let account_id = {
        let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
        let _ = account;
        site
    };
    let (_, b) = app.graphql(&owner, "{ me { accountId } }").await;
    let own = b["data"]["me"]["accountId"].as_i64().unwrap();
    let billing = format!(
        r#"{{ billing(accountId: "{own}") {{ invoices {{ status totalCents }} payments {{ status }} orderMargins {{ marginCents }} }} }}"#
    );
    let (_, b) = app.graphql(&owner, &billing).await;
    assert!(!b["data"]["billing"]["invoices"].as_array().unwrap().is_empty(), "{b}");
    assert_eq!(
        b["data"]["billing"]["orderMargins"],
        serde_json::json!([]),
        "margins are staff-only"
    );
    let (_, b) = app.graphql(&staff, &billing).await;
    assert!(!b["data"]["billing"]["orderMargins"].as_array().unwrap().is_empty());
    let other = app.signed_in("owner@harbor-legal.example").await;
    let (_, b) = app.graphql(&other, &billing).await;
    assert_eq!(err(&b).0, "NOT_FOUND");
    let _ = account_id;

    // a range keeps what was issued, processed or placed within it (both ends included)
    let ranged = |from: &str, to: &str| {
        format!(
            r#"{{ billing(accountId: "{own}", from: "{from}", to: "{to}") {{ invoices {{ issuedAt }} payments {{ processedAt }} orderMargins {{ id }} }} }}"#
        )
    };
    let (_, all) = app
        .graphql(
            &staff,
            &format!(r#"{{ billing(accountId: "{own}") {{ invoices {{ issuedAt }} }} }}"#),
        )
        .await;
    let mut issued: Vec<String> = all["data"]["billing"]["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["issuedAt"].as_str().unwrap()[..10].to_owned())
        .collect();
    issued.sort();
    assert!(issued.len() >= 2, "{all}");
    let (first, last) = (issued[0].clone(), issued[issued.len() - 1].clone());
    let (_, b) = app.graphql(&staff, &ranged(&last, &last)).await;
    let kept = b["data"]["billing"]["invoices"].as_array().unwrap();
    assert_eq!(kept.len(), issued.iter().filter(|d| **d == last).count(), "{b}");
    for p in b["data"]["billing"]["payments"].as_array().unwrap() {
        assert_eq!(&p["processedAt"].as_str().unwrap()[..10], last, "{b}");
    }
    let (_, b) = app.graphql(&staff, &ranged(&first, &last)).await;
    assert_eq!(
        b["data"]["billing"]["invoices"].as_array().unwrap().len(),
        issued.len(),
        "{b}"
    );
    let (_, b) = app.graphql(&staff, &ranged("2001-01-01", "2001-01-31")).await;
    assert_eq!(b["data"]["billing"]["invoices"], serde_json::json!([]), "{b}");
    assert_eq!(b["data"]["billing"]["orderMargins"], serde_json::json!([]), "{b}");
    let (_, b) = app.graphql(&staff, &ranged("2026-10-31", "2026-10-01")).await;
    assert_eq!(err(&b), ("INVALID", "to"));
    let (_, b) = app.graphql(&staff, &ranged("2026-13-01", "2026-10-01")).await;
    assert_eq!(err(&b), ("INVALID", "from"));

    // approvals: decided once, with who and when; viewers cannot decide
    let (_, b) = app
        .graphql(&owner, r#"{ approvals(status: "pending") { id status } }"#)
        .await;
    let pending = b["data"]["approvals"].as_array().unwrap().clone();
    assert!(!pending.is_empty(), "{b}");
    let id = pending[0]["id"].as_i64().unwrap();
    let (_, b) = app
        .graphql(
            &owner,
            &format!(r#"mutation {{ approve(id: "{id}", note: "Looks good") {{ status decidedBy decidedAt note }} }}"#),
        )
        .await;
    let d = &b["data"]["approve"];
    assert_eq!(
        (d["status"].as_str(), d["note"].as_str()),
        (Some("approved"), Some("Looks good")),
        "{b}"
    );
    assert!(d["decidedBy"].is_number() && d["decidedAt"].is_string());
    let (_, b) = app
        .graphql(&owner, &format!(r#"mutation {{ reject(id: "{id}") {{ status }} }}"#))
        .await;
    assert_eq!(err(&b).0, "CONFLICT");
    assert_eq!(
        app.count(&format!(
            "igny8_audit_log WHERE action = 'approval.approved' AND object_id = {id}"
        ))
        .await,
        1
    );
    let (_, b) = app.graphql(&owner, r#"{ approvals(status: "maybe") { id } }"#).await;
    assert_eq!(err(&b), ("INVALID", "status"));
    let (_, b) = app
        .graphql(
            &other,
            &format!(
                r#"mutation {{ approve(id: "{}") {{ status }} }}"#,
                pending.last().unwrap()["id"]
            ),
        )
        .await;
    assert_eq!(err(&b).0, "NOT_FOUND");

    // a subscription's settings: staff only, checked against the documented schema
    let (_, b) = app.graphql(&owner, "{ subscriptions { items { id config } } }").await;
    let sub = b["data"]["subscriptions"]["items"][0]["id"].as_i64().unwrap();
    assert!(
        b["data"]["subscriptions"]["items"][0]["config"].is_null(),
        "clients do not see the settings"
    );
    let set = |config: &str| {
        format!(r#"mutation {{ updateSubscriptionConfig(id: "{sub}", config: {config}) {{ config }} }}"#)
    };
    let (_, b) = app.graphql(&owner, &set(r#"{sections: ["traffic"]}"#)).await;
    assert_eq!(err(&b).0, "FORBIDDEN");
    for (config, field) in [
        (r#"{colour: "red"}"#, "config.colour"),
        (r#"{sections: ["seo"]}"#, "config.sections"),
        (r#"{theme: "sepia"}"#, "config.theme"),
        (r#"{report_day: 31}"#, "config.report_day"),
        (r#"{target_countries: ["usa"]}"#, "config.target_countries"),
        (r#"{target_countries: ["US", "UK"]}"#, "config.target_countries"),
        (r#"{branding_id: 1}"#, "config.branding_id"),
        ("[1, 2]", "config"),
    ] {
        let (_, b) = app.graphql(&staff, &set(config)).await;
        assert_eq!(err(&b), ("INVALID", field), "{config}: {b}");
    }
    let (_, b) = app
        .graphql(
            &staff,
            &set(r#"{sections: ["traffic", "executive_summary"], theme: "dark", tone: "friendly"}"#),
        )
        .await;
    assert!(
        b["data"]["updateSubscriptionConfig"]["config"]
            .as_str()
            .unwrap()
            .contains("friendly"),
        "{b}"
    );
    let (_, b) = app
        .graphql(&staff, &format!(r#"mutation {{ setReportRecipients(subscriptionId: "{sub}", recipients: ["ok@x.example", "bad"]) {{ confirmed }} }}"#))
        .await;
    assert_eq!(err(&b), ("INVALID", "recipients"));

    // API tokens: the secret once, revocable, at most 10 an hour
    let (_, b) = app
        .graphql(
            &owner,
            r#"mutation { createApiToken(name: "ci", expiresInDays: 30) { secret token { id tokenPrefix } } }"#,
        )
        .await;
    let secret = b["data"]["createApiToken"]["secret"].as_str().unwrap().to_owned();
    let token_id = b["data"]["createApiToken"]["token"]["id"].as_i64().unwrap();
    let bearer = reqwest::Client::new();
    let r = bearer
        .post(app.url("/graphql"))
        .bearer_auth(&secret)
        .json(&serde_json::json!({"query": "{ me { email } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["data"]["me"]["email"], CLIENT_EMAIL);
    let (_, b) = app.graphql(&owner, "{ apiTokens { id tokenPrefix } }").await;
    assert!(!b.to_string().contains(&secret), "never the secret again");
    let (_, b) = app
        .graphql(
            &owner,
            r#"mutation { createApiToken(name: "x", expiresInDays: 0) { secret } }"#,
        )
        .await;
    assert_eq!(err(&b), ("INVALID", "expiresInDays"));
    let mut limited = false;
    for i in 0..12 {
        let (_, b) = app
            .graphql(
                &owner,
                &format!(r#"mutation {{ createApiToken(name: "t{i}") {{ secret }} }}"#),
            )
            .await;
        if err(&b).0 == "RATE_LIMITED" {
            limited = true;
            break;
        }
    }
    assert!(limited, "token creation is rate limited");
    let (_, b) = app
        .graphql(&owner, &format!(r#"mutation {{ revokeApiToken(id: "{token_id}") }}"#))
        .await;
    assert_eq!(b["data"]["revokeApiToken"], true);
    let r = bearer
        .post(app.url("/graphql"))
        .bearer_auth(&secret)
        .json(&serde_json::json!({"query": "{ me { email } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
});

/// A page of 50 clients with each one's subscription, site and latest report costs the same
/// statements as a page of 5: the nested fields are loaded once per kind.
async fn bounded_statements(app: TestApp) {
    let staff = app.signed_in(STAFF_EMAIL).await;
    let query = |n: usize| {
        format!(
            "{{ dashboard {{ clients(first: {n}) {{ edges {{ node {{ siteName subscription {{ tier renewalDate }} site {{ domain }} latestReport {{ id }} }} }} }} }} }}"
        )
    };
    let mut counts = Vec::new();
    for n in [5, 50] {
        let before = app.state.db.statements();
        let (_, b) = app.graphql(&staff, &query(n)).await;
        let after = app.state.db.statements();
        let edges = b["data"]["dashboard"]["clients"]["edges"].as_array().unwrap();
        assert_eq!(edges.len(), n, "{b}");
        assert!(
            edges
                .iter()
                .all(|e| e["node"]["site"]["domain"].is_string() && e["node"]["subscription"]["tier"].is_string())
        );
        counts.push(after - before);
    }
    // the same statements for 5 and for 50 rows; only the pool's check of a connection it hands
    // out (`SELECT 1`) may add up to two when the three loaders run on three connections at once
    assert!(counts[1] <= counts[0] + 2, "statements grow with the page: {counts:?}");
    assert!(counts[1] <= 25, "{counts:?}");
}

mod clients_page_runs_a_bounded_number_of_statements {
    use super::*;

    async fn app(kind: Kind) -> Option<TestApp> {
        let app = TestApp::empty(kind).await?;
        let args = SeedArgs {
            demo: true,
            sites: 60,
            months: 1,
            until: Some(demo_until()),
        };
        server::seed::run(&app.state, &args).await.expect("seed");
        Some(app)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        bounded_statements(app(Kind::Sqlite).await.unwrap()).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if let Some(a) = app(Kind::Postgres).await {
            bounded_statements(a).await
        }
    }
}

both!(a_decision_moves_the_item_on_or_sends_it_back_to_the_team, |app| {
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let account = app
        .scalar(&format!("SELECT account_id AS n FROM igny8_sites WHERE id = {site}"))
        .await;
    let content_id = |k: i64| {
        format!(
            "SELECT id AS n FROM igny8_content WHERE site_id = {site} AND content_type = 'post' ORDER BY id DESC LIMIT 1 OFFSET {k}"
        )
    };
    let (c1, c2, c3) = (
        app.scalar(&content_id(0)).await,
        app.scalar(&content_id(1)).await,
        app.scalar(&content_id(2)).await,
    );
    app.exec(&format!(
        "UPDATE igny8_content SET status = 'review' WHERE id IN ({c1}, {c2})"
    ))
    .await;
    app.exec(&format!(
        "UPDATE igny8_content SET status = 'published' WHERE id = {c3}"
    ))
    .await;
    let blueprint = app
        .scalar(&format!(
            "SELECT id AS n FROM igny8_sag_blueprints WHERE site_id = {site} ORDER BY id LIMIT 1"
        ))
        .await;
    app.exec(&format!(
        "UPDATE igny8_sag_blueprints SET status = 'draft' WHERE id = {blueprint}"
    ))
    .await;
    let mut items = Vec::new();
    for (kind, object) in [
        ("content", Some(c1)),
        ("content", Some(c2)),
        ("blueprint", Some(blueprint)),
        ("campaign", None),
        ("content", Some(c3)),
        ("blueprint", Some(blueprint)),
    ] {
        app.exec(&format!(
            "INSERT INTO igny8_approval_items (account_id, site_id, item_type, object_id, title, status, requested_at, created_at, updated_at) \
             VALUES ({account}, {site}, '{kind}', {}, 'Item {kind}', 'pending', '2026-11-01 00:00:00', '2026-11-01 00:00:00', '2026-11-01 00:00:00')",
            object.map_or("NULL".into(), |o| o.to_string())
        ))
        .await;
        items.push(app.scalar("SELECT MAX(id) AS n FROM igny8_approval_items").await);
    }
    let owner = app.signed_in(CLIENT_EMAIL).await;
    let decide =
        |verb: &str, id: i64, note: &str| format!(r#"mutation {{ {verb}(id: "{id}", note: "{note}") {{ status }} }}"#);
    let status_of = |table: &str, id: i64| format!("SELECT status AS t FROM {table} WHERE id = {id}");
    let revisions = format!("igny8_automation_queue WHERE site_id = {site} AND title LIKE 'Revise: %'");

    // another account cannot decide (the item is not found), and nothing moves
    let other = app.signed_in("owner@harbor-legal.example").await;
    let (_, b) = app.graphql(&other, &decide("approve", items[0], "")).await;
    assert_eq!(err(&b).0, "NOT_FOUND", "{b}");
    assert_eq!(app.scalar_text(&status_of("igny8_content", c1)).await, "review");

    let (_, b) = app.graphql(&owner, &decide("approve", items[0], "Good")).await;
    assert_eq!(b["data"]["approve"]["status"], "approved", "{b}");
    assert_eq!(app.scalar_text(&status_of("igny8_content", c1)).await, "approved");

    let (_, b) = app
        .graphql(&owner, &decide("reject", items[1], "Please add prices"))
        .await;
    assert_eq!(b["data"]["reject"]["status"], "rejected", "{b}");
    assert_eq!(app.scalar_text(&status_of("igny8_content", c2)).await, "draft");
    assert_eq!(app.count(&revisions).await, 1);
    assert_eq!(
        app.count_where(
            "igny8_automation_queue",
            &format!(
                "site_id = {site} AND item_type = 'content' AND status = 'queued' AND priority = 3 \
                 AND title = 'Revise: Item content' AND payload LIKE '%Please add prices%'"
            )
        )
        .await,
        1,
        "the revision carries the comment"
    );

    app.graphql(&owner, &decide("approve", items[2], "")).await;
    assert_eq!(
        app.scalar_text(&status_of("igny8_sag_blueprints", blueprint)).await,
        "active"
    );
    app.graphql(&owner, &decide("reject", items[3], "Fewer directories"))
        .await;
    assert_eq!(
        app.count_where(
            "igny8_automation_queue",
            &format!("site_id = {site} AND item_type = 'backlink' AND title = 'Revise: Item campaign'")
        )
        .await,
        1
    );
    // a published article stays published; the audit entry says so
    app.graphql(&owner, &decide("approve", items[4], "")).await;
    assert_eq!(app.scalar_text(&status_of("igny8_content", c3)).await, "published");
    assert_eq!(
        app.count_where(
            "igny8_audit_log",
            &format!(
                "object_id = {} AND action = 'approval.approved' AND detail LIKE '%nothing to change%'",
                items[4]
            )
        )
        .await,
        1
    );

    // changes asked of a blueprint: it stays as it is and the team gets a content revision
    let (_, b) = app
        .graphql(&owner, &decide("reject", items[5], "Merge the two implant clusters"))
        .await;
    assert_eq!(b["data"]["reject"]["status"], "rejected", "{b}");
    assert_eq!(
        app.count_where(
            "igny8_automation_queue",
            &format!(
                "site_id = {site} AND item_type = 'content' AND title = 'Revise: Item blueprint' \
                 AND payload LIKE '%Merge the two implant clusters%'"
            )
        )
        .await,
        1
    );

    // deciding again changes nothing upstream and queues nothing
    let (_, b) = app
        .graphql(&owner, &decide("reject", items[0], "Changed my mind"))
        .await;
    assert_eq!(err(&b).0, "CONFLICT", "{b}");
    assert_eq!(app.scalar_text(&status_of("igny8_content", c1)).await, "approved");
    assert_eq!(app.count(&revisions).await, 3);
});

both!(review_required_decides_whether_articles_wait_for_the_client, |app| {
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let account = app
        .scalar(&format!("SELECT account_id AS n FROM igny8_sites WHERE id = {site}"))
        .await;
    let sub = app
        .scalar(&format!(
            "SELECT id AS n FROM igny8_managed_service_subscriptions WHERE site_id = {site}"
        ))
        .await;
    let article = |k: i64| {
        format!(
            "SELECT id AS n FROM igny8_content WHERE site_id = {site} AND content_type = 'post' ORDER BY id DESC LIMIT 1 OFFSET {k}"
        )
    };
    let (a1, a2) = (app.scalar(&article(3)).await, app.scalar(&article(4)).await);
    app.exec(&format!(
        "UPDATE igny8_content SET status = 'review' WHERE id IN ({a1}, {a2})"
    ))
    .await;
    let ask = |kind: &'static str, object: Option<i64>| {
        let object = object.map_or("NULL".into(), |o| o.to_string());
        format!(
            "INSERT INTO igny8_approval_items (account_id, site_id, item_type, object_id, title, status, requested_at, created_at, updated_at) \
             VALUES ({account}, {site}, '{kind}', {object}, 'Asked {kind}', 'pending', '2026-11-02 00:00:00', '2026-11-02 00:00:00', '2026-11-02 00:00:00')"
        )
    };
    app.exec(&ask("content", Some(a1))).await;
    let first = app.scalar("SELECT MAX(id) AS n FROM igny8_approval_items").await;
    app.exec(&ask("campaign", None)).await;
    let owner = app.signed_in(CLIENT_EMAIL).await;
    let staff = app.signed_in(STAFF_EMAIL).await;
    let asked = || async {
        let (_, b) = app
            .graphql(&owner, r#"{ approvals(status: "pending") { title } }"#)
            .await;
        let mut titles: Vec<String> = b["data"]["approvals"]
            .as_array()
            .unwrap_or_else(|| panic!("{b}"))
            .iter()
            .map(|i| i["title"].as_str().unwrap().to_owned())
            .filter(|t| t.starts_with("Asked"))
            .collect();
        titles.sort();
        titles
    };
    let change =
        |verb: &str| format!(r#"mutation {{ changeSubscription(id: "{sub}", change: {verb}) {{ reviewRequired }} }}"#);
    // Pro requires the client's review: the article waits with the campaign
    assert_eq!(asked().await, ["Asked campaign", "Asked content"]);

    // only Alorig staff admins change it
    let (_, b) = app.graphql(&owner, &change("WAIVE_REVIEW")).await;
    assert_eq!(err(&b).0, "FORBIDDEN", "{b}");
    assert_eq!(
        app.scalar_text(&format!("SELECT status AS t FROM igny8_content WHERE id = {a1}"))
            .await,
        "review"
    );

    // waived: the waiting articles (the demo's and this one) are approved by no one, acted on
    // and audited; campaigns still wait
    let waiting = app
        .count_where(
            "igny8_approval_items",
            &format!("site_id = {site} AND item_type = 'content' AND status = 'pending'"),
        )
        .await;
    assert!(waiting >= 1);
    let (_, b) = app.graphql(&staff, &change("WAIVE_REVIEW")).await;
    assert_eq!(b["data"]["changeSubscription"]["reviewRequired"], false, "{b}");
    assert_eq!(asked().await, ["Asked campaign"]);
    assert_eq!(
        app.scalar_text(&format!("SELECT status AS t FROM igny8_content WHERE id = {a1}"))
            .await,
        "approved"
    );
    assert_eq!(
        app.count_where(
            "igny8_approval_items",
            &format!(
                "id = {first} AND status = 'approved' AND decided_by IS NULL AND note LIKE 'Approved without review%'"
            )
        )
        .await,
        1
    );
    assert_eq!(
        app.count_where(
            "igny8_audit_log",
            &format!("object_id = {first} AND action = 'approval.released' AND user_id IS NULL AND detail LIKE '%content approved%'")
        )
        .await,
        1
    );
    assert_eq!(
        app.count_where(
            "igny8_audit_log",
            &format!("object_id = {sub} AND action = 'subscription.review' AND detail LIKE '%\"articles_released\":{waiting}%'")
        )
        .await,
        1
    );
    let (_, b) = app.graphql(&staff, &change("WAIVE_REVIEW")).await;
    assert_eq!(err(&b).0, "CONFLICT", "{b}");

    // an article the team sends for review later is released by the daily check, unseen
    app.exec(&ask("content", Some(a2))).await;
    let late = app.scalar("SELECT MAX(id) AS n FROM igny8_approval_items").await;
    assert_eq!(asked().await, ["Asked campaign"]);
    let daily = |c: &mut server::config::Config| {
        c.jobs.catch_up_days = 0;
        for (job, s) in &mut c.jobs.schedules {
            if *job == server::jobs::Job::CheckOverdueDeliverables {
                *s = server::jobs::schedule::Schedule::parse("* * * * *").unwrap();
            }
        }
    };
    let ctx = server::jobs::JobContext::new(app.state_with(daily));
    let s = server::jobs::run(
        &ctx,
        server::jobs::Job::CheckOverdueDeliverables,
        &server::jobs::clock::FixedClock(chrono::Utc::now()),
    )
    .await
    .unwrap();
    assert_eq!(s.succeeded, 1, "{s:?}");
    assert_eq!(
        app.scalar_text(&format!(
            "SELECT status AS t FROM igny8_approval_items WHERE id = {late}"
        ))
        .await,
        "approved"
    );
    assert_eq!(
        app.scalar_text(&format!("SELECT status AS t FROM igny8_content WHERE id = {a2}"))
            .await,
        "approved"
    );

    // required again: the next article waits for the client
    let (_, b) = app.graphql(&staff, &change("REQUIRE_REVIEW")).await;
    assert_eq!(b["data"]["changeSubscription"]["reviewRequired"], true, "{b}");
    app.exec(&ask("content", None)).await;
    assert_eq!(asked().await, ["Asked campaign", "Asked content"]);
});
