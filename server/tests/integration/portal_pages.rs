//! The client portal's overview on a real server: each managed site the caller may see, with this
//! month's articles against the target as GraphQL's content tracker counts them and the latest
//! report's headline figures as its stored data has them; a site-restricted viewer sees only
//! their site; a cancelled subscription is not shown; staff (no managed service) see none.

use server::seed::{CLIENT_EMAIL, STAFF_EMAIL};

use crate::both;

both!(the_overview_shows_each_sites_month_and_latest_figures, |app| {
    let client = app.signed_in(CLIENT_EMAIL).await;
    let (status, _, html) = app.page(&client, "/managed-service").await;
    assert_eq!(status, 200, "{html}");
    let account = app
        .scalar(&format!(
            "SELECT account_id AS n FROM igny8_users WHERE email = '{CLIENT_EMAIL}'"
        ))
        .await;
    let subs = app
        .count_where(
            "igny8_managed_service_subscriptions",
            &format!("account_id = {account} AND status <> 'cancelled'"),
        )
        .await;
    assert!(subs > 0);
    assert_eq!(html.matches("data-test=\"site-overview\"").count() as i64, subs);

    // the articles figure is the content tracker's, for this month on the account's clock
    let (_, me) = app.graphql(&client, "{ subscriptions { items { siteId } } }").await;
    let site = me["data"]["subscriptions"]["items"][0]["siteId"].as_i64().unwrap();
    // a report of October: its figures are the overview's headline; its data carries the
    // account's time zone
    let (_, r) = app
        .graphql(
            &client,
            &format!(
                r#"mutation {{ generateReport(input: {{siteId: {site}, period: "2026-10"}}) {{ id reportData {{ timezone traffic {{ clicks {{ current }} }} }} }} }}"#
            ),
        )
        .await;
    let latest = &r["data"]["generateReport"]["id"];
    let data = r["data"]["generateReport"]["reportData"].clone();
    assert!(data.is_object(), "{r}");
    let (_, _, html) = app.page(&client, "/managed-service").await;
    let zone: chrono_tz::Tz = data["timezone"].as_str().unwrap().parse().unwrap();
    let month = chrono::Utc::now().with_timezone(&zone).format("%Y-%m").to_string();
    let (_, tracked) = app
        .graphql(
            &client,
            &format!(r#"{{ contentTracker(siteId: "{site}", month: "{month}") {{ published target }} }}"#),
        )
        .await;
    let t = &tracked["data"]["contentTracker"];
    let at = html.find(&format!("data-site=\"{site}\"")).unwrap();
    let card = &html[at..at + html[at..].find("</section>").unwrap()];
    assert!(
        card.contains(&format!("{} / {}", t["published"], t["target"])),
        "{t} in {card}"
    );

    // the headline figures are the latest report's, as its data has them
    let clicks = data["traffic"]["clicks"]["current"]
        .as_f64()
        .expect("clicks in the report");
    let rest = &html[at..];
    let headline = &rest[rest.find("data-test=\"headline\"").expect("headline figures")..];
    let headline = &headline[..headline.find("</section>").unwrap()];
    assert!(headline.contains("Organic clicks"), "{headline}");
    assert!(
        headline.contains(&server::reports::summary::thousands(clicks)),
        "report {latest}: {clicks} in {headline}"
    );

    // a cancelled subscription is not shown
    app.exec(&format!(
        "UPDATE igny8_managed_service_subscriptions SET status = 'cancelled' WHERE site_id = {site}"
    ))
    .await;
    let (_, _, html) = app.page(&client, "/managed-service").await;
    assert!(!html.contains(&format!("data-site=\"{site}\"")));

    // a viewer restricted to one of two sites sees that one only
    let viewer = app.signed_in("viewer@summit-pt.example").await;
    let (status, _, html) = app.page(&viewer, "/managed-service").await;
    assert_eq!(status, 200);
    assert_eq!(html.matches("data-test=\"site-overview\"").count(), 1, "{html}");
    let allowed = app
        .scalar(
            "SELECT a.site_id AS n FROM igny8_site_user_access a JOIN igny8_users u ON u.id = a.user_id \
             WHERE u.email = 'viewer@summit-pt.example'",
        )
        .await;
    assert!(html.contains(&format!("data-site=\"{allowed}\"")));

    // staff have no managed service of their own
    let staff = app.signed_in(STAFF_EMAIL).await;
    let (status, _, html) = app.page(&staff, "/managed-service").await;
    assert_eq!(status, 200);
    assert!(html.contains("No managed service yet"), "{html}");
});

/// The `data-test="{name}"` element's text (tags dropped), from `html`.
fn text_of<'a>(html: &'a str, name: &str) -> &'a str {
    let at = html
        .find(&format!("data-test=\"{name}\""))
        .unwrap_or_else(|| panic!("no {name} in {html}"));
    let start = at + html[at..].find('>').unwrap() + 1;
    &html[start..start + html[start..].find('<').unwrap()]
}

