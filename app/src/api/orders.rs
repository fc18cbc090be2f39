//! Backlink orders for Alorig staff: the list across clients and one order link by link.

use leptos::prelude::*;

use crate::types::ApiError;
use crate::types::order::{OrderDetail, OrderListPage, OrderListQuery, OrderSort};
#[cfg(feature = "ssr")]
use crate::types::order::{OrderInput, OrderLinkInput};

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports, settle_at};

/// The order list; an order's page is `{PATH}/{id}`.
pub const PATH: &str = "/services/orders";

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait OrderPort: Send + Sync + 'static {
    async fn list(
        &self,
        actor: Option<&crate::types::Actor>,
        query: &OrderListQuery,
    ) -> Result<OrderListPage, ApiError>;
    async fn detail(&self, actor: Option<&crate::types::Actor>, id: i64) -> Result<OrderDetail, ApiError>;
    /// `orders::record`: the new order's id.
    async fn record(&self, actor: Option<&crate::types::Actor>, input: &OrderInput) -> Result<i64, ApiError>;
    /// `orders::record_link`.
    async fn record_link(
        &self,
        actor: Option<&crate::types::Actor>,
        order: i64,
        input: &OrderLinkInput,
    ) -> Result<(), ApiError>;
}

/// A page of the order list, for the view in the URL (staff).
#[server(prefix = "/api/ui", endpoint = "order_list")]
pub async fn order_list(query: OrderListParams) -> Result<OrderListPage, ApiError> {
    answer(
        async {
            let query = query.parse()?;
            ports()?.orders.list(actor().await?.as_ref(), &query).await
        }
        .await,
    )
}

/// One order with its links (staff).
#[server(prefix = "/api/ui", endpoint = "order_page")]
pub async fn order_page(id: i64) -> Result<OrderDetail, ApiError> {
    answer(async { ports()?.orders.detail(actor().await?.as_ref(), id).await }.await)
}

/// The order list's view as the URL carries it: plain strings, checked by `parse`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OrderListParams {
    pub q: Option<String>,
    pub account: Option<String>,
    pub status: Option<String>,
    pub package: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    pub page: Option<String>,
}

impl OrderListParams {
    /// From the page's query string.
    pub fn from_map(map: &leptos_router::params::ParamsMap) -> Self {
        let get = |k: &str| map.get(k).filter(|v| !v.is_empty());
        OrderListParams {
            q: get("q"),
            account: get("account"),
            status: get("status"),
            package: get("package"),
            sort: get("sort"),
            dir: get("dir"),
            page: get("page"),
        }
    }

    /// The view, or the first parameter that is not understood (named).
    pub fn parse(&self) -> Result<OrderListQuery, ApiError> {
        let positive = |field: &str, v: &Option<String>, what: &str| -> Result<Option<i64>, ApiError> {
            v.as_deref()
                .map(|s| {
                    s.parse::<i64>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| ApiError::invalid(field, format!("must be {what}")))
                })
                .transpose()
        };
        let q = self.q.clone().unwrap_or_default();
        if q.chars().count() > 200 {
            return Err(ApiError::invalid("q", "at most 200 characters"));
        }
        let sort = match self.sort.as_deref() {
            None => None,
            Some(s) => Some(OrderSort::parse(s).ok_or_else(|| {
                let keys: Vec<&str> = OrderSort::ALL.iter().map(|k| k.as_str()).collect();
                ApiError::invalid("sort", format!("must be one of {}", keys.join(", ")))
            })?),
        };
        let desc = match self.dir.as_deref() {
            None => sort.is_none(), // newest first when nothing is chosen
            Some("asc") => false,
            Some("desc") => true,
            Some(_) => return Err(ApiError::invalid("dir", "must be asc or desc")),
        };
        Ok(OrderListQuery {
            q: q.trim().to_owned(),
            account_id: positive("account", &self.account, "a client account id")?,
            status: self.status.clone(),
            package: self.package.clone(),
            sort: sort.unwrap_or_default(),
            desc,
            page: positive("page", &self.page, "a page number")?.unwrap_or(1),
        })
    }
}

/// `1,200.50` or `$80` → cents; the field's error otherwise.
#[cfg(feature = "ssr")]
fn cents(field: &str, raw: &str) -> Result<i64, ApiError> {
    let bad = || ApiError::invalid(field, format!("`{raw}` is not an amount like 1200.00"));
    let text: String = raw
        .trim()
        .trim_start_matches('$')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty()
        || whole.len() > 9
        || frac.len() > 2
        || !(whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()))
    {
        return Err(bad());
    }
    let frac = format!("{frac:0<2}");
    Ok(whole.parse::<i64>().map_err(|_| bad())? * 100 + frac.parse::<i64>().map_err(|_| bad())?)
}

