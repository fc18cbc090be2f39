//! Brandings and report templates over REST and GraphQL: every field checked, the gates, other
//! accounts' objects "not found", deletions that would break scheduled reports refused.

use serde_json::{Value, json};
use server::seed::{CLIENT_EMAIL, STAFF_EMAIL};

use crate::both;
use crate::support::{TestApp, send};

const BRANDING: &str = "/api/v1/services/branding/";
const TEMPLATES: &str = "/api/v1/services/report-templates/";
const AGENCY: &str = "admin@northstar-digital.example";

fn good() -> Value {
    json!({
        "brand_name": "Lakeside Growth",
        "primary_color": "#0e7c66",
        "secondary_color": "#F2C14E",
        "contact_email": "Hello@Lakeside.example",
        "contact_phone": "+1 (555) 010-0100",
        "website_url": "https://lakeside.example",
        "footer_text": "Prepared by Lakeside Growth",
        "brand_logo_url": "https://cdn.lakeside.example/logo.png"
    })
}

both!(brandings_are_checked_field_by_field, |app| {
    let agency = app.signed_in(AGENCY).await;
    let before = app.count("igny8_agency_branding").await;
    for (key, value, expected) in [
        ("primary_color", json!("red"), "primary_color"),
        ("secondary_color", json!("#12345"), "secondary_color"),
        ("brand_name", json!("<b>Bold</b>"), "brand_name"),
        ("brand_name", json!(""), "brand_name"),
        ("brand_name", json!("x".repeat(201)), "brand_name"),
        ("contact_email", json!("not-an-email"), "contact_email"),
        ("contact_phone", json!("call me"), "contact_phone"),
        ("website_url", json!("javascript:alert(1)"), "website_url"),
        ("brand_logo_url", json!("ftp://x.example/logo.png"), "brand_logo_url"),
        ("footer_text", json!("x".repeat(501)), "footer_text"),
        ("brand_name", json!("東京 Growth"), "brand_name"),
        ("footer_text", json!("Growth ☃ partners"), "footer_text"),
        ("colour", json!("red"), "colour"),
    ] {
        let mut body = good();
        body[key] = value;
        let (status, b) = send(&app, &agency, "POST", BRANDING, body).await;
        assert_eq!(status, 422, "{key}: {b}");
        assert!(
            b["errors"][0]["field"].as_str().unwrap().starts_with(expected),
            "{key}: {b}"
        );
    }
    assert_eq!(app.count("igny8_agency_branding").await, before, "nothing written");

    let (status, b) = send(&app, &agency, "POST", BRANDING, good()).await;
    assert_eq!(status, 201, "{b}");
    let id = b["data"]["id"].as_i64().unwrap();
    assert_eq!(b["data"]["primary_color"], "#0E7C66", "normalised");
    assert_eq!(b["data"]["contact_email"], "hello@lakeside.example");
    let (_, list) = app.get_json(&agency, BRANDING).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 3, "two from the demo, one new");

    let mut changed = good();
    changed["brand_name"] = json!("Lakeside Growth Partners");
    changed["is_active"] = json!(false);
    let (status, b) = send(&app, &agency, "PUT", &format!("{BRANDING}{id}/"), changed).await;
    assert_eq!(status, 200, "{b}");
    assert_eq!(
        (b["data"]["brand_name"].as_str(), b["data"]["is_active"].as_bool()),
        (Some("Lakeside Growth Partners"), Some(false))
    );

    // gates and accounts
    let owner = app.signed_in(CLIENT_EMAIL).await;
    let (status, _) = send(&app, &owner, "POST", BRANDING, good()).await;
    assert_eq!(status, 403, "no white_label gate");
    let (status, _) = app.get_json(&owner, &format!("{BRANDING}{id}/")).await;
    assert_eq!(status, 403, "the gate comes first");
    let (status, _) = send(&app, &owner, "PUT", &format!("{BRANDING}{id}/"), good()).await;
    assert_eq!(status, 404);
    let staff = app.signed_in(STAFF_EMAIL).await;
    let (status, _) = app.get_json(&staff, &format!("{BRANDING}{id}/")).await;
    assert_eq!(status, 200, "staff read every account's");
    let (status, _) = send(&app, &staff, "DELETE", &format!("{BRANDING}{id}/"), json!({})).await;
    assert_eq!(status, 404, "but change none but their own");

    // a branding in a subscription's report settings stays until they change
    let site = app.id_where("igny8_sites", "domain", "lakesidebakery.com").await;
    app.exec(&format!(
        "UPDATE igny8_managed_service_subscriptions SET config = '{{\"branding_id\": {id}}}' WHERE site_id = {site}"
    ))
    .await;
    let (status, b) = send(&app, &agency, "DELETE", &format!("{BRANDING}{id}/"), json!({})).await;
    assert_eq!(status, 409, "{b}");
    app.exec(&format!(
        "UPDATE igny8_managed_service_subscriptions SET config = '{{}}' WHERE site_id = {site}"
    ))
    .await;
    let r = agency
        .delete(app.url(&format!("{BRANDING}{id}/")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let (status, _) = app.get_json(&agency, &format!("{BRANDING}{id}/")).await;
    assert_eq!(status, 404);

    // GraphQL: the same rules, fields in camelCase
    let (_, b) = app
        .graphql(
            &agency,
            r##"mutation { createBranding(input: {brandName: "X", primaryColor: "blue", secondaryColor: "#000000"}) { id } }"##,
        )
        .await;
    assert_eq!(b["errors"][0]["extensions"]["field"], "primaryColor", "{b}");
});

both!(templates_are_checked_and_one_is_the_default, |app| {
    let agency = app.signed_in(AGENCY).await;
    let html = "<h1>{{client}}</h1>{{#each sections}}<h2>{{title}}</h2>{{/each}}";
    for (body, expected) in [
        (
            json!({"name": "T", "template_html": "<h1>{{{client}}}</h1>"}),
            "template_html",
        ),
        (
            json!({"name": "T", "template_html": "{{#each sections}}"}),
            "template_html",
        ),
        (
            json!({"name": "T", "template_html": "<h1>{{client_name}}</h1>"}),
            "template_html",
        ),
        (
            json!({"name": "T", "template_html": "x".repeat(300 * 1024)}),
            "template_html",
        ),
        (
            json!({"name": "T", "template_html": html, "template_css": "</style><script>"}),
            "template_css",
        ),
        (json!({"name": "", "template_html": html}), "name"),
        (json!({"name": "T", "template_html": html, "theme": "sepia"}), "theme"),
        (
            json!({"name": "T", "template_html": html, "branding_id": 999999}),
            "branding_id",
        ),
    ] {
        let (status, b) = send(&app, &agency, "POST", TEMPLATES, body.clone()).await;
        assert_eq!(status, 422, "{b}");
        assert_eq!(b["errors"][0]["field"], expected, "{b}");
    }
    assert_eq!(app.count("igny8_report_templates").await, 0);
    let (status, first) = send(
        &app,
        &agency,
        "POST",
        TEMPLATES,
        json!({"name": "Agency", "template_html": html, "theme": "dark", "is_default": true}),
    )
    .await;
    assert_eq!(status, 201, "{first}");
    let (_, second) = send(
        &app,
        &agency,
        "POST",
        TEMPLATES,
        json!({"name": "Second", "template_html": html, "is_default": true}),
    )
    .await;
    let (_, list) = app.get_json(&agency, TEMPLATES).await;
    let defaults: Vec<&str> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["is_default"] == true)
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(defaults, ["Second"], "one default per account");
    let id = first["data"]["id"].as_i64().unwrap();
    let (status, b) = send(
        &app,
        &agency,
        "PUT",
        &format!("{TEMPLATES}{id}/"),
        json!({"name": "Agency v2", "template_html": html}),
    )
    .await;
    assert_eq!((status, b["data"]["name"].as_str()), (200, Some("Agency v2")));
    let owner = app.signed_in(CLIENT_EMAIL).await;
    let (status, _) = send(
        &app,
        &owner,
        "PUT",
        &format!("{TEMPLATES}{id}/"),
        json!({"name": "x", "template_html": html}),
    )
    .await;
    assert_eq!(status, 404);
    let (_, theirs) = app.get_json(&owner, TEMPLATES).await;
    assert_eq!(theirs["data"], json!([]));
    assert!(second["data"]["id"].is_number());
});
