//! The report sections against crafted data, with exact expected numbers — including no_data,
//! provisional, and rows of another site that must never show up.

use app::types::report::{SectionKey, SectionStatus};
use chrono::{NaiveDate, NaiveDateTime};
use server::db::DbConn;
use server::reports::document::Block;
use server::reports::period::Period;
use server::row;
use server::seed::bulk::Loader;

use crate::both;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> NaiveDateTime {
    d(s).and_hms_opt(12, 0, 0).unwrap()
}

const OCTOBER: &str = "2026-10";
/// Site 1 (ours), site 2 (another account, big numbers that must not leak), site 3 (ours, empty).
const OURS: i64 = 1;
const THEIRS: i64 = 2;
const EMPTY: i64 = 3;

async fn base(l: &mut Loader, conn: &mut DbConn<'_>) {
    let at = t("2026-01-01");
    for (name, slug, tz) in [("Ours", "ours", "America/New_York"), ("Theirs", "theirs", "UTC")] {
        let id = l.id("igny8_accounts");
        l.push(
            conn,
            "igny8_accounts",
            row!(
                id,
                name,
                slug,
                None::<i64>,
                "active",
                tz,
                "[\"reports\"]",
                false,
                0i64,
                at,
                at
            ),
        )
        .await
        .unwrap();
    }
    for (account, domain) in [(1i64, "ours.example"), (2, "theirs.example"), (1, "empty.example")] {
        let id = l.id("igny8_sites");
        l.push(
            conn,
            "igny8_sites",
            row!(id, account, domain, domain, None::<String>, true, at, at),
        )
        .await
        .unwrap();
    }
}

async fn gsc_total(
    l: &mut Loader,
    conn: &mut DbConn<'_>,
    site: i64,
    day: &str,
    clicks: i64,
    impressions: i64,
    pos: f64,
) {
    let id = l.id("igny8_gsc_metrics_cache");
    let ctr = clicks as f64 / impressions as f64;
    let v = row!(
        id,
        1i64,
        site,
        d(day),
        "total",
        "",
        clicks,
        impressions,
        ctr,
        Some(pos),
        t(day)
    );
    l.push(conn, "igny8_gsc_metrics_cache", v).await.unwrap();
}

async fn gsc_query(
    l: &mut Loader,
    conn: &mut DbConn<'_>,
    site: i64,
    day: &str,
    query: &str,
    impressions: i64,
    pos: f64,
) {
    let id = l.id("igny8_gsc_metrics_cache");
    let v = row!(
        id,
        1i64,
        site,
        d(day),
        "query",
        query,
        1i64,
        impressions,
        0.01,
        Some(pos),
        t(day)
    );
    l.push(conn, "igny8_gsc_metrics_cache", v).await.unwrap();
}

/// The tables the collectors read, parents before children.
const SOURCES: [&str; 13] = [
    "igny8_sag_blueprints",
    "igny8_sag_clusters",
    "igny8_content",
    "igny8_url_inspection_records",
    "igny8_sag_campaigns",
    "igny8_backlink_service_orders",
    "igny8_sag_backlinks",
    "igny8_social_posts",
    "igny8_social_engagements",
    "igny8_automation_queue",
    "igny8_approval_items",
    "igny8_gsc_metrics_cache",
    "igny8_ahrefs_domain_snapshots",
];

/// Gives THEIRS (another account's site) a copy of every row OURS has in the tables the report
/// reads — ids and references to the copied rows moved by 100,000 so the copies hang together —
/// so a collector that misses its site filter anywhere counts everything twice.
async fn mirror_ours_into_theirs(app: &crate::support::TestApp) {
    const SHIFTED: [&str; 7] = [
        "id",
        "blueprint_id",
        "sag_cluster_id",
        "content_id",
        "campaign_id",
        "order_id",
        "post_id",
    ];
    for table in SOURCES {
        let theirs_before = app.count_where(table, &format!("site_id = {THEIRS}")).await;
        let columns = app.columns(table).await;
        let values: Vec<String> = columns
            .iter()
            .map(|c| match c.as_str() {
                "site_id" => THEIRS.to_string(),
                "account_id" => "2".into(),
                c if SHIFTED.contains(&c) => format!("{c} + 100000"),
                c => c.to_owned(),
            })
            .collect();
        app.exec(&format!(
            "INSERT INTO {table} ({}) SELECT {} FROM {table} WHERE site_id = {OURS}",
            columns.join(", "),
            values.join(", ")
        ))
        .await;
        assert_eq!(
            app.count_where(table, &format!("site_id = {THEIRS}")).await - theirs_before,
            app.count_where(table, &format!("site_id = {OURS}")).await,
            "{table} copied"
        );
    }
}

