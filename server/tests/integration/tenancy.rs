//! Tenancy: a user of one account gets nothing of another through GraphQL, REST, server
//! functions or pages; other accounts' objects are "not found".

use crate::both;
use server::seed::{CLIENT_EMAIL, STAFF_EMAIL};

const OTHER_CLIENT: &str = "owner@harbor-legal.example";

both!(graphql_shows_only_the_callers_account, |app| {
    let a = app.signed_in(CLIENT_EMAIL).await;
    let own_site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let other_site = app.id_where("igny8_sites", "domain", "harborlegal.com").await;

    let (status, body) = app
        .graphql(
            &a,
            "{ me { email isStaff } sites { id domain } subscriptions { totalCount mrrCents items { siteId } } }",
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["me"]["email"], CLIENT_EMAIL);
    assert_eq!(body["data"]["me"]["isStaff"], false);
    assert_eq!(
        body["data"]["sites"],
        serde_json::json!([{ "id": own_site, "domain": "brightsmiledental.com" }])
    );
    assert_eq!(body["data"]["subscriptions"]["totalCount"], 1);
    assert_eq!(body["data"]["subscriptions"]["mrrCents"], 39_900);
    assert_eq!(body["data"]["subscriptions"]["items"][0]["siteId"], own_site);

    let (_, body) = app
        .graphql(&a, &format!("{{ site(id: \"{other_site}\") {{ id domain }} }}"))
        .await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_FOUND", "{body}");
    assert!(body["data"].is_null());
    let (_, body) = app.graphql(&a, "{ site(id: \"999999\") { id } }").await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "NOT_FOUND",
        "unknown ids look the same"
    );
    let (_, body) = app.graphql(&a, "{ site(id: \"1 OR 1=1\") { id } }").await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "INVALID");
    assert_eq!(body["errors"][0]["extensions"]["field"], "id");

    let b = app.signed_in(OTHER_CLIENT).await;
    let (_, body) = app
        .graphql(&b, &format!("{{ site(id: \"{other_site}\") {{ domain }} }}"))
        .await;
    assert_eq!(body["data"]["site"]["domain"], "harborlegal.com");
});

both!(anonymous_graphql_gets_unauthenticated, |app| {
    let (status, body) = app.graphql(&app.client(), "{ sites { id } }").await;
    assert_eq!(status, 401);
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
});

both!(a_restricted_viewer_sees_only_their_site, |app| {
    let v = app.signed_in("viewer@summit-pt.example").await;
    let (_, body) = app
        .graphql(
            &v,
            "{ sites { domain } subscriptions { totalCount items { siteName tier } } }",
        )
        .await;
    assert_eq!(
        body["data"]["sites"],
        serde_json::json!([{ "domain": "summitpt-denver.com" }])
    );
    assert_eq!(body["data"]["subscriptions"]["totalCount"], 1);
    let hidden = app.id_where("igny8_sites", "domain", "summitpt.com").await;
    let (_, body) = app.graphql(&v, &format!("{{ site(id: \"{hidden}\") {{ id }} }}")).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_FOUND");
    // when the permitted site goes away the viewer sees no site, not every site
    app.exec("DELETE FROM igny8_site_user_access").await;
    let (_, body) = app
        .graphql(&v, "{ sites { domain } subscriptions { totalCount } }")
        .await;
    assert_eq!(body["data"]["sites"], serde_json::json!([]));
    assert_eq!(body["data"]["subscriptions"]["totalCount"], 0);
});

both!(rest_dashboard_is_for_staff_only, |app| {
    assert_eq!(app.get_json(&app.client(), "/api/v1/services/dashboard/").await.0, 401);
    let (status, body) = app
        .get_json(&app.signed_in(CLIENT_EMAIL).await, "/api/v1/services/dashboard/")
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["success"], false);
    assert_eq!(body["code"], "FORBIDDEN");
    assert!(body.get("data").is_none(), "no figures leak: {body}");

    let (status, body) = app
        .get_json(&app.signed_in(STAFF_EMAIL).await, "/api/v1/services/dashboard/")
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["success"], true);
    // Hand-computed from the demo table: 5 Pro monthly × $399 + 7 Lite monthly × $100
    // + Lite quarterly $300/3 + Pro yearly ($399 × 12 × 0.9)/12 = $3,154.10 over 11 clients.
    assert_eq!(body["data"]["mrr_cents"], 315_410);
    assert_eq!(body["data"]["mrr_display"], "$3,154.10");
    assert_eq!(body["data"]["active_clients"], 11);
    assert_eq!(body["data"]["active_subscriptions"], 14);
    assert_eq!(body["data"]["by_tier"][0]["tier"], "lite");
    assert_eq!(body["data"]["by_tier"][0]["mrr_cents"], 80_000);
});