both!(
    the_overview_charts_six_months_of_clicks_and_names_the_next_report,
    |app| {
        let client = app.signed_in(CLIENT_EMAIL).await;
        let (_, me) = app
            .graphql(&client, "{ subscriptions { items { siteId status } } }")
            .await;
        let site = me["data"]["subscriptions"]["items"][0]["siteId"].as_i64().unwrap();
        let (_, _, html) = app.page(&client, "/managed-service").await;
        let at = html.find(&format!("data-site=\"{site}\"")).unwrap();
        let card = &html[at..];

        // the six months before this one on the account's clock, summed from Search Console's totals
        let zone: chrono_tz::Tz = app
        .scalar_text(&format!(
            "SELECT a.account_timezone AS t FROM igny8_accounts a JOIN igny8_sites s ON s.account_id = a.id WHERE s.id = {site}"
        ))
        .await
        .parse()
        .unwrap();
        use chrono::{Datelike, Months};
        let this_month = chrono::Utc::now()
            .with_timezone(&zone)
            .date_naive()
            .with_day(1)
            .unwrap();
        let mut with_data = Vec::new();
        for k in (1..=6).rev() {
            let start = this_month - Months::new(k);
            let end = start + Months::new(1);
            let clicks = app
            .scalar(&format!(
                "SELECT CAST(COALESCE(SUM(clicks), 0) AS BIGINT) AS n FROM igny8_gsc_metrics_cache WHERE site_id = {site} \
                 AND dimension = 'total' AND metric_date >= '{start}' AND metric_date < '{end}'"
            ))
            .await;
            let days = app
            .count_where(
                "igny8_gsc_metrics_cache",
                &format!("site_id = {site} AND dimension = 'total' AND metric_date >= '{start}' AND metric_date < '{end}'"),
            )
            .await;
            if days > 0 {
                with_data.push((start, clicks));
            }
        }
        for (month, clicks) in &with_data {
            let row = format!("data-month=\"{}\"", month.format("%Y-%m"));
            let r = &card[card.find(&row).unwrap_or_else(|| panic!("{row} missing"))..];
            let r = &r[..r.find("</tr>").unwrap()];
            assert!(
                r.contains(&server::reports::summary::thousands(*clicks as f64)),
                "{month}: {clicks} in {r}"
            );
        }
        if with_data.len() >= 2 {
            assert!(card.contains("data-test=\"clicks-chart\"") && card.contains("<svg"));
            // the latest month's figure is the monthly report's own
            let (month, clicks) = with_data.last().unwrap();
            let (_, r) = app
            .graphql(
                &client,
                &format!(
                    r#"mutation {{ generateReport(input: {{siteId: {site}, period: "{}"}}) {{ reportData {{ traffic {{ clicks {{ current }} }} }} }} }}"#,
                    month.format("%Y-%m")
                ),
            )
            .await;
            let reported = r["data"]["generateReport"]["reportData"]["traffic"]["clicks"]["current"]
                .as_f64()
                .unwrap_or_else(|| panic!("{r}"));
            assert_eq!(reported, *clicks as f64);
        }

        // the next report is the schedule's next occurrence (monthly on the 1st at 06:00 by
        // default, weekly on Mondays for Pro), on the account's clock
        let next = text_of(card, "next-report");
        assert!(next.starts_with("Next report: "), "{next}");
        assert!(next.contains(zone.name()), "{next}");
        let tier = me["data"]["subscriptions"]["items"][0]["status"].as_str().unwrap();
        assert_eq!(tier, "ACTIVE");

        // a paused subscription has no next report
        app.exec(&format!(
            "UPDATE igny8_managed_service_subscriptions SET status = 'paused' WHERE site_id = {site}"
        ))
        .await;
        let (_, _, html) = app.page(&client, "/managed-service").await;
        let card = &html[html.find(&format!("data-site=\"{site}\"")).unwrap()..];
        assert!(text_of(card, "next-report").starts_with("No report is scheduled"));
    }
);