async fn site(app: &crate::support::TestApp, id: i64) -> server::db::models::site::Site {
    let mut pooled = app.state.conn().await.unwrap();
    server::db::models::site::Site::find(&mut pooled.conn(), id)
        .await
        .unwrap()
}

async fn collect(app: &crate::support::TestApp, site_id: i64, as_of: &str) -> app::types::report::ReportData {
    let s = site(app, site_id).await;
    let mut pooled = app.state.conn().await.unwrap();
    server::reports::collect_data(
        &mut pooled.conn(),
        &s,
        Period::parse(OCTOBER).unwrap(),
        "monthly",
        &SectionKey::ALL,
        t(as_of),
    )
    .await
    .unwrap()
}

both!(traffic_and_rankings_have_exact_figures, empty, |app| {
    let mut pooled = app.state.conn().await.unwrap();
    let mut conn = pooled.conn();
    let mut l = Loader::new(1000);
    base(&mut l, &mut conn).await;
    // October: 10 days × 100 clicks / 1,000 impressions at position 10
    for day in 1..=10 {
        gsc_total(&mut l, &mut conn, OURS, &format!("2026-10-{day:02}"), 100, 1000, 10.0).await;
    }
    // previous period (Aug 31 – Sep 30): 5 days × 50 clicks / 2,000 impressions at position 20
    for day in ["2026-08-31", "2026-09-10", "2026-09-11", "2026-09-12", "2026-09-30"] {
        gsc_total(&mut l, &mut conn, OURS, day, 50, 2000, 20.0).await;
    }
    gsc_total(&mut l, &mut conn, OURS, "2026-08-30", 9999, 99999, 1.0).await; // before both periods
    gsc_total(&mut l, &mut conn, THEIRS, "2026-10-05", 77777, 777777, 1.0).await;
    // queries: a 12 → 4 (weighted), b 2 → 5, c new at 30
    gsc_query(&mut l, &mut conn, OURS, "2026-10-03", "a", 100, 3.0).await;
    gsc_query(&mut l, &mut conn, OURS, "2026-10-04", "a", 100, 5.0).await;
    gsc_query(&mut l, &mut conn, OURS, "2026-09-03", "a", 300, 12.0).await;
    gsc_query(&mut l, &mut conn, OURS, "2026-10-03", "b", 50, 5.0).await;
    gsc_query(&mut l, &mut conn, OURS, "2026-09-03", "b", 50, 2.0).await;
    gsc_query(&mut l, &mut conn, OURS, "2026-10-09", "c", 10, 30.0).await;
    gsc_query(&mut l, &mut conn, THEIRS, "2026-10-03", "theirs", 1000, 1.0).await;
    for (site, day, dr) in [
        (OURS, "2026-09-28", 30.0),
        (OURS, "2026-10-26", 33.5),
        (THEIRS, "2026-10-27", 90.0),
    ] {
        let id = l.id("igny8_ahrefs_domain_snapshots");
        let v = row!(
            id,
            1i64,
            site,
            d(day),
            dr,
            None::<i64>,
            100,
            900i64,
            10,
            1000i64,
            5000i64,
            t(day)
        );
        l.push(&mut conn, "igny8_ahrefs_domain_snapshots", v).await.unwrap();
    }
    l.finish(&mut conn).await.unwrap();
    drop(pooled);

    let data = collect(&app, OURS, "2026-11-10").await;
    let traffic = data.traffic.as_ref().unwrap();
    assert_eq!(traffic.status, SectionStatus::Ok);
    assert_eq!(
        (traffic.clicks.current, traffic.clicks.previous),
        (Some(1000.0), Some(250.0))
    );
    assert_eq!(
        (traffic.impressions.current, traffic.impressions.previous),
        (Some(10_000.0), Some(10_000.0))
    );
    assert_eq!(
        (traffic.ctr_pct.current, traffic.ctr_pct.previous),
        (Some(10.0), Some(2.5))
    );
    assert_eq!(
        (traffic.average_position.current, traffic.average_position.previous),
        (Some(10.0), Some(20.0))
    );
    assert_eq!(traffic.clicks.change_pct, Some(300.0));
    assert_eq!(traffic.daily_clicks.len(), 10);
    assert_eq!(traffic.days_with_data, 10);

    let r = data.rankings.as_ref().unwrap();
    assert_eq!(r.status, SectionStatus::Ok);
    assert_eq!(
        [r.top3.current, r.top10.current, r.top20.current, r.top50.current],
        [Some(0.0), Some(2.0), Some(2.0), Some(3.0)]
    );
    assert_eq!(
        [r.top3.previous, r.top10.previous, r.top20.previous, r.top50.previous],
        [Some(1.0), Some(1.0), Some(2.0), Some(2.0)]
    );
    assert_eq!(r.movers_up.len(), 1);
    assert_eq!(
        (
            r.movers_up[0].query.as_str(),
            r.movers_up[0].position,
            r.movers_up[0].previous_position
        ),
        ("a", 4.0, 12.0)
    );
    assert_eq!(r.movers_up[0].gain, 8.0);
    assert_eq!((r.movers_down[0].query.as_str(), r.movers_down[0].gain), ("b", -3.0));
    assert_eq!(
        (r.domain_rating.current, r.domain_rating.previous),
        (Some(33.5), Some(30.0))
    );
    assert_eq!(r.dr_trend.len(), 2, "only our snapshots");

    // the summary's wins, each quoting the figures asserted above, in their order, at most 5
    let summary = data.summary.as_ref().unwrap();
    assert_eq!(
        summary.wins,
        [
            "Organic clicks grew +300.0% to 1,000.",
            "Domain Rating rose from 30.0 to 33.5.",
            "2 queries now rank in the top 10 (1 more than before).",
            "Average position improved from 20.0 to 10.0.",
            "“a” climbed from position 12.0 to 4.0.",
        ]
    );
    assert_eq!(
        summary
            .kpis
            .iter()
            .map(|k| (k.label.as_str(), k.value.as_str(), k.change.as_str(), k.up))
            .collect::<Vec<_>>(),
        [
            ("Organic clicks", "1,000", "+300.0%", Some(true)),
            ("Impressions", "10,000", "±0", None),
            ("Domain Rating", "33.5", "+3.5", Some(true)),
        ]
    );

    // two days after the period ends, Search Console days are still settling
    let early = collect(&app, OURS, "2026-11-02").await;
    assert_eq!(early.traffic.unwrap().status, SectionStatus::Provisional);
    assert_eq!(early.rankings.unwrap().status, SectionStatus::Provisional);
    assert_eq!(early.summary.unwrap().status, SectionStatus::Provisional);
    // on the third day after the period its last day has settled
    let settled = collect(&app, OURS, "2026-11-03").await;
    assert_eq!(settled.traffic.unwrap().status, SectionStatus::Ok);
    assert_eq!(settled.rankings.unwrap().status, SectionStatus::Ok);
    assert_eq!(settled.summary.unwrap().status, SectionStatus::Ok);

    // a site without data shows missing figures, never zeros
    let empty = collect(&app, EMPTY, "2026-11-10").await;
    // and the document prints no figure for them: every tile "—", no table of zeros
    let doc = server::reports::document::build(
        &empty,
        &server::reports::brand::Brand::igny8(),
        server::reports::brand::Theme::Light,
    );
    assert_eq!(doc.sections.len(), SectionKey::ALL.len());
    for section in &doc.sections {
        assert_eq!(
            section.note.as_deref(),
            Some("No data for this period."),
            "{}",
            section.title
        );
        for block in &section.blocks {
            match block {
                Block::Kpis(tiles) => {
                    for k in tiles {
                        assert_eq!(k.value, "—", "{}: {}", section.title, k.label);
                    }
                }
                Block::Table(t) => panic!("{}: a table without data: {:?}", section.title, t.rows),
                Block::Chart(c) => panic!("{}: a chart without data: {}", section.title, c.title),
                Block::Paragraph(_) | Block::Label(_) | Block::Bullets(_) => {}
            }
        }
    }
    let t = empty.traffic.unwrap();
    assert_eq!(t.status, SectionStatus::NoData);
    assert_eq!(
        (t.clicks.current, t.ctr_pct.current, t.average_position.current),
        (None, None, None)
    );
    let r = empty.rankings.unwrap();
    assert_eq!(
        (r.status, r.top10.current, r.domain_rating.current),
        (SectionStatus::NoData, None, None)
    );
    for section in [
        empty.content.map(|s| s.status),
        empty.indexing.map(|s| s.status),
        empty.backlinks.map(|s| s.status),
        empty.social.map(|s| s.status),
        empty.sag_health.map(|s| s.status),
        empty.next_month.map(|s| s.status),
        empty.summary.map(|s| s.status),
    ] {
        assert_eq!(section, Some(SectionStatus::NoData));
    }

    // the figures of the other account's site never appear anywhere in our report
    let json = serde_json::to_string(&data).unwrap();
    for leak in ["77777", "777777", "theirs", "90.0", "9999"] {
        assert!(!json.contains(leak), "{leak} leaked into {json}");
    }
});

