//! Data imports against a real server and database: the tools' own files (under
//! `tests/fixtures/import/`, their sources in SOURCES.md) through REST, GraphQL and the command
//! line's service; the report of the month equal to the tool's totals; importing again changes
//! nothing; bad files refused with their file, row and column, nothing written.

use std::path::PathBuf;

use serde_json::Value;
use server::seed::{CLIENT_EMAIL, STAFF_EMAIL};

use crate::both;
use crate::support::TestApp;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// The client's first site, moved to the fixtures' domain (example.com) with no Search Console
/// rows left: what the imports fill.
async fn example_site(app: &TestApp) -> i64 {
    let site = app
        .scalar(&format!(
            "SELECT MIN(s.id) AS n FROM igny8_sites s JOIN igny8_users u ON u.account_id = s.account_id WHERE u.email = '{CLIENT_EMAIL}'"
        ))
        .await;
    app.exec(&format!(
        "UPDATE igny8_sites SET domain = 'example.com' WHERE id = {site}"
    ))
    .await;
    app.exec(&format!("DELETE FROM igny8_gsc_metrics_cache WHERE site_id = {site}"))
        .await;
    // the demo's plan targets the US: every country here, until a test says otherwise
    app.exec(&format!(
        "UPDATE igny8_managed_service_subscriptions SET config = '{{}}' WHERE site_id = {site}"
    ))
    .await;
    site
}

