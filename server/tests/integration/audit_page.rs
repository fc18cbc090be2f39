//! The audit log over GraphQL and on its page: an account's owners read theirs, Alorig staff any
//! account's; others are refused; entries name who (or "command line"), filtered by action and
//! paged in the URL.

use serde_json::Value;
use server::seed::STAFF_EMAIL;

use crate::both;

const OWNER: &str = "owner@summit-pt.example";

fn log(b: &Value) -> &Value {
    &b["data"]["auditLog"]
}

both!(owners_and_staff_read_the_audit_log_others_are_refused, |app| {
    let owner = app.signed_in(OWNER).await;
    let account = app
        .scalar(&format!(
            "SELECT account_id AS n FROM igny8_users WHERE email = '{OWNER}'"
        ))
        .await;

    // the owner's sign-in is the newest entry of their account, with who and from where
    let (_, b) = app
        .graphql(
            &owner,
            "{ auditLog { accountName total actions rows { action who ip } } }",
        )
        .await;
    assert_eq!(log(&b)["accountName"], "Summit Physical Therapy", "{b}");
    assert_eq!(log(&b)["rows"][0]["action"], "login", "{b}");
    assert_eq!(log(&b)["rows"][0]["who"], OWNER, "{b}");
    let total = log(&b)["total"].as_i64().unwrap();
    assert_eq!(
        total,
        app.count_where("igny8_audit_log", &format!("account_id = {account}"))
            .await
    );

    // the page shows the same, filtered by action in the URL
    let (status, _, html) = app.page(&owner, "/account/audit?action=login").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-test=\"nav-audit\""), "the sidebar links it");
    let rows = html.matches("data-test=\"audit-row\"").count() as i64;
    let logins = app
        .count_where(
            "igny8_audit_log",
            &format!("account_id = {account} AND action = 'login'"),
        )
        .await;
    assert_eq!(rows, logins.min(50));
    assert!(who_column_names(&html, OWNER), "the owner's sign-in names them: {html}");
    let (_, _, html) = app.page(&owner, "/account/audit?page=zero").await;
    assert!(html.contains("is not a page number"), "{html}");

    // a viewer of the account, and another account's owner, are refused
    let viewer = app.signed_in("viewer@summit-pt.example").await;
    let (_, b) = app.graphql(&viewer, "{ auditLog { total } }").await;
    assert_eq!(b["errors"][0]["extensions"]["code"], "FORBIDDEN", "{b}");
    let (_, _, html) = app.page(&viewer, "/managed-service").await;
    assert!(!html.contains("data-test=\"nav-audit\""), "no link for a viewer");
    let other = app.signed_in("owner@harbor-legal.example").await;
    let (_, b) = app
        .graphql(
            &other,
            &format!(r#"{{ auditLog(accountId: "{account}") {{ total }} }}"#),
        )
        .await;
    assert_eq!(b["errors"][0]["extensions"]["code"], "NOT_FOUND", "{b}");

    // staff read any account's, and their own shows what the operator did on the command line
    let staff = app.signed_in(STAFF_EMAIL).await;
    let (status, _, html) = app.page(&staff, &format!("/account/audit?account={account}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Summit Physical Therapy") && who_column_names(&html, OWNER),
        "{html}"
    );
    {
        let mut pooled = app.state.conn().await.unwrap();
        server::users::create_staff(&mut pooled.conn(), "nadia@alorig.example", "Nadia", "", None)
            .await
            .unwrap();
    }
    let (_, b) = app
        .graphql(&staff, r#"{ auditLog(action: "user.create") { rows { who object } } }"#)
        .await;
    assert_eq!(log(&b)["rows"][0]["who"], "command line", "{b}");
    assert!(
        log(&b)["rows"][0]["object"].as_str().unwrap().starts_with("user "),
        "{b}"
    );
});

/// Does a cell of the "Who" column name `who`?
fn who_column_names(html: &str, who: &str) -> bool {
    html.split("data-test=\"audit-who\"")
        .skip(1)
        .any(|cell| cell[..cell.find("</td>").unwrap_or(cell.len())].contains(who))
}
