//! Agency domains on a real server: a branding's domain is checked as entered and verified over
//! HTTP (the test server stands where the domain's DNS would send the check); on a verified
//! domain the sign-in page, the portal, report links and error pages carry the agency's brand and
//! nothing of the platform's — in the HTML, the headers and the cookies' names — only the
//! agency's users sign in, only for the sites the branding serves, and only its reports exist;
//! Caddy's `ask` answers 200 for verified domains only.

use std::net::SocketAddr;

use serde_json::{Value, json};
use server::seed::{AGENCY_CLIENT_EMAIL, AGENCY_DOMAIN, CLIENT_EMAIL, DEMO_PASSWORD, STAFF_EMAIL};

use crate::both;
use crate::support::{TestApp, location, send};

const AGENCY: &str = "admin@northstar-digital.example";
const BRANDING: &str = "/api/v1/services/branding/";

/// A browser that reaches the test server by another host name.
struct HostClient {
    base: String,
    client: reqwest::Client,
}

impl HostClient {
    fn new(app: &TestApp, host: &str) -> HostClient {
        let addr: SocketAddr = app.base.trim_start_matches("http://").parse().unwrap();
        let base = format!("http://{host}:{}", addr.port());
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("origin", base.parse().unwrap());
        let client = reqwest::Client::builder()
            .resolve(host, addr)
            .cookie_store(true)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        HostClient { base, client }
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap()
    }

    /// Signs in with the demo password; where the sign-in sends the browser.
    async fn login(&self, email: &str) -> String {
        let r = self
            .client
            .post(format!("{}/api/ui/login", self.base))
            .header("accept", "text/html")
            .form(&[("email", email), ("password", DEMO_PASSWORD)])
            .send()
            .await
            .unwrap();
        location(&r)
    }
}

/// Everything of a response a visitor can see, checked for the platform's names.
async fn assert_unbranded(what: &str, r: reqwest::Response) -> (u16, String) {
    let status = r.status().as_u16();
    for (name, value) in r.headers() {
        let text = format!("{name}: {}", value.to_str().unwrap_or(""));
        assert!(!mentions_platform(&text), "{what}: header {text}");
    }
    let body = String::from_utf8_lossy(&r.bytes().await.unwrap()).into_owned();
    assert!(
        !mentions_platform(&body),
        "{what} mentions the platform: {}",
        &body[..body.len().min(3000)]
    );
    (status, body)
}

fn mentions_platform(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("igny8") || t.contains("alorig")
}

fn lakeside(domain: &str) -> Value {
    json!({
        "brand_name": "Lakeside Growth Partners",
        "primary_color": "#0E7C66",
        "secondary_color": "#F2C14E",
        "custom_domain": domain,
    })
}

both!(a_domain_is_checked_as_entered, |app| {
    let agency = app.signed_in(AGENCY).await;
    let lakeside_id = app
        .id_where("igny8_agency_branding", "brand_name", "Lakeside Growth Partners")
        .await;
    let path = format!("{BRANDING}{lakeside_id}/");
    let row = format!(
        "SELECT COALESCE(custom_domain, '-') || CAST(updated_at AS TEXT) AS t FROM igny8_agency_branding WHERE id = {lakeside_id}"
    );
    let before = app.scalar_text(&row).await;
    for (domain, why) in [
        ("203.0.113.9", "not an IP address"),
        ("*.lakeside-growth.example", "wildcard"),
        ("https://portal.lakeside-growth.example", "without scheme"),
        ("portal.lakeside-growth.example:8443", "port"),
        ("127.0.0.1", "not an IP address"),
        (AGENCY_DOMAIN, "already registered by another branding"),
        ("REPORTS.Northstar.example.", "already registered by another branding"),
    ] {
        let (status, b) = send(&app, &agency, "PUT", &path, lakeside(domain)).await;
        assert_eq!(status, 422, "{domain}: {b}");
        assert_eq!(b["errors"][0]["field"], "custom_domain", "{domain}: {b}");
        assert!(
            b["errors"][0]["message"].as_str().unwrap().contains(why),
            "{domain}: {b}"
        );
    }
    // GraphQL and the page's form refuse the same way
    let (_, g) = app
        .graphql(
            &agency,
            &format!(
                r##"mutation {{ updateBranding(id: "{lakeside_id}", input: {{brandName: "L", primaryColor: "#0E7C66", secondaryColor: "#F2C14E", customDomain: "*.x.example"}}) {{ id }} }}"##
            ),
        )
        .await;
    assert_eq!(g["errors"][0]["extensions"]["field"], "customDomain", "{g}");
    let (status, to) = app
        .post_form(
            &agency,
            "save_branding",
            &[
                ("id", &lakeside_id.to_string()),
                ("brand_name", "Lakeside Growth Partners"),
                ("primary_color", "#0E7C66"),
                ("secondary_color", "#F2C14E"),
                ("custom_domain", "198.51.100.4"),
            ],
        )
        .await;
    assert!(status == 303 || status == 302, "{status}");
    assert!(
        to.contains("field=custom_domain") && to.contains("custom_domain=198.51.100.4"),
        "{to}"
    );
    let after = app.scalar_text(&row).await;
    assert_eq!(before, after, "nothing written");
});