async fn upload(app: &TestApp, c: &reqwest::Client, site: i64, files: &[(&str, Vec<u8>)]) -> (u16, Value) {
    let mut form = reqwest::multipart::Form::new().text("site", site.to_string());
    for (name, bytes) in files {
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_string()),
        );
    }
    let r = c
        .post(app.url("/api/v1/services/imports/"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

async fn gsc_rows(app: &TestApp, site: i64) -> i64 {
    app.count_where("igny8_gsc_metrics_cache", &format!("site_id = {site}"))
        .await
}

/// The October report's traffic section as the API gives it.
async fn october_section(app: &TestApp, c: &reqwest::Client, site: i64) -> Value {
    let r = c
        .post(app.url("/api/v1/services/reports/generate/"))
        .json(&serde_json::json!({"site_id": site, "period": "2026-10", "sections_included": ["traffic"]}))
        .send()
        .await
        .unwrap();
    let b: Value = r.json().await.unwrap();
    b["data"]["report_data"]["traffic"].clone()
}

/// The October report's traffic section: (clicks, impressions, CTR %, position).
async fn october_traffic(app: &TestApp, c: &reqwest::Client, site: i64) -> (f64, f64, f64, f64) {
    let t = october_section(app, c, site).await;
    let f = |k: &str| t[k]["current"].as_f64().unwrap_or_else(|| panic!("{k}: {t}"));
    (f("clicks"), f("impressions"), f("ctr_pct"), f("average_position"))
}

/// Each of these fixtures imported again: done, nothing added, nothing changed.
async fn imports_change_nothing(app: &TestApp, c: &reqwest::Client, site: i64, names: &[&str]) {
    for &name in names {
        let (status, b) = upload(app, c, site, &[(name, read(name))]).await;
        assert_eq!(status, 201, "{name}: {b}");
        let r = &b["data"][0];
        assert_eq!(
            (r["status"].as_str(), &r["rows_added"], &r["rows_updated"]),
            (Some("done"), &0.into(), &0.into()),
            "{name}: {b}"
        );
    }
}

both!(
    a_performance_export_gives_the_tools_totals_and_importing_again_changes_nothing,
    |app| {
        let site = example_site(&app).await;
        let owner = app.signed_in(CLIENT_EMAIL).await;
        let zip = read("Performance-on-Search-2026-11-05.zip");
        let (status, b) = upload(
            &app,
            &owner,
            site,
            &[("Performance-on-Search-2026-11-05.zip", zip.clone())],
        )
        .await;
        assert_eq!(status, 201, "{b}");
        let r = &b["data"][0];
        assert_eq!(
            (r["status"].as_str(), r["format"].as_str()),
            (Some("done"), Some("gsc-export")),
            "{b}"
        );
        // the Chart table's 31 days go in by day, the Queries, Pages, Countries and Devices
        // tables over the export's days; search appearance is skipped, saying why
        assert_eq!(r["rows_added"], 60, "{b}");
        assert!(r["rows_skipped"].as_i64().unwrap() > 0, "{b}");
        assert!(
            r["notes"]
                .to_string()
                .contains("the Dates, Queries, Pages, Countries and Devices tables are"),
            "{b}"
        );
        assert_eq!(gsc_rows(&app, site).await, 31);
        assert_eq!(
            app.count_where(
                "igny8_gsc_range_metrics",
                &format!("site_id = {site} AND start_date = '2026-10-01' AND end_date = '2026-10-31'")
            )
            .await,
            29
        );
        assert_eq!(
            app.scalar(&format!(
                "SELECT clicks AS n FROM igny8_gsc_range_metrics WHERE site_id = {site} \
                 AND dimension = 'device' AND dimension_value = 'mobile'"
            ))
            .await,
            784,
            "the Devices table's Mobile row"
        );

        // the report of October shows Search Console's own totals (SOURCES.md)
        let (clicks, impressions, ctr, position) = october_traffic(&app, &owner, site).await;
        assert_eq!((clicks, impressions), (1423.0, 40998.0));
        assert_eq!(ctr, 3.47); // 1423 / 40998
        assert_eq!(position, 10.5); // impression-weighted 10.486

        // the same file again, and the same data in Spanish and French: nothing changes
        imports_change_nothing(
            &app,
            &owner,
            site,
            &[
                "Performance-on-Search-2026-11-05.zip",
                "Rendimiento-en-la-Busqueda-2026-11-05.zip",
                "Performances-dans-la-recherche-2026-11-05.zip",
            ],
        )
        .await;
        assert_eq!(gsc_rows(&app, site).await, 31);
        // every import recorded, with who and the file's hash; audited
        assert_eq!(
            app.count_where("igny8_imports", &format!("site_id = {site} AND status = 'done'"))
                .await,
            4
        );
        let sha = app
            .scalar_text(&format!(
                "SELECT sha256 AS t FROM igny8_imports WHERE site_id = {site} ORDER BY id LIMIT 1"
            ))
            .await;
        assert_eq!(sha.len(), 64);
        assert_eq!(app.count_where("igny8_audit_log", "action = 'import.done'").await, 4);

        // the German re-save (semicolons, decimal commas, `15,36 %`) reads the same figures
        let (_, b) = upload(
            &app,
            &owner,
            site,
            &[(
                "de.zip",
                read("Leistung-in-der-Suche-2026-11-05-de-spreadsheet-resave.zip"),
            )],
        )
        .await;
        assert_eq!(
            (
                b["data"][0]["status"].as_str(),
                &b["data"][0]["rows_added"],
                &b["data"][0]["rows_updated"]
            ),
            (Some("done"), &0.into(), &0.into()),
            "{b}"
        );
    }
);

both!(
    the_exports_countries_table_gives_the_plans_target_countries_in_every_ui_language,
    |app| {
        let site = example_site(&app).await;
        let owner = app.signed_in(CLIENT_EMAIL).await;
        app.exec(&format!(
            r#"UPDATE igny8_managed_service_subscriptions SET config = '{{"target_countries": ["US", "GB"]}}' WHERE site_id = {site}"#
        ))
        .await;
        let name = "Performance-on-Search-2026-11-05.zip";
        let (status, b) = upload(&app, &owner, site, &[(name, read(name))]).await;
        assert_eq!(status, 201, "{b}");
        let countries = |value: &'static str| {
            let app = &app;
            async move {
                app.scalar(&format!(
                    "SELECT clicks AS n FROM igny8_gsc_range_metrics WHERE site_id = {site} \
                     AND dimension = 'country' AND dimension_value = '{value}' \
                     AND start_date = '2026-10-01' AND end_date = '2026-10-31'"
                ))
                .await
            }
        };
        // the Countries table's six rows, by ISO code, over the export's days
        assert_eq!(
            (countries("us").await, countries("gb").await, countries("in").await),
            (686, 241, 113)
        );
        assert_eq!(
            app.count_where(
                "igny8_gsc_range_metrics",
                &format!("site_id = {site} AND dimension = 'country'")
            )
            .await,
            6
        );

        // October is the United States' and the United Kingdom's (their rows of the Countries
        // table), not the site's 1,423 clicks; no chart of every country's days beside them
        let t = october_section(&app, &owner, site).await;
        assert_eq!(t["countries"], serde_json::json!(["US", "GB"]), "{t}");
        assert_eq!(
            (t["clicks"]["current"].as_f64(), t["impressions"]["current"].as_f64()),
            (Some(927.0), Some(24192.0)),
            "686 + 241 clicks, 18,043 + 6,149 impressions: {t}"
        );
        assert_eq!(t["ctr_pct"]["current"].as_f64(), Some(3.83), "{t}");
        // (9.87 × 18,043 + 10.21 × 6,149) / 24,192 = 9.956
        assert_eq!(t["average_position"]["current"].as_f64(), Some(10.0), "{t}");
        assert_eq!(t["daily_clicks"], serde_json::json!([]), "{t}");

        // the same table in Spanish (`Estados Unidos`, `La India`), French and German names
        // the same countries: nothing added, nothing changed
        imports_change_nothing(
            &app,
            &owner,
            site,
            &[
                "Rendimiento-en-la-Busqueda-2026-11-05.zip",
                "Performances-dans-la-recherche-2026-11-05.zip",
                "Leistung-in-der-Suche-2026-11-05-UNVERIFIED.zip",
            ],
        )
        .await;

        // a name no language gives is skipped, naming its row and column; the rest go in
        let csv = "Land,Klicks,Impressionen,CTR,Position\nAtlantis,5,50,10%,3\nVereinigte Staaten,9,90,10%,4\n";
        let form = reqwest::multipart::Form::new()
            .text("site", site.to_string())
            .text("dates", "2026-11")
            .part(
                "file",
                reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("Länder.csv"),
            );
        let r = owner
            .post(app.url("/api/v1/services/imports/"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        let b: Value = r.json().await.unwrap();
        let r = &b["data"][0];
        assert_eq!(
            (r["status"].as_str(), &r["rows_added"], &r["rows_skipped"]),
            (Some("done"), &1.into(), &1.into()),
            "{b}"
        );
        let note = note_text(&r["notes"][0]);
        assert!(
            note.starts_with("row 1, column Land: `Atlantis` is not a country name"),
            "{note}"
        );
        assert_eq!(
            app.scalar(&format!(
                "SELECT clicks AS n FROM igny8_gsc_range_metrics WHERE site_id = {site} \
                 AND dimension = 'country' AND dimension_value = 'us' AND start_date = '2026-11-01'"
            ))
            .await,
            9
        );

        // a plan without target countries: the site's own days, as before
        app.exec(&format!(
            "UPDATE igny8_managed_service_subscriptions SET config = '{{}}' WHERE site_id = {site}"
        ))
        .await;
        let t = october_section(&app, &owner, site).await;
        assert_eq!(t["clicks"]["current"].as_f64(), Some(1423.0), "{t}");
        assert_eq!(t["countries"], serde_json::json!([]), "{t}");
    }
);

both!(
    api_responses_inspections_and_backlinks_go_in_over_graphql_and_rest,
    |app| {
        use base64::Engine;
        let site = example_site(&app).await;
        let staff = app.signed_in(STAFF_EMAIL).await;
        let gql_upload = |name: &str, bytes: &[u8]| {
            format!(
                r#"mutation {{ importData(siteId: "{site}", fileName: "{name}", contentBase64: "{}") {{ status format rowsAdded rowsUpdated rowsSkipped notes {{ row column message }} }} }}"#,
                base64::engine::general_purpose::STANDARD.encode(bytes)
            )
        };
        let gql_import = |name: &str| gql_upload(name, &read(name));
        // the API's rows by date and country (alpha-3 keys)
        let by_country = br#"{"rows": [
        {"keys": ["2026-10-01", "usa"], "clicks": 20, "impressions": 700, "ctr": 0.02857142857142857, "position": 9.1},
        {"keys": ["2026-10-01", "gbr"], "clicks": 8, "impressions": 260, "ctr": 0.03076923076923077, "position": 10.4},
        {"keys": ["2026-10-02", "usa"], "clicks": 25, "impressions": 720, "ctr": 0.034722222222222224, "position": 9.0}
    ], "responseAggregationType": "byProperty"}"#;
        // daily totals, then by query and by country (alpha-3 → alpha-2), all over GraphQL
        for (name, bytes, dimension) in [
            (
                "gsc_api_searchanalytics_date.json",
                read("gsc_api_searchanalytics_date.json"),
                "total",
            ),
            (
                "gsc_api_searchanalytics_date_query.json",
                read("gsc_api_searchanalytics_date_query.json"),
                "query",
            ),
            ("by_country.json", by_country.to_vec(), "country"),
        ] {
            let (_, b) = app.graphql(&staff, &gql_upload(name, &bytes)).await;
            let r = &b["data"]["importData"];
            assert_eq!(
                (r["status"].as_str(), r["format"].as_str()),
                (Some("done"), Some("gsc-api")),
                "{name}: {b}"
            );
            let stored = app
                .count_where(
                    "igny8_gsc_metrics_cache",
                    &format!("site_id = {site} AND dimension = '{dimension}'"),
                )
                .await;
            assert_eq!(r["rowsAdded"].as_i64(), Some(stored), "{name}: {b}");
            assert!(stored > 0);
        }
        let usa = app
            .count_where(
                "igny8_gsc_metrics_cache",
                &format!("site_id = {site} AND dimension = 'country' AND dimension_value = 'us'"),
            )
            .await;
        assert_eq!(usa, 2, "countries are stored as ISO alpha-2");
        // rows by country alone carry no day: refused, saying so
        let (_, b) = app
            .graphql(&staff, &gql_import("gsc_api_searchanalytics_country.json"))
            .await;
        assert_eq!(b["data"]["importData"]["status"], "failed", "{b}");
        assert!(
            b["data"]["importData"]["notes"][0]["message"]
                .as_str()
                .unwrap()
                .contains("no date"),
            "{b}"
        );
        // … and go in over the days the importer gives
        let with_dates = gql_import("gsc_api_searchanalytics_country.json").replacen(
            "importData(",
            "importData(dates: \"2026-10\", ",
            1,
        );
        let (_, b) = app.graphql(&staff, &with_dates).await;
        assert_eq!(b["data"]["importData"]["status"], "done", "{b}");
        assert_eq!(
            app.count_where(
                "igny8_gsc_range_metrics",
                &format!("site_id = {site} AND dimension = 'country' AND start_date = '2026-10-01'")
            )
            .await,
            b["data"]["importData"]["rowsAdded"].as_i64().unwrap()
        );
        let (clicks, impressions, ..) = october_traffic(&app, &staff, site).await;
        assert_eq!((clicks, impressions), (1423.0, 40998.0), "days by day come first");

        // rows by date, query and country: the rankings of a plan's target countries
        let by_query_and_country = br#"{"rows": [
        {"keys": ["2026-10-01", "dentist near me", "usa"], "clicks": 5, "impressions": 100, "ctr": 0.05, "position": 2.0},
        {"keys": ["2026-10-01", "dentist near me", "gbr"], "clicks": 1, "impressions": 50, "ctr": 0.02, "position": 30.0},
        {"keys": ["2026-10-02", "dentist near me", "usa"], "clicks": 3, "impressions": 300, "ctr": 0.01, "position": 4.0},
        {"keys": ["2026-10-02", "teeth whitening", "usa"], "clicks": 0, "impressions": 40, "ctr": 0, "position": 15.0}
    ], "responseAggregationType": "byProperty"}"#;
        let (_, b) = app
            .graphql(&staff, &gql_upload("by_query_and_country.json", by_query_and_country))
            .await;
        // four rows by query and country, and three by query (their countries added up)
        assert_eq!(b["data"]["importData"]["rowsAdded"], 7, "{b}");
        let query_day = |day: &str, what: &str| {
            format!(
                "SELECT {what} FROM igny8_gsc_metrics_cache WHERE site_id = {site} AND dimension = 'query' \
                 AND dimension_value = 'dentist near me' AND metric_date = '{day}'"
            )
        };
        assert_eq!(app.scalar(&query_day("2026-10-01", "impressions AS n")).await, 150);
        assert_eq!(app.scalar(&query_day("2026-10-01", "clicks AS n")).await, 6);
        assert_eq!(
            app.scalar_text(&query_day("2026-10-01", "CAST(ROUND(position * 1000) AS TEXT) AS t"))
                .await
                .trim_end_matches(".0"),
            "11333",
            "(2 × 100 + 30 × 50) / 150"
        );
        // by query and device: only the queries' totals are stored (devices by query would leave
        // anonymised queries out); by query and page: neither adds up, refused saying so
        let by_device = br#"{"rows": [
        {"keys": ["2026-10-03", "dentist near me", "MOBILE"], "clicks": 4, "impressions": 90, "ctr": 0.0444, "position": 3.0},
        {"keys": ["2026-10-03", "dentist near me", "DESKTOP"], "clicks": 2, "impressions": 30, "ctr": 0.0667, "position": 7.0}
    ]}"#;
        let (_, b) = app.graphql(&staff, &gql_upload("by_device.json", by_device)).await;
        assert_eq!(b["data"]["importData"]["rowsAdded"], 1, "{b}");
        assert_eq!(app.scalar(&query_day("2026-10-03", "impressions AS n")).await, 120);
        let by_page = br#"{"rows": [
        {"keys": ["2026-10-03", "dentist near me", "https://www.example.com/"], "clicks": 4, "impressions": 90, "ctr": 0.0444, "position": 3.0}
    ], "responseAggregationType": "byPage"}"#;
        let (_, b) = app.graphql(&staff, &gql_upload("by_page.json", by_page)).await;
        assert_eq!(b["data"]["importData"]["status"], "failed", "{b}");
        assert!(
            b["data"]["importData"]["notes"][0]["message"]
                .as_str()
                .unwrap()
                .contains("neither adds up"),
            "{b}"
        );
        assert_eq!(
            app.count_where(
                "igny8_gsc_metrics_cache",
                &format!("site_id = {site} AND dimension = 'query_country' AND dimension_value = 'us:dentist near me'")
            )
            .await,
            2
        );
        let rankings = || async {
            let r = staff
                .post(app.url("/api/v1/services/reports/generate/"))
                .json(&serde_json::json!({"site_id": site, "period": "2026-10", "sections_included": ["rankings"]}))
                .send()
                .await
                .unwrap();
            let b: Value = r.json().await.unwrap();
            b["data"]["report_data"]["rankings"].clone()
        };
        let everywhere = rankings().await;
        assert_eq!(everywhere["countries"], serde_json::json!([]), "{everywhere}");
        app.exec(&format!(
            r#"UPDATE igny8_managed_service_subscriptions SET config = '{{"target_countries": ["US"]}}' WHERE site_id = {site}"#
        ))
        .await;
        let us = rankings().await;
        assert_eq!(us["countries"], serde_json::json!(["US"]), "{us}");
        // the US positions: "dentist near me" (2 × 100 + 4 × 300) / 400 = 3.5, "teeth whitening" 15
        let current = |k: &str| us[k]["current"].as_f64();
        assert_eq!(
            (current("top3"), current("top10"), current("top20")),
            (Some(0.0), Some(1.0), Some(2.0)),
            "{us}"
        );
        assert_ne!(us["top10"], everywhere["top10"]);
        app.exec(&format!(
            "UPDATE igny8_managed_service_subscriptions SET config = '{{}}' WHERE site_id = {site}"
        ))
        .await;

        // an inspection, twice: one record
        for _ in 0..2 {
            let (_, b) = app.graphql(&staff, &gql_import("gsc_url_inspection_pass.json")).await;
            assert_eq!(b["data"]["importData"]["status"], "done", "{b}");
        }
        assert_eq!(
            app.count_where(
                "igny8_url_inspection_records",
                &format!("site_id = {site} AND url LIKE 'https://www.example.com/%'")
            )
            .await,
            1
        );

        // a backlink export (UTF-16, tabs) marks the site's ordered links it finds live
        app.exec(&format!(
        "INSERT INTO igny8_sag_backlinks (account_id, site_id, target_url, source_url, source_domain, anchor_text, tier, status, cost_cents, currency, created_at, updated_at) \
         SELECT account_id, id, 'https://www.example.com/', source, 'x', 'a', 1, 'delivered', 0, 'USD', '2026-10-01 00:00:00', '2026-10-01 00:00:00' FROM igny8_sites, \
         (SELECT 'https://placeholder.invalid/' AS source) s WHERE id = {site}"
    ))
    .await;
        let ahrefs = "www.example.com-backlinks-subdomains_2026-11-05_10-15-22.csv";
        let text = server_text(&read(ahrefs));
        let source = text
            .lines()
            .nth(1)
            .unwrap()
            .split('\t')
            .nth(1)
            .unwrap()
            .trim_matches('"')
            .to_owned();
        app.exec(&format!(
            "UPDATE igny8_sag_backlinks SET source_url = '{source}' WHERE source_url = 'https://placeholder.invalid/'"
        ))
        .await;
        let (status, b) = upload(&app, &staff, site, &[(ahrefs, read(ahrefs))]).await;
        assert_eq!(status, 201, "{b}");
        assert_eq!(
            (b["data"][0]["format"].as_str(), &b["data"][0]["rows_updated"]),
            (Some("ahrefs-backlinks"), &1.into()),
            "{b}"
        );
        assert_eq!(
            app.scalar_text(&format!(
                "SELECT status AS t FROM igny8_sag_backlinks WHERE source_url = '{source}'"
            ))
            .await,
            "live"
        );
        let (_, b) = upload(
            &app,
            &staff,
            site,
            &[("semrush.csv", read("example.com-backlinks.csv"))],
        )
        .await;
        assert_eq!(b["data"][0]["format"], "semrush-backlinks", "{b}");

        // Ahrefs' histories merge into one snapshot a day: both figures known, nothing else made up
        app.exec(&format!(
            "DELETE FROM igny8_ahrefs_domain_snapshots WHERE site_id = {site}"
        ))
        .await;
        for name in ["ahrefs_refdomains_history.json", "ahrefs_domain_rating_history.json"] {
            let (_, b) = app.graphql(&staff, &gql_import(name)).await;
            assert_eq!(
                (
                    b["data"]["importData"]["status"].as_str(),
                    b["data"]["importData"]["format"].as_str()
                ),
                (Some("done"), Some("ahrefs-api")),
                "{b}"
            );
        }
        let days = app
            .count_where("igny8_ahrefs_domain_snapshots", &format!("site_id = {site}"))
            .await;
        let both_known = app
        .count_where("igny8_ahrefs_domain_snapshots", &format!("site_id = {site} AND domain_rating IS NOT NULL AND referring_domains IS NOT NULL AND backlinks IS NULL"))
        .await;
        assert_eq!((days, both_known), (31, 31));
        let (_, b) = app.graphql(&staff, &gql_import("ahrefs_domain_rating.json")).await;
        assert!(
            b["data"]["importData"]["notes"][0]["message"]
                .as_str()
                .unwrap()
                .contains("day of the import"),
            "{b}"
        );

        // a plan that targets the United States reports the US rows only, and says so
        app.exec(&format!(
        "UPDATE igny8_managed_service_subscriptions SET config = '{{\"target_countries\": [\"US\"]}}' WHERE site_id = {site}"
    ))
    .await;
        let r = staff
            .post(app.url("/api/v1/services/reports/generate/"))
            .json(&serde_json::json!({"site_id": site, "period": "2026-10", "sections_included": ["traffic"]}))
            .send()
            .await
            .unwrap();
        let b: Value = r.json().await.unwrap();
        let t = &b["data"]["report_data"]["traffic"];
        assert_eq!(
            (t["clicks"]["current"].as_f64(), t["impressions"]["current"].as_f64()),
            (Some(45.0), Some(1420.0)),
            "{b}"
        );
        assert_eq!(t["countries"], serde_json::json!(["US"]), "{b}");
        // position weighted by impressions: (9.1 × 700 + 9.0 × 720) / 1420
        assert_eq!(t["average_position"]["current"].as_f64(), Some(9.0), "{b}");

        // the list, newest first, for the owner too
        let owner = app.signed_in(CLIENT_EMAIL).await;
        let (status, b) = app
            .get_json(&owner, &format!("/api/v1/services/imports/?site={site}"))
            .await;
        assert_eq!(status, 200, "{b}");
        assert!(b["data"]["total"].as_i64().unwrap() >= 10, "{b}");
        assert_eq!(b["data"]["rows"][0]["file_name"], "ahrefs_domain_rating.json", "{b}");
    }
);

