//! Backlink orders for Alorig staff: the list across clients and one order link by link.

use leptos::prelude::*;

use crate::types::ApiError;
use crate::types::order::{OrderDetail, OrderListPage, OrderListQuery, OrderSort};

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports};

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait OrderPort: Send + Sync + 'static {
    async fn list(
        &self,
        actor: Option<&crate::types::Actor>,
        query: &OrderListQuery,
    ) -> Result<OrderListPage, ApiError>;
    async fn detail(&self, actor: Option<&crate::types::Actor>, id: i64) -> Result<OrderDetail, ApiError>;
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

#[cfg(test)]
mod tests {
    use super::*;

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