both!(staff_lose_the_dashboard_when_managed_services_are_switched_off, |app| {
    let mut pooled = app.state.conn().await.unwrap();
    server::db::models::feature_flag::set(
        &mut pooled.conn(),
        "managed_services_enabled",
        false,
        "",
        server::db::now(),
    )
    .await
    .unwrap();
    let staff = app.signed_in(STAFF_EMAIL).await;
    assert_eq!(app.get_json(&staff, "/api/v1/services/dashboard/").await.0, 403);
    let (_, _, body) = app.page(&staff, "/").await;
    assert!(!body.contains("nav-managed-services"));
});

both!(server_functions_are_scoped_like_the_apis, |app| {
    let form = "application/x-www-form-urlencoded";
    let a = app.signed_in(CLIENT_EMAIL).await;
    let r = a
        .post(app.url("/api/ui/service_overview"))
        .header("content-type", form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let list: serde_json::Value = r.json().await.unwrap();
    assert_eq!(list["sites"].as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(list["sites"][0]["subscription"]["site_name"], "BrightSmile Dental");

    let r = a
        .post(app.url("/api/ui/services_dashboard"))
        .header("content-type", form)
        .send()
        .await
        .unwrap();
    assert!(!r.status().is_success());
    let err: serde_json::Value = r.json().await.unwrap();
    assert_eq!(err["code"], "FORBIDDEN");

    let r = app
        .client()
        .post(app.url("/api/ui/service_overview"))
        .header("content-type", form)
        .send()
        .await
        .unwrap();
    let err: serde_json::Value = r.json().await.unwrap();
    assert_eq!(err["code"], "UNAUTHENTICATED");

    // only form posts, and only from this site's pages
    for content_type in ["application/json", "text/plain"] {
        let r = a
            .post(app.url("/api/ui/service_overview"))
            .header("content-type", content_type)
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 415, "{content_type}");
    }
    let r = a
        .post(app.url("/api/ui/service_overview"))
        .header("content-type", form)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
});

both!(cookie_writes_from_other_sites_and_non_json_graphql_are_refused, |app| {
    let staff = app.signed_in(server::seed::STAFF_EMAIL).await;
    let mutation = serde_json::json!({ "query": "mutation { createApiToken(name: \"x\") { secret } }" });
    // another site's page posting with the visitor's cookie
    let r = staff
        .post(app.url("/graphql"))
        .header("origin", "https://evil.example")
        .json(&mutation)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN");
    // what a cross-site form can send without a preflight
    for content_type in ["text/plain", "application/x-www-form-urlencoded"] {
        let r = staff
            .post(app.url("/graphql"))
            .header("content-type", content_type)
            .body(mutation.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 415, "{content_type}");
    }
    let r = staff
        .post(app.url("/graphql"))
        .body(mutation.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415, "no content type is not JSON");
    // a REST write with the cookie from another site
    let r = staff
        .post(app.url("/api/v1/services/report-templates/"))
        .header("origin", "https://evil.example")
        .json(&serde_json::json!({"name": "x", "template_html": "<p>{{client}}</p>"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(app.count("igny8_api_tokens").await, 0);
    assert_eq!(app.count("igny8_report_templates").await, 0, "nothing written");
    // from this site it works
    let (status, body) = app
        .graphql(&staff, "mutation { createApiToken(name: \"x\") { id } }")
        .await;
    assert_eq!(status, 200, "{body}");
});

both!(pages_show_each_person_their_own_menu_and_figures, |app| {
    let staff = app.signed_in(STAFF_EMAIL).await;
    let (status, _, body) = app.page(&staff, "/services").await;
    assert_eq!(status, 200);
    assert!(body.contains(r#"data-test="nav-managed-services""#));
    assert!(body.contains("$3,154.10"), "the dashboard shows the MRR");
    assert!(
        !body.contains(r#"data-test="nav-managed-service""#),
        "Alorig has no subscription"
    );

    let client = app.signed_in(CLIENT_EMAIL).await;
    let (status, _, body) = app.page(&client, "/services").await;
    assert_eq!(status, 403, "a page the caller may not see is not a 200");
    assert!(body.contains(r#"data-test="not-found""#));
    assert!(!body.contains("3,154.10") && !body.contains(r#"data-test="mrr""#));
    assert!(!body.contains(r#"data-test="nav-managed-services""#));
    assert!(body.contains(r#"data-test="nav-managed-service""#));
    let (_, _, body) = app.page(&client, "/managed-service").await;
    assert!(body.contains("BrightSmile Dental") && !body.contains("Harbor"));

    let fresh = app.signed_in("owner@fresh-start.example").await;
    let (_, _, body) = app.page(&fresh, "/").await;
    assert!(!body.contains(r#"data-test="nav-managed-service""#));
    assert!(!body.contains(r#"data-test="nav-managed-services""#));

    let (status, location, _) = app.page(&app.client(), "/services").await;
    assert_eq!((status, location.as_str()), (303, "/login?next=%2Fservices"));
});