both!(content_indexing_backlinks_social_sag_and_plan, empty, |app| {
    let mut pooled = app.state.conn().await.unwrap();
    let mut conn = pooled.conn();
    let mut l = Loader::new(1000);
    base(&mut l, &mut conn).await;
    // content: 3 published in October, 1 in September, 1 draft, 1 of the other site
    for (site, title, kind, words, images, status, day) in [
        (OURS, "One", "post", 1000, 2, "published", "2026-10-02"),
        (OURS, "Two", "post", 1500, 1, "published", "2026-10-15"),
        (OURS, "Services", "page", 500, 0, "published", "2026-10-20"),
        (OURS, "Old", "post", 800, 1, "published", "2026-09-15"),
        (OURS, "Draft", "post", 2000, 3, "draft", "2026-10-21"),
        (THEIRS, "Theirs", "post", 9000, 9, "published", "2026-10-05"),
    ] {
        let id = l.id("igny8_content");
        let published = (status == "published").then(|| t(day));
        let v = row!(
            id,
            1i64,
            site,
            None::<i64>,
            title,
            format!("slug-{id}"),
            kind,
            "article",
            status,
            words,
            images,
            None::<i64>,
            None::<String>,
            published,
            t(day),
            t(day)
        );
        l.push(&mut conn, "igny8_content", v).await.unwrap();
    }
    // inspections: u1 pending → indexed, u2 indexed, u3 error; u4 only after the period
    for (url, verdict, day) in [
        ("u1", "NEUTRAL", "2026-09-20"),
        ("u1", "PASS", "2026-10-12"),
        ("u2", "PASS", "2026-10-03"),
        ("u3", "FAIL", "2026-10-05"),
        ("u4", "PASS", "2026-11-03"),
    ] {
        let id = l.id("igny8_url_inspection_records");
        let v = row!(
            id,
            1i64,
            OURS,
            None::<i64>,
            url,
            verdict,
            None::<String>,
            None::<String>,
            None::<NaiveDateTime>,
            t(day),
            t(day)
        );
        l.push(&mut conn, "igny8_url_inspection_records", v).await.unwrap();
    }
    // backlinks: an order in October ($600), a campaign with a $300 monthly budget, 3 links delivered in
    // October (DR 25, 45, 85) from 2 domains, one in September, one planned
    // campaigns: $300/month all October; $310/month from October 16 (16 of 31 days: $160); one
    // that ended in September and a draft (neither counts)
    let mut campaign = 0;
    for (name, status, budget, starts, ends) in [
        ("c", "active", 30_000i64, "2026-01-01", None),
        ("late", "active", 31_000, "2026-10-16", None),
        ("ended", "completed", 10_000, "2026-06-01", Some("2026-09-15")),
        ("draft", "draft", 99_000, "2026-10-01", None),
    ] {
        let id = l.id("igny8_sag_campaigns");
        if campaign == 0 {
            campaign = id;
        }
        let v = row!(
            id,
            1i64,
            OURS,
            None::<i64>,
            name,
            "US",
            status,
            3,
            budget,
            "USD",
            d(starts),
            ends.map(d),
            t("2026-01-01"),
            t("2026-01-01")
        );
        l.push(&mut conn, "igny8_sag_campaigns", v).await.unwrap();
    }
    // campaign "c"'s KPI snapshots: September's last, two in October, one in November (not this
    // period's); the others have none in October
    for (day, live, domains, dr, clicks, tipped) in [
        ("2026-09-30", 10, 20, 30.0, 100i64, false),
        ("2026-10-15", 14, 22, 33.0, 120, false),
        ("2026-10-31", 18, 25, 35.55, 150, true),
        ("2026-11-01", 19, 26, 36.0, 160, true),
    ] {
        let id = l.id("igny8_campaign_kpi_snapshots");
        let v = row!(
            id,
            campaign,
            OURS,
            d(day),
            live,
            domains,
            Some(dr),
            clicks,
            tipped,
            t(day)
        );
        l.push(&mut conn, "igny8_campaign_kpi_snapshots", v).await.unwrap();
    }
    // an order in euros: listed apart, never added to the dollars
    let eur_order = l.id("igny8_backlink_service_orders");
    let v = row!(
        eur_order,
        1i64,
        OURS,
        None::<i64>,
        "starter",
        "prnews",
        "ordered",
        1,
        5_000i64,
        3_000i64,
        "EUR",
        t("2026-10-05"),
        d("2026-11-05"),
        None::<NaiveDateTime>,
        "",
        t("2026-10-05"),
        t("2026-10-05")
    );
    l.push(&mut conn, "igny8_backlink_service_orders", v).await.unwrap();
    let order = l.id("igny8_backlink_service_orders");
    let v = row!(
        order,
        1i64,
        OURS,
        None::<i64>,
        "growth",
        "fatgrid",
        "delivered",
        3,
        60_000i64,
        36_000i64,
        "USD",
        t("2026-10-02"),
        d("2026-11-01"),
        Some(t("2026-10-25")),
        "",
        t("2026-10-02"),
        t("2026-10-02")
    );
    l.push(&mut conn, "igny8_backlink_service_orders", v).await.unwrap();
    // b.example linked in August already, so it is not a new referring domain; d.example's link
    // came at 02:00 UTC on November 1st, which is still October 31st in New York
    let nov_first_2am = NaiveDateTime::parse_from_str("2026-11-01 02:00", "%Y-%m-%d %H:%M").unwrap();
    // statuses are read as they stood at the end of October: f.example was indexed only in
    // November (live then), e.example ordered only in November (planned then, so a target)
    let sept = Some(t("2026-09-01"));
    for (domain, dr, quality, status, delivered, [ordered, live, indexed], updated) in [
        (
            "a.example",
            Some(25.0),
            Some(60.0),
            "live",
            Some(t("2026-10-20")),
            [None; 3],
            sept,
        ),
        (
            "b.example",
            Some(45.0),
            Some(80.0),
            "indexed",
            Some(t("2026-10-21")),
            [None; 3],
            sept,
        ),
        (
            "a.example",
            Some(85.0),
            None,
            "delivered",
            Some(t("2026-10-22")),
            [None; 3],
            sept,
        ),
        (
            "c.example",
            Some(50.0),
            Some(70.0),
            "indexed",
            Some(t("2026-09-22")),
            [None; 3],
            sept,
        ),
        (
            "b.example",
            Some(44.0),
            Some(75.0),
            "indexed",
            Some(t("2026-08-15")),
            [None; 3],
            sept,
        ),
        ("d.example", None, None, "live", Some(nov_first_2am), [None; 3], sept),
        ("", None, None, "planned", None, [None; 3], sept),
        (
            "f.example",
            Some(30.0),
            None,
            "indexed",
            Some(t("2026-08-10")),
            [Some(t("2026-08-01")), Some(t("2026-08-12")), Some(t("2026-11-03"))],
            Some(t("2026-11-03")),
        ),
        (
            "",
            None,
            None,
            "ordered",
            None,
            [Some(t("2026-11-05")), None, None],
            Some(t("2026-11-05")),
        ),
    ] {
        let id = l.id("igny8_sag_backlinks");
        let v = row!(
            id,
            1i64,
            OURS,
            Some(campaign),
            Some(order),
            "https://ours.example/",
            format!("https://{domain}/x"),
            domain,
            "anchor",
            dr,
            1,
            status,
            20_000i64,
            "USD",
            quality,
            ordered,
            delivered,
            live,
            indexed,
            None::<NaiveDateTime>,
            t("2026-09-01"),
            updated.unwrap()
        );
        l.push(&mut conn, "igny8_sag_backlinks", v).await.unwrap();
    }
    // social: 2 posts in October (linkedin 5+1+0+4 = 10 engagements on 200 impressions; twitter 30 on 300)
    for (platform, day, impressions, likes, comments, shares, clicks) in [
        ("linkedin", "2026-10-05", 200i64, 5, 1, 0, 4),
        ("twitter", "2026-10-06", 300, 20, 5, 3, 2),
    ] {
        let post = l.id("igny8_social_posts");
        let v = row!(
            post,
            1i64,
            OURS,
            None::<i64>,
            platform,
            format!("{platform} post"),
            "published",
            None::<NaiveDateTime>,
            Some(t(day)),
            None::<String>,
            t(day),
            t(day)
        );
        l.push(&mut conn, "igny8_social_posts", v).await.unwrap();
        let e = l.id("igny8_social_engagements");
        let v = row!(
            e,
            post,
            OURS,
            d(day),
            impressions,
            likes,
            comments,
            shares,
            clicks,
            t(day)
        );
        l.push(&mut conn, "igny8_social_engagements", v).await.unwrap();
    }
    // a September post: 4 engagements by the end of September, 50 by late October (snapshots are
    // cumulative) — the previous period must count 4, not 50
    let post = l.id("igny8_social_posts");
    let v = row!(
        post,
        1i64,
        OURS,
        None::<i64>,
        "facebook",
        "september",
        "published",
        None::<NaiveDateTime>,
        Some(t("2026-09-10")),
        None::<String>,
        t("2026-09-10"),
        t("2026-09-10")
    );
    l.push(&mut conn, "igny8_social_posts", v).await.unwrap();
    for (day, likes) in [("2026-09-20", 4), ("2026-10-20", 50)] {
        let e = l.id("igny8_social_engagements");
        let v = row!(e, post, OURS, d(day), 100i64, likes, 0, 0, 0, t(day));
        l.push(&mut conn, "igny8_social_engagements", v).await.unwrap();
    }
    // SAG: a blueprint with 3 clusters (targets 10/10/5, published 10/4/0), score 62.5
    let bp = l.id("igny8_sag_blueprints");
    let gaps = r#"[{"topic":"emergency care","cluster":"Care","priority":"high"}]"#;
    let v = row!(
        bp,
        1i64,
        OURS,
        "bp",
        "active",
        1,
        Some(62.5),
        None::<NaiveDateTime>,
        gaps,
        t("2026-01-01"),
        t("2026-01-01")
    );
    l.push(&mut conn, "igny8_sag_blueprints", v).await.unwrap();
    // the fourth cluster was added in November: not in October's report
    for (status, target, published, created) in [
        ("complete", 10, 10, "2026-01-01"),
        ("in-progress", 10, 4, "2026-01-01"),
        ("planned", 5, 0, "2026-01-01"),
        ("planned", 40, 0, "2026-11-05"),
    ] {
        let id = l.id("igny8_sag_clusters");
        let v = row!(
            id,
            bp,
            OURS,
            "cl",
            "informational",
            status,
            "cluster_hub",
            target,
            published,
            None::<f64>,
            t(created),
            t(created)
        );
        l.push(&mut conn, "igny8_sag_clusters", v).await.unwrap();
    }
    // plan: two November items, one December item (not next month), one pending approval
    for (kind, title, day) in [
        ("content", "Write: braces guide", "2026-11-03"),
        ("backlink", "Order hub link", "2026-11-10"),
        ("content", "Later", "2026-12-01"),
    ] {
        let id = l.id("igny8_automation_queue");
        let v = row!(
            id,
            1i64,
            OURS,
            kind,
            title,
            "scheduled",
            1,
            Some(d(day)),
            "{}",
            t("2026-10-30"),
            t("2026-10-30")
        );
        l.push(&mut conn, "igny8_automation_queue", v).await.unwrap();
    }
    // approvals: one pending, one decided only in November (still waiting at October's end),
    // one decided in October and one asked for in November (neither)
    for (title, status, requested, decided) in [
        ("Article: braces", "pending", "2026-10-28", None),
        ("Blueprint v2", "approved", "2026-10-29", Some("2026-11-02")),
        ("Article: old", "rejected", "2026-10-02", Some("2026-10-09")),
        ("Article: later", "pending", "2026-11-04", None),
    ] {
        let id = l.id("igny8_approval_items");
        let v = row!(
            id,
            1i64,
            OURS,
            "content",
            None::<i64>,
            title,
            status,
            t(requested),
            decided.map(t),
            None::<i64>,
            None::<String>,
            t(requested),
            t(requested),
            None::<String>,
            None::<String>
        );
        l.push(&mut conn, "igny8_approval_items", v).await.unwrap();
    }
    l.finish(&mut conn).await.unwrap();
    drop(pooled);
    mirror_ours_into_theirs(&app).await;

    let data = collect(&app, OURS, "2026-11-10").await;
    let c = data.content.as_ref().unwrap();
    assert_eq!(
        (c.articles_published.current, c.articles_published.previous),
        (Some(3.0), Some(1.0))
    );
    assert_eq!(
        (c.words.current, c.words.previous, c.average_words),
        (Some(3000.0), Some(800.0), Some(1000.0))
    );
    assert_eq!(
        (c.images_created.current, c.images_created.previous),
        (Some(3.0), Some(1.0))
    );
    assert_eq!(
        c.by_type
            .iter()
            .map(|x| (x.label.as_str(), x.value))
            .collect::<Vec<_>>(),
        [("page", 1), ("post", 2)]
    );
    assert_eq!(c.recent[0].title, "Services");

    let i = data.indexing.as_ref().unwrap();
    assert_eq!(
        (i.indexed.current, i.pending.current, i.error.current),
        (Some(2.0), Some(0.0), Some(1.0))
    );
    assert_eq!(
        (i.indexed.previous, i.pending.previous, i.error.previous),
        (Some(0.0), Some(1.0), Some(0.0))
    );
    assert_eq!(i.indexed_pct, Some(66.7));
    assert_eq!(i.weekly.len(), 5);
    assert_eq!(
        (i.weekly[0].indexed, i.weekly[0].pending, i.weekly[0].error),
        (1, 1, 1),
        "week of Oct 1–7"
    );

    let b = data.backlinks.as_ref().unwrap();
    assert_eq!(
        (b.links_built.current, b.links_built.previous),
        (Some(4.0), Some(1.0)),
        "the link at 02:00 UTC on November 1st counts in New York's October"
    );
    assert_eq!(
        b.dr_distribution.iter().map(|x| x.value).collect::<Vec<_>>(),
        [0, 1, 1, 0, 1]
    );
    assert_eq!(b.average_dr, Some(51.7));
    let kpis: Vec<_> = b
        .campaigns
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                (c.links_live.current, c.links_live.previous),
                (c.referring_domains.current, c.referring_domains.previous),
                c.average_dr,
                (c.organic_clicks.current, c.organic_clicks.change),
                c.tipping_point_reached,
            )
        })
        .collect();
    assert_eq!(
        kpis,
        [(
            "c",
            (Some(18.0), Some(10.0)),
            (Some(25.0), Some(20.0)),
            Some(35.6),
            (Some(150.0), Some(50.0)),
            true
        )],
        "the period's last snapshot against September's last"
    );
    assert_eq!(b.average_quality, Some(70.0));
    assert_eq!(
        (b.spend_cents, b.budget_cents),
        (60_000, Some(30_000 + 16_000)),
        "a whole month's budget plus 16 days of 31 of the late campaign's"
    );
    assert_eq!(b.currency, "USD");
    assert_eq!(
        b.other_currency_spend
            .iter()
            .map(|c| (c.label.as_str(), c.value))
            .collect::<Vec<_>>(),
        [("EUR", 5_000)]
    );
    assert_eq!(b.new_referring_domains, Some(2), "a and d; b linked before");
    assert_eq!(
        b.cost_per_referring_domain_cents,
        Some(30_000),
        "$600 over 2 new domains"
    );
    let status = |k: &str| b.by_status.iter().find(|x| x.label == k).unwrap().value;
    assert_eq!(
        [
            status("planned"),
            status("delivered"),
            status("live"),
            status("indexed")
        ],
        [2, 1, 3, 3],
        "e.example still planned, f.example live at the end of October"
    );

    let s = data.social.as_ref().unwrap();
    assert_eq!((s.posts.current, s.engagements.current), (Some(2.0), Some(40.0)));
    assert_eq!((s.posts.previous, s.engagements.previous), (Some(1.0), Some(4.0)));
    assert_eq!(s.engagement_rate_pct, Some(8.0));
    let counts = |v: &[app::types::report::Count]| v.iter().map(|c| (c.label.clone(), c.value)).collect::<Vec<_>>();
    assert_eq!(counts(&s.by_platform), [("linkedin".into(), 1), ("twitter".into(), 1)]);
    assert_eq!(
        counts(&s.engagements_by_platform),
        [("linkedin".into(), 10), ("twitter".into(), 30)]
    );
    assert_eq!(s.top_posts.len(), 2);
    assert_eq!(s.top_posts[0].platform, "twitter");
    assert_eq!(s.top_posts[0].engagements, 30);

    let g = data.sag_health.as_ref().unwrap();
    assert_eq!((g.completion_pct, g.authority_score), (Some(56.0), Some(62.5)));
    assert_eq!(
        g.clusters_by_status.iter().map(|x| x.value).collect::<Vec<_>>(),
        [1, 1, 1]
    );
    assert_eq!(g.content_gaps[0].topic, "emergency care");

    let p = data.next_month.as_ref().unwrap();
    assert_eq!(p.month, "November 2026");
    assert_eq!(p.upcoming_topics, ["Write: braces guide"]);
    assert_eq!(
        p.backlink_targets,
        ["anchor (×2)"],
        "the planned link's anchor and the one ordered in November"
    );
    assert_eq!(
        p.action_items,
        ["Approve: Article: braces", "Approve: Blueprint v2", "Order hub link"]
    );
    assert_eq!(p.pending_approvals, 2);

    // the executive summary quotes only figures that are in the data
    let summary = data.summary.as_ref().unwrap();
    assert!(summary.wins.len() >= 3, "{:?}", summary.wins);
    assert!(
        summary.wins.contains(&"Published 3 articles (3,000 words).".to_owned()),
        "{:?}",
        summary.wins
    );
    assert!(
        summary
            .wins
            .contains(&"Built 4 new backlinks with an average DR of 51.7.".to_owned())
    );
    assert!(
        summary
            .wins
            .contains(&"40 social engagements across 2 posts.".to_owned())
    );
    assert!(
        summary
            .wins
            .contains(&"66.7% of inspected pages are indexed.".to_owned())
    );
    assert_eq!(summary.next_step, "2 items are waiting for your approval.");
    let figures = section_figures(&data);
    for sentence in summary.wins.iter().chain([&summary.next_step]) {
        for quoted in numbers_in(sentence) {
            assert!(
                figures.iter().any(|f| (f - quoted).abs() < 1e-9),
                "{quoted} of \"{sentence}\" is not a figure in report_data"
            );
        }
    }

    // an excluded section is not collected and not summarised
    let s = site(&app, OURS).await;
    let mut pooled = app.state.conn().await.unwrap();
    let only = server::reports::collect_data(
        &mut pooled.conn(),
        &s,
        Period::parse(OCTOBER).unwrap(),
        "monthly",
        &[SectionKey::ExecutiveSummary, SectionKey::Content],
        t("2026-11-10"),
    )
    .await
    .unwrap();
    assert!(only.backlinks.is_none() && only.social.is_none() && only.traffic.is_none());
    assert!(
        only.summary
            .unwrap()
            .wins
            .iter()
            .all(|w| !w.contains("backlink") && !w.contains("social"))
    );
});

