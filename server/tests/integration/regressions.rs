//! The security review's reproductions, each replayed against the real `igny8` binary (a process
//! of its own on the demo data), as an attacker would: one template that crashed the server,
//! one whose script ran in staff's browser, and the lockout of staff by strangers.

use serde_json::{Value, json};
use server::seed::{CLIENT_EMAIL, DEMO_PASSWORD, STAFF_EMAIL};

use crate::servers::DemoServer;

/// A browser-like client signed in on `server` (through the trusted proxy header as `ip`).
async fn signed_in(server: &DemoServer, email: &str, ip: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("origin", server.base.parse().unwrap());
    headers.insert("x-forwarded-for", ip.parse().unwrap());
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = client
        .post(server.url("/api/ui/login"))
        .form(&[("email", email), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/", "sign-in of {email}");
    client
}

async fn healthy(server: &mut DemoServer) {
    let r = reqwest::get(server.url("/healthz"))
        .await
        .expect("the server still answers");
    assert_eq!(r.status(), 200);
    assert!(server.alive(), "the process is still running");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reproductions_of_the_security_review_fail_and_the_server_stays_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = DemoServer::start(
        dir.path(),
        &[("IGNY8_JOBS_TICK", ""), ("IGNY8_TRUSTED_PROXIES", "127.0.0.1")],
    )
    .await;

    // 1. The crash: an owner saves a template whose inline partial calls itself.
    let owner = signed_in(&server, CLIENT_EMAIL, "192.0.2.1").await;
    let templates = server.url("/api/v1/services/report-templates/");
    let save = |body: Value| {
        let owner = owner.clone();
        let url = templates.clone();
        async move {
            let r = owner.post(url).json(&body).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (status, body) = save(json!({
        "name": "recursion",
        "template_html": "{{#*inline \"a\"}}{{> a}}{{/inline}}{{> a}}",
    }))
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["field"], "template_html");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("line 1:") && message.contains("inline partials"),
        "{message}"
    );
    healthy(&mut server).await;
    // and nothing recursive or bottomless gets through another way
    for (name, html) in [
        ("partial", "<p>{{> layout}}</p>".to_owned()),
        // 12,000 blocks deep, just under the 256 KB a template may have
        (
            "deep",
            format!("{}x{}", "{{#if client}}".repeat(12_000), "{{/if}}".repeat(12_000)),
        ),
        ("log", "{{log client}}".to_owned()),
    ] {
        let (status, body) = save(json!({ "name": name, "template_html": html })).await;
        assert_eq!(status, 422, "{name}: {body}");
        healthy(&mut server).await;
    }

    // 2. The stored script: an agency admin's template with a script, an event handler and a
    //    javascript: link, previewed by staff.
    let agency = signed_in(&server, "admin@northstar-digital.example", "192.0.2.2").await;
    let r = agency
        .post(server.url("/api/v1/services/report-templates/"))
        .json(&json!({
            "name": "hostile",
            "template_html": "<h1>{{client}}</h1><script>fetch('/graphql')</script><img src=x onerror=alert(1)>\
                              <a href=\"javascript:alert(2)\">x</a><iframe src=\"https://evil.example\"></iframe>",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let template = r.json::<Value>().await.unwrap()["data"]["id"].as_i64().unwrap();
    let staff = signed_in(&server, STAFF_EMAIL, "192.0.2.3").await;
    let (status, agency_sites) = {
        let r = agency
            .post(server.url("/graphql"))
            .json(&json!({"query": "{ sites { id domain } }"}))
            .send()
            .await
            .unwrap();
        (r.status(), r.json::<Value>().await.unwrap())
    };
    assert_eq!(status, 200);
    let site = agency_sites["data"]["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["domain"] == "lakesidebakery.com")
        .expect("the agency's client site")["id"]
        .to_string()
        .trim_matches('"')
        .to_owned();
    let r = staff
        .get(server.url(&format!(
            "/api/v1/services/reports/preview/?format=html&site_id={site}&period=2026-10&sections_included=traffic&template_id={template}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let csp = r.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(
        csp.starts_with("sandbox;") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let html = r.text().await.unwrap().to_lowercase();
    assert!(
        html.contains("<h1>northstar digital</h1>"),
        "the template still prints its data: {html}"
    );
    for gone in ["<script", "onerror", "javascript:", "<iframe", "evil.example"] {
        assert!(!html.contains(gone), "{gone} in the preview:\n{html}");
    }

    // 3. The lockout: strangers' wrong guesses do not keep staff out.
    let stranger = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for _ in 0..6 {
        let r = stranger
            .post(server.url("/api/ui/login"))
            .header("origin", &server.base)
            .header("x-forwarded-for", "203.0.113.50")
            .form(&[("email", STAFF_EMAIL), ("password", "guess")])
            .send()
            .await
            .unwrap();
        let location = r.headers()["location"].to_str().unwrap();
        assert!(location.starts_with("/login?error="), "{location}");
    }
    signed_in(&server, STAFF_EMAIL, "198.51.100.60").await;

    healthy(&mut server).await;
    let status = server.stop().await;
    assert!(status.success(), "{status}\n{}", server.log());
}
