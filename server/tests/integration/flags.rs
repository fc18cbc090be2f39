//! Feature flags switched over GraphQL by Alorig staff: audited with who, refused to everyone
//! else, unknown names named; staff can switch the dashboard back on while it is off.

use serde_json::Value;
use server::seed::STAFF_EMAIL;

use crate::both;

fn set(name: &str, enabled: bool) -> String {
    format!(r#"mutation {{ setFeatureFlag(name: "{name}", enabled: {enabled}) {{ name enabled updatedAt }} }}"#)
}

fn code(b: &Value) -> &str {
    b["errors"][0]["extensions"]["code"].as_str().unwrap_or_default()
}

both!(staff_switch_flags_and_each_switch_is_audited, |app| {
    let audited = "igny8_audit_log WHERE action = 'feature_flag.set'";
    let staff = app.signed_in(STAFF_EMAIL).await;
    let staff_id = app.id_where("igny8_users", "email", STAFF_EMAIL).await;

    let (_, b) = app.graphql(&staff, &set("managed_services_enabled", false)).await;
    assert_eq!(b["data"]["setFeatureFlag"]["enabled"], false, "{b}");
    let (_, b) = app.graphql(&staff, "{ accounts { id } }").await;
    assert_eq!(code(&b), "FORBIDDEN", "the dashboard's data is off: {b}");
    assert!(
        b["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("managed_services_enabled"),
        "{b}"
    );
    // ... and staff can read and switch it back while it is off
    let (_, b) = app.graphql(&staff, "{ featureFlags { name enabled } }").await;
    assert_eq!(b["data"]["featureFlags"][0]["enabled"], false, "{b}");
    let (_, b) = app.graphql(&staff, &set("managed_services_enabled", true)).await;
    assert_eq!(b["data"]["setFeatureFlag"]["enabled"], true, "{b}");
    let (_, b) = app.graphql(&staff, "{ accounts { id } }").await;
    assert!(b["errors"].is_null(), "{b}");
    assert_eq!(app.count(audited).await, 2);
    assert_eq!(
        app.count_where(
            "igny8_audit_log",
            &format!("action = 'feature_flag.set' AND user_id = {staff_id} AND detail LIKE '%\"state\":\"off\"%'")
        )
        .await,
        1
    );

    // an unknown flag is named, a client's owner is refused: nothing written either way
    let (_, b) = app.graphql(&staff, &set("dark_mode", true)).await;
    assert_eq!(code(&b), "INVALID", "{b}");
    assert_eq!(b["errors"][0]["extensions"]["field"], "name", "{b}");
    let owner = app.signed_in("owner@summit-pt.example").await;
    let (_, b) = app.graphql(&owner, &set("managed_services_enabled", false)).await;
    assert_eq!(code(&b), "FORBIDDEN", "{b}");
    assert_eq!(app.count(audited).await, 2);
    assert_eq!(
        app.count_where(
            "igny8_feature_flags",
            "name = 'managed_services_enabled' AND enabled = true"
        )
        .await,
        1
    );
});
