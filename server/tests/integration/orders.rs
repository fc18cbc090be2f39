//! The backlink order pages on a real server, SQLite and PostgreSQL: the list's totals, sort,
//! search and pages against the database and GraphQL, bad parameters named, the detail's links,
//! and everyone but Alorig staff refused.

use serde_json::Value;
use server::seed::STAFF_EMAIL;

use crate::both;

/// The text of the first element marked `data-test="name"`.
fn figure(html: &str, name: &str) -> String {
    let marker = format!("data-test=\"{name}\"");
    let at = html.find(&marker).unwrap_or_else(|| panic!("no {name} in the page"));
    let rest = &html[at..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest[start..].find('<').unwrap() + start;
    rest[start..end].trim().to_owned()
}

/// The order ids of the list's rows, in order.
fn row_ids(html: &str) -> Vec<i64> {
    html.split("data-order=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
        .collect()
}

fn dollars(cents: i64) -> String {
    app::types::format_cents(cents, "USD")
}

both!(
    the_order_list_adds_up_sorts_searches_and_pages_like_the_database,
    |app| {
        let staff = app.signed_in(STAFF_EMAIL).await;
        let sum = |what: &'static str, cond: &'static str| {
            let app = &app;
            async move {
                app.scalar(&format!(
                "SELECT CAST(COALESCE(SUM({what}), 0) AS BIGINT) AS n FROM igny8_backlink_service_orders WHERE {cond}"
            ))
            .await
            }
        };

        // more than a page of orders: the demo's, copied until there are
        let columns: Vec<String> = app
            .columns("igny8_backlink_service_orders")
            .await
            .into_iter()
            .filter(|c| c != "id")
            .collect();
        let columns = columns.join(", ");
        while app.count("igny8_backlink_service_orders").await <= 60 {
            app.exec(&format!(
            "INSERT INTO igny8_backlink_service_orders ({columns}) SELECT {columns} FROM igny8_backlink_service_orders"
        ))
        .await;
        }

        // every order: the totals are the database's, newest first
        let (status, _, html) = app.page(&staff, "/services/orders").await;
        assert_eq!(status, 200, "{html}");
        let all = app.count("igny8_backlink_service_orders").await;
        assert_eq!(figure(&html, "orders-matching-value"), all.to_string());
        let (price, cost) = (sum("price_cents", "1 = 1").await, sum("cost_cents", "1 = 1").await);
        assert_eq!(figure(&html, "orders-price-value"), dollars(price));
        assert_eq!(figure(&html, "orders-cost-value"), dollars(cost));
        assert_eq!(figure(&html, "orders-margin-value"), dollars(price - cost));
        let newest = app
            .scalar("SELECT id AS n FROM igny8_backlink_service_orders ORDER BY ordered_at DESC, id DESC LIMIT 1")
            .await;
        assert_eq!(row_ids(&html)[0], newest);

        // a status, sorted by margin: the same set and order as the database's
        let mut status = "";
        for s in ["completed", "delivered", "in_progress", "ordered", "pending"] {
            if app
                .count_where("igny8_backlink_service_orders", &format!("status = '{s}'"))
                .await
                > 1
            {
                status = s;
                break;
            }
        }
        assert!(!status.is_empty(), "the demo has orders in some state");
        let (_, _, html) = app
            .page(
                &staff,
                &format!("/services/orders?status={status}&sort=margin&dir=desc"),
            )
            .await;
        let with_status = app
            .count_where("igny8_backlink_service_orders", &format!("status = '{status}'"))
            .await;
        assert_eq!(figure(&html, "orders-matching-value"), with_status.to_string());
        let margin = app
        .scalar(&format!(
            "SELECT CAST(SUM(price_cents - cost_cents) AS BIGINT) AS n FROM igny8_backlink_service_orders WHERE status = '{status}'"
        ))
        .await;
        assert_eq!(figure(&html, "orders-margin-value"), dollars(margin));
        let best = app
            .scalar(&format!(
                "SELECT id AS n FROM igny8_backlink_service_orders WHERE status = '{status}' \
             ORDER BY price_cents - cost_cents DESC, id DESC LIMIT 1"
            ))
            .await;
        assert_eq!(row_ids(&html)[0], best);
        assert!(html.contains("aria-sort=\"descending\""), "the sorted column says so");

        // the same filter over GraphQL gives the same count
        let (_, b) = app
            .graphql(
                &staff,
                &format!(r#"{{ orders(first: 1, filter: {{status: "{status}"}}) {{ totalCount }} }}"#),
            )
            .await;
        assert_eq!(b["data"]["orders"]["totalCount"].as_i64(), Some(with_status), "{b}");

        // a search over the client's name, case-insensitive; `%` is a character, not a wildcard
        let (_, _, html) = app.page(&staff, "/services/orders?q=SUMMIT").await;
        let summit = app
        .scalar(
            "SELECT COUNT(*) AS n FROM igny8_backlink_service_orders o JOIN igny8_accounts a ON a.id = o.account_id \
             WHERE LOWER(a.name) LIKE '%summit%'",
        )
        .await;
        assert!(summit > 0);
        assert_eq!(figure(&html, "orders-matching-value"), summit.to_string());
        let (_, _, html) = app.page(&staff, "/services/orders?q=%25").await;
        assert_eq!(figure(&html, "orders-matching-value"), "0");

        // pages of 50: the second starts at 51 and does not repeat the first
        let (_, _, first) = app.page(&staff, "/services/orders").await;
        let (_, _, second) = app.page(&staff, "/services/orders?page=2").await;
        assert!(second.contains(&format!("51–{} of", all.min(100))), "{second}");
        let (a, b) = (row_ids(&first), row_ids(&second));
        assert_eq!(a.len(), 50);
        assert!(!b.is_empty() && a.iter().all(|id| !b.contains(id)));

        // a parameter the list does not understand is named
        for (query, field) in [("sort=colour", "sort"), ("status=lost", "status"), ("page=0", "page")] {
            let (status, _, html) = app.page(&staff, &format!("/services/orders?{query}")).await;
            assert_eq!(status, 422, "{query}");
            assert!(html.contains(field), "{query}: {html}");
        }
    }
);

both!(an_order_shows_its_links_and_only_staff_see_the_pages, |app| {
    let staff = app.signed_in(STAFF_EMAIL).await;
    let order = app
        .scalar("SELECT order_id AS n FROM igny8_sag_backlinks WHERE order_id IS NOT NULL ORDER BY id LIMIT 1")
        .await;
    let (status, _, html) = app.page(&staff, &format!("/services/orders/{order}")).await;
    assert_eq!(status, 200, "{html}");
    let (_, b) = app
        .graphql(
            &staff,
            &format!(r#"{{ order(id: "{order}") {{ priceCents marginCents links {{ sourceDomain anchorText }} }} }}"#),
        )
        .await;
    let o: &Value = &b["data"]["order"];
    assert_eq!(
        figure(&html, "order-price-value"),
        dollars(o["priceCents"].as_i64().unwrap())
    );
    assert_eq!(
        figure(&html, "order-margin-value"),
        dollars(o["marginCents"].as_i64().unwrap())
    );
    let links = o["links"].as_array().unwrap();
    assert!(!links.is_empty());
    assert_eq!(html.matches("data-test=\"link-row\"").count(), links.len());
    for l in links {
        assert!(html.contains(l["sourceDomain"].as_str().unwrap()));
    }
    let (status, _, _) = app.page(&staff, "/services/orders/999999").await;
    assert_eq!(status, 404);

    // a client with orders, an agency and nobody signed in are refused
    for email in ["owner@summit-pt.example", "admin@northstar-digital.example"] {
        let client = app.signed_in(email).await;
        for path in ["/services/orders".to_owned(), format!("/services/orders/{order}")] {
            let (status, _, _) = app.page(&client, &path).await;
            assert_eq!(status, 403, "{email} on {path}");
        }
    }
    let (status, location, _) = app.page(&app.client(), "/services/orders").await;
    assert_eq!((status, location.starts_with("/login?next=")), (303, true));
});
