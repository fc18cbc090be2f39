//! The authorization matrix (`tests/authorization.matrix`) run against a real server: every cell
//! is one request by one kind of caller, and every GraphQL field, REST route and server function
//! must have a row. (SQLite only: the decisions are the policy's, not the database's.)

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};
use server::seed::{STAFF_EMAIL, SeedArgs};

use crate::support::{Kind, TestApp, demo_until};

const MATRIX: &str = include_str!("../authorization.matrix");
const ACTORS: [&str; 11] = [
    "anon",
    "viewer_a",
    "admin_a",
    "viewer_a1",
    "admin_b",
    "agency",
    "staff",
    "member_a",
    "admin_a1",
    "staff_viewer",
    "staff_off",
];
/// The column run with `managed_services_enabled` switched off (after all the others).
const STAFF_OFF: usize = 10;

/// The ids the requests use.
struct Fixture {
    site_a1: i64,
    site_a2: i64,
    account_a: i64,
    report_a1: i64,
    report_a2: i64,
    order_a1: i64,
    order_a2: i64,
    subscription_a1: i64,
    subscription_a2: i64,
    template_a: i64,
    branding: i64,
    agency_account: i64,
    /// An account none of the callers belongs to (Fresh Start Cleaning): onboarding's target, so
    /// the sites it adds change no caller's lists.
    spare_account: i64,
    /// Account A's owner, signed in once (logins are throttled per address).
    owner_a: reqwest::Client,
}