both!(the_sidebar_shows_the_portal_and_counts_pending_approvals, |app| {
    let client = app.signed_in(CLIENT_EMAIL).await;
    let (_, _, html) = app.page(&client, "/").await;
    for entry in [
        "nav-managed-service",
        "nav-portal-overview",
        "nav-portal-reports",
        "nav-portal-approvals",
    ] {
        assert!(html.contains(&format!("data-test=\"{entry}\"")), "{entry}");
    }
    // the count is the API's pending items
    let (_, b) = app.graphql(&client, r#"{ approvals(status: "pending") { id } }"#).await;
    let pending = b["data"]["approvals"].as_array().unwrap().len();
    assert!(pending > 0);
    assert_eq!(text_of(&html, "approvals-pending"), pending.to_string());

    // a restricted viewer whose only site does not require review still decides its link plans
    // (and blueprints), never its articles
    let viewer = app.signed_in("viewer@summit-pt.example").await;
    let (_, _, html) = app.page(&viewer, "/").await;
    assert!(html.contains("data-test=\"nav-portal-reports\""));
    assert!(html.contains("data-test=\"nav-portal-approvals\""), "{html}");
    let (_, b) = app.graphql(&viewer, r#"{ approvals { itemType } }"#).await;
    let kinds: Vec<&str> = b["data"]["approvals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["itemType"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"campaign"), "{b}");
    assert!(!kinds.contains(&"content"), "{b}");

    // every subscription cancelled: no Managed Service at all
    app.exec(&format!(
        "UPDATE igny8_managed_service_subscriptions SET status = 'cancelled' WHERE account_id = \
         (SELECT account_id FROM igny8_users WHERE email = '{CLIENT_EMAIL}')"
    ))
    .await;
    let (_, _, html) = app.page(&client, "/").await;
    assert!(!html.contains("data-test=\"nav-managed-service\""));
});

/// Generates a report of `period` for `site` as `who`; its id.
async fn report_of(app: &crate::support::TestApp, who: &reqwest::Client, site: i64, period: &str) -> i64 {
    let (_, r) = app
        .graphql(
            who,
            &format!(r#"mutation {{ generateReport(input: {{siteId: {site}, period: "{period}"}}) {{ id }} }}"#),
        )
        .await;
    r["data"]["generateReport"]["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .or_else(|| r["data"]["generateReport"]["id"].as_i64())
        .unwrap_or_else(|| panic!("{r}"))
}

both!(
    the_report_viewer_lists_filters_opens_and_shares_the_accounts_reports,
    |app| {
        let staff = app.signed_in(STAFF_EMAIL).await;
        // Summit PT: two sites; its owner sees both, its restricted viewer one
        let owner_email = app
            .scalar_text(
                "SELECT u.email AS t FROM igny8_users u JOIN igny8_users v ON v.account_id = u.account_id \
             WHERE v.email = 'viewer@summit-pt.example' AND u.role = 'owner' ORDER BY u.id LIMIT 1",
            )
            .await;
        let owner = app.signed_in(&owner_email).await;
        let viewer = app.signed_in("viewer@summit-pt.example").await;
        let allowed = app
            .scalar(
                "SELECT a.site_id AS n FROM igny8_site_user_access a JOIN igny8_users u ON u.id = a.user_id \
             WHERE u.email = 'viewer@summit-pt.example'",
            )
            .await;
        let other = app
        .scalar(&format!(
            "SELECT id AS n FROM igny8_sites WHERE account_id = (SELECT account_id FROM igny8_sites WHERE id = {allowed}) \
             AND id <> {allowed} ORDER BY id LIMIT 1"
        ))
        .await;
        let sept = report_of(&app, &staff, other, "2026-09").await;
        let oct = report_of(&app, &staff, other, "2026-10").await;
        let mine = report_of(&app, &staff, allowed, "2026-10").await;
        let older = report_of(&app, &staff, allowed, "2025-12").await;
        let client = app.signed_in(CLIENT_EMAIL).await;
        let elsewhere = {
            let (_, me) = app.graphql(&client, "{ subscriptions { items { siteId } } }").await;
            report_of(
                &app,
                &staff,
                me["data"]["subscriptions"]["items"][0]["siteId"].as_i64().unwrap(),
                "2026-10",
            )
            .await
        };

        // newest first; the same reports as the API's list
        let (status, _, html) = app.page(&owner, "/managed-service/reports").await;
        assert_eq!(status, 200, "{html}");
        let listed: Vec<i64> = html
            .match_indices("data-test=\"report-row\" data-report=\"")
            .map(|(i, m)| {
                let rest = &html[i + m.len()..];
                rest[..rest.find('"').unwrap()].parse().unwrap()
            })
            .collect();
        assert_eq!(listed, vec![older, mine, oct, sept]);
        let (_, api) = app.get_json(&owner, "/api/v1/services/reports/").await;
        let api_ids: Vec<i64> = api["data"]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        assert_eq!(listed, api_ids);
        assert!(!listed.contains(&elsewhere));
        assert!(html.contains("data-test=\"report-pdf\""), "owners download");

        // filters in the URL: site, type, year
        let (_, _, html) = app
            .page(&owner, &format!("/managed-service/reports?site={allowed}&year=2026"))
            .await;
        assert!(html.contains(&format!("data-report=\"{mine}\"")));
        assert!(
            !html.contains(&format!("data-report=\"{older}\"")) && !html.contains(&format!("data-report=\"{oct}\""))
        );
        let (_, _, html) = app.page(&owner, "/managed-service/reports?report_type=weekly").await;
        assert!(!html.contains("data-test=\"report-row\""), "no weekly report");
        for (query, field) in [
            ("year=20x6", "year"),
            ("site=abc", "site"),
            ("report_type=daily", "report_type"),
        ] {
            let (status, _, html) = app.page(&owner, &format!("/managed-service/reports?{query}")).await;
            assert_eq!(status, 422, "{query}");
            assert!(html.contains(field), "{query}: {html}");
        }

        // the restricted viewer: their site's reports, no downloads, and whom to ask
        let (_, _, html) = app.page(&viewer, "/managed-service/reports").await;
        assert!(html.contains(&format!("data-report=\"{mine}\"")));
        assert!(!html.contains(&format!("data-report=\"{oct}\"")));
        assert!(!html.contains("data-test=\"report-pdf\""));
        assert!(text_of(&html, "ask").contains(&owner_email), "{html}");
        let (status, _, _) = app.page(&viewer, &format!("/managed-service/reports/{oct}")).await;
        assert_eq!(status, 404, "another site's report");
        let (status, _, html) = app.page(&viewer, &format!("/managed-service/reports/{mine}")).await;
        assert_eq!(status, 200);
        assert!(!html.contains("report-frame") && !html.contains("download-pdf"));
        let r = viewer
            .get(app.url(&format!("/reports/{mine}/pdf")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 403);

        // one report: the web version framed, the PDF, share links
        let (status, _, html) = app.page(&owner, &format!("/managed-service/reports/{oct}")).await;
        assert_eq!(status, 200);
        assert!(html.contains(&format!("src=\"/reports/{oct}/view\"")) && html.contains("sandbox=\"\""));
        let (status, _, _) = app.page(&owner, &format!("/managed-service/reports/{elsewhere}")).await;
        assert_eq!(status, 404, "another account's report");
        let (status, _, _) = app.page(&owner, "/managed-service/reports/99999999").await;
        assert_eq!(status, 404);
        let (status, _, _) = app.page(&staff, &format!("/managed-service/reports/{oct}")).await;
        assert_eq!(status, 404, "the portal is the caller's own account's, staff included");

        let links = app.count("igny8_share_links").await;
        let (status, location) = app
            .post_form(
                &owner,
                "portal_share_report",
                &[("report", &oct.to_string()), ("days", "365")],
            )
            .await;
        assert!((300..400).contains(&status), "{status}");
        assert!(location.contains("error=") && location.contains(&format!("/managed-service/reports/{oct}")));
        assert_eq!(app.count("igny8_share_links").await, links, "nothing written");
        let (_, location) = app
            .post_form(
                &owner,
                "portal_share_report",
                &[("report", &oct.to_string()), ("days", "7")],
            )
            .await;
        assert!(
            location.contains("done=shared") && location.contains("link="),
            "{location}"
        );
        let (_, _, html) = app.page(&owner, &location).await;
        let url = html[html.find("id=\"share-url\"").unwrap()..].to_owned();
        let url = &url[url.find("value=\"").unwrap() + 7..];
        let url = &url[..url.find('"').unwrap()];
        let path = &url[url.find("/reports/shared/").unwrap()..];
        let r = app.client().get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200);
        assert_eq!(r.bytes().await.unwrap()[..5], *b"%PDF-");
        let link = app.id_where("igny8_share_links", "report_id", &oct.to_string()).await;
        let (_, location) = app
            .post_form(
                &viewer,
                "portal_revoke_share",
                &[("report", &oct.to_string()), ("link", &link.to_string())],
            )
            .await;
        assert!(!location.contains("done=revoked"));
        let (_, location) = app
            .post_form(
                &owner,
                "portal_revoke_share",
                &[("report", &mine.to_string()), ("link", &link.to_string())],
            )
            .await;
        assert!(!location.contains("done=revoked"), "a link of another report");
        let (_, location) = app
            .post_form(
                &owner,
                "portal_revoke_share",
                &[("report", &oct.to_string()), ("link", &link.to_string())],
            )
            .await;
        assert!(location.contains("done=revoked"), "{location}");
        let r = app.client().get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 404, "a revoked link");
        assert_eq!(
            app.count_where(
                "igny8_audit_log",
                &format!("action = 'share_link.revoke' AND object_id = {link}")
            )
            .await,
            1
        );
    }
);

both!(approvals_show_what_to_decide_and_are_decided_once, |app| {
    let client = app.signed_in(CLIENT_EMAIL).await;
    let (status, _, html) = app.page(&client, "/managed-service/approvals").await;
    assert_eq!(status, 200, "{html}");
    // the pending items are the API's, each with what it is about
    let (_, b) = app
        .graphql(&client, r#"{ approvals(status: "pending") { id itemType title } }"#)
        .await;
    let pending = b["data"]["approvals"].as_array().unwrap().clone();
    let section = &html[html.find("data-test=\"pending\"").unwrap()..html.find("data-test=\"decided\"").unwrap()];
    assert_eq!(section.matches("data-test=\"approval\"").count(), pending.len());
    let content = pending
        .iter()
        .find(|p| p["itemType"] == "content")
        .expect("an article waits");
    let id = content["id"].as_i64().unwrap();
    let card = &section[section.find(&format!("data-item=\"{id}\"")).unwrap()..];
    let card = &card[..card.find("</article>").unwrap()];
    assert!(
        card.contains("data-test=\"excerpt\"") && card.contains("data-test=\"item-link\""),
        "{card}"
    );
    assert!(card.contains(" words"), "{card}");
    let decided = &html[html.find("data-test=\"decided\"").unwrap()..];
    assert!(decided.contains("data-test=\"clusters\""), "the blueprint's clusters");
    assert!(decided.contains("data-test=\"decision\""));

    // asking for changes needs a comment; one over the limit is refused; nothing is written
    let (status, location) = app
        .post_form(
            &client,
            "decide_approval",
            &[("id", &id.to_string()), ("decision", "changes"), ("note", " ")],
        )
        .await;
    assert!((300..400).contains(&status), "{status}");
    assert!(location.contains("field=note"), "{location}");
    let long = "x".repeat(1001);
    let (_, location) = app
        .post_form(
            &client,
            "decide_approval",
            &[("id", &id.to_string()), ("decision", "approve"), ("note", &long)],
        )
        .await;
    assert!(
        location.contains("field=note") && location.contains("d_note="),
        "{location}"
    );
    let (_, _, html) = app.page(&client, &location).await;
    assert!(
        html.contains("is longer than 1000 characters") && html.contains(&long),
        "kept as typed"
    );
    assert_eq!(
        app.count_where("igny8_approval_items", &format!("id = {id} AND status = 'pending'"))
            .await,
        1
    );

    // two people click at once: one decision is recorded
    let other = app.signed_in(CLIENT_EMAIL).await;
    let form = [
        ("id", id.to_string()),
        ("decision", "changes".to_owned()),
        ("note", "Shorter intro, please".to_owned()),
    ];
    let form2 = [
        ("id", id.to_string()),
        ("decision", "approve".to_owned()),
        ("note", String::new()),
    ];
    let (a, b) = tokio::join!(
        client
            .post(app.url("/api/ui/decide_approval"))
            .header("accept", "text/html")
            .form(&form)
            .send(),
        other
            .post(app.url("/api/ui/decide_approval"))
            .header("accept", "text/html")
            .form(&form2)
            .send(),
    );
    let (a, b) = (
        crate::support::location(&a.unwrap()),
        crate::support::location(&b.unwrap()),
    );
    assert_eq!([&a, &b].iter().filter(|l| l.contains("done=")).count(), 1, "{a} / {b}");
    assert!([&a, &b].iter().any(|l| l.contains("error=")), "{a} / {b}");
    assert_eq!(
        app.count_where(
            "igny8_audit_log",
            &format!("action IN ('approval.approved', 'approval.rejected') AND object_id = {id}")
        )
        .await,
        1
    );
    // the decision shows with who, when and the comment
    let (_, _, html) = app.page(&client, "/managed-service/approvals").await;
    let decided = &html[html.find("data-test=\"decided\"").unwrap()..];
    let card = &decided[decided.find(&format!("data-item=\"{id}\"")).unwrap()..];
    let card = &card[..card.find("</article>").unwrap()];
    assert!(
        card.contains("data-test=\"decision\"") && card.contains(" on 20"),
        "{card}"
    );
    assert!(!card.contains("data-test=\"decide-form\""));

    // a viewer reads the queue but cannot decide (their site made to require review)
    let viewer = app.signed_in("viewer@summit-pt.example").await;
    let allowed = app
        .scalar(
            "SELECT a.site_id AS n FROM igny8_site_user_access a JOIN igny8_users u ON u.id = a.user_id \
             WHERE u.email = 'viewer@summit-pt.example'",
        )
        .await;
    app.exec(&format!(
        "UPDATE igny8_managed_service_subscriptions SET review_required = true WHERE site_id = {allowed}"
    ))
    .await;
    let (_, _, html) = app.page(&viewer, "/managed-service/approvals").await;
    assert!(html.contains("data-test=\"read-only\"") && !html.contains("data-test=\"decide-form\""));
    let waiting = app
        .scalar(&format!(
            "SELECT id AS n FROM igny8_approval_items WHERE site_id = {allowed} AND status = 'pending' ORDER BY id LIMIT 1"
        ))
        .await;
    assert!(html.contains(&format!("data-item=\"{waiting}\"")));
    for (i, m) in html.match_indices("data-site=\"") {
        let rest = &html[i + m.len()..];
        assert_eq!(
            rest[..rest.find('"').unwrap()],
            allowed.to_string(),
            "only the viewer's site"
        );
    }
    let r = viewer
        .post(app.url("/api/ui/decide_approval"))
        .header("accept", "text/html")
        .form(&[("id", waiting.to_string()), ("decision", "approve".into())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);

    // another account's item: not found, nothing written
    let theirs = app
        .scalar(&format!(
            "SELECT i.id AS n FROM igny8_approval_items i JOIN igny8_users u ON u.email = '{CLIENT_EMAIL}' \
             WHERE i.account_id <> u.account_id AND i.status = 'pending' ORDER BY i.id LIMIT 1"
        ))
        .await;
    let r = client
        .post(app.url("/api/ui/decide_approval"))
        .header("accept", "text/html")
        .form(&[("id", theirs.to_string()), ("decision", "approve".into())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert_eq!(
        app.count_where("igny8_approval_items", &format!("id = {theirs} AND status = 'pending'"))
            .await,
        1
    );
});