/// Records an order placed for a site (the account page's form, amounts in dollars): on to the
/// order's page, or back to the account's with the error beside its field and the values kept.
#[server(prefix = "/api/ui", endpoint = "record_order")]
#[allow(clippy::too_many_arguments)]
pub async fn record_order(
    account: i64,
    site_id: i64,
    package: String,
    marketplace: String,
    links_ordered: String,
    price: String,
    cost: String,
    due_date: String,
    notes: Option<String>,
) -> Result<(), ApiError> {
    let result = async {
        let actor = actor().await?;
        ports()?.accounts.may_manage(actor.as_ref()).await?;
        let input = OrderInput {
            site_id,
            package: package.clone(),
            marketplace: marketplace.clone(),
            links_ordered: links_ordered
                .trim()
                .parse()
                .map_err(|_| ApiError::invalid("links_ordered", "must be a whole number"))?,
            price_cents: cents("price_cents", &price)?,
            cost_cents: cents("cost_cents", &cost)?,
            due_date: due_date.clone(),
            notes: notes.clone(),
        };
        ports()?.orders.record(actor.as_ref(), &input).await
    }
    .await;
    match result {
        Ok(id) => settle_at(&format!("{PATH}/{id}"), Ok("recorded".into()), &[]),
        Err(e) => {
            let keep = [
                ("d_order_site", site_id.to_string()),
                ("d_package", package),
                ("d_marketplace", marketplace),
                ("d_links", links_ordered),
                ("d_price", price),
                ("d_cost", cost),
                ("d_due", due_date),
                ("d_notes", notes.unwrap_or_default()),
            ];
            settle_at(&super::accounts::account_path(account), Err(e), &keep)
        }
    }
}

/// Records a delivered link (the order page's form).
#[server(prefix = "/api/ui", endpoint = "record_order_link")]
pub async fn record_order_link(
    order: i64,
    source_url: String,
    target_url: String,
    anchor_text: String,
    tier: String,
    domain_rating: Option<String>,
    cost: Option<String>,
) -> Result<(), ApiError> {
    let result = async {
        let actor = actor().await?;
        ports()?.accounts.may_manage(actor.as_ref()).await?;
        let domain_rating = match domain_rating.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => Some(
                d.parse::<f64>()
                    .map_err(|_| ApiError::invalid("domain_rating", "must be a number"))?,
            ),
        };
        let input = OrderLinkInput {
            source_url: source_url.clone(),
            target_url: target_url.clone(),
            anchor_text: anchor_text.clone(),
            tier: tier
                .trim()
                .parse()
                .map_err(|_| ApiError::invalid("tier", "must be 1, 2 or 3"))?,
            domain_rating,
            cost_cents: cost
                .as_deref()
                .filter(|c| !c.trim().is_empty())
                .map(|c| cents("cost_cents", c))
                .transpose()?,
        };
        ports()?.orders.record_link(actor.as_ref(), order, &input).await
    }
    .await;
    let keep = [
        ("d_source", source_url),
        ("d_target", target_url),
        ("d_anchor", anchor_text),
    ];
    settle_at(&format!("{PATH}/{order}"), result.map(|()| "link".into()), &keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn amounts_in_dollars_become_cents() {
        assert_eq!(cents("price", "1,200.50").unwrap(), 120_050);
        assert_eq!(cents("price", "$80").unwrap(), 8_000);
        assert_eq!(cents("price", "0.5").unwrap(), 50);
        for bad in ["", "-5", "1.234", "12a", "$", "1e3"] {
            assert!(cents("price", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_url_view_is_checked_and_names_the_bad_parameter() {
        let p = |pairs: &[(&str, &str)]| {
            let get = |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned());
            OrderListParams {
                q: get("q"),
                account: get("account"),
                status: get("status"),
                package: get("package"),
                sort: get("sort"),
                dir: get("dir"),
                page: get("page"),
            }
            .parse()
        };
        let none = p(&[]).unwrap();
        assert_eq!(
            (none.sort, none.desc, none.page),
            (OrderSort::Ordered, true, 1),
            "newest first"
        );
        let q = p(&[("sort", "margin"), ("page", "3"), ("q", " Acme ")]).unwrap();
        assert_eq!(
            (q.sort, q.desc, q.page, q.q.as_str()),
            (OrderSort::Margin, false, 3, "Acme")
        );
        for (pairs, field) in [
            (vec![("sort", "colour")], "sort"),
            (vec![("dir", "up")], "dir"),
            (vec![("page", "0")], "page"),
            (vec![("page", "x")], "page"),
            (vec![("account", "-4")], "account"),
        ] {
            assert_eq!(p(&pairs).unwrap_err().field.as_deref(), Some(field), "{pairs:?}");
        }
    }
}