/// A request: GraphQL (query text), REST (method, path, body) or a server function.
enum Call {
    Graphql(String),
    Rest(Method, String, Option<Value>),
    ServerFn(String, Vec<(&'static str, String)>),
    /// A multipart upload: the form's text fields and one file.
    Upload(String, Vec<(&'static str, String)>, Vec<u8>),
}

/// A Search Analytics response of one day's totals (no URL: it fits any site).
const ONE_DAY: &str = r#"{"rows":[{"keys":["2026-10-01"],"clicks":3,"impressions":40,"ctr":0.075,"position":7.5}],"responseAggregationType":"byProperty"}"#;

async fn setup(app: &TestApp) -> Fixture {
    let summit = app.id_where("igny8_users", "email", "owner@summit-pt.example").await;
    // an unrestricted viewer and an admin for account A, with the demo password
    let staff_id = app.id_where("igny8_users", "email", STAFF_EMAIL).await;
    // more people of account A (with the demo password), and a staff member with the viewer role
    for (email, role, staff, restricted, like) in [
        ("viewer2@summit-pt.example", "viewer", false, false, summit),
        ("admin@summit-pt.example", "admin", false, false, summit),
        ("member@summit-pt.example", "member", false, false, summit),
        ("admin-a1@summit-pt.example", "admin", false, true, summit),
        ("staffviewer@alorig.example", "viewer", true, false, staff_id),
    ] {
        app.exec(&format!(
            "INSERT INTO igny8_users (account_id, email, first_name, last_name, password_hash, role, is_staff, site_restricted, is_active, created_at, updated_at) \
             SELECT account_id, '{email}', 'Test', 'User', password_hash, '{role}', {staff}, {restricted}, true, created_at, updated_at FROM igny8_users WHERE id = {like}"
        ))
        .await;
    }
    let site_a1 = app.id_where("igny8_sites", "domain", "summitpt-denver.com").await;
    let site_a2 = app.id_where("igny8_sites", "domain", "summitpt.com").await;
    let admin_a1 = app.id_where("igny8_users", "email", "admin-a1@summit-pt.example").await;
    app.exec(&format!(
        "INSERT INTO igny8_site_user_access (user_id, site_id, created_at) VALUES ({admin_a1}, {site_a1}, '2026-11-01 00:00:00')"
    ))
    .await;
    let staff = app.signed_in(STAFF_EMAIL).await;
    let mut reports = Vec::new();
    for site in [site_a1, site_a2] {
        let r = staff
            .post(app.url("/api/v1/services/reports/generate/"))
            .json(&json!({"site_id": site, "period": "2026-10"}))
            .send()
            .await
            .unwrap();
        let b: Value = r.json().await.unwrap();
        reports.push(b["data"]["id"].as_i64().expect("fixture report"));
    }
    // a report batch (the first of this server: id 1)
    let r = staff
        .post(app.url("/api/ui/start_report_batch"))
        .form(&[("report_type", "monthly"), ("period", "2026-08")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/services/reports/batches/1", "fixture batch");
    let admin_a = app.signed_in("admin@summit-pt.example").await;
    let r = admin_a
        .post(app.url("/api/v1/services/report-templates/"))
        .json(&json!({"name": "A's", "template_html": "<h1>{{client}}</h1>"}))
        .send()
        .await
        .unwrap();
    let template_a = r.json::<Value>().await.unwrap()["data"]["id"]
        .as_i64()
        .expect("fixture template");
    Fixture {
        site_a1,
        site_a2,
        account_a: account_of_site(app, site_a1).await,
        report_a1: reports[0],
        report_a2: reports[1],
        order_a1: app
            .id_where("igny8_backlink_service_orders", "site_id", &site_a1.to_string())
            .await,
        order_a2: app
            .id_where("igny8_backlink_service_orders", "site_id", &site_a2.to_string())
            .await,
        subscription_a1: app
            .id_where("igny8_managed_service_subscriptions", "site_id", &site_a1.to_string())
            .await,
        subscription_a2: app
            .id_where("igny8_managed_service_subscriptions", "site_id", &site_a2.to_string())
            .await,
        template_a,
        branding: app
            .id_where("igny8_agency_branding", "brand_name", "Northstar Digital")
            .await,
        agency_account: account_of_site(app, app.id_where("igny8_sites", "domain", "lakesidebakery.com").await).await,
        spare_account: app.id_where("igny8_accounts", "slug", "fresh-start").await,
        owner_a: app.signed_in("owner@summit-pt.example").await,
    }
}

async fn account_of_site(app: &TestApp, site: i64) -> i64 {
    use diesel::QueryableByName;
    use diesel_async::RunQueryDsl;
    #[derive(QueryableByName)]
    struct A {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        account_id: i64,
    }
    let mut pooled = app.state.conn().await.unwrap();
    let mut conn = pooled.conn();
    let sql = format!("SELECT account_id FROM igny8_sites WHERE id = {site}");
    let a: A = server::db_run!(&mut conn, |c| diesel::sql_query(&sql).get_result(c).await).unwrap();
    a.account_id
}

/// Objects a call consumes, made fresh for each cell.
async fn fresh(app: &TestApp, f: &Fixture, what: &str) -> i64 {
    match what {
        "approval" | "approval@a2" => {
            let site = if what == "approval" { f.site_a1 } else { f.site_a2 };
            app.exec(&format!(
                "INSERT INTO igny8_approval_items (account_id, site_id, item_type, title, status, requested_at, created_at, updated_at) \
                 VALUES ({}, {site}, 'content', 'Matrix item', 'pending', '2026-11-01 00:00:00', '2026-11-01 00:00:00', '2026-11-01 00:00:00')",
                f.account_a
            ))
            .await;
            last_id(app, "igny8_approval_items").await
        }
        "branding" => {
            app.exec(&format!(
                "INSERT INTO igny8_agency_branding (account_id, brand_name, primary_color, secondary_color, created_at, updated_at) \
                 VALUES ({}, 'Matrix', '#111111', '#222222', '2026-11-01 00:00:00', '2026-11-01 00:00:00')",
                f.agency_account
            ))
            .await;
            last_id(app, "igny8_agency_branding").await
        }
        "branding_domain" => {
            // an unverified domain of the agency's (the check reaches this test server)
            let id = Box::pin(fresh(app, f, "branding")).await;
            app.exec(&format!(
                "UPDATE igny8_agency_branding SET custom_domain = 'matrix{id}.example', domain_token = 'token{id}' WHERE id = {id}"
            ))
            .await;
            id
        }
        "template" => {
            app.exec(&format!(
                "INSERT INTO igny8_report_templates (account_id, name, template_html, template_css, theme, is_default, created_at, updated_at) \
                 VALUES ({}, 'Matrix', '<h1>{{{{client}}}}</h1>', '', 'light', false, '2026-11-01 00:00:00', '2026-11-01 00:00:00')",
                f.account_a
            ))
            .await;
            last_id(app, "igny8_report_templates").await
        }
        "token" => {
            let mut pooled = app.state.conn().await.unwrap();
            let owner = app.id_where("igny8_users", "email", "owner@summit-pt.example").await;
            server::auth::token::create(
                &mut pooled.conn(),
                f.account_a,
                owner,
                "matrix",
                None,
                server::db::now(),
            )
            .await
            .unwrap()
            .id
        }
        "share_link" => {
            let (_, b) = app
                .graphql(
                    &f.owner_a,
                    &format!(
                        r#"mutation {{ createShareLink(reportId: "{}") {{ id url }} }}"#,
                        f.report_a1
                    ),
                )
                .await;
            b["data"]["createShareLink"]["id"].as_i64().expect("share link")
        }
        // a site of the spare account without a subscription, and one with an active subscription
        "site" | "subscription" => {
            let n = last_id(app, "igny8_sites").await + 1;
            app.exec(&format!(
                "INSERT INTO igny8_sites (account_id, name, domain, is_active, created_at, updated_at) \
                 VALUES ({}, 'Matrix {n}', 'matrix{n}.example', true, '2026-11-01 00:00:00', '2026-11-01 00:00:00')",
                f.spare_account
            ))
            .await;
            let site = last_id(app, "igny8_sites").await;
            if what == "site" {
                return site;
            }
            app.exec(&format!(
                "INSERT INTO igny8_managed_service_subscriptions (account_id, site_id, tier, status, price_cents, cost_cents, currency, billing_interval, \
                 articles_per_month, backlinks_per_month, review_required, started_on, renewal_date, report_recipients, config, created_at, updated_at) \
                 VALUES ({}, {site}, 'lite', 'active', 10000, 5200, 'USD', 'month', 6, 3, false, '2026-11-01', '2026-12-01', '[]', '{{}}', \
                 '2026-11-01 00:00:00', '2026-11-01 00:00:00')",
                f.spare_account
            ))
            .await;
            last_id(app, "igny8_managed_service_subscriptions").await
        }
        // an open order of a fresh site of the spare account (its links point at `matrix{site}.example`)
        "order" => {
            let site = Box::pin(fresh(app, f, "site")).await;
            app.exec(&format!(
                "INSERT INTO igny8_backlink_service_orders (account_id, site_id, package, marketplace, status, links_ordered, \
                 price_cents, cost_cents, currency, ordered_at, due_date, notes, created_at, updated_at) \
                 VALUES ({}, {site}, 'starter', 'fatgrid', 'ordered', 5, 50000, 30000, 'USD', '2026-11-01 00:00:00', '2026-12-01', '', \
                 '2026-11-01 00:00:00', '2026-11-01 00:00:00')",
                f.spare_account
            ))
            .await;
            last_id(app, "igny8_backlink_service_orders").await
        }
        "invitation" => {
            fresh_invitation(app, f).await;
            last_id(app, "igny8_invitations").await
        }
        other => panic!("nothing fresh called {other}"),
    }
}

fn recipients_query(subscription: i64) -> String {
    format!(r#"{{ reportRecipients(subscriptionId: "{subscription}") {{ confirmed pending {{ email }} }} }}"#)
}

/// An account user (confirmed at once) and an outside address (confirming first, unless staff
/// set it), so repeating the call changes nothing.
fn set_recipients(subscription: i64) -> String {
    format!(
        r#"mutation {{ setReportRecipients(subscriptionId: "{subscription}", recipients: ["owner@summit-pt.example", "matrix@outside.example"]) {{ confirmed }} }}"#
    )
}

/// A due date three weeks from today (orders take dates within a year).
fn due() -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(21)).to_string()
}

/// A fresh open order and its site's domain.
async fn fresh_order(app: &TestApp, f: &Fixture) -> (i64, String) {
    let order = fresh(app, f, "order").await;
    let domain = app
        .scalar_text(&format!(
            "SELECT s.domain AS t FROM igny8_sites s JOIN igny8_backlink_service_orders o ON o.site_id = s.id WHERE o.id = {order}"
        ))
        .await;
    (order, domain)
}

/// An open invitation to the spare account as if just emailed: its token (a new address each
/// time, so accepting it makes a new user).
async fn fresh_invitation(app: &TestApp, f: &Fixture) -> String {
    let token = server::auth::secret::random_token();
    app.exec(&format!(
        "INSERT INTO igny8_invitations (account_id, email, role, token_hash, expires_at, created_at) \
         VALUES ({}, '{}@invited.example', 'viewer', '{}', '2099-01-01 00:00:00', '2026-11-01 00:00:00')",
        f.spare_account,
        &token[6..18].to_lowercase(),
        server::auth::secret::hash(&token)
    ))
    .await;
    token
}

/// A confirmation link of subscription A1 as if just emailed: its token.
async fn fresh_confirmation(app: &TestApp, f: &Fixture) -> String {
    let token = server::auth::secret::random_token();
    app.exec(&format!(
        "INSERT INTO igny8_recipient_confirmations (account_id, subscription_id, email, token_hash, expires_at, created_at) \
         VALUES ({}, {}, '{}@outside.example', '{}', '2099-01-01 00:00:00', '2026-11-01 00:00:00')",
        f.account_a,
        f.subscription_a1,
        &token[6..18].to_lowercase(),
        server::auth::secret::hash(&token)
    ))
    .await;
    token
}

async fn last_id(app: &TestApp, table: &str) -> i64 {
    use diesel::QueryableByName;
    use diesel_async::RunQueryDsl;
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let mut pooled = app.state.conn().await.unwrap();
    let mut conn = pooled.conn();
    let sql = format!("SELECT MAX(id) AS id FROM {table}");
    let r: Id = server::db_run!(&mut conn, |c| diesel::sql_query(&sql).get_result(c).await).unwrap();
    r.id
}

fn branding_body() -> Value {
    json!({"brand_name": "Matrix Co", "primary_color": "#101010", "secondary_color": "#202020"})
}

/// The request of one operation (fresh objects are made by the caller). `OP@badbody` and
/// `OP@badquery` are OP with a body or a query string that cannot be read.
async fn call(app: &TestApp, f: &Fixture, op: &str) -> Call {
    if let Some(call) = on_site_a2(app, f, op).await {
        return call;
    }
    if let Some(base) = op.strip_suffix("@badbody") {
        let Call::Rest(m, path, _) = Box::pin(call(app, f, base)).await else {
            panic!("{op}: not a REST call")
        };
        return Call::Rest(m, path, Some(json!([1, 2])));
    }
    if let Some(base) = op.strip_suffix("@badquery") {
        let Call::Rest(m, path, body) = Box::pin(call(app, f, base)).await else {
            panic!("{op}: not a REST call")
        };
        let sep = if path.contains('?') { '&' } else { '?' };
        return Call::Rest(m, format!("{path}{sep}not_a_parameter=1"), body);
    }
    let gql = |q: String| Call::Graphql(q);
    let rest = |m: Method, p: String, b: Option<Value>| Call::Rest(m, p, b);
    let gen_input = format!(
        r#"{{siteId: {}, period: "2026-10", sectionsIncluded: ["traffic"]}}"#,
        f.site_a1
    );
    match op {
        "graphql.me" => gql("{ me { id } }".into()),
        "graphql.sites" => gql("{ sites { id } }".into()),
        "graphql.site" => gql(format!(r#"{{ site(id: "{}") {{ id }} }}"#, f.site_a1)),
        "graphql.site@a2" => gql(format!(r#"{{ site(id: "{}") {{ id }} }}"#, f.site_a2)),
        "graphql.subscriptions" => gql("{ subscriptions { totalCount items { siteId } } }".into()),
        "graphql.report" => gql(format!(r#"{{ report(id: "{}") {{ id }} }}"#, f.report_a1)),
        "graphql.report@a2" => gql(format!(r#"{{ report(id: "{}") {{ id }} }}"#, f.report_a2)),
        "graphql.reports" => gql("{ reports(first: 100) { totalCount edges { node { siteId } } } }".into()),
        "graphql.shareLinks" => gql(format!(r#"{{ shareLinks(reportId: "{}") {{ id createdBy active }} }}"#, f.report_a1)),
        "graphql.brandings" => gql("{ brandings { id } }".into()),
        "graphql.branding" => gql(format!(r#"{{ branding(id: "{}") {{ id }} }}"#, f.branding)),
        "graphql.reportTemplates" => gql("{ reportTemplates { id } }".into()),
        "graphql.dashboard" => gql("{ dashboard { mrr { cents } } }".into()),
        "graphql.jobSchedules" => gql("{ jobSchedules { job nextRuns } }".into()),
        "graphql.jobRuns" => gql("{ jobRuns(first: 5) { id status } }".into()),
        "graphql.accounts" => gql("{ accounts { id } }".into()),
        "graphql.auditLog" => gql(format!(
            r#"{{ auditLog(accountId: "{}") {{ accountName total rows {{ action who }} }} }}"#,
            f.account_a
        )),
        "graphql.featureFlags" => gql("{ featureFlags { name enabled } }".into()),
        // the flag set to what it is, so the cells after this one see the server unchanged
        "graphql.setFeatureFlag" => gql(format!(
            r#"mutation {{ setFeatureFlag(name: "managed_services_enabled", enabled: {}) {{ enabled }} }}"#,
            app.scalar("SELECT COUNT(*) AS n FROM igny8_feature_flags WHERE name = 'managed_services_enabled' AND enabled = true")
                .await
                == 1
        )),
        "graphql.createAccount" => gql(r#"mutation { createAccount(input: { name: "Matrix client" }) { id } }"#.into()),
        // an empty change: nothing moves for the cells after this one
        "graphql.updateAccount" => gql(format!(
            r#"mutation {{ updateAccount(id: "{}", input: {{}}) {{ id }} }}"#,
            f.account_a
        )),
        "graphql.addSite" => gql(format!(
            r#"mutation {{ addSite(accountId: "{}", input: {{ domain: "matrix-graphql.example" }}) {{ id }} }}"#,
            f.spare_account
        )),
        "graphql.inviteUser" => gql(format!(
            r#"mutation {{ inviteUser(accountId: "{}", input: {{ email: "matrix-graphql@agency.example", role: VIEWER }}) {{ id }} }}"#,
            f.spare_account
        )),
        "graphql.revokeInvitation" => gql(format!(
            r#"mutation {{ revokeInvitation(id: "{}") {{ open }} }}"#,
            fresh(app, f, "invitation").await
        )),
        "graphql.startSubscription" => gql(format!(
            r#"mutation {{ startSubscription(input: {{ siteId: {}, tier: LITE }}) {{ id }} }}"#,
            fresh(app, f, "site").await
        )),
        "graphql.recordBacklinkOrder" => gql(format!(
            r#"mutation {{ recordBacklinkOrder(input: {{ siteId: {}, package: "starter", marketplace: "fatgrid", linksOrdered: 3, priceCents: 30000, costCents: 18000, dueDate: "{}" }}) {{ id }} }}"#,
            f.site_a1,
            due()
        )),
        "graphql.recordOrderLink" => {
            let (order, domain) = fresh_order(app, f).await;
            gql(format!(
                r#"mutation {{ recordOrderLink(orderId: "{order}", input: {{ sourceUrl: "https://news.example/a", targetUrl: "https://{domain}/services", anchorText: "services", tier: 1 }}) {{ id }} }}"#
            ))
        }
        "graphql.changeSubscription" => gql(format!(
            r#"mutation {{ changeSubscription(id: "{}", change: CANCEL) {{ id }} }}"#,
            fresh(app, f, "subscription").await
        )),
        "graphql.orders" => gql("{ orders(first: 100) { totalCount edges { node { siteId } } } }".into()),
        "graphql.order" => gql(format!(r#"{{ order(id: "{}") {{ id }} }}"#, f.order_a1)),
        "graphql.indexing" => gql("{ indexing { totals { total } } }".into()),
        "graphql.ahrefsSnapshots" => gql(format!(
            r#"{{ ahrefsSnapshots(siteId: "{}", from: "2026-09-01", to: "2026-10-31") {{ snapshotDate }} }}"#,
            f.site_a1
        )),
        "graphql.contentTracker" => gql(format!(
            r#"{{ contentTracker(siteId: "{}", month: "2026-10") {{ published }} }}"#,
            f.site_a1
        )),
        "graphql.backlinkTracker" => gql(format!(r#"{{ backlinkTracker(siteId: "{}") {{ ordered }} }}"#, f.site_a1)),
        "graphql.billing" => gql(format!(r#"{{ billing(accountId: "{}") {{ accountId }} }}"#, f.account_a)),
        "graphql.approvals" => gql("{ approvals { id siteId } }".into()),
        "graphql.apiTokens" => gql("{ apiTokens { id } }".into()),
        "graphql.generateReport" => gql(format!("mutation {{ generateReport(input: {gen_input}) {{ id }} }}")),
        "graphql.regenerateReport" => gql(format!(r#"mutation {{ regenerateReport(id: "{}") {{ id }} }}"#, f.report_a1)),
        "graphql.previewReport" => gql(format!("mutation {{ previewReport(input: {gen_input}) {{ holdReason }} }}")),
        "graphql.reportRecipients" => gql(recipients_query(f.subscription_a1)),
        "graphql.setReportRecipients" => gql(set_recipients(f.subscription_a1)),
        "graphql.sendReport" => gql(format!(r#"mutation {{ sendReport(id: "{}") {{ id }} }}"#, f.report_a1)),
        "graphql.createShareLink" => gql(format!(r#"mutation {{ createShareLink(reportId: "{}") {{ id }} }}"#, f.report_a1)),
        "graphql.revokeShareLink" => gql(format!(
            r#"mutation {{ revokeShareLink(id: "{}") }}"#,
            fresh(app, f, "share_link").await
        )),
        "graphql.createBranding" => gql(
            r##"mutation { createBranding(input: {brandName: "Matrix Co", primaryColor: "#101010", secondaryColor: "#202020"}) { id } }"##.into(),
        ),
        "graphql.updateBranding" => gql(format!(
            r##"mutation {{ updateBranding(id: "{}", input: {{brandName: "Northstar Digital", primaryColor: "#1F3A93", secondaryColor: "#F5A623"}}) {{ id }} }}"##,
            f.branding
        )),
        "graphql.verifyBrandingDomain" => gql(format!(
            r#"mutation {{ verifyBrandingDomain(id: "{}") {{ domainVerifiedAt }} }}"#,
            fresh(app, f, "branding_domain").await
        )),
        "rest.POST./api/v1/services/branding/{id}/verify-domain/" => rest(
            Method::POST,
            format!("/api/v1/services/branding/{}/verify-domain/", fresh(app, f, "branding_domain").await),
            None,
        ),
        "serverfn.verify_branding_domain" => Call::ServerFn(
            "verify_branding_domain".into(),
            vec![("id", fresh(app, f, "branding_domain").await.to_string())],
        ),
        "graphql.deleteBranding" => gql(format!(
            r#"mutation {{ deleteBranding(id: "{}") }}"#,
            fresh(app, f, "branding").await
        )),
        "graphql.createReportTemplate" => gql(
            r#"mutation { createReportTemplate(input: {name: "T", templateHtml: "<h1>{{client}}</h1>"}) { id } }"#.into(),
        ),
        "graphql.updateReportTemplate" => gql(format!(
            r#"mutation {{ updateReportTemplate(id: "{}", input: {{name: "T2", templateHtml: "<h1>{{{{client}}}}</h1>"}}) {{ id }} }}"#,
            f.template_a
        )),
        "graphql.setDefaultReportTemplate" => gql(format!(
            r#"mutation {{ setDefaultReportTemplate(id: "{}") {{ id }} }}"#,
            f.template_a
        )),
        "graphql.deleteReportTemplate" => gql(format!(
            r#"mutation {{ deleteReportTemplate(id: "{}") }}"#,
            fresh(app, f, "template").await
        )),
        "graphql.updateSubscriptionConfig" => gql(format!(
            r#"mutation {{ updateSubscriptionConfig(id: "{}", config: {{tone: "friendly"}}) {{ id }} }}"#,
            f.subscription_a1
        )),
        "graphql.approve" => gql(format!(r#"mutation {{ approve(id: "{}") {{ id }} }}"#, fresh(app, f, "approval").await)),
        "graphql.reject" => gql(format!(r#"mutation {{ reject(id: "{}") {{ id }} }}"#, fresh(app, f, "approval").await)),
        "graphql.createApiToken" => gql(r#"mutation { createApiToken(name: "matrix") { secret } }"#.into()),
        "graphql.revokeApiToken" => gql(format!(
            r#"mutation {{ revokeApiToken(id: "{}") }}"#,
            fresh(app, f, "token").await
        )),
        "rest.GET./api/v1/services/reports/" => {
            rest(Method::GET, "/api/v1/services/reports/?page_size=100".into(), None)
        }
        "rest.POST./api/v1/services/reports/generate/" => rest(
            Method::POST,
            "/api/v1/services/reports/generate/".into(),
            Some(json!({"site_id": f.site_a1, "period": "2026-10", "sections_included": ["traffic"]})),
        ),
        "rest.GET./api/v1/services/reports/preview/" => rest(
            Method::GET,
            format!("/api/v1/services/reports/preview/?site_id={}&period=2026-10&sections_included=traffic", f.site_a1),
            None,
        ),
        "rest.GET./api/v1/services/reports/{id}/" => {
            rest(Method::GET, format!("/api/v1/services/reports/{}/", f.report_a1), None)
        }
        "rest.POST./api/v1/services/reports/{id}/send/" => rest(
            Method::POST,
            format!("/api/v1/services/reports/{}/send/", f.report_a1),
            Some(json!({})),
        ),
        "rest.POST./api/v1/services/reports/{id}/regenerate/" => rest(
            Method::POST,
            format!("/api/v1/services/reports/{}/regenerate/", f.report_a1),
            None,
        ),
        "rest.GET./api/v1/services/branding/" => rest(Method::GET, "/api/v1/services/branding/".into(), None),
        "rest.POST./api/v1/services/branding/" => {
            rest(Method::POST, "/api/v1/services/branding/".into(), Some(branding_body()))
        }
        "rest.POST./api/v1/services/accounts/" => rest(
            Method::POST,
            "/api/v1/services/accounts/".into(),
            Some(json!({"name": "Matrix REST client"})),
        ),
        "rest.PUT./api/v1/services/accounts/{id}/" => rest(
            Method::PUT,
            format!("/api/v1/services/accounts/{}/", f.account_a),
            Some(json!({})),
        ),
        "rest.POST./api/v1/services/accounts/{id}/sites/" => rest(
            Method::POST,
            format!("/api/v1/services/accounts/{}/sites/", f.spare_account),
            Some(json!({"domain": "matrix-rest.example"})),
        ),
        "rest.POST./api/v1/services/accounts/{id}/invitations/" => rest(
            Method::POST,
            format!("/api/v1/services/accounts/{}/invitations/", f.spare_account),
            Some(json!({"email": "matrix-rest@agency.example", "role": "member"})),
        ),
        "rest.DELETE./api/v1/services/invitations/{id}/" => rest(
            Method::DELETE,
            format!("/api/v1/services/invitations/{}/", fresh(app, f, "invitation").await),
            None,
        ),
        "rest.POST./api/v1/services/subscriptions/" => rest(
            Method::POST,
            "/api/v1/services/subscriptions/".into(),
            Some(json!({"site_id": fresh(app, f, "site").await, "tier": "pro"})),
        ),
        "rest.POST./api/v1/services/subscriptions/{id}/{change}/" => rest(
            Method::POST,
            format!("/api/v1/services/subscriptions/{}/pause/", fresh(app, f, "subscription").await),
            None,
        ),
        "rest.POST./api/v1/services/orders/" => rest(
            Method::POST,
            "/api/v1/services/orders/".into(),
            Some(json!({"site_id": f.site_a1, "package": "growth", "marketplace": "prnews", "links_ordered": 2,
                "price_cents": 20000, "cost_cents": 12000, "due_date": due()})),
        ),
        "rest.POST./api/v1/services/orders/{id}/links/" => {
            let (order, domain) = fresh_order(app, f).await;
            rest(
                Method::POST,
                format!("/api/v1/services/orders/{order}/links/"),
                Some(json!({"source_url": "https://blog.example/x", "target_url": format!("https://{domain}/"), "anchor_text": "home", "tier": 2})),
            )
        }
        "rest.GET./api/v1/services/branding/{id}/" => {
            rest(Method::GET, format!("/api/v1/services/branding/{}/", f.branding), None)
        }
        "rest.PUT./api/v1/services/branding/{id}/" => rest(
            Method::PUT,
            format!("/api/v1/services/branding/{}/", f.branding),
            Some(json!({"brand_name": "Northstar Digital", "primary_color": "#1F3A93", "secondary_color": "#F5A623"})),
        ),
        "rest.DELETE./api/v1/services/branding/{id}/" => rest(
            Method::DELETE,
            format!("/api/v1/services/branding/{}/", fresh(app, f, "branding").await),
            None,
        ),
        "rest.GET./api/v1/services/report-templates/" => {
            rest(Method::GET, "/api/v1/services/report-templates/".into(), None)
        }
        "rest.POST./api/v1/services/report-templates/" => rest(
            Method::POST,
            "/api/v1/services/report-templates/".into(),
            Some(json!({"name": "T", "template_html": "<p>{{client}}</p>"})),
        ),
        "rest.PUT./api/v1/services/report-templates/{id}/" => rest(
            Method::PUT,
            format!("/api/v1/services/report-templates/{}/", f.template_a),
            Some(json!({"name": "T3", "template_html": "<p>{{client}}</p>"})),
        ),
        "rest.GET./api/v1/services/dashboard/"
        | "rest.GET./api/v1/services/dashboard/overdue/"
        | "rest.GET./api/v1/services/dashboard/margin/"
        | "rest.GET./api/v1/services/dashboard/clients/"
        | "rest.GET./api/v1/openapi.json" => rest(Method::GET, op.trim_start_matches("rest.GET.").to_owned(), None),
        "rest.GET./reports/{id}/pdf" => rest(Method::GET, format!("/reports/{}/pdf", f.report_a1), None),
        "rest.DELETE./api/v1/services/report-templates/{id}/" => rest(
            Method::DELETE,
            format!("/api/v1/services/report-templates/{}/", fresh(app, f, "template").await),
            None,
        ),
        "rest.GET./account/report-templates/preview" => rest(
            Method::GET,
            format!("/account/report-templates/preview?id={}", f.template_a),
            None,
        ),
        "rest.GET./reports/{id}/view" => rest(Method::GET, format!("/reports/{}/view", f.report_a1), None),
        "rest.GET./reports/shared/{token}" => {
            let (_, b) = app
                .graphql(
                    &f.owner_a,
                    &format!(r#"mutation {{ createShareLink(reportId: "{}") {{ url }} }}"#, f.report_a1),
                )
                .await;
            let url = b["data"]["createShareLink"]["url"].as_str().unwrap().to_owned();
            let path = format!("/reports/{}", url.split_once("/reports/").unwrap().1);
            rest(Method::GET, path, None)
        }
        "serverfn.viewer" => Call::ServerFn("viewer".into(), vec![]),
        "serverfn.login" => Call::ServerFn("login".into(),
            vec![("email", "nobody@x.example".into()), ("password", "wrong".into())],
        ),
        "serverfn.logout" => Call::ServerFn("logout".into(), vec![]),
        "serverfn.services_dashboard" => Call::ServerFn("services_dashboard".into(), vec![]),
        "serverfn.service_overview" | "serverfn.portal_approvals" => {
            Call::ServerFn(op.trim_start_matches("serverfn.").into(), vec![])
        }
        "serverfn.portal_reports" => Call::ServerFn("portal_reports".into(), vec![("params[report_type]", "monthly".into())]),
        "serverfn.portal_report" => Call::ServerFn("portal_report".into(), vec![("id", f.report_a1.to_string())]),
        "serverfn.portal_share_report" => {
            Call::ServerFn("portal_share_report".into(), vec![("report", f.report_a1.to_string())])
        }
        "serverfn.portal_revoke_share" => Call::ServerFn(
            "portal_revoke_share".into(),
            vec![
                ("report", f.report_a1.to_string()),
                ("link", fresh(app, f, "share_link").await.to_string()),
            ],
        ),
        "serverfn.decide_approval" => Call::ServerFn(
            "decide_approval".into(),
            vec![
                ("id", fresh(app, f, "approval").await.to_string()),
                ("decision", "approve".into()),
            ],
        ),
        "serverfn.set_theme" => Call::ServerFn("set_theme".into(), vec![("theme", "dark".into()), ("back", "/".into())]),
        "serverfn.client_list" => Call::ServerFn("client_list".into(), vec![("query[q]", "summit".into())]),
        "serverfn.client_detail"
        | "serverfn.client_content"
        | "serverfn.client_backlinks"
        | "serverfn.client_ahrefs"
        | "serverfn.client_reports"
        | "serverfn.client_billing"
        | "serverfn.client_config" => Call::ServerFn(
            op.trim_start_matches("serverfn.").into(),
            vec![("subscription", f.subscription_a1.to_string())],
        ),
        "serverfn.save_client_config" => Call::ServerFn("save_client_config".into(),
            vec![
                ("subscription", f.subscription_a1.to_string()),
                ("sections[]", "traffic".into()),
                ("tone", "friendly".into()),
            ],
        ),
        "serverfn.save_client_config_json" => Call::ServerFn("save_client_config_json".into(),
            vec![
                ("subscription", f.subscription_a1.to_string()),
                ("json", r#"{"tone": "technical"}"#.into()),
            ],
        ),
        "serverfn.scheduler" => Call::ServerFn("scheduler".into(), vec![("view[timezone]", "Europe/Berlin".into())]),
        "serverfn.run_job" => Call::ServerFn("run_job".into(), vec![("job", "check_overdue_deliverables".into())]),
        // not a failed email: refused as a conflict, back on the page (the caller may retry)
        "serverfn.retry_email" => Call::ServerFn("retry_email".into(), vec![("id", "1".into())]),
        "serverfn.order_list" => Call::ServerFn("order_list".into(), vec![("query[status]", "completed".into())]),
        "serverfn.order_page" => Call::ServerFn("order_page".into(), vec![("id", f.order_a1.to_string())]),
        "serverfn.save_report_recipients" => Call::ServerFn("save_report_recipients".into(),
            vec![
                ("subscription", f.subscription_a1.to_string()),
                ("recipients", "owner@summit-pt.example\nmatrix@outside.example".into()),
            ],
        ),
        "serverfn.report_share_links" => Call::ServerFn("report_share_links".into(), vec![("report", f.report_a1.to_string())]),
        "serverfn.resend_report" => Call::ServerFn("resend_report".into(),
            vec![
                ("subscription", f.subscription_a1.to_string()),
                ("report", f.report_a1.to_string()),
                ("recipients[]", "owner@summit-pt.example".into()),
            ],
        ),
        "serverfn.regenerate_report" | "serverfn.share_report" => Call::ServerFn(
            op.trim_start_matches("serverfn.").into(),
            vec![
                ("subscription", f.subscription_a1.to_string()),
                ("report", f.report_a1.to_string()),
            ],
        ),
        "serverfn.revoke_share_link" => Call::ServerFn("revoke_share_link".into(),
            vec![
                ("subscription", f.subscription_a1.to_string()),
                ("link", fresh(app, f, "share_link").await.to_string()),
            ],
        ),
        "serverfn.confirmation_request" | "serverfn.confirm_recipient" => Call::ServerFn(
            op.trim_start_matches("serverfn.").into(),
            vec![("token", fresh_confirmation(app, f).await)],
        ),
        "serverfn.invitation_details" => Call::ServerFn(
            "invitation_details".into(),
            vec![("token", fresh_invitation(app, f).await)],
        ),
        "serverfn.accept_invitation" => Call::ServerFn(
            "accept_invitation".into(),
            vec![
                ("token", fresh_invitation(app, f).await),
                ("first_name", "Matrix".into()),
                ("password", "a matrix passphrase".into()),
            ],
        ),
        "serverfn.invite_user" => Call::ServerFn(
            "invite_user".into(),
            vec![
                ("account", f.spare_account.to_string()),
                ("email", "matrix-form@agency.example".into()),
                ("role", "viewer".into()),
            ],
        ),
        "serverfn.revoke_invitation" => Call::ServerFn(
            "revoke_invitation".into(),
            vec![
                ("account", f.spare_account.to_string()),
                ("id", fresh(app, f, "invitation").await.to_string()),
            ],
        ),
        "serverfn.audit_log" => Call::ServerFn("audit_log".into(), vec![("query[account]", f.account_a.to_string())]),
        "serverfn.import_list" => Call::ServerFn("import_list".into(), vec![("query[account]", f.account_a.to_string())]),
        "graphql.imports" => gql(format!(
            r#"{{ imports(accountId: "{}") {{ accountName total rows {{ siteId status }} }} }}"#,
            f.account_a
        )),
        "graphql.importData" => {
            use base64::Engine;
            gql(format!(
                r#"mutation {{ importData(siteId: "{}", fileName: "day.json", contentBase64: "{}") {{ status rowsAdded }} }}"#,
                f.site_a1,
                base64::engine::general_purpose::STANDARD.encode(ONE_DAY)
            ))
        }
        "rest.GET./api/v1/services/imports/" => {
            rest(Method::GET, format!("/api/v1/services/imports/?account={}", f.account_a), None)
        }
        "rest.POST./api/v1/services/imports/" => Call::Upload(
            "/api/v1/services/imports/".into(),
            vec![("site", f.site_a1.to_string())],
            ONE_DAY.as_bytes().to_vec(),
        ),
        "serverfn.account_list" => Call::ServerFn("account_list".into(), vec![("query[q]", "summit".into())]),
        "serverfn.account_page" => Call::ServerFn("account_page".into(), vec![("id", f.account_a.to_string())]),
        "serverfn.create_account" => Call::ServerFn(
            "create_account".into(),
            vec![("name", "Matrix form client".into()), ("timezone", "UTC".into())],
        ),
        "serverfn.update_account" => Call::ServerFn(
            "update_account".into(),
            vec![
                ("id", f.agency_account.to_string()),
                ("name", "Northstar Digital".into()),
                ("timezone", "America/New_York".into()),
                ("status", "active".into()),
                ("feature_gates[]", "reports".into()),
                ("feature_gates[]", "white_label".into()),
                ("is_agency", "on".into()),
            ],
        ),
        "serverfn.add_account_site" => Call::ServerFn(
            "add_account_site".into(),
            vec![("account", f.spare_account.to_string()), ("domain", "matrix-form.example".into())],
        ),
        "serverfn.start_subscription" => Call::ServerFn(
            "start_subscription".into(),
            vec![
                ("account", f.spare_account.to_string()),
                ("site_id", fresh(app, f, "site").await.to_string()),
                ("tier", "lite".into()),
                ("billing_interval", "month".into()),
            ],
        ),
        "serverfn.change_subscription" => Call::ServerFn(
            "change_subscription".into(),
            vec![
                ("account", f.spare_account.to_string()),
                ("id", fresh(app, f, "subscription").await.to_string()),
                ("change", "cancel".into()),
            ],
        ),
        "serverfn.record_order" => Call::ServerFn(
            "record_order".into(),
            vec![
                ("account", f.account_a.to_string()),
                ("site_id", f.site_a1.to_string()),
                ("package", "custom".into()),
                ("marketplace", "manual".into()),
                ("links_ordered", "1".into()),
                ("price", "100".into()),
                ("cost", "60".into()),
                ("due_date", due()),
            ],
        ),
        "serverfn.record_order_link" => {
            let (order, domain) = fresh_order(app, f).await;
            Call::ServerFn(
                "record_order_link".into(),
                vec![
                    ("order", order.to_string()),
                    ("source_url", "https://press.example/story".into()),
                    ("target_url", format!("https://{domain}/about")),
                    ("anchor_text", "about us".into()),
                    ("tier", "3".into()),
                ],
            )
        }
        "serverfn.indexing_panel" => Call::ServerFn("indexing_panel".into(), vec![("query[q]", "summit".into())]),
        "serverfn.branding_cards" => Call::ServerFn("branding_cards".into(), vec![("every_account", "false".into())]),
        "serverfn.branding_cards@staff" => Call::ServerFn("branding_cards".into(), vec![("every_account", "true".into())]),
        "serverfn.save_branding" => Call::ServerFn("save_branding".into(),
            vec![
                ("brand_name", "Matrix brand".into()),
                ("primary_color", "#1F3A93".into()),
                ("secondary_color", "#0F766E".into()),
            ],
        ),
        "serverfn.delete_branding" => Call::ServerFn("delete_branding".into(),
            vec![("id", fresh(app, f, "branding").await.to_string())],
        ),
        "serverfn.template_rows" => Call::ServerFn("template_rows".into(), vec![]),
        "serverfn.template_editor" => Call::ServerFn("template_editor".into(), vec![("id", f.template_a.to_string())]),
        "serverfn.save_template" => Call::ServerFn("save_template".into(),
            vec![
                ("id", f.template_a.to_string()),
                ("name", "Matrix template".into()),
                ("template_html", "<h1>{{client}}</h1>".into()),
            ],
        ),
        "serverfn.set_default_template" => Call::ServerFn("set_default_template".into(),
            vec![("id", f.template_a.to_string())],
        ),
        "serverfn.delete_template" => Call::ServerFn("delete_template".into(),
            vec![("id", fresh(app, f, "template").await.to_string())],
        ),
        "serverfn.report_generator" => {
            Call::ServerFn("report_generator".into(), vec![("client", f.subscription_a1.to_string())])
        }
        "serverfn.report_preview" => Call::ServerFn("report_preview".into(),
            vec![
                ("form[client]", f.subscription_a1.to_string()),
                ("form[period]", "2026-10".into()),
                ("form[sections][0]", "traffic".into()),
            ],
        ),
        "serverfn.create_report" => Call::ServerFn("create_report".into(),
            vec![
                ("client", f.subscription_a1.to_string()),
                ("period", "2026-10".into()),
                ("sections[]", "traffic".into()),
            ],
        ),
        "serverfn.send_new_report" => Call::ServerFn("send_new_report".into(),
            vec![
                ("client", f.subscription_a1.to_string()),
                ("report", f.report_a1.to_string()),
            ],
        ),
        "serverfn.start_report_batch" => Call::ServerFn("start_report_batch".into(),
            vec![("report_type", "monthly".into()), ("period", "2026-08".into())],
        ),
        // the batch the fixture started
        "serverfn.report_batch" => Call::ServerFn("report_batch".into(), vec![("id", "1".into())]),
        "serverfn.report_batches" => Call::ServerFn("report_batches".into(), vec![]),
        "serverfn.invitation_details@gone" => {
            Call::ServerFn("invitation_details".into(), vec![("token", "igny8_unknown".into())])
        }
        "serverfn.confirmation_request@gone" => {
            Call::ServerFn("confirmation_request".into(), vec![("token", "igny8_unknown".into())])
        }
        other => panic!("the matrix has an operation the test cannot call: {other}"),
    }
}

/// The calls on objects of site A2 (`OP@a2`), the site hidden from the restricted callers.
async fn on_site_a2(app: &TestApp, f: &Fixture, op: &str) -> Option<Call> {
    let gql = |q: String| Some(Call::Graphql(q));
    let (site, report) = (f.site_a2, f.report_a2);
    match op {
        "graphql.order@a2" => gql(format!(r#"{{ order(id: "{}") {{ id }} }}"#, f.order_a2)),
        "graphql.ahrefsSnapshots@a2" => gql(format!(
            r#"{{ ahrefsSnapshots(siteId: "{site}", from: "2026-09-01", to: "2026-10-31") {{ snapshotDate }} }}"#
        )),
        "graphql.contentTracker@a2" => gql(format!(
            r#"{{ contentTracker(siteId: "{site}", month: "2026-10") {{ published }} }}"#
        )),
        "graphql.backlinkTracker@a2" => gql(format!(r#"{{ backlinkTracker(siteId: "{site}") {{ ordered }} }}"#)),
        "graphql.regenerateReport@a2" => gql(format!(r#"mutation {{ regenerateReport(id: "{report}") {{ id }} }}"#)),
        "graphql.createShareLink@a2" => gql(format!(
            r#"mutation {{ createShareLink(reportId: "{report}") {{ id }} }}"#
        )),
        "graphql.shareLinks@a2" => gql(format!(r#"{{ shareLinks(reportId: "{report}") {{ id }} }}"#)),
        "graphql.updateSubscriptionConfig@a2" => gql(format!(
            r#"mutation {{ updateSubscriptionConfig(id: "{}", config: {{tone: "friendly"}}) {{ id }} }}"#,
            f.subscription_a2
        )),
        "graphql.approve@a2" => gql(format!(
            r#"mutation {{ approve(id: "{}") {{ id }} }}"#,
            fresh(app, f, "approval@a2").await
        )),
        "graphql.reportRecipients@a2" => gql(recipients_query(f.subscription_a2)),
        "graphql.setReportRecipients@a2" => gql(set_recipients(f.subscription_a2)),
        "rest.GET./api/v1/services/reports/{id}/@a2" => Some(Call::Rest(
            Method::GET,
            format!("/api/v1/services/reports/{report}/"),
            None,
        )),
        "serverfn.portal_report@a2" => Some(Call::ServerFn("portal_report".into(), vec![("id", report.to_string())])),
        "serverfn.portal_share_report@a2" => Some(Call::ServerFn(
            "portal_share_report".into(),
            vec![("report", report.to_string())],
        )),
        "serverfn.decide_approval@a2" => Some(Call::ServerFn(
            "decide_approval".into(),
            vec![
                ("id", fresh(app, f, "approval@a2").await.to_string()),
                ("decision", "approve".into()),
            ],
        )),
        "rest.GET./reports/{id}/pdf@a2" => Some(Call::Rest(Method::GET, format!("/reports/{report}/pdf"), None)),
        "rest.GET./reports/{id}/view@a2" => Some(Call::Rest(Method::GET, format!("/reports/{report}/view"), None)),
        _ => None,
    }
}

/// The site ids a list answered with, for the lists whose "ok" is checked for rows the caller
/// may not see.
fn listed_sites(op: &str, body: &Value) -> Option<Vec<i64>> {
    let ids = |v: &Value, key: &str| -> Vec<i64> {
        v.as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i[key].as_i64().or_else(|| i[key].as_str().and_then(|s| s.parse().ok())))
                    .collect()
            })
            .unwrap_or_default()
    };
    let edges = |v: &Value| -> Vec<i64> {
        v["edges"]
            .as_array()
            .map(|e| e.iter().filter_map(|e| e["node"]["siteId"].as_i64()).collect())
            .unwrap_or_default()
    };
    match op {
        "graphql.sites" => Some(ids(&body["data"]["sites"], "id")),
        "graphql.subscriptions" => Some(ids(&body["data"]["subscriptions"]["items"], "siteId")),
        "graphql.reports" => Some(edges(&body["data"]["reports"])),
        "graphql.orders" => Some(edges(&body["data"]["orders"])),
        "graphql.approvals" => Some(ids(&body["data"]["approvals"], "siteId")),
        "serverfn.portal_reports" => Some(ids(&body["page"]["items"], "site_id")),
        "serverfn.portal_approvals" => Some(
            [&body["pending"], &body["decided"]]
                .iter()
                .flat_map(|list| list.as_array().cloned().unwrap_or_default())
                .filter_map(|c| c["item"]["site_id"].as_i64())
                .collect(),
        ),
        "rest.GET./api/v1/services/reports/" => Some(ids(&body["data"]["results"], "site_id")),
        _ => None,
    }
}

/// "ok", or the refusal as an HTTP status; and the answer's JSON.
async fn outcome(app: &TestApp, client: &reqwest::Client, c: Call) -> (String, Value) {
    match c {
        Call::Graphql(q) => {
            let (status, b) = app.graphql(client, &q).await;
            let got = match b["errors"][0]["extensions"]["code"].as_str() {
                None if status == 200 => "ok".into(),
                Some("UNAUTHENTICATED") => "401".into(),
                Some("FORBIDDEN") => "403".into(),
                Some("NOT_FOUND") => "404".into(),
                other => format!("{other:?} {b}"),
            };
            (got, b)
        }
        Call::Rest(m, path, body) => {
            let mut r = client.request(m, app.url(&path));
            if let Some(b) = body {
                r = r.json(&b);
            }
            let response = r.send().await.unwrap();
            let status = response.status().as_u16();
            let json = response.json::<Value>().await.unwrap_or(Value::Null);
            if (200..300).contains(&status) {
                ("ok".into(), json)
            } else {
                (status.to_string(), json)
            }
        }
        Call::Upload(path, fields, file) => {
            let mut form = reqwest::multipart::Form::new();
            for (k, v) in fields {
                form = form.text(k, v);
            }
            form = form.part("file", reqwest::multipart::Part::bytes(file).file_name("upload.json"));
            let response = client.post(app.url(&path)).multipart(form).send().await.unwrap();
            let status = response.status().as_u16();
            let json = response.json::<Value>().await.unwrap_or(Value::Null);
            if (200..300).contains(&status) {
                ("ok".into(), json)
            } else {
                (status.to_string(), json)
            }
        }
        Call::ServerFn(name, form) => {
            let r = client
                .post(app.url(&format!("/api/ui/{name}")))
                .header("accept", "application/json")
                .header("content-type", "application/x-www-form-urlencoded")
                .form(&form)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let text = r.text().await.unwrap_or_default();
            let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            if (200..400).contains(&status) {
                return ("ok".into(), body);
            }
            // the status says it, and the body's code agrees
            let got = match (status, body["code"].as_str()) {
                (401, Some("UNAUTHENTICATED")) | (403, Some("FORBIDDEN")) | (404, Some("NOT_FOUND")) => {
                    status.to_string()
                }
                _ => format!("{status} {text}"),
            };
            (got, body)
        }
    }
}

/// The operations a surface has, to check that every one has a row.
fn graphql_fields() -> BTreeSet<String> {
    let sdl = server::graphql::build_schema().sdl();
    let mut out = BTreeSet::new();
    let mut in_root = false;
    let mut in_doc = false;
    for line in sdl.lines() {
        let t = line.trim();
        if t.starts_with("\"\"\"") {
            in_doc = !(in_doc || (t.len() > 3 && t.ends_with("\"\"\"")));
            continue;
        }
        if in_doc {
            continue;
        }
        if t == "type Query {" || t == "type Mutation {" {
            in_root = true;
        } else if t == "}" {
            in_root = false;
        } else if in_root && let Some(name) = t.split(['(', ':']).next().filter(|n| !n.is_empty()) {
            out.insert(format!("graphql.{name}"));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_against_every_caller() {
    let app = TestApp::empty(Kind::Sqlite).await.unwrap();
    let args = SeedArgs {
        demo: true,
        sites: 0,
        months: 2,
        until: Some(demo_until()),
    };
    server::seed::run(&app.state, &args).await.unwrap();
    let f = setup(&app).await;
    let emails = [
        None,
        Some("viewer2@summit-pt.example"),
        Some("admin@summit-pt.example"),
        Some("viewer@summit-pt.example"),
        Some("owner@harbor-legal.example"),
        Some("admin@northstar-digital.example"),
        Some(STAFF_EMAIL),
        Some("member@summit-pt.example"),
        Some("admin-a1@summit-pt.example"),
        Some("staffviewer@alorig.example"),
        Some(STAFF_EMAIL),
    ];
    // the sites each caller may see: None = every site
    let visible: Vec<Option<Vec<i64>>> = {
        let app = &app;
        let account_sites = |email: &'static str| async move {
            let account = app
                .scalar(&format!(
                    "SELECT account_id AS n FROM igny8_users WHERE email = '{email}'"
                ))
                .await;
            sites_of(app, account).await
        };
        let a = account_sites("owner@summit-pt.example").await;
        vec![
            Some(vec![]),
            Some(a.clone()),
            Some(a.clone()),
            Some(vec![f.site_a1]),
            Some(account_sites("owner@harbor-legal.example").await),
            Some(account_sites("admin@northstar-digital.example").await),
            None,
            Some(a),
            Some(vec![f.site_a1]),
            None,
            Some(account_sites(STAFF_EMAIL).await),
        ]
    };

    let rows: Vec<(String, Vec<String>)> = MATRIX
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(cols.len(), 1 + ACTORS.len(), "row {l}");
            (cols[0].to_owned(), cols[1..].iter().map(|s| (*s).to_owned()).collect())
        })
        .collect();

    // completeness: every GraphQL field and mutation, REST route and server function has a row
    let named: BTreeSet<String> = rows
        .iter()
        .map(|(op, _)| op.split('@').next().unwrap().to_owned())
        .collect();
    let mut missing: Vec<String> = graphql_fields().into_iter().filter(|f| !named.contains(f)).collect();
    for (method, path, _, _) in server::rest::table() {
        let op = format!("rest.{method}.{path}");
        if !named.contains(&op) {
            missing.push(op);
        }
    }
    let server_fns: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .filter_map(|(path, _)| path.strip_prefix("/api/ui/"))
        .map(|name| format!("serverfn.{name}"))
        .collect();
    assert!(
        server_fns.len() >= 5,
        "the server functions are registered: {server_fns:?}"
    );
    missing.extend(server_fns.into_iter().filter(|op| !named.contains(op)));
    assert!(
        missing.is_empty(),
        "operations without a row in the matrix: {missing:?}"
    );

    let mut clients = Vec::new();
    for email in emails {
        clients.push(match email {
            Some(e) => app.signed_in(e).await,
            None => app.client(),
        });
    }
    let mut wrong = Vec::new();
    // every column but staff_off, then staff_off with managed services switched off
    for columns in [(0..STAFF_OFF).collect::<Vec<_>>(), vec![STAFF_OFF]] {
        if columns == [STAFF_OFF] {
            set_managed_services(&app, false).await;
        }
        for (op, expected) in &rows {
            for &i in &columns {
                let want = &expected[i];
                // a fresh client for server functions that change the session (logout)
                let client = if op == "serverfn.logout" && i > 0 {
                    app.signed_in(emails[i].unwrap()).await
                } else {
                    clients[i].clone()
                };
                let (got, body) = outcome(&app, &client, call(&app, &f, op).await).await;
                if &got != want {
                    wrong.push(format!("{op} as {}: expected {want}, got {got}", ACTORS[i]));
                } else if got == "ok"
                    && let (Some(listed), Some(allowed)) = (listed_sites(op, &body), &visible[i])
                    && let Some(hidden) = listed.iter().find(|s| !allowed.contains(s))
                {
                    wrong.push(format!(
                        "{op} as {}: lists site {hidden}, which it may not see",
                        ACTORS[i]
                    ));
                }
            }
        }
    }
    set_managed_services(&app, true).await;
    assert!(wrong.is_empty(), "{} cells differ:\n{}", wrong.len(), wrong.join("\n"));
}

async fn set_managed_services(app: &TestApp, on: bool) {
    let mut pooled = app.state.conn().await.unwrap();
    server::db::models::feature_flag::set(
        &mut pooled.conn(),
        "managed_services_enabled",
        on,
        "",
        server::db::now(),
    )
    .await
    .unwrap();
}

async fn sites_of(app: &TestApp, account: i64) -> Vec<i64> {
    use diesel::QueryableByName;
    use diesel_async::RunQueryDsl;
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let mut pooled = app.state.conn().await.unwrap();
    let mut conn = pooled.conn();
    let sql = format!("SELECT id FROM igny8_sites WHERE account_id = {account}");
    let rows: Vec<Id> = server::db_run!(&mut conn, |c| diesel::sql_query(&sql).load(c).await).unwrap();
    rows.into_iter().map(|r| r.id).collect()
}
