//! The report generator page on a real server: a preview writes nothing and finds what the
//! preview endpoint finds, "Generate" records the report the REST API then shows, "Send" queues
//! its email, refused input comes back beside its field with nothing written, and a batch runs
//! every due client with its progress on its own page.

use std::time::Duration;

use chrono::{Datelike, Months};
use serde_json::Value;
use server::seed::{CLIENT_EMAIL, STAFF_EMAIL};

use crate::both;
use crate::support::TestApp;

async fn subscription_of(app: &TestApp, domain: &str) -> i64 {
    let site = app.id_where("igny8_sites", "domain", domain).await;
    app.id_where("igny8_managed_service_subscriptions", "site_id", &site.to_string())
        .await
}

/// The generator form for `client` with the period and sections given and the rest default.
fn form<'a>(client: &'a str, period: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("client", client),
        ("period", period),
        ("report_type", ""),
        ("sections[]", "traffic"),
        ("sections[]", "indexing"),
        ("branding_id", ""),
        ("template_id", ""),
        ("theme", ""),
    ];
    for (k, v) in extra {
        if let Some(slot) = f.iter_mut().find(|(name, _)| name == k && *k != "sections[]") {
            slot.1 = v;
        } else {
            f.push((k, v));
        }
    }
    f
}

/// The error shown beside `control` (the field's `data-field` block holds it).
fn field_error(html: &str, control: &str) -> Option<String> {
    let start = html.find(&format!("data-field=\"{control}\""))?;
    let rest = &html[start..];
    let end = rest[1..].find("data-field=").map_or(rest.len(), |i| i + 1);
    let block = &rest[..end];
    let e = block.find("data-test=\"field-error\"")?;
    let text = &block[e..];
    let open = text.find('>')? + 1;
    let close = text[open..].find('<')?;
    Some(text[open..open + close].to_owned())
}

