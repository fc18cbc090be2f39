//! DataLoaders: nested fields of a list (a client's subscription, site and latest report) are
//! loaded with one query per kind for the whole page, not one per row. Loaders read by id
//! without authorizing: they serve only fields of objects the caller was authorized to see, and
//! only the objects those belong to (a client's own site, subscription and report).

use std::collections::HashMap;

use app::types::Site;
use app::types::report::ServiceReport as ReportDto;
use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};

use crate::db::models::report::ServiceReport;
use crate::db::models::{site::Site as SiteRow, subscription::Subscription};
use crate::state::AppState;

/// The loaders of one request; what they load is kept for the request, so a list can load a
/// whole page's nested objects up front (`prefetch`) and each row then reads them from memory.
pub struct Loaders {
    pub sites: DataLoader<SiteLoader, HashMapCache>,
    pub subscriptions: DataLoader<SubscriptionLoader, HashMapCache>,
    pub latest_reports: DataLoader<LatestReportLoader, HashMapCache>,
}

impl Loaders {
    pub fn new(state: &AppState) -> Loaders {
        Loaders {
            sites: DataLoader::with_cache(SiteLoader(state.clone()), tokio::spawn, HashMapCache::default()),
            subscriptions: DataLoader::with_cache(
                SubscriptionLoader(state.clone()),
                tokio::spawn,
                HashMapCache::default(),
            ),
            latest_reports: DataLoader::with_cache(
                LatestReportLoader(state.clone()),
                tokio::spawn,
                HashMapCache::default(),
            ),
        }
    }
}

fn gql(e: impl std::fmt::Display) -> async_graphql::Error {
    tracing::error!(error = %e, "loader failed");
    async_graphql::Error::new("internal server error")
}

pub struct SiteLoader(AppState);

impl Loader<i64> for SiteLoader {
    type Value = Site;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Site>, Self::Error> {
        let mut pooled = self.0.conn().await.map_err(gql)?;
        let rows = SiteRow::find_many(&mut pooled.conn(), keys).await.map_err(gql)?;
        Ok(rows.iter().map(|s| (s.id, s.to_dto())).collect())
    }
}

pub struct SubscriptionLoader(AppState);

impl Loader<i64> for SubscriptionLoader {
    type Value = Subscription;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Subscription>, Self::Error> {
        let mut pooled = self.0.conn().await.map_err(gql)?;
        let rows = Subscription::find_many(&mut pooled.conn(), keys).await.map_err(gql)?;
        Ok(rows.into_iter().map(|s| (s.id, s)).collect())
    }
}

/// Keyed by site id: the site's newest report, or `None` (kept too, so a site without reports
/// is not asked for again).
pub struct LatestReportLoader(AppState);

impl Loader<i64> for LatestReportLoader {
    type Value = Option<ReportDto>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Option<ReportDto>>, Self::Error> {
        let mut pooled = self.0.conn().await.map_err(gql)?;
        let rows = ServiceReport::latest_for_sites(&mut pooled.conn(), keys)
            .await
            .map_err(gql)?;
        let mut out: HashMap<i64, Option<ReportDto>> = keys.iter().map(|k| (*k, None)).collect();
        for r in rows {
            out.insert(r.site_id, Some(r.to_dto(String::new(), false)));
        }
        Ok(out)
    }
}
