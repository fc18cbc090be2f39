//! Backlink service orders (04A) and their links, as the admin pages and APIs show them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct BacklinkOrder {
    pub id: i64,
    pub account_id: i64,
    pub site_id: i64,
    pub site_name: String,
    /// starter, growth, authority or custom
    pub package: String,
    pub marketplace: String,
    /// pending, ordered, in_progress, delivered, completed or cancelled
    pub status: String,
    pub links_ordered: i32,
    pub price_cents: i64,
    /// Alorig's cost and margin: staff only (`None` for clients).
    pub cost_cents: Option<i64>,
    pub margin_cents: Option<i64>,
    pub currency: String,
    /// RFC 3339, UTC.
    pub ordered_at: String,
    pub due_date: String,
    pub delivered_at: Option<String>,
    /// The order's links, link by link (the detail and the `links` field).
    pub links: Vec<BacklinkLink>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct BacklinkLink {
    pub id: i64,
    pub source_domain: String,
    pub source_url: String,
    pub target_url: String,
    /// planned, ordered, delivered, live, indexed, lost or rejected
    pub status: String,
    pub domain_rating: Option<f64>,
    pub anchor_text: String,
    /// Alorig's cost of the link: staff only (`None` for clients).
    pub cost_cents: Option<i64>,
    pub currency: String,
    pub ordered_at: Option<String>,
    pub delivered_at: Option<String>,
    pub live_at: Option<String>,
    pub indexed_at: Option<String>,
}

/// Which orders a list shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::InputObject, utoipa::ToSchema))]
pub struct OrderFilter {
    /// The client account (staff).
    pub account_id: Option<i64>,
    pub site_id: Option<i64>,
    pub status: Option<String>,
    pub package: Option<String>,
}

/// An order's states.
pub const STATUSES: [&str; 6] = [
    "pending",
    "ordered",
    "in_progress",
    "delivered",
    "completed",
    "cancelled",
];
/// The packages an order buys.
pub const PACKAGES: [&str; 4] = ["starter", "growth", "authority", "custom"];

/// How the admin order list is sorted (the order id breaks ties).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderSort {
    /// When it was placed (the default, newest first).
    #[default]
    Ordered,
    Due,
    Client,
    Status,
    Price,
    Cost,
    Margin,
}

impl OrderSort {
    pub const ALL: [OrderSort; 7] = [
        OrderSort::Ordered,
        OrderSort::Due,
        OrderSort::Client,
        OrderSort::Status,
        OrderSort::Price,
        OrderSort::Cost,
        OrderSort::Margin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderSort::Ordered => "ordered",
            OrderSort::Due => "due",
            OrderSort::Client => "client",
            OrderSort::Status => "status",
            OrderSort::Price => "price",
            OrderSort::Cost => "cost",
            OrderSort::Margin => "margin",
        }
    }

    pub fn parse(s: &str) -> Option<OrderSort> {
        OrderSort::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Orders per page of the admin list.
pub const ORDERS_PER_PAGE: i64 = 50;

/// The admin order list's view, checked: filters, search, sort and page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderListQuery {
    /// Searched in the client's and the site's names, the domain and the marketplace.
    pub q: String,
    pub account_id: Option<i64>,
    pub status: Option<String>,
    pub package: Option<String>,
    pub sort: OrderSort,
    pub desc: bool,
    /// 1-based.
    pub page: i64,
}

impl Default for OrderListQuery {
    fn default() -> Self {
        OrderListQuery {
            q: String::new(),
            account_id: None,
            status: None,
            package: None,
            sort: OrderSort::Ordered,
            desc: true,
            page: 1,
        }
    }
}

/// A row of the admin order list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderListRow {
    pub id: i64,
    pub account_id: i64,
    pub account_name: String,
    pub site_name: String,
    pub domain: String,
    pub package: String,
    pub marketplace: String,
    pub status: String,
    pub links_ordered: i32,
    /// Links of the order delivered so far (live and indexed ones included).
    pub links_delivered: i64,
    pub price_cents: i64,
    pub cost_cents: i64,
    pub margin_cents: i64,
    pub currency: String,
    /// `YYYY-MM-DD`.
    pub ordered_on: String,
    pub due_date: String,
    /// Still owes links and its due date has passed.
    pub late: bool,
}

/// A page of the admin order list, with the count and totals of every matching order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderListPage {
    pub rows: Vec<OrderListRow>,
    pub matching: i64,
    /// Position of the first row among the matching ones (1-based; 0 when empty).
    pub first_position: i64,
    pub page: i64,
    pub pages: i64,
    pub price_cents: i64,
    pub cost_cents: i64,
    pub margin_cents: i64,
}

/// One order for the admin page: the order with its links, and whose it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub order: BacklinkOrder,
    pub account_name: String,
    pub domain: String,
    /// The client page to link to (the site's managed subscription).
    pub subscription_id: Option<i64>,
    /// May the caller record the order's links?
    pub can_manage: bool,
}

/// Where an order's links are bought.
pub const MARKETPLACES: [&str; 3] = ["fatgrid", "prnews", "manual"];

/// A backlink order placed on a marketplace, as staff record it (GraphQL `recordBacklinkOrder`,
/// REST `POST /api/v1/services/orders/`, the account's page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::InputObject, utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrderInput {
    pub site_id: i64,
    /// One of `PACKAGES`.
    pub package: String,
    /// One of `MARKETPLACES`.
    pub marketplace: String,
    pub links_ordered: i32,
    /// Charged to the client, in cents.
    pub price_cents: i64,
    /// Paid to the marketplace, in cents.
    pub cost_cents: i64,
    /// YYYY-MM-DD: when the links are promised.
    pub due_date: String,
    pub notes: Option<String>,
}

/// A link an order delivered (GraphQL `recordOrderLink`, REST
/// `POST /api/v1/services/orders/{id}/links/`, the order's page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::InputObject, utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrderLinkInput {
    /// The page carrying the link (http or https).
    pub source_url: String,
    /// The page of the client's site it points to.
    pub target_url: String,
    pub anchor_text: String,
    /// The target page's tier in the site's architecture (1–3: links go to hub pages only).
    pub tier: i32,
    /// Ahrefs DR of the source domain (0–100).
    pub domain_rating: Option<f64>,
    /// What the link cost, in cents.
    pub cost_cents: Option<i64>,
}