/// A note as the page shows it: `part, row N, column C: message`.
fn note_text(n: &Value) -> String {
    let mut at = Vec::new();
    if let Some(part) = n["part"].as_str().filter(|p| !p.is_empty()) {
        at.push(part.to_owned());
    }
    if let Some(row) = n["row"].as_i64() {
        at.push(format!("row {row}"));
    }
    if let Some(column) = n["column"].as_str().filter(|c| !c.is_empty()) {
        at.push(format!("column {column}"));
    }
    format!("{}: {}", at.join(", "), n["message"].as_str().unwrap_or_default())
}

/// The text of a UTF-16 (with BOM) file.
fn server_text(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16(&units).unwrap()
}

both!(bad_files_are_refused_with_where_and_write_nothing, |app| {
    let site = example_site(&app).await;
    let owner = app.signed_in(CLIENT_EMAIL).await;
    let zip = read("Performance-on-Search-2026-11-05.zip");
    let bomb = {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        w.start_file("Chart.csv", zip::write::SimpleFileOptions::default())
            .unwrap();
        let zeros = vec![b'0'; 1 << 20];
        for _ in 0..80 {
            std::io::Write::write_all(&mut w, &zeros).unwrap();
        }
        w.finish().unwrap();
        out.into_inner()
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.zip", zip[..zip.len() / 2].to_vec(), "not a complete zip archive"),
        ("bomb.zip", bomb, "zip bomb"),
        ("Chart.csv", b"Date,Clicks,Impressions,CTR\n2026-10-01,1,2,50%\n".to_vec(), "missing column"),
        ("Chart.csv", b"Date,Clicks,Impressions,CTR,Position\n2026-10-01,1,2,50%,3\n2026-10-02,x,2,50%,3\n".to_vec(), "row 2, column Clicks"),
        ("Queries.csv", b"Top queries,Clicks,Impressions,CTR,Position\n=HYPERLINK(\"http://evil\"),1,2,50%,3\n".to_vec(), "formula"),
        ("latin1.csv", b"Date,Clicks,Impressions,CTR,Position\n2026-10-01,1,2,50%,3 caf\xe9\n".to_vec(), "not UTF-8"),
        ("error.json", read("gsc_api_error_403.json"), "error"),
        ("other-site.json", br#"{"rows":[{"keys":["2026-10-01","https://other.example/"],"clicks":1,"impressions":2,"ctr":0.5,"position":3}]}"#.to_vec(), "another site"),
        ("no-date.json", read("gsc_api_searchanalytics_query.json"), "no date"),
    ];
    for (name, bytes, expected) in cases {
        let (status, b) = upload(&app, &owner, site, &[(name, bytes)]).await;
        assert_eq!(status, 201, "{name}: {b}");
        let r = &b["data"][0];
        assert_eq!(r["status"], "failed", "{name}: {b}");
        let said = note_text(&r["notes"][0]);
        assert!(said.contains(expected), "{name}: `{said}` does not say `{expected}`");
        assert_eq!(gsc_rows(&app, site).await, 0, "{name} wrote rows");
    }
    assert_eq!(app.count_where("igny8_imports", "status = 'failed'").await, 9);

    // a 2 GB file is refused before it is read (a sparse file: no disk used)
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.json");
    std::fs::File::create(&huge).unwrap().set_len(2_000_000_000).unwrap();
    let records = server::imports::import(
        &app.state,
        server::imports::By::CommandLine,
        site,
        &[server::imports::Upload::new("huge.json", &huge)],
        None,
        None,
    )
    .await
    .unwrap();
    assert_eq!(records[0].status, "failed");
    assert!(records[0].notes[0].message.contains("2.0 GB"), "{:?}", records[0].notes);

    // a bad site or format is the request's fault: 422 / 404, nothing recorded
    let before = app.count("igny8_imports").await;
    let (status, b) = upload(&app, &owner, 0, &[("a.json", b"{}".to_vec())]).await;
    assert_eq!((status, b["errors"][0]["field"].as_str()), (422, Some("site")), "{b}");
    let other_account_site = app.id_where("igny8_sites", "domain", "harborlegal.com").await;
    let (status, _) = upload(&app, &owner, other_account_site, &[("a.json", b"{}".to_vec())]).await;
    assert_eq!(status, 404);
    assert_eq!(app.count("igny8_imports").await, before);
});

both!(the_command_line_imports_files_and_says_what_each_did, |app| {
    let site = example_site(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("Chart.csv");
    std::fs::write(
        &latin1,
        b"Date,Clicks,Impressions,CTR,Position\n2026-10-01,1,2,50%,3 caf\xe9\n",
    )
    .unwrap();
    let zip = fixture("Performance-on-Search-2026-11-05.zip");
    let args = [
        "import",
        "--site",
        &site.to_string(),
        zip.to_str().unwrap(),
        latin1.to_str().unwrap(),
    ];
    let (ok, stdout, stderr) = crate::report_cli::igny8(&app, &args);
    assert!(!ok, "a failed file makes the command fail: {stdout}");
    assert!(
        stdout.contains("Performance-on-Search-2026-11-05.zip: done (gsc-export) — 60 added, 0 updated"),
        "{stdout}"
    );
    assert!(stdout.contains("Chart.csv: failed (gsc-export)"), "{stdout}");
    assert!(stdout.contains("not UTF-8 text: byte 0xE9 at offset"), "{stdout}");
    assert!(stderr.contains("1 of 2 files failed"), "{stderr}");
    assert_eq!(gsc_rows(&app, site).await, 31);
    // recorded as the command line's
    assert_eq!(app.count_where("igny8_imports", "user_id IS NULL").await, 2);
    assert_eq!(
        app.count_where(
            "igny8_audit_log",
            "action LIKE 'import.%' AND detail LIKE '%command line%'"
        )
        .await,
        2
    );
    let (ok, _, stderr) = crate::report_cli::igny8(
        &app,
        &[
            "import",
            "--site",
            &site.to_string(),
            "--format",
            "excel",
            zip.to_str().unwrap(),
        ],
    );
    assert!(
        !ok && stderr.contains("format") && stderr.contains("`excel` is not one of"),
        "{stderr}"
    );
});

both!(responses_without_days_count_for_the_days_the_importer_gives, |app| {
    let site = example_site(&app).await;
    let staff = app.signed_in(STAFF_EMAIL).await;
    let upload_dates = |name: &'static str, dates: &'static str| {
        let form = reqwest::multipart::Form::new()
            .text("site", site.to_string())
            .text("dates", dates)
            .part("file", reqwest::multipart::Part::bytes(read(name)).file_name(name));
        let staff = staff.clone();
        let url = app.url("/api/v1/services/imports/");
        async move {
            let r = staff.post(url).multipart(form).send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let where_site = format!("site_id = {site}");
    let ranged = || app.count_where("igny8_gsc_range_metrics", &where_site);

    // dates that are not a period: refused naming the field, nothing read or recorded
    let (status, b) = upload_dates("gsc_api_searchanalytics_totals.json", "2026-13").await;
    assert_eq!((status, b["errors"][0]["field"].as_str()), (422, Some("dates")), "{b}");
    assert_eq!(app.count_where("igny8_imports", &format!("site_id = {site}")).await, 0);

    // the month's totals, as the API answers a request for October without the date dimension
    let (status, b) = upload_dates("gsc_api_searchanalytics_totals.json", "2026-10").await;
    assert_eq!((status, b["data"][0]["rows_added"].as_i64()), (201, Some(1)), "{b}");
    assert_eq!(ranged().await, 1);
    assert_eq!(gsc_rows(&app, site).await, 0, "no rows by day");
    // the October report shows the tool's own totals, with no daily chart
    assert_eq!(october_traffic(&app, &staff, site).await, (1423.0, 40998.0, 3.47, 10.5));

    // the queries of October: the rankings of October
    let (_, b) = upload_dates("gsc_api_searchanalytics_query.json", "2026-10-01..2026-10-31").await;
    let queries = b["data"][0]["rows_added"].as_i64().unwrap_or_else(|| panic!("{b}"));
    assert!(queries > 1);
    let positions: Vec<f64> =
        serde_json::from_slice::<Value>(&read("gsc_api_searchanalytics_query.json")).unwrap()["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["position"].as_f64().unwrap())
            .collect();
    let r = staff
        .post(app.url("/api/v1/services/reports/generate/"))
        .json(&serde_json::json!({"site_id": site, "period": "2026-10", "sections_included": ["rankings", "traffic"]}))
        .send()
        .await
        .unwrap();
    let report: Value = r.json().await.unwrap();
    let data = &report["data"]["report_data"];
    let within = |n: f64| positions.iter().filter(|p| **p <= n).count() as f64;
    assert_eq!(
        data["rankings"]["top10"]["current"].as_f64(),
        Some(within(10.0)),
        "{report}"
    );
    assert_eq!(data["rankings"]["top3"]["current"].as_f64(), Some(within(3.0)));
    assert_eq!(data["traffic"]["days_with_data"], 0);
    assert_eq!(data["traffic"]["daily_clicks"], serde_json::json!([]));
    // a period that is not exactly those days does not use them
    let r = staff
        .post(app.url("/api/v1/services/reports/generate/"))
        .json(
            &serde_json::json!({"site_id": site, "period": "2026-10-01..2026-10-30", "sections_included": ["traffic"]}),
        )
        .send()
        .await
        .unwrap();
    let b: Value = r.json().await.unwrap();
    assert_eq!(
        b["data"]["report_data"]["traffic"]["clicks"]["current"],
        Value::Null,
        "{b}"
    );

    // the same file for the same days again changes nothing
    let (_, b) = upload_dates("gsc_api_searchanalytics_query.json", "2026-10").await;
    assert_eq!(
        (
            b["data"][0]["rows_added"].as_i64(),
            b["data"][0]["rows_skipped"].as_i64()
        ),
        (Some(0), Some(queries)),
        "{b}"
    );
    assert_eq!(ranged().await, 1 + queries);

    // the command line takes the days too
    let (ok, _, stderr) = crate::report_cli::igny8(
        &app,
        &[
            "import",
            "--site",
            &site.to_string(),
            "--dates",
            "2026-09",
            fixture("gsc_api_searchanalytics_totals.json").to_str().unwrap(),
        ],
    );
    assert!(ok, "{stderr}");
    assert_eq!(
        app.count_where(
            "igny8_gsc_range_metrics",
            &format!(
                "site_id = {site} AND start_date = '2026-09-01' AND end_date = '2026-09-30' AND dimension = 'total'"
            )
        )
        .await,
        1
    );
});
