//! The reports API over HTTP: REST in the platform's envelope and GraphQL, the same services
//! behind both; pagination, filters, field-named errors, and nothing written on bad input.

use serde_json::{Value, json};
use server::seed::{CLIENT_EMAIL, STAFF_EMAIL};

use crate::both;
use crate::support::TestApp;

const REPORTS: &str = "/api/v1/services/reports/";

async fn post(app: &TestApp, client: &reqwest::Client, path: &str, body: Value) -> (u16, Value) {
    let r = client.post(app.url(path)).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn field(body: &Value) -> &str {
    body["errors"][0]["field"].as_str().unwrap_or("")
}

both!(rest_reports_generate_list_detail_send_regenerate, |app| {
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let owner = app.signed_in(CLIENT_EMAIL).await;

    // bad input: a field-named 422, nothing written
    for (body, expected) in [
        (json!({"site_id": site}), "period"),
        (json!({"site_id": site, "period": "2026-13"}), "period"),
        (
            json!({"site_id": site, "period_start": "2026-10-31", "period_end": "2026-10-01"}),
            "period_end",
        ),
        (json!({"site_id": site, "period_start": "2026-10-01"}), "period_end"),
        (
            json!({"site_id": site, "period_start": "2025-01-01", "period_end": "2026-10-31"}),
            "period",
        ),
        (
            json!({"site_id": site, "period": "2026-10", "sections_included": ["traffic", "traffic"]}),
            "sections_included",
        ),
        (
            json!({"site_id": site, "period": "2026-10", "report_type": "daily"}),
            "report_type",
        ),
        (
            json!({"site_id": site, "period": "2026-10", "report_type": "weekly"}),
            "period",
        ),
        (json!({"site_id": site, "period": "2026-10", "theme": "sepia"}), "theme"),
        (json!({"site_id": "one", "period": "2026-10"}), "site_id"),
        (json!({"site_id": site, "period": "2026-10", "colour": "red"}), "colour"),
    ] {
        let (status, b) = post(&app, &owner, &format!("{REPORTS}generate/"), body.clone()).await;
        assert_eq!(status, 422, "{body}: {b}");
        assert_eq!(b["success"], false);
        assert!(field(&b).starts_with(expected), "{body}: {b}");
    }
    assert_eq!(app.count("igny8_service_reports").await, 0);

    let (status, b) = post(
        &app,
        &owner,
        &format!("{REPORTS}generate/"),
        json!({"site_id": site, "period": "2026-10", "sections_included": ["executive_summary", "traffic"]}),
    )
    .await;
    assert_eq!(status, 201, "{b}");
    assert_eq!(b["success"], true);
    let id = b["data"]["id"].as_i64().unwrap();
    assert_eq!(b["data"]["report_pdf_url"], format!("/reports/{id}/pdf"));
    assert_eq!(b["data"]["sections_included"], json!(["executive_summary", "traffic"]));
    assert!(b["data"]["report_data"]["traffic"]["clicks"]["current"].is_number());
    let (status, _) = post(
        &app,
        &owner,
        &format!("{REPORTS}generate/"),
        json!({"site_id": site, "period_start": "2026-09-01", "period_end": "2026-09-30"}),
    )
    .await;
    assert_eq!(status, 201);

    // lists: newest first, paged, filtered; another account sees none of it
    let (status, b) = app.get_json(&owner, &format!("{REPORTS}?page_size=1")).await;
    assert_eq!(status, 200, "{b}");
    assert_eq!(b["data"]["count"], 2);
    assert_eq!(b["data"]["results"][0]["period_start"], "2026-09-01");
    assert!(
        b["data"]["results"][0]["report_data"].is_null(),
        "lists leave the data out"
    );
    let cursor = b["data"]["next_cursor"].as_str().unwrap().to_owned();
    let (_, next) = app
        .get_json(&owner, &format!("{REPORTS}?page_size=1&cursor={cursor}"))
        .await;
    assert_eq!(next["data"]["results"][0]["id"], id);
    assert!(next["data"]["next_cursor"].is_null());
    let (_, filtered) = app
        .get_json(&owner, &format!("{REPORTS}?period_from=2026-10-01&site_id={site}"))
        .await;
    assert_eq!(filtered["data"]["count"], 1);
    for (query, expected) in [
        ("page_size=0", "page_size"),
        ("page_size=1000", "page_size"),
        ("page_size=-3", "page_size"),
        ("cursor=not-a-cursor", "cursor"),
        ("period_from=yesterday", "period_from"),
        ("site_id=abc", "site_id"),
        ("colour=red", "colour"),
    ] {
        let (status, b) = app.get_json(&owner, &format!("{REPORTS}?{query}")).await;
        assert_eq!(status, 422, "{query}: {b}");
        assert!(field(&b).starts_with(expected), "{query}: {b}");
    }
    let other = app.signed_in("owner@harbor-legal.example").await;
    let (_, theirs) = app.get_json(&other, REPORTS).await;
    assert_eq!(theirs["data"]["count"], 0);
    let (status, _) = app.get_json(&other, &format!("{REPORTS}{id}/")).await;
    assert_eq!(status, 404);
    let staff = app.signed_in(STAFF_EMAIL).await;
    let (_, all) = app.get_json(&staff, REPORTS).await;
    assert_eq!(all["data"]["count"], 2, "staff see every account's");

    // detail, regenerate, send (to the subscription's recipients, once)
    let (status, detail) = app.get_json(&owner, &format!("{REPORTS}{id}/")).await;
    assert_eq!(status, 200);
    assert_eq!(detail["data"]["report_data"]["schema_version"], 2);
    let (status, b) = post(&app, &owner, &format!("{REPORTS}{id}/regenerate/"), json!({})).await;
    assert_eq!(status, 200, "{b}");
    let (status, b) = post(
        &app,
        &owner,
        &format!("{REPORTS}{id}/send/"),
        json!({"recipients": ["not an address"]}),
    )
    .await;
    assert_eq!((status, field(&b)), (422, "recipients"), "{b}");
    let (status, b) = post(&app, &owner, &format!("{REPORTS}{id}/send/"), json!({})).await;
    assert_eq!(status, 202, "{b}");
    assert_eq!(b["data"]["status"], "sending");
    let queued = app.count(&format!("igny8_email_outbox WHERE report_id = {id}")).await;
    assert!(queued >= 1);
    let (status, _) = post(&app, &owner, &format!("{REPORTS}{id}/send/"), json!({})).await;
    assert_eq!(status, 202);
    assert_eq!(
        app.count(&format!("igny8_email_outbox WHERE report_id = {id}")).await,
        queued,
        "never twice"
    );
    let (status, _) = post(&app, &other, &format!("{REPORTS}{id}/send/"), json!({})).await;
    assert_eq!(status, 404);

    // a report the pre-send check held back is refused with its reason, and nothing is queued
    let (_, b) = post(
        &app,
        &owner,
        &format!("{REPORTS}generate/"),
        json!({"site_id": site, "period": "2026-08"}),
    )
    .await;
    let held_id = b["data"]["id"].as_i64().unwrap();
    app.exec(&format!(
        "UPDATE igny8_service_reports SET hold_reason = 'the PDF has no pages' WHERE id = {held_id}"
    ))
    .await;
    let (status, b) = post(&app, &owner, &format!("{REPORTS}{held_id}/send/"), json!({})).await;
    assert_eq!(status, 409, "{b}");
    assert!(
        b["message"].as_str().unwrap_or("").contains("the PDF has no pages"),
        "{b}"
    );
    assert_eq!(
        app.count(&format!("igny8_email_outbox WHERE report_id = {held_id}"))
            .await,
        0
    );
});

both!(rest_previews_answer_json_html_or_pdf_and_save_nothing, |app| {
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let owner = app.signed_in(CLIENT_EMAIL).await;
    let base = format!("{REPORTS}preview/?site_id={site}&period=2026-10");
    let (status, b) = app.get_json(&owner, &base).await;
    assert_eq!(status, 200, "{b}");
    assert!(b["data"]["html"].as_str().unwrap().contains("Executive Summary"));
    assert!(b["data"]["report_data"]["summary"].is_object());
    let r = owner.get(app.url(&format!("{base}&format=html"))).send().await.unwrap();
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let r = owner
        .get(app.url(&format!(
            "{base}&format=pdf&sections_included=traffic,content&theme=dark"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF-"));
    let (status, b) = app.get_json(&owner, &format!("{base}&format=docx")).await;
    assert_eq!((status, field(&b)), (422, "format"));
    assert_eq!(app.count("igny8_service_reports").await, 0);
});

both!(graphql_reports_connection_and_mutations, |app| {
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let owner = app.signed_in(CLIENT_EMAIL).await;
    let generate = |period: &str| {
        format!(
            r#"mutation {{ generateReport(input: {{siteId: {site}, period: "{period}", sectionsIncluded: ["traffic"]}}) {{ id status reportPdfUrl reportData {{ traffic {{ clicks {{ current change changePct }} }} }} }} }}"#
        )
    };
    let (_, b) = app.graphql(&owner, &generate("2026-10")).await;
    assert!(b["errors"].is_null(), "{b}");
    assert!(b["data"]["generateReport"]["reportData"]["traffic"]["clicks"]["current"].is_number());
    let (_, _) = app.graphql(&owner, &generate("2026-09")).await;

    let (_, b) = app
        .graphql(
            &owner,
            "{ reports(first: 1) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { periodStart siteName } } } }",
        )
        .await;
    let c = &b["data"]["reports"];
    assert_eq!(c["totalCount"], 2, "{b}");
    assert_eq!(c["pageInfo"]["hasNextPage"], true);
    let after = c["pageInfo"]["endCursor"].as_str().unwrap();
    let (_, b) = app
        .graphql(
            &owner,
            &format!(r#"{{ reports(first: 5, after: "{after}") {{ nodes {{ periodStart }} }} }}"#),
        )
        .await;
    assert_eq!(b["data"]["reports"]["nodes"][0]["periodStart"], "2026-10-01", "{b}");

    // field-named errors in extensions, camelCase like the arguments
    for (query, code, f) in [
        (
            format!(
                r#"mutation {{ generateReport(input: {{siteId: {site}, periodStart: "2026-10-31", periodEnd: "2026-10-01"}}) {{ id }} }}"#
            ),
            "INVALID",
            "periodEnd",
        ),
        (
            format!(
                r#"mutation {{ generateReport(input: {{siteId: {site}, period: "2026-10", sectionsIncluded: ["seo"]}}) {{ id }} }}"#
            ),
            "INVALID",
            "sectionsIncluded",
        ),
        ("{ reports(first: 500) { totalCount } }".to_owned(), "INVALID", "first"),
        (
            r#"{ reports(after: "%%%") { totalCount } }"#.to_owned(),
            "INVALID",
            "after",
        ),
        ("{ report(id: \"abc\") { id } }".to_owned(), "INVALID", "id"),
        ("{ report(id: \"999999\") { id } }".to_owned(), "NOT_FOUND", ""),
    ] {
        let (_, b) = app.graphql(&owner, &query).await;
        let ext = &b["errors"][0]["extensions"];
        assert_eq!(ext["code"], code, "{query}: {b}");
        if !f.is_empty() {
            assert_eq!(ext["field"], f, "{query}: {b}");
        }
    }

    let (_, b) = app
        .graphql(
            &owner,
            &format!(r#"mutation {{ previewReport(input: {{siteId: {site}, period: "2026-10"}}, withPdf: true) {{ pdfBase64 holdReason html }} }}"#),
        )
        .await;
    assert!(
        b["data"]["previewReport"]["pdfBase64"]
            .as_str()
            .unwrap()
            .starts_with("JVBERi0"),
        "a PDF, base64"
    );
    assert_eq!(app.count("igny8_service_reports").await, 2, "the preview saved nothing");

    let id = app
        .id_where("igny8_service_reports", "period_start", "2026-10-01")
        .await;
    let (_, b) = app
        .graphql(
            &owner,
            &format!(r#"mutation {{ createShareLink(reportId: "{id}", expiresInHours: 24) {{ id url expiresAt }} }}"#),
        )
        .await;
    let url = b["data"]["createShareLink"]["url"].as_str().unwrap().to_owned();
    let path = url
        .split_once("/reports/")
        .map(|(_, p)| format!("/reports/{p}"))
        .unwrap();
    assert_eq!(app.client().get(app.url(&path)).send().await.unwrap().status(), 200);
    let other = app.signed_in("owner@harbor-legal.example").await;
    let (_, b) = app
        .graphql(&other, &format!(r#"{{ report(id: "{id}") {{ id }} }}"#))
        .await;
    assert_eq!(b["errors"][0]["extensions"]["code"], "NOT_FOUND");
});