both!(a_domain_is_verified_over_http_before_it_is_served, |app| {
    let agency = app.signed_in(AGENCY).await;
    let id = app
        .id_where("igny8_agency_branding", "brand_name", "Lakeside Growth Partners")
        .await;
    let domain = "portal.lakeside-growth.example";
    let (status, b) = send(
        &app,
        &agency,
        "PUT",
        &format!("{BRANDING}{id}/"),
        lakeside(" Portal.Lakeside-Growth.example "),
    )
    .await;
    assert_eq!(status, 200, "{b}");
    assert_eq!(b["data"]["custom_domain"], domain, "normalised");
    assert!(b["data"]["domain_verified_at"].is_null());
    let token = b["data"]["domain_token"].as_str().unwrap().to_owned();

    // unverified: the platform's look, no certificate, but the token is answered there
    let on_domain = HostClient::new(&app, domain);
    let (_, login) = (0, on_domain.get("/login").await.text().await.unwrap());
    assert!(
        !login.contains("Lakeside Growth Partners") && login.contains("IGNY8"),
        "{login}"
    );
    let ask = |d: &str| app.client().get(app.url(&format!("/tls/ask?domain={d}")));
    assert_eq!(ask(domain).send().await.unwrap().status(), 404);
    let answered = on_domain
        .get("/.well-known/brand-domain-verification")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(answered, token);

    // a check that does not reach this service, or reaches another one, writes nothing
    let nothing = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let closed = nothing.local_addr().unwrap();
    drop(nothing);
    let other = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let other_addr = other.local_addr().unwrap();
    tokio::spawn(async move {
        let router = axum::Router::new().route(
            "/.well-known/brand-domain-verification",
            axum::routing::get(|| async { "someone-else" }),
        );
        let _ = axum::serve(other, router).await;
    });
    for (addr, why) in [(closed, "could not be reached"), (other_addr, "answered another token")] {
        let elsewhere = app.state_with(|c| c.domain_check_addr = Some(addr));
        let checker = server::domains::Checker::new(&elsewhere.config);
        let mut pooled = app.state.conn().await.unwrap();
        let actor =
            server::auth::actor_for_user(&mut pooled.conn(), app.id_where("igny8_users", "email", AGENCY).await)
                .await
                .unwrap();
        let e = server::brandings::verify_domain(&mut pooled.conn(), Some(&actor), id, &checker)
            .await
            .unwrap_err()
            .to_api();
        assert_eq!(e.field.as_deref(), Some("custom_domain"));
        assert!(e.message.contains(why), "{}", e.message);
    }
    assert_eq!(
        app.count_where(
            "igny8_agency_branding",
            &format!("id = {id} AND domain_verified_at IS NULL")
        )
        .await,
        1
    );

    // verified through the service itself (where the domain points)
    let r = agency
        .post(app.url(&format!("{BRANDING}{id}/verify-domain/")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let b: Value = r.json().await.unwrap();
    assert!(b["data"]["domain_verified_at"].is_string(), "{b}");
    assert_eq!(ask(domain).send().await.unwrap().status(), 200);
    assert_eq!(ask("unknown.example").send().await.unwrap().status(), 404);
    let login = on_domain.get("/login").await.text().await.unwrap();
    assert!(
        login.contains("Lakeside Growth Partners") && !mentions_platform(&login),
        "{login}"
    );

    // saving the same domain keeps the verification; another one starts over
    let (_, b) = send(&app, &agency, "PUT", &format!("{BRANDING}{id}/"), lakeside(domain)).await;
    assert!(b["data"]["domain_verified_at"].is_string(), "{b}");
    let (_, b) = send(
        &app,
        &agency,
        "PUT",
        &format!("{BRANDING}{id}/"),
        lakeside("portal2.lakeside-growth.example"),
    )
    .await;
    assert!(b["data"]["domain_verified_at"].is_null(), "{b}");
    assert_ne!(b["data"]["domain_token"], token.as_str());
    assert_eq!(
        ask(domain).send().await.unwrap().status(),
        404,
        "the old domain is not served"
    );
});

both!(the_white_label_portal_shows_only_the_brand, |app| {
    let brand = HostClient::new(&app, AGENCY_DOMAIN);
    // the sign-in page and an error page, anonymous
    let (status, login) = assert_unbranded("the sign-in page", brand.get("/login").await).await;
    assert_eq!(status, 200);
    assert!(
        login.contains("Northstar Digital") && login.contains("<title>Sign in · Northstar Digital</title>"),
        "{login}"
    );
    assert!(!login.contains("/pkg/"), "no browser bundle on an agency's domain");
    let r = brand.get("/managed-service").await;
    assert_eq!(location(&r), "/login?next=%2Fmanaged-service");

    // only the agency's users sign in there
    for outsider in [STAFF_EMAIL, CLIENT_EMAIL] {
        assert!(brand.login(outsider).await.starts_with("/login?error="), "{outsider}");
    }
    let client = HostClient::new(&app, AGENCY_DOMAIN);
    assert_eq!(client.login(AGENCY_CLIENT_EMAIL).await, "/");
    let admin = HostClient::new(&app, AGENCY_DOMAIN);
    assert_eq!(admin.login(AGENCY).await, "/");

    // every page the agency's client opens, its assets and its 404
    let mut pages = vec![
        "/".to_owned(),
        "/managed-service".to_owned(),
        "/managed-service/reports".to_owned(),
        "/managed-service/approvals".to_owned(),
        "/no-such-page".to_owned(),
        "/brand/style.css".to_owned(),
        "/brand/icon.svg".to_owned(),
    ];
    let (_, html) = assert_unbranded("the portal", client.get("/").await).await;
    for href in html.split("href=\"").skip(1).filter_map(|s| s.split('"').next()) {
        if href.starts_with('/') && !pages.iter().any(|p| p == href) {
            pages.push(href.to_owned());
        }
    }
    for path in &pages {
        let (status, body) = assert_unbranded(path, client.get(path).await).await;
        assert!(
            status == 200 || (path == "/no-such-page" && status == 404),
            "{path}: {status}"
        );
        if path == "/managed-service" {
            assert!(
                body.contains("lakesidebakery.com") && !body.contains("greenfieldaccounting.com"),
                "the client's site only"
            );
        }
    }

    // the reports there: the branding's only, for the sites it serves (October's of each of the
    // agency's sites, generated on the platform's host)
    let account = app
        .scalar(&format!(
            "SELECT account_id AS n FROM igny8_users WHERE email = '{AGENCY}'"
        ))
        .await;
    let on_platform = app.signed_in(AGENCY).await;
    let (_, sites) = app.graphql(&on_platform, "{ sites { id } }").await;
    for site in sites["data"]["sites"].as_array().unwrap() {
        // under the branding the site's report settings name, as the scheduler makes them
        let id = site["id"]
            .as_str()
            .map_or_else(|| site["id"].to_string(), str::to_owned);
        let config: Value = serde_json::from_str(
            &app.scalar_text(&format!(
                "SELECT config AS t FROM igny8_managed_service_subscriptions WHERE site_id = {id}"
            ))
            .await,
        )
        .unwrap();
        let (_, g) = app
            .graphql(
                &on_platform,
                &format!(
                    r#"mutation {{ generateReport(input: {{siteId: {id}, period: "2026-10", brandingId: {}}}) {{ id }} }}"#,
                    config["branding_id"]
                ),
            )
            .await;
        assert!(g["errors"].is_null(), "{g}");
    }
    let northstar = app
        .id_where("igny8_agency_branding", "brand_name", "Northstar Digital")
        .await;
    let (_, list) = assert_unbranded("the report list", admin.get("/managed-service/reports").await).await;
    let shown: Vec<i64> = list
        .split("href=\"/managed-service/reports/")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect();
    let expected = app
        .count_where(
            "igny8_service_reports",
            &format!("account_id = {account} AND is_white_label = true AND branding_id = {northstar}"),
        )
        .await;
    assert!(expected > 0);
    let mut unique = shown.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len() as i64, expected, "{shown:?}");
    let report = unique[0];
    let (status, _) = assert_unbranded(
        "a report page",
        admin.get(&format!("/managed-service/reports/{report}")).await,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = assert_unbranded(
        "a report's web version",
        admin.get(&format!("/reports/{report}/view")).await,
    )
    .await;
    assert_eq!(status, 200);
    let pdf = admin.get(&format!("/reports/{report}/pdf")).await;
    assert_eq!(pdf.status(), 200);
    let (_, bytes) = assert_unbranded("a report's PDF", pdf).await;
    assert!(bytes.starts_with("%PDF"));
    // another branding's report of the same account, and another account's, do not exist here
    let lakeside = app
        .scalar(&format!(
            "SELECT MIN(id) AS n FROM igny8_service_reports WHERE account_id = {account} AND (branding_id IS NULL OR branding_id <> {northstar})"
        ))
        .await;
    let staff = app.signed_in(STAFF_EMAIL).await;
    let their_site = app
        .scalar(&format!(
            "SELECT MIN(s.id) AS n FROM igny8_sites s JOIN igny8_users u ON u.account_id = s.account_id WHERE u.email = '{CLIENT_EMAIL}'"
        ))
        .await;
    let (_, g) = app
        .graphql(
            &staff,
            &format!(r#"mutation {{ generateReport(input: {{siteId: {their_site}, period: "2026-10"}}) {{ id }} }}"#),
        )
        .await;
    let foreign = g["data"]["generateReport"]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{g}"));
    for id in [lakeside, foreign] {
        for path in [
            format!("/managed-service/reports/{id}"),
            format!("/reports/{id}/pdf"),
            format!("/reports/{id}/view"),
        ] {
            let (status, _) = assert_unbranded(&path, admin.get(&path).await).await;
            assert_eq!(status, 404, "{path}");
        }
    }

    // a share link made there is on the agency's domain; it opens there and on the platform's
    // host, not on a host nobody registered
    let r = admin
        .client
        .post(format!("{}/api/ui/portal_share_report", admin.base))
        .header("accept", "text/html")
        .form(&[("report", report.to_string()), ("days", "7".to_owned())])
        .send()
        .await
        .unwrap();
    let to = location(&r);
    let link = form_urlencoded::parse(to.split_once('?').map_or("", |(_, q)| q).as_bytes())
        .find(|(k, _)| k == "link")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("the new link in {to}"));
    let (status, _) = assert_unbranded("the report page with its new link", admin.get(&to).await).await;
    assert_eq!(status, 200);
    // the public URL's scheme and port, the agency's host
    let mut base = app.state.config.public_url.clone();
    base.set_host(Some(AGENCY_DOMAIN)).unwrap();
    let base = base.as_str().trim_end_matches('/').to_owned();
    assert!(link.starts_with(&format!("{base}/reports/shared/")), "{link}");
    let path = link.trim_start_matches(&base).to_owned();
    assert_eq!(brand.get(&path).await.status(), 200);
    assert_eq!(app.client().get(app.url(&path)).send().await.unwrap().status(), 200);
    let stranger = HostClient::new(&app, "unknown.example");
    assert_eq!(stranger.get(&path).await.status(), 404);
    let (_, login) = (0, stranger.get("/login").await.text().await.unwrap());
    assert!(login.contains("IGNY8"), "an unknown host gets the platform's look");

    // another account's session, carried to the agency's domain, is nobody there
    let r = app.post_login(&app.client(), CLIENT_EMAIL, DEMO_PASSWORD).await;
    let set = r.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    let cookie = set.split(';').next().unwrap();
    assert!(cookie.starts_with("session="), "a neutral cookie name: {cookie}");
    let r = HostClient::new(&app, AGENCY_DOMAIN)
        .client
        .get(format!("{}/managed-service", brand.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert!(
        location(&r).starts_with("/login"),
        "another account's session is nobody there"
    );
});

both!(emails_of_a_white_label_report_link_to_the_agency_domain, |app| {
    let agency = app.signed_in(AGENCY).await;
    let site = app.id_where("igny8_sites", "domain", "lakesidebakery.com").await;
    let sub = app
        .id_where("igny8_managed_service_subscriptions", "site_id", &site.to_string())
        .await;
    let northstar = app
        .id_where("igny8_agency_branding", "brand_name", "Northstar Digital")
        .await;
    // an outside recipient is asked to confirm, and a report goes out as a link (no attachment)
    let (_, b) = app
        .graphql(
            &agency,
            &format!(
                r#"mutation {{ setReportRecipients(subscriptionId: "{sub}", recipients: ["{AGENCY}", "baker@outside.example"]) {{ confirmed }} }}"#
            ),
        )
        .await;
    assert!(b["errors"].is_null(), "{b}");
    let (_, g) = app
        .graphql(
            &agency,
            &format!(
                r#"mutation {{ generateReport(input: {{siteId: {site}, period: "2026-10", brandingId: {northstar}}}) {{ id }} }}"#
            ),
        )
        .await;
    let report = g["data"]["generateReport"]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{g}"));
    let (_, b) = app
        .graphql(
            &agency,
            &format!(r#"mutation {{ sendReport(id: "{report}", recipients: ["{AGENCY}"]) {{ id }} }}"#),
        )
        .await;
    assert!(b["errors"].is_null(), "{b}");

    let smtp = crate::servers::SmtpServer::start().await;
    let relay = server::config::Config::from_vars([("IGNY8_SMTP_URL".to_owned(), smtp.url())])
        .unwrap()
        .email
        .smtp_url;
    let state = app.state_with(|c| {
        c.email.smtp_url = relay;
        c.email.attach_max_bytes = 0;
    });
    server::email::deliver::deliver_due(&state, chrono::Utc::now())
        .await
        .unwrap();
    let mut base = app.state.config.public_url.clone();
    base.set_host(Some(AGENCY_DOMAIN)).unwrap();
    let base = base.as_str().trim_end_matches('/').to_owned();
    let messages: Vec<String> = smtp
        .messages()
        .iter()
        .map(|m| m.replace("=\r\n", "").replace("=\n", ""))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    for path in ["/recipients/confirm/", "/reports/shared/"] {
        let m = messages
            .iter()
            .find(|m| m.contains(path))
            .unwrap_or_else(|| panic!("{path} in {messages:?}"));
        assert!(m.contains(&format!("{base}{path}")), "{m}");
        assert!(
            !m.contains(&format!(
                "{}{path}",
                app.state.config.public_url.as_str().trim_end_matches('/')
            )),
            "{m}"
        );
    }
});
