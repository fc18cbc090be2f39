//! Report recipients set by a client's owners and admins: an address outside the account gets
//! reports only after confirming through the link emailed to it (through a real SMTP server),
//! on a real server, SQLite and PostgreSQL.

use serde_json::{Value, json};
use server::seed::STAFF_EMAIL;

use crate::both;
use crate::servers::{SmtpServer, header};
use crate::support::{TestApp, location};

const OWNER: &str = "owner@summit-pt.example";
const OUTSIDER: &str = "client.boss@outside.example";

fn set(sub: i64, emails: &[&str]) -> String {
    format!(
        r#"mutation {{ setReportRecipients(subscriptionId: "{sub}", recipients: {}) {{ confirmed pending {{ email requestedBy expired }} }} }}"#,
        serde_json::to_string(emails).unwrap()
    )
}

fn get(sub: i64) -> String {
    format!(r#"{{ reportRecipients(subscriptionId: "{sub}") {{ confirmed pending {{ email expired }} }} }}"#)
}

fn error(b: &Value) -> (String, String) {
    let e = &b["errors"][0]["extensions"];
    (
        e["code"].as_str().unwrap_or_default().to_owned(),
        e["field"].as_str().unwrap_or_default().to_owned(),
    )
}

/// Delivers what is due through `smtp`; returns the confirmation tokens mailed to `to`.
async fn mailed_tokens(app: &TestApp, smtp: &SmtpServer, to: &str) -> Vec<String> {
    crate::servers::mailed_links(app, smtp, to, "/recipients/confirm/").await
}

both!(outside_recipients_get_reports_only_once_they_confirm, |app| {
    let owner = app.signed_in(OWNER).await;
    let anon = app.client();
    let site = app.id_where("igny8_sites", "domain", "summitpt-denver.com").await;
    let sub = app
        .id_where("igny8_managed_service_subscriptions", "site_id", &site.to_string())
        .await;
    let (_, before) = app.graphql(&owner, &get(sub)).await;

    // bad input: the field is named and nothing is written
    let (_, b) = app.graphql(&owner, &set(sub, &[OWNER, "not an address"])).await;
    assert_eq!(error(&b), ("INVALID".into(), "recipients".into()), "{b}");
    let (_, after) = app.graphql(&owner, &get(sub)).await;
    assert_eq!(after, before);
    assert_eq!(app.count("igny8_recipient_confirmations").await, 0);

    // the account's own user is confirmed at once; an outside address waits, emailed once
    let (_, b) = app
        .graphql(&owner, &set(sub, &[OWNER, "Client.Boss@Outside.example"]))
        .await;
    let r = &b["data"]["setReportRecipients"];
    assert_eq!(r["confirmed"], json!([OWNER]), "{b}");
    assert_eq!(
        r["pending"],
        json!([{"email": OUTSIDER, "requestedBy": OWNER, "expired": false}])
    );
    app.graphql(&owner, &set(sub, &[OWNER, OUTSIDER])).await;
    assert_eq!(
        app.count_where("igny8_email_outbox", "confirmation_id IS NOT NULL")
            .await,
        1,
        "asked once, not at every save"
    );

    // members may not choose recipients; other accounts do not see the subscription
    app.exec(&format!(
        "INSERT INTO igny8_users (account_id, email, first_name, last_name, password_hash, role, is_staff, site_restricted, is_active, created_at, updated_at) \
         SELECT account_id, 'member@summit-pt.example', 'M', 'M', password_hash, 'member', false, false, true, created_at, updated_at FROM igny8_users WHERE email = '{OWNER}'"
    ))
    .await;
    let member = app.signed_in("member@summit-pt.example").await;
    let (_, b) = app.graphql(&member, &set(sub, &[OUTSIDER])).await;
    assert_eq!(error(&b).0, "FORBIDDEN", "{b}");
    let other = app.signed_in("owner@harbor-legal.example").await;
    let (_, b) = app.graphql(&other, &set(sub, &[OUTSIDER])).await;
    assert_eq!(error(&b).0, "NOT_FOUND", "{b}");

    // until it confirms, no report goes to the outside address
    let staff = app.signed_in(STAFF_EMAIL).await;
    let r = staff
        .post(app.url("/api/v1/services/reports/generate/"))
        .json(&json!({"site_id": site, "period": "2026-10"}))
        .send()
        .await
        .unwrap();
    let report = r.json::<Value>().await.unwrap()["data"]["id"].as_i64().unwrap();
    let send = format!(r#"mutation {{ sendReport(id: "{report}", recipients: ["{OUTSIDER}"]) {{ id }} }}"#);
    let (_, b) = app.graphql(&owner, &send).await;
    assert_eq!(error(&b), ("INVALID".into(), "recipients".into()), "{b}");

    // the email carries the link; opening it changes nothing
    let smtp = SmtpServer::start().await;
    let tokens = mailed_tokens(&app, &smtp, OUTSIDER).await;
    assert_eq!(tokens.len(), 1, "{:?}", smtp.messages());
    let message = &smtp.messages()[0];
    assert!(
        header(message, "Subject").unwrap().contains("Please confirm"),
        "{message}"
    );
    assert!(header(message, "From").unwrap().contains("IGNY8 Reports"));
    let link = format!("/recipients/confirm/{}", tokens[0]);
    let (status, _, page) = app.page(&anon, &link).await;
    assert_eq!(status, 200, "{page}");
    for shown in [
        "Summit",
        OUTSIDER,
        "Confirm and receive the reports",
        "/api/ui/confirm_recipient",
    ] {
        assert!(page.contains(shown), "{shown} in {page}");
    }
    let (_, b) = app.graphql(&owner, &get(sub)).await;
    assert_eq!(b["data"]["reportRecipients"]["pending"][0]["email"], OUTSIDER);

    // confirming (a plain form post, no sign-in) adds it; the link then says so
    let r = anon
        .post(app.url("/api/ui/confirm_recipient"))
        .header("accept", "text/html")
        .form(&[("token", tokens[0].as_str())])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    assert_eq!(location(&r), link);
    let (status, _, page) = app.page(&anon, &link).await;
    assert_eq!(status, 200);
    assert!(page.contains("Confirmed on"), "{page}");
    let (_, b) = app.graphql(&owner, &get(sub)).await;
    assert_eq!(
        b["data"]["reportRecipients"],
        json!({"confirmed": [OWNER, OUTSIDER], "pending": []})
    );
    let (_, b) = app.graphql(&owner, &send).await;
    assert!(b["errors"].is_null(), "{b}");

    // removing takes effect at once, and the old link stops working; adding back asks again
    app.graphql(&owner, &set(sub, &[OWNER])).await;
    let (status, _, page) = app.page(&anon, &link).await;
    assert_eq!(status, 404);
    assert!(page.contains("This link no longer works"), "{page}");
    let (_, b) = app.graphql(&owner, &set(sub, &[OWNER, OUTSIDER])).await;
    assert_eq!(b["data"]["setReportRecipients"]["confirmed"], json!([OWNER]), "{b}");

    // a lapsed request's link is dead; saving the address again sends a new one
    let tokens = mailed_tokens(&app, &smtp, OUTSIDER).await;
    let fresh = tokens.last().unwrap().clone();
    app.exec("UPDATE igny8_recipient_confirmations SET expires_at = '2020-01-01 00:00:00'")
        .await;
    let (_, b) = app.graphql(&owner, &get(sub)).await;
    assert_eq!(b["data"]["reportRecipients"]["pending"][0]["expired"], true);
    let (status, _, _) = app.page(&anon, &format!("/recipients/confirm/{fresh}")).await;
    assert_eq!(status, 404);
    let r = anon
        .post(app.url("/api/ui/confirm_recipient"))
        .form(&[("token", fresh.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404, "a lapsed link confirms nothing");
    app.graphql(&owner, &set(sub, &[OWNER, OUTSIDER])).await;
    assert_eq!(
        app.count_where("igny8_email_outbox", "confirmation_id IS NOT NULL")
            .await,
        1,
        "the renewed request's email (the earlier ones point at requests that are gone)"
    );
    assert_eq!(
        app.count_where(
            "igny8_recipient_confirmations",
            "confirmed_at IS NULL AND expires_at > '2026-01-01'"
        )
        .await,
        1
    );

    // Alorig staff's list stands as given, without an email
    let (_, b) = app.graphql(&staff, &set(sub, &[OWNER, "ops@staff-set.example"])).await;
    assert_eq!(
        b["data"]["setReportRecipients"],
        json!({"confirmed": [OWNER, "ops@staff-set.example"], "pending": []}),
        "{b}"
    );
});

both!(an_agency_clients_confirmation_carries_the_agency_brand, |app| {
    let (wl_sub, _) = app.white_label_subscription().await;
    let agency = app.signed_in("admin@northstar-digital.example").await;
    let (_, b) = app.graphql(&agency, &set(wl_sub, &[OUTSIDER])).await;
    assert!(b["errors"].is_null(), "{b}");
    let smtp = SmtpServer::start().await;
    let tokens = mailed_tokens(&app, &smtp, OUTSIDER).await;
    assert_eq!(tokens.len(), 1);
    let message = &smtp.messages()[0];
    assert!(
        header(message, "From").unwrap().contains("Northstar Digital"),
        "{message}"
    );
    assert!(!message.contains("IGNY8"), "nothing names the platform: {message}");
    let (status, _, page) = app
        .page(&app.client(), &format!("/recipients/confirm/{}", tokens[0]))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Northstar Digital"), "{page}");
});
