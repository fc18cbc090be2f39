//! The admin overview: headline figures, trends, what needs doing, and the client list.

use leptos::prelude::*;

use crate::types::dashboard::{ClientListPage, ClientQuery, ClientSort, DashboardPage};
use crate::types::{ApiError, SubscriptionStatus, Tier};

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports};

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait DashboardPort: Send + Sync + 'static {
    async fn page(&self, actor: Option<&crate::types::Actor>) -> Result<DashboardPage, ApiError>;
    async fn clients(
        &self,
        actor: Option<&crate::types::Actor>,
        query: &ClientQuery,
    ) -> Result<ClientListPage, ApiError>;
}

/// The overview's figures (staff).
#[server(prefix = "/api/ui", endpoint = "services_dashboard")]
pub async fn services_dashboard() -> Result<DashboardPage, ApiError> {
    answer(async { ports()?.dashboard.page(actor().await?.as_ref()).await }.await)
}

/// A page of the client list, for the view in the URL (staff).
#[server(prefix = "/api/ui", endpoint = "client_list")]
pub async fn client_list(query: ClientQueryParams) -> Result<ClientListPage, ApiError> {
    answer(
        async {
            let query = query.parse()?;
            ports()?.dashboard.clients(actor().await?.as_ref(), &query).await
        }
        .await,
    )
}

/// The client list's view as the URL carries it: plain strings, checked by `parse`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClientQueryParams {
    pub tier: Option<String>,
    pub status: Option<String>,
    pub overdue: Option<String>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    pub after: Option<String>,
    pub before: Option<String>,
}

impl ClientQueryParams {
    /// From the page's query string.
    pub fn from_map(map: &leptos_router::params::ParamsMap) -> Self {
        let get = |k: &str| map.get(k).filter(|v| !v.is_empty());
        ClientQueryParams {
            tier: get("tier"),
            status: get("status"),
            overdue: get("overdue"),
            q: get("q"),
            sort: get("sort"),
            dir: get("dir"),
            after: get("after"),
            before: get("before"),
        }
    }

    /// The view, or the first parameter that is not understood.
    pub fn parse(&self) -> Result<ClientQuery, ApiError> {
        let id = |field: &str, v: &Option<String>| -> Result<Option<i64>, ApiError> {
            v.as_deref()
                .map(|s| {
                    s.parse::<i64>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| ApiError::invalid(field, "must be a subscription id"))
                })
                .transpose()
        };
        let q = self.q.clone().unwrap_or_default();
        if q.chars().count() > 200 {
            return Err(ApiError::invalid("q", "is longer than 200 characters"));
        }
        Ok(ClientQuery {
            tier: match self.tier.as_deref() {
                None => None,
                Some(t) => Some(Tier::parse(t).ok_or_else(|| ApiError::invalid("tier", "must be lite or pro"))?),
            },
            status: match self.status.as_deref() {
                None => None,
                Some(s) => Some(
                    SubscriptionStatus::parse(s)
                        .ok_or_else(|| ApiError::invalid("status", "must be pending, active, paused or cancelled"))?,
                ),
            },
            overdue: matches!(self.overdue.as_deref(), Some("1" | "on" | "true")),
            q,
            sort: match self.sort.as_deref() {
                None => ClientSort::default(),
                Some(s) => {
                    ClientSort::parse(s).ok_or_else(|| ApiError::invalid("sort", "is not a column of the list"))?
                }
            },
            desc: match self.dir.as_deref() {
                None | Some("asc") => false,
                Some("desc") => true,
                Some(_) => return Err(ApiError::invalid("dir", "must be asc or desc")),
            },
            after: id("after", &self.after)?,
            before: id("before", &self.before)?,
        })
    }
}
