//! The admin pages' figures are the API's and the report's for the same period: the overview's
//! headline figures (hand-checked in the README for the demo) and a client's content panel
//! against the report data of the same month.

use serde_json::{Value, json};
use server::seed::STAFF_EMAIL;

use crate::both;

/// The text of the element marked `data-test="name"` (its first text node).
fn figure(html: &str, name: &str) -> String {
    let marker = format!("data-test=\"{name}\"");
    let at = html.find(&marker).unwrap_or_else(|| panic!("no {name} in the page"));
    let rest = &html[at..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest[start..].find('<').unwrap() + start;
    rest[start..end].trim().to_owned()
}

both!(the_pages_show_the_figures_of_the_api_and_the_reports, |app| {
    let staff = app.signed_in(STAFF_EMAIL).await;
    let (status, _, html) = app.page(&staff, "/services").await;
    assert_eq!(status, 200);
    // the demo's MRR and clients, hand-computed in the README (§ Figures)
    assert_eq!(figure(&html, "mrr-value"), "$3,154.10");
    assert_eq!(figure(&html, "client-count-value"), "11");
    let (_, api) = app.get_json(&staff, "/api/v1/services/dashboard/").await;
    assert_eq!(
        figure(&html, "revenue-value"),
        api["data"]["revenue"]["display"].as_str().unwrap()
    );
    assert_eq!(figure(&html, "overdue-value"), api["data"]["overdue"].to_string());

    // a client's content panel for October and the October report's content section
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let subscription = app
        .id_where("igny8_managed_service_subscriptions", "site_id", &site.to_string())
        .await;
    let (status, _, html) = app
        .page(
            &staff,
            &format!("/services/clients/{subscription}?tab=content&month=2026-10"),
        )
        .await;
    assert_eq!(status, 200);
    let published: f64 = figure(&html, "content-published-value").parse().unwrap();
    let r = staff
        .post(app.url("/api/v1/services/reports/generate/"))
        .json(&json!({"site_id": site, "period": "2026-10", "sections_included": ["content"]}))
        .send()
        .await
        .unwrap();
    let report: Value = r.json().await.unwrap();
    let id = report["data"]["id"].as_i64().unwrap();
    let (_, detail) = app.get_json(&staff, &format!("/api/v1/services/reports/{id}/")).await;
    let in_report = detail["data"]["report_data"]["content"]["articles_published"]["current"]
        .as_f64()
        .unwrap();
    assert_eq!(published, in_report, "the page and the report count the same articles");
    let (_, gql) = app
        .graphql(
            &staff,
            &format!(r#"{{ contentTracker(siteId: "{site}", month: "2026-10") {{ published }} }}"#),
        )
        .await;
    assert_eq!(gql["data"]["contentTracker"]["published"].as_f64(), Some(published));
});
