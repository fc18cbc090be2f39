//! The HTTP surface: health checks, limits, GraphiQL, unknown pages.

use crate::both;
use server::seed::STAFF_EMAIL;

both!(health_and_readiness, empty, |app| {
    let c = app.client();
    let r = c.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let (status, body) = app.get_json(&c, "/readyz").await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ready");
});

both!(oversized_bodies_are_refused_before_any_work, |app| {
    let staff = app.signed_in(STAFF_EMAIL).await;
    let big = format!(
        "{{\"query\":\"{{ me {{ email }} }}\",\"pad\":\"{}\"}}",
        "x".repeat(1_100_000)
    );
    let r = staff
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let r = app
        .client()
        .post(app.url("/api/ui/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("email={}&password=x", "a".repeat(1_100_000)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(
        app.count("igny8_sessions").await,
        1,
        "only the staff login's session exists"
    );
});

both!(graphiql_outside_production_only, empty, |app| {
    let r = app.client().get(app.url("/graphql")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("graphiql"));

    let db = crate::support::TestDb::new(Kind::Sqlite).await.unwrap();
    let prod = TestApp::serve(db, |c| c.production = true).await;
    let r = prod.client().get(prod.url("/graphql")).send().await.unwrap();
    assert_eq!(r.status(), 404);
});

both!(unknown_pages_are_404_with_a_page, |app| {
    let staff = app.signed_in(STAFF_EMAIL).await;
    let (status, _, body) = app.page(&staff, "/no/such/page").await;
    assert_eq!(status, 404);
    assert!(body.contains(r#"data-test="not-found""#));
    // nobody signed in learns nothing about which pages exist: every page asks to sign in
    let (status, location, _) = app.page(&app.client(), "/no/such/page").await;
    assert_eq!((status, location.as_str()), (303, "/login?next=%2Fno%2Fsuch%2Fpage"));
});

both!(graphql_rejects_queries_beyond_the_depth_limit, |app| {
    let staff = app.signed_in(STAFF_EMAIL).await;
    // 15 levels: deeper than MAX_DEPTH (12)
    let deep = format!(
        "{{ __schema {{ types {{ fields {{ type {{ {} name {} }} }} }} }} }}",
        "ofType { ".repeat(10),
        "} ".repeat(10)
    );
    let (_, body) = app.graphql(&staff, &deep).await;
    let message = body["errors"][0]["message"].as_str().unwrap_or_default().to_lowercase();
    assert!(message.contains("nested too deep"), "{body}");
});

both!(the_openapi_document_lists_every_rest_route, |app| {
    let (status, doc) = app.get_json(&app.client(), "/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{doc}");
    let paths = doc["paths"].as_object().unwrap();
    // every route of the router's table, and nothing that is not routed
    let routed: Vec<(String, String)> = server::rest::table()
        .into_iter()
        .map(|(method, path, _, _)| (path.to_owned(), method.as_str().to_lowercase()))
        .collect();
    for (path, method) in &routed {
        if path == "/api/v1/openapi.json" {
            continue;
        }
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} is not documented"
        );
    }
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            assert!(
                routed.contains(&(path.clone(), method.clone())),
                "{method} {path} is documented but not routed"
            );
        }
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in [
        "ServiceReport",
        "ReportData",
        "GenerateReportInput",
        "BrandingInput",
        "DashboardSummary",
        "ErrorBody",
    ] {
        assert!(
            schemas.contains_key(name),
            "schema {name} missing: {:?}",
            schemas.keys().collect::<Vec<_>>()
        );
    }
    let params: Vec<&str> = paths["/api/v1/services/reports/"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(
        params.contains(&"page_size") && params.contains(&"cursor"),
        "{params:?}"
    );
});

both!(cors_is_closed_unless_an_origin_is_configured, empty, |app| {
    let preflight = |origin: &str| {
        app.client()
            .request(reqwest::Method::OPTIONS, app.url("/graphql"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "authorization,content-type")
    };
    let r = preflight("https://evil.example").send().await.unwrap();
    assert!(
        r.headers().get("access-control-allow-origin").is_none(),
        "closed by default"
    );

    let db = crate::support::TestDb::new(crate::support::Kind::Sqlite).await.unwrap();
    let open = crate::support::TestApp::serve(db, |c| {
        c.cors_origins = vec!["https://portal.agency.example".parse().unwrap()];
    })
    .await;
    let ask = |origin: &str| {
        open.client()
            .request(reqwest::Method::OPTIONS, open.url("/graphql"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
    };
    let r = ask("https://portal.agency.example").send().await.unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "https://portal.agency.example"
    );
    assert!(r.headers().get("access-control-allow-credentials").is_none());
    let r = ask("https://evil.example").send().await.unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
});