both!(the_generator_previews_without_writing_then_generates_and_sends, |app| {
    let staff = app.signed_in(STAFF_EMAIL).await;
    let sub = subscription_of(&app, "brightsmiledental.com").await;
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let client = sub.to_string();

    // step one: find the client
    let (status, _, html) = app.page(&staff, "/services/reports/new?q=harbor").await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(html.matches("data-test=\"choose\"").count(), 1, "{html}");
    assert!(html.contains("Harbor Legal Group"));

    // the form starts from the client's settings and the last month on its calendar (New York)
    let (status, _, html) = app.page(&staff, &format!("/services/reports/new?client={sub}")).await;
    assert_eq!(status, 200, "{html}");
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::America::New_York)
        .date_naive();
    let last_month = (today.with_day(1).unwrap() - Months::new(1))
        .format("%Y-%m")
        .to_string();
    assert!(html.contains(&format!("value=\"{last_month}\"")), "{last_month}");
    assert_eq!(html.matches("name=\"sections[]\"").count(), 9);
    assert_eq!(html.matches("checked").count(), 9, "all nine sections by default");

    // a preview renders and writes nothing: no report row, no file, no email
    let before = (
        app.count("igny8_service_reports").await,
        app.count("igny8_email_outbox").await,
        stored_files(&app.state),
    );
    let mut query: Vec<String> = form(&client, "2026-10", &[("theme", "dark"), ("preview", "1")])
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencoding(v)))
        .collect();
    query.sort();
    let (status, _, html) = app
        .page(&staff, &format!("/services/reports/new?{}", query.join("&")))
        .await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("data-test=\"preview-panel\""), "{html}");
    // what it found is what the preview endpoint finds for the same request
    let api = format!(
        "/api/v1/services/reports/preview/?site_id={site}&period=2026-10&sections_included=traffic,indexing&theme=dark"
    );
    let (status, b) = app.get_json(&staff, &api).await;
    assert_eq!(status, 200, "{b}");
    for section in ["traffic", "indexing"] {
        let expected = b["data"]["report_data"][section]["status"].as_str().unwrap();
        let at = html.find(&format!("data-section=\"{section}\"")).expect(section);
        let item = &html[at..at + html[at..].find("</li>").unwrap()];
        assert!(
            item.to_lowercase().contains(&expected.replace('_', " ")),
            "{section}: {expected} in {item}"
        );
    }
    assert_eq!(
        html.contains("data-test=\"hold-reason\""),
        !b["data"]["hold_reason"].is_null(),
        "the pre-send check agrees"
    );
    // the frames load the web version (sandboxed) and the PDF (framable by this site only)
    let frame = |name: &str| {
        let at = html.find(&format!("data-test=\"{name}\"")).unwrap();
        let tag_start = html[..at].rfind("<iframe").unwrap();
        let src = &html[tag_start..at];
        let s = src.find("src=\"").unwrap() + 5;
        src[s..s + src[s..].find('"').unwrap()].replace("&amp;", "&")
    };
    let r = staff.get(app.url(&frame("preview-html"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let csp = r.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.starts_with("sandbox;"), "{csp}");
    assert!(r.text().await.unwrap().contains("Organic Traffic"));
    let r = staff.get(app.url(&frame("preview-pdf"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let csp = r.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF"));
    let after = (
        app.count("igny8_service_reports").await,
        app.count("igny8_email_outbox").await,
        stored_files(&app.state),
    );
    assert_eq!(before, after, "a preview writes nothing");

    // refused input comes back beside its field, with nothing written
    let harbor = subscription_of(&app, "harborlegal.com").await;
    let agency_branding = app
        .id_where("igny8_agency_branding", "brand_name", "Northstar Digital")
        .await
        .to_string();
    app.exec(&format!(
        "UPDATE igny8_accounts SET feature_gates = '[]' WHERE id = (SELECT account_id FROM igny8_managed_service_subscriptions WHERE id = {harbor})"
    ))
    .await;
    let harbor = harbor.to_string();
    for (fields, control, says) in [
        (
            form(&client, "2025-01-01..2026-06-30", &[]),
            "period",
            "longer than a year",
        ),
        (form(&client, "2026-13", &[]), "period", "is not YYYY-MM"),
        (form(&client, "", &[]), "period", "is required"),
        (
            form(&client, "2026-W45", &[("report_type", "monthly")]),
            "period",
            "a monthly report covers",
        ),
        (
            form(&client, "2026-10", &[("branding_id", &agency_branding)]),
            "branding_id",
            "no active branding",
        ),
        (
            form(&client, "2026-10", &[("template_id", "abc")]),
            "template_id",
            "is not an id",
        ),
        (form(&client, "2026-10", &[("theme", "sepia")]), "theme", "sepia"),
        (
            vec![("client", client.as_str()), ("period", "2026-10")],
            "sections",
            "at least one section",
        ),
        (form(&harbor, "2026-10", &[]), "client", "plan does not include reports"),
    ] {
        let (status, to) = app.post_form(&staff, "create_report", &fields).await;
        assert!(matches!(status, 302 | 303), "{fields:?}: {status}");
        assert!(to.contains("error="), "{to}");
        let (status, _, html) = app.page(&staff, &to).await;
        assert_eq!(status, 200);
        let shown = field_error(&html, control).unwrap_or_else(|| panic!("no error beside {control}: {to}"));
        assert!(shown.contains(says), "{control}: {shown}");
        // the values come back as entered
        let period = fields.iter().find(|(k, _)| *k == "period").unwrap().1;
        assert!(html.contains(&format!("value=\"{period}\"")), "{period}");
    }
    assert_eq!(
        app.count("igny8_service_reports").await,
        before.0,
        "nothing was written"
    );

    // generate: stored and recorded as the API shows it, and in the page's history
    let (_, to) = app
        .post_form(&staff, "create_report", &form(&client, "2026-10", &[]))
        .await;
    assert!(to.contains("done=generated"), "{to}");
    let id: i64 = to
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("report="))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(app.count("igny8_service_reports").await, before.0 + 1);
    let (_, b) = app.get_json(&staff, &format!("/api/v1/services/reports/{id}/")).await;
    let r = &b["data"];
    assert_eq!(
        (r["site_id"].as_i64(), r["report_type"].as_str()),
        (Some(site), Some("monthly"))
    );
    assert_eq!(
        (r["period_start"].as_str(), r["period_end"].as_str()),
        (Some("2026-10-01"), Some("2026-10-31"))
    );
    assert_eq!(r["sections_included"], serde_json::json!(["traffic", "indexing"]));
    let (_, _, html) = app.page(&staff, &to).await;
    assert!(html.contains("data-test=\"made\""));
    assert!(
        html.contains(&format!("data-report=\"{id}\"")),
        "the new report is in the history"
    );

    // send: the email is queued for the client's recipients
    let (_, to) = app
        .post_form(
            &staff,
            "send_new_report",
            &[("client", &client), ("report", &id.to_string())],
        )
        .await;
    assert!(to.contains("done=sent"), "{to}");
    assert!(
        app.count_where("igny8_email_outbox", &format!("report_id = {id}"))
            .await
            > 0
    );
});

both!(a_batch_runs_every_due_client_and_shows_its_progress, |app| {
    let staff = app.signed_in(STAFF_EMAIL).await;
    let due = app
        .count_where(
            "igny8_managed_service_subscriptions",
            "status = 'active' AND tier IN ('lite', 'pro')",
        )
        .await;
    let before = app.count("igny8_service_reports").await;

    // a period that is not the type's length is refused beside the period
    let (_, to) = app
        .post_form(
            &staff,
            "start_report_batch",
            &[("report_type", "monthly"), ("period", "2026-W45")],
        )
        .await;
    assert!(to.starts_with("/services/reports/new?"), "{to}");
    let (_, _, html) = app.page(&staff, &to).await;
    assert!(
        field_error(&html, "b-period")
            .unwrap()
            .contains("a monthly report covers"),
        "{html}"
    );

    let (status, to) = app
        .post_form(
            &staff,
            "start_report_batch",
            &[("report_type", "monthly"), ("period", "2026-10")],
        )
        .await;
    assert_eq!(status, 302, "{to}");
    assert!(to.starts_with("/services/reports/batches/"), "{to}");
    let id = to.rsplit('/').next().unwrap().to_owned();
    let mut progress = Value::Null;
    for _ in 0..240 {
        let r = staff
            .post(app.url("/api/ui/report_batch"))
            .header("accept", "application/json")
            .form(&[("id", id.as_str())])
            .send()
            .await
            .unwrap();
        progress = r.json().await.unwrap();
        if !progress["finished_at"].is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(!progress["finished_at"].is_null(), "the batch finished: {progress}");
    assert_eq!(progress["due"].as_i64(), Some(due));
    assert_eq!(progress["failed"].as_i64(), Some(0), "{progress}");
    let generated = progress["generated"].as_i64().unwrap();
    assert_eq!(generated + progress["skipped"].as_i64().unwrap(), due);
    assert_eq!(app.count("igny8_service_reports").await, before + generated);

    let (status, _, html) = app.page(&staff, &to).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("data-state=\"completed\""), "{html}");
    assert_eq!(html.matches("data-test=\"batch-site\"").count() as i64, due);
    assert!(html.contains("lakesidebakery.com"));
    assert!(
        !html.contains("http-equiv=\"refresh\""),
        "a finished batch does not reload"
    );

    // again: everything is there already
    let (_, to) = app
        .post_form(
            &staff,
            "start_report_batch",
            &[("report_type", "monthly"), ("period", "2026-10")],
        )
        .await;
    let id = to.rsplit('/').next().unwrap().to_owned();
    for _ in 0..240 {
        let (_, _, html) = app.page(&staff, &to).await;
        if html.contains("data-state=\"completed\"") {
            assert_eq!(
                html.matches("data-outcome=\"skipped\"").count() as i64,
                due,
                "batch {id}"
            );
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(app.count("igny8_service_reports").await, before + generated);

    // the generator lists both; clients and unknown batches see nothing
    let (_, _, html) = app.page(&staff, "/services/reports/new").await;
    assert_eq!(html.matches("/services/reports/batches/").count(), 2);
    let client = app.signed_in(CLIENT_EMAIL).await;
    for path in ["/services/reports/new", "/services/reports/batches/1"] {
        let (status, _, _) = app.page(&client, path).await;
        assert_eq!(status, 403, "{path}");
    }
    let (status, _, _) = app.page(&staff, "/services/reports/batches/99").await;
    assert_eq!(status, 404);
    let (status, _) = app
        .post_form(
            &client,
            "start_report_batch",
            &[("report_type", "monthly"), ("period", "2026-09")],
        )
        .await;
    assert_eq!(status, 403);
});

fn urlencoding(v: &str) -> String {
    form_urlencoded::byte_serialize(v.as_bytes()).collect()
}