/// Every figure of the sections the summary is written from (not the summary itself, nor ids
/// and versions, which would match small numbers by chance).
fn section_figures(data: &app::types::report::ReportData) -> Vec<f64> {
    let mut v = serde_json::to_value(data).unwrap();
    let map = v.as_object_mut().unwrap();
    for key in ["summary", "site_id", "schema_version"] {
        map.remove(key);
    }
    figures_in(&v)
}

/// Every number in a JSON value.
fn figures_in(v: &serde_json::Value) -> Vec<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64().into_iter().collect(),
        serde_json::Value::Array(items) => items.iter().flat_map(figures_in).collect(),
        serde_json::Value::Object(map) => map.values().flat_map(figures_in).collect(),
        _ => Vec::new(),
    }
}

/// The figures a sentence quotes: "1,234" → 1234, "+9.0%" → 9.0, "$600.00" → 60000 (cents);
/// the names "top 3/10/20/50" are labels, not figures.
fn numbers_in(sentence: &str) -> Vec<f64> {
    let mut text = sentence.to_owned();
    for label in ["top 3", "top 10", "top 20", "top 50"] {
        text = text.replace(label, "");
    }
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let money = i > 0 && chars[i - 1] == '$';
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || chars[i] == ','
                    || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
            {
                i += 1;
            }
            let n: f64 = chars[start..i]
                .iter()
                .filter(|c| **c != ',')
                .collect::<String>()
                .parse()
                .unwrap();
            out.push(if money { (n * 100.0).round() } else { n });
        } else {
            i += 1;
        }
    }
    out
}
