//! The dashboard's figures against a hand-computed fixture (every number below is worked out in
//! the comments), on both databases, with the clock fixed at Thursday 2026-11-19.

use app::types::dashboard::OverdueKind;
use app::types::{Actor, ErrorCode, Role};
use chrono::NaiveDate;
use server::dashboard;
use server::pagination::PageArgs;
use server::reports::period::Period;

use crate::both;

fn staff() -> Actor {
    Actor {
        user_id: 1,
        account_id: 1,
        role: Role::Admin,
        is_staff: true,
        site_ids: None,
        features: vec![],
        managed_services_enabled: true,
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 19).unwrap()
}

const FIXTURE: &str = "
INSERT INTO igny8_accounts (id, name, slug, status, account_timezone, feature_gates, is_agency, credits, created_at, updated_at) VALUES
 (1, 'Acme', 'acme', 'active', 'UTC', '[]', false, 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
 (2, 'Beta', 'beta', 'active', 'UTC', '[]', false, 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
 (3, 'Cedar', 'cedar', 'active', 'UTC', '[]', false, 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00');
INSERT INTO igny8_sites (id, account_id, name, domain, is_active, created_at, updated_at) VALUES
 (1, 1, 'acme.example', 'acme.example', true, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
 (2, 1, 'acme2.example', 'acme2.example', true, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
 (3, 2, 'beta.example', 'beta.example', true, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
 (4, 3, 'cedar.example', 'cedar.example', true, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
 (5, 3, 'cedar-old.example', 'cedar-old.example', true, '2026-01-01 00:00:00', '2026-01-01 00:00:00');
INSERT INTO igny8_managed_service_subscriptions (id, account_id, site_id, tier, status, price_cents, cost_cents, currency, billing_interval, articles_per_month, backlinks_per_month, review_required, started_on, renewal_date, cancelled_at, report_recipients, config, created_at, updated_at) VALUES
 (1, 1, 1, 'pro', 'active', 39900, 20000, 'USD', 'month', 12, 8, true, '2026-01-01', '2026-11-20', NULL, '[]', '{}', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
 (2, 1, 2, 'lite', 'active', 30000, 12000, 'USD', 'quarter', 6, 3, false, '2026-10-05', '2027-01-05', NULL, '[]', '{}', '2026-10-05 00:00:00', '2026-10-05 00:00:00'),
 (3, 2, 3, 'lite', 'paused', 10000, 5000, 'USD', 'month', 6, 3, false, '2026-03-01', '2026-11-01', NULL, '[]', '{}', '2026-03-01 00:00:00', '2026-03-01 00:00:00'),
 (4, 3, 4, 'pro', 'active', 430920, 240000, 'USD', 'year', 12, 8, true, '2025-12-01', '2026-11-10', NULL, '[]', '{}', '2025-12-01 00:00:00', '2025-12-01 00:00:00'),
 (5, 3, 5, 'lite', 'cancelled', 10000, 5000, 'USD', 'month', 6, 3, false, '2026-02-01', '2026-10-01', '2026-09-15 10:00:00', '[]', '{}', '2026-02-01 00:00:00', '2026-09-15 10:00:00');
INSERT INTO igny8_invoices (id, account_id, subscription_id, invoice_number, invoice_type, status, currency, subtotal_cents, tax_cents, total_cents, issued_at, due_date, paid_at, created_at, updated_at) VALUES
 (1, 1, 1, 'INV-1', 'addon', 'paid', 'USD', 39900, 0, 39900, '2026-11-01 00:00:00', '2026-11-08', '2026-11-02 09:00:00', '2026-11-01 00:00:00', '2026-11-01 00:00:00'),
 (2, 3, 4, 'INV-2', 'addon', 'paid', 'USD', 430920, 0, 430920, '2026-11-01 00:00:00', '2026-11-08', '2026-11-01 00:30:00', '2026-11-01 00:00:00', '2026-11-01 00:00:00'),
 (3, 1, 2, 'INV-3', 'addon', 'paid', 'USD', 30000, 0, 30000, '2026-10-31 00:00:00', '2026-11-07', '2026-10-31 23:59:00', '2026-10-31 00:00:00', '2026-10-31 00:00:00'),
 (4, 1, NULL, 'INV-4', 'credit_package', 'paid', 'USD', 4900, 0, 4900, '2026-11-03 00:00:00', '2026-11-10', '2026-11-03 10:00:00', '2026-11-03 00:00:00', '2026-11-03 00:00:00'),
 (5, 1, 1, 'INV-5', 'addon', 'pending', 'USD', 39900, 0, 39900, '2026-11-10 00:00:00', '2026-11-17', NULL, '2026-11-10 00:00:00', '2026-11-10 00:00:00'),
 (6, 2, 3, 'INV-6', 'addon', 'paid', 'EUR', 9000, 0, 9000, '2026-11-04 00:00:00', '2026-11-11', '2026-11-04 10:00:00', '2026-11-04 00:00:00', '2026-11-04 00:00:00');
INSERT INTO igny8_backlink_service_orders (id, account_id, site_id, subscription_id, package, marketplace, status, links_ordered, price_cents, cost_cents, currency, ordered_at, due_date, delivered_at, notes, created_at, updated_at) VALUES
 (1, 1, 1, 1, 'growth', 'fatgrid', 'delivered', 5, 60000, 36000, 'USD', '2026-11-03 10:00:00', '2026-12-03', '2026-11-12 10:00:00', '', '2026-11-03 10:00:00', '2026-11-03 10:00:00'),
 (2, 3, 4, 4, 'starter', 'prnews', 'cancelled', 2, 20000, 15000, 'USD', '2026-11-05 10:00:00', '2026-12-05', NULL, '', '2026-11-05 10:00:00', '2026-11-05 10:00:00'),
 (3, 1, 2, 2, 'starter', 'fatgrid', 'ordered', 3, 10000, 8000, 'USD', '2026-10-20 10:00:00', '2026-11-10', NULL, '', '2026-10-20 10:00:00', '2026-10-20 10:00:00'),
 (4, 3, 4, 4, 'starter', 'prnews', 'ordered', 1, 5000, 3000, 'EUR', '2026-11-02 10:00:00', '2026-12-02', NULL, '', '2026-11-02 10:00:00', '2026-11-02 10:00:00');
";

/// Content: site 1 has 4 articles this month (and one from October, one draft), site 2 has 3,
/// site 4 has 8.
async fn content(app: &crate::support::TestApp) {
    let mut rows = Vec::new();
    let mut n = 0;
    for (site, account, day, status) in [(1, 1, "2026-10-31", "published"), (1, 1, "2026-11-05", "draft")]
        .into_iter()
        .chain((0..4).map(|i| {
            (
                1,
                1,
                ["2026-11-02", "2026-11-06", "2026-11-10", "2026-11-18"][i],
                "published",
            )
        }))
        .chain((0..3).map(|i| (2, 1, ["2026-11-03", "2026-11-09", "2026-11-17"][i], "published")))
        .chain((0..8).map(|i| {
            (
                4,
                3,
                [
                    "2026-11-01",
                    "2026-11-03",
                    "2026-11-05",
                    "2026-11-07",
                    "2026-11-09",
                    "2026-11-11",
                    "2026-11-13",
                    "2026-11-15",
                ][i],
                "published",
            )
        }))
    {
        n += 1;
        let published = if status == "published" {
            format!("'{day} 12:00:00'")
        } else {
            "NULL".into()
        };
        rows.push(format!(
            "({n}, {account}, {site}, 'Article {n}', 'a-{n}', 'post', 'article', '{status}', 1000, 1, {published}, '{day} 09:00:00', '{day} 09:00:00')"
        ));
    }
    app.exec(&format!(
        "INSERT INTO igny8_content (id, account_id, site_id, title, slug, content_type, content_structure, status, word_count, images_count, published_at, created_at, updated_at) VALUES {}",
        rows.join(", ")
    ))
    .await;
}

/// Reports: site 1's October monthly and week-of-November-9 weekly were sent; site 2's October
/// monthly was generated but not sent; site 4 has none.
async fn reports(app: &crate::support::TestApp) {
    app.exec(
        "INSERT INTO igny8_service_reports (account_id, site_id, report_type, period_start, period_end, theme, status, generated_at, sent_at, created_at, updated_at) VALUES
         (1, 1, 'monthly', '2026-10-01', '2026-10-31', 'light', 'sent', '2026-11-01 06:00:00', '2026-11-01 06:05:00', '2026-11-01 06:00:00', '2026-11-01 06:05:00'),
         (1, 1, 'weekly', '2026-11-09', '2026-11-15', 'light', 'sent', '2026-11-16 06:00:00', '2026-11-16 06:05:00', '2026-11-16 06:00:00', '2026-11-16 06:05:00'),
         (1, 2, 'monthly', '2026-10-01', '2026-10-31', 'light', 'generated', '2026-11-01 06:00:00', NULL, '2026-11-01 06:00:00', '2026-11-01 06:00:00')",
    )
    .await;
}

both!(dashboard_figures_match_the_hand_computed_fixture, empty, |app| {
    app.exec(FIXTURE).await;
    content(&app).await;
    reports(&app).await;
    let staff = staff();
    let mut pooled = app.state.conn().await.unwrap();
    let mut conn = pooled.conn();

    // MRR = 39,900 (s1, monthly) + 30,000 ÷ 3 (s2, quarterly) + 430,920 ÷ 12 (s4, yearly)
    //     = 39,900 + 10,000 + 35,910 = 85,810; s3 is paused, s5 cancelled
    let s = dashboard::summary(&mut conn, Some(&staff), today()).await.unwrap();
    assert_eq!((s.mrr_cents, s.active_subscriptions, s.active_clients), (85_810, 3, 2));
    // revenue (November): invoice 1 (39,900) + invoice 2 (430,920) = 470,820; invoice 3 was paid
    // in October, 4 has no managed subscription, 5 is unpaid, 6 is in euros
    assert_eq!((s.revenue.paid_cents, s.revenue.invoices), (470_820, 2));
    // margin: subscriptions (85,810 − (20,000 + 12,000 ÷ 3 + 240,000 ÷ 12) = 85,810 − 44,000 =
    // 41,810) + November orders (order 1: 60,000 − 36,000 = 24,000; 2 is cancelled, 3 is from
    // October, 4 in euros) = 65,810, of 85,810 + 60,000 = 145,810 → 45.1 %
    assert_eq!((s.margin_cents, s.margin_pct), (65_810, Some(45.1)));
    assert_eq!(
        (
            s.status.active,
            s.status.paused,
            s.status.cancelled,
            s.status.lite,
            s.status.pro
        ),
        (3, 1, 1, 3, 2)
    );
    assert_eq!(s.overdue, 7);

    let november = Period::parse("2026-11").unwrap();
    let m = dashboard::margin(&mut conn, Some(&staff), november).await.unwrap();
    assert_eq!(
        (m.subscriptions_cents, m.orders_cents, m.total_cents),
        (41_810, 24_000, 65_810)
    );
    assert_eq!(
        m.lines
            .iter()
            .filter(|l| l.kind == "order")
            .map(|l| l.id)
            .collect::<Vec<_>>(),
        [1]
    );
    let october = dashboard::revenue(&mut conn, Some(&staff), Period::parse("2026-10").unwrap())
        .await
        .unwrap();
    assert_eq!(october.paid_cents, 30_000);

    // the trend: August s1 + s3 + s4 + s5 = 95,810; September without s5 (cancelled on the
    // 15th) = 85,810; October with s2 (started the 5th) = 95,810; November is live MRR = 85,810
    let trend = dashboard::mrr_trend(&mut conn, Some(&staff), 4, today()).await.unwrap();
    assert_eq!(
        trend
            .iter()
            .map(|p| (p.month.as_str(), p.mrr_cents))
            .collect::<Vec<_>>(),
        [
            ("2026-08", 95_810),
            ("2026-09", 85_810),
            ("2026-10", 95_810),
            ("2026-11", 85_810)
        ]
    );
    assert_eq!(
        dashboard::mrr_trend(&mut conn, Some(&staff), 0, today())
            .await
            .unwrap_err()
            .field(),
        Some("months")
    );

    // overdue on the 19th (19 of 30 days): site 1 published 4 of 12, 7 expected (12 × 19 ÷ 30);
    // site 2 has 3 of its 3; site 4 has 8 of its 7. Order 3 was due on the 10th. Monthly reports
    // were due on the 3rd (the 1st + 2 days): site 2's was not sent, site 4 has none. Site 4's
    // weekly report for the week of the 9th was due on the 18th. Renewals: site 4 was due on
    // the 10th, site 1 renews on the 20th (within 7 days)
    let items = dashboard::overdue(&mut conn, Some(&staff), today()).await.unwrap();
    let got: Vec<(OverdueKind, i64, &str, i64)> = items
        .iter()
        .map(|i| (i.kind, i.site_id, i.due_on.as_str(), i.days_overdue))
        .collect();
    assert_eq!(
        got,
        [
            (OverdueKind::Content, 1, "2026-11-19", 0),
            (OverdueKind::Backlinks, 2, "2026-11-10", 9),
            (OverdueKind::Report, 2, "2026-11-03", 16),
            (OverdueKind::Report, 4, "2026-11-03", 16),
            (OverdueKind::Report, 4, "2026-11-18", 1),
            (OverdueKind::Renewal, 4, "2026-11-10", 9),
            (OverdueKind::Renewal, 1, "2026-11-20", -1),
        ]
    );
    assert_eq!(items[0].detail, "4 of 12 articles published; 7 expected by today");

    // clients by account then site name, with their month and open items
    let (page, status) = dashboard::clients(&mut conn, Some(&staff), PageArgs { first: 3, after: None }, today())
        .await
        .unwrap();
    assert_eq!(status.active, 3);
    assert_eq!(page.total_count, 5);
    let rows: Vec<(&str, i64, i64, i64)> = page
        .items
        .iter()
        .map(|r| (r.site_name.as_str(), r.articles_published, r.monthly_cents, r.overdue))
        .collect();
    assert_eq!(
        rows,
        [
            ("acme.example", 4, 39_900, 2),
            ("acme2.example", 3, 10_000, 2),
            ("beta.example", 0, 0, 0)
        ]
    );
    let next = server::pagination::PageArgs::parse(Some(3), page.next_cursor.as_deref(), "first", "after").unwrap();
    let (rest, _) = dashboard::clients(&mut conn, Some(&staff), next, today())
        .await
        .unwrap();
    assert_eq!(
        rest.items
            .iter()
            .map(|r| (r.site_name.as_str(), r.overdue))
            .collect::<Vec<_>>(),
        [("cedar-old.example", 0), ("cedar.example", 3)]
    );
    assert!(rest.next_cursor.is_none());

    // staff only
    let client = Actor {
        is_staff: false,
        ..staff.clone()
    };
    let e = dashboard::summary(&mut conn, Some(&client), today()).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden);
    let off = Actor {
        managed_services_enabled: false,
        ..staff
    };
    assert_eq!(
        dashboard::overdue(&mut conn, Some(&off), today())
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
});

// MRR rounds each subscription's monthly price half up before adding (the database does the
// sum): two quarterly $10.01 are 334 + 334 = 668 cents (not 2,002 ÷ 3 = 667), a yearly $10.02 is
// 83.5 → 84; an active subscription in euros counts as active but not in MRR.
both!(mrr_rounds_per_subscription_and_keeps_to_dollars, empty, |app| {
    app.exec(
        "INSERT INTO igny8_accounts (id, name, slug, status, account_timezone, feature_gates, is_agency, credits, created_at, updated_at) VALUES
         (1, 'A', 'a', 'active', 'UTC', '[]', false, 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
         (2, 'B', 'b', 'active', 'UTC', '[]', false, 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00');
         INSERT INTO igny8_sites (id, account_id, name, domain, is_active, created_at, updated_at) VALUES
         (1, 1, 'a1', 'a1.example', true, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
         (2, 1, 'a2', 'a2.example', true, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
         (3, 1, 'a3', 'a3.example', true, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
         (4, 2, 'b1', 'b1.example', true, '2026-01-01 00:00:00', '2026-01-01 00:00:00');
         INSERT INTO igny8_managed_service_subscriptions (account_id, site_id, tier, status, price_cents, cost_cents, currency, billing_interval, articles_per_month, backlinks_per_month, review_required, started_on, renewal_date, report_recipients, config, created_at, updated_at) VALUES
         (1, 1, 'lite', 'active', 1001, 0, 'USD', 'quarter', 6, 3, false, '2026-01-01', '2027-01-01', '[]', '{}', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
         (1, 2, 'lite', 'active', 1001, 0, 'USD', 'quarter', 6, 3, false, '2026-01-01', '2027-01-01', '[]', '{}', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
         (1, 3, 'pro', 'active', 1002, 0, 'USD', 'year', 12, 8, false, '2026-01-01', '2027-01-01', '[]', '{}', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
         (2, 4, 'pro', 'active', 50000, 0, 'EUR', 'month', 12, 8, false, '2026-01-01', '2027-01-01', '[]', '{}', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
    )
    .await;
    let mut pooled = app.state.conn().await.unwrap();
    let r = dashboard::recurring(&mut pooled.conn(), Some(&staff())).await.unwrap();
    assert_eq!((r.mrr_cents, r.active_subscriptions, r.active_clients), (752, 4, 2));
    let tiers: Vec<(&str, i64, i64)> = r
        .by_tier
        .iter()
        .map(|t| (t.tier.as_str(), t.subscriptions, t.mrr_cents))
        .collect();
    assert_eq!(tiers, [("lite", 2, 668), ("pro", 1, 84)]);
    // the same figure as the Rust formula over the rows
    let rust: i64 = server::db::models::subscription::Subscription::all_with_names(&mut pooled.conn())
        .await
        .unwrap()
        .iter()
        .filter(|(s, ..)| s.currency == "USD")
        .map(|(s, ..)| {
            let interval = app::types::BillingInterval::parse(&s.billing_interval).unwrap();
            server::subscriptions::monthly_cents(s.price_cents, interval)
        })
        .sum();
    assert_eq!(rust, 752);
});
