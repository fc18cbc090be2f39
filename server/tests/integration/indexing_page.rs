//! The indexing dashboard on a real server: its figures are GraphQL's `indexing` for the same
//! requests, per client too; the trend, the sites with the most failures and the requests follow
//! the view in the URL; a refused view is named beside its field; only staff see it.

use serde_json::Value;
use server::seed::{CLIENT_EMAIL, STAFF_EMAIL};

use crate::both;
use crate::support::TestApp;

/// A figure shown in a KPI tile (`data-test="{name}-value"`), digits only.
fn kpi(html: &str, name: &str) -> i64 {
    let at = html
        .find(&format!("data-test=\"{name}-value\""))
        .unwrap_or_else(|| panic!("no {name}"));
    let rest = &html[at..];
    let text = &rest[rest.find('>').unwrap() + 1..rest.find('<').unwrap()];
    text.replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("{name}: {text}"))
}

/// All the demo's requests (they were made in 2026).
const ALL: &str = "from=2025-01-02&to=2026-12-31";

async fn totals(app: &TestApp, staff: &reqwest::Client, site: Option<i64>) -> Value {
    let arg = site.map(|s| format!("(siteId: \"{s}\")")).unwrap_or_default();
    let (_, b) = app
        .graphql(
            staff,
            &format!("{{ indexing{arg} {{ totals {{ total indexed pending submitted failed }} sites {{ siteId failed }} }} }}"),
        )
        .await;
    b["data"]["indexing"].clone()
}

