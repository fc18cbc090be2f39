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