both!(
    the_indexing_dashboard_shows_the_api_figures_and_keeps_its_view_in_the_url,
    |app| {
        let staff = app.signed_in(STAFF_EMAIL).await;

        // every client: GraphQL's figures
        let api = totals(&app, &staff, None).await;
        let t = &api["totals"];
        assert!(t["total"].as_i64().unwrap() > 0);
        let (status, _, html) = app.page(&staff, &format!("/services/indexing?{ALL}")).await;
        assert_eq!(status, 200, "{html}");
        assert_eq!(kpi(&html, "indexing-total"), t["total"].as_i64().unwrap());
        assert_eq!(kpi(&html, "indexing-indexed"), t["indexed"].as_i64().unwrap());
        assert_eq!(
            kpi(&html, "indexing-pending"),
            t["pending"].as_i64().unwrap() + t["submitted"].as_i64().unwrap()
        );
        assert_eq!(kpi(&html, "indexing-failed"), t["failed"].as_i64().unwrap());
        for chart in ["indexing-chart-0", "indexing-chart-1", "indexing-chart-2"] {
            let at = html.find(&format!("data-test=\"{chart}\"")).expect(chart);
            let figure = &html[at..at + html[at..].find("</figure>").unwrap()];
            assert_eq!(figure.matches("<svg").count(), 2, "{chart}: drawn for both themes");
        }

        // the weeks count every request made in the range, and every link indexed and failure
        let staff_actor = crate::report_lifecycle::actor(&app, STAFF_EMAIL).await;
        let d = {
            let q = app::types::indexing::IndexingQuery {
                from: "2025-01-02".into(),
                to: "2026-12-31".into(),
                ..Default::default()
            };
            let mut pooled = app.state.conn().await.unwrap();
            server::indexing::dashboard(&mut pooled.conn(), Some(&staff_actor), &q, server::db::now().date())
                .await
                .unwrap()
        };
        let sum = |f: fn(&app::types::indexing::IndexingWeekRow) -> i64| d.weekly.iter().map(f).sum::<i64>();
        assert_eq!(sum(|w| w.requested), t["total"].as_i64().unwrap());
        assert_eq!(sum(|w| w.indexed), t["indexed"].as_i64().unwrap());
        assert_eq!(sum(|w| w.failed), t["failed"].as_i64().unwrap());
        assert_eq!(d.totals.total, t["total"].as_i64().unwrap());
        assert_eq!(
            d.sites as usize,
            api["sites"].as_array().unwrap().len(),
            "the sites with requests"
        );

        // the sites with the most failures, most first
        let mut failing: Vec<(i64, i64)> = api["sites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let id = s["siteId"]
                    .as_i64()
                    .or_else(|| s["siteId"].as_str().and_then(|v| v.parse().ok()));
                (s["failed"].as_i64().unwrap(), id.unwrap())
            })
            .filter(|(f, _)| *f > 0)
            .collect();
        failing.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let shown: Vec<i64> = html
            .match_indices("data-test=\"error-site\" data-site=\"")
            .map(|(i, m)| {
                let rest = &html[i + m.len()..];
                rest[..rest.find('"').unwrap()].parse().unwrap()
            })
            .collect();
        assert_eq!(shown, failing.iter().take(10).map(|(_, s)| *s).collect::<Vec<_>>());

        // one client (by its domain): that site's figures, as GraphQL gives them for it
        let lakeside = app.id_where("igny8_sites", "domain", "lakesidebakery.com").await;
        let one = totals(&app, &staff, Some(lakeside)).await;
        let (_, _, html) = app
            .page(&staff, &format!("/services/indexing?{ALL}&q=LakesideBakery"))
            .await;
        assert_eq!(kpi(&html, "indexing-total"), one["totals"]["total"].as_i64().unwrap());
        assert_eq!(kpi(&html, "indexing-failed"), one["totals"]["failed"].as_i64().unwrap());
        assert!(
            html.contains("value=\"LakesideBakery\""),
            "the search stays in the form"
        );

        // the list: one state, a page at a time
        let failed = t["failed"].as_i64().unwrap();
        let (_, _, html) = app
            .page(&staff, &format!("/services/indexing?{ALL}&status=failed"))
            .await;
        let rows = html.matches("data-test=\"request-row\"").count() as i64;
        assert_eq!(rows, failed.min(50));
        assert_eq!(html.matches("data-status=\"failed\"").count() as i64, rows);
        assert!(html.contains("not indexed after 3 checks"), "a failure shows its error");
        assert_eq!(
            kpi(&html, "indexing-total"),
            t["total"].as_i64().unwrap(),
            "the state filters the list only"
        );
        let total = t["total"].as_i64().unwrap();
        if total > 50 {
            let (_, _, page2) = app.page(&staff, &format!("/services/indexing?{ALL}&page=2")).await;
            assert_eq!(
                page2.matches("data-test=\"request-row\"").count() as i64,
                (total - 50).min(50)
            );
        }

        // a range without requests
        let (_, _, html) = app
            .page(&staff, "/services/indexing?from=2025-01-01&to=2025-02-01")
            .await;
        assert_eq!(kpi(&html, "indexing-total"), 0);

        // refused views are named beside their field, with a 422
        for (query, control, says) in [
            ("from=2026-13-01", "indexing-from", "is not a date"),
            ("from=2026-11-01&to=2026-10-01", "indexing-to", "is before"),
            (
                "from=2020-01-01&to=2026-01-01",
                "indexing-from",
                "longer than two years",
            ),
            ("status=lost", "indexing-status", "is not one of"),
        ] {
            let (status, _, html) = app.page(&staff, &format!("/services/indexing?{query}")).await;
            assert_eq!(status, 422, "{query}");
            let at = html
                .find(&format!("data-field=\"{control}\""))
                .unwrap_or_else(|| panic!("{query}"));
            let block = &html[at..at + html[at..].find("</div>").unwrap()];
            assert!(
                block.contains("field-error") && block.contains(says),
                "{query}: {block}"
            );
        }
        let (status, _, html) = app.page(&staff, "/services/indexing?page=0").await;
        assert_eq!(status, 422);
        assert!(html.contains("data-test=\"indexing-error\""), "{html}");

        // clients are refused, nobody signed in is sent to sign in
        let client = app.signed_in(CLIENT_EMAIL).await;
        let (status, _, _) = app.page(&client, "/services/indexing").await;
        assert_eq!(status, 403);
        let (status, location, _) = app.page(&app.client(), "/services/indexing").await;
        assert_eq!((status, location.starts_with("/login?next=")), (303, true));
    }
);
