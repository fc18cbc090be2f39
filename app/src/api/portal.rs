//! The client portal (managed clients, read-only).

use leptos::prelude::*;

use crate::types::ApiError;
use crate::types::overview::ServiceOverview;

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports};

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait PortalPort: Send + Sync + 'static {
    async fn overview(&self, actor: Option<&crate::types::Actor>) -> Result<ServiceOverview, ApiError>;
}

/// The caller's managed sites with this month's progress and their latest report's figures.
#[server(prefix = "/api/ui", endpoint = "service_overview")]
pub async fn managed_overview() -> Result<ServiceOverview, ApiError> {
    answer(async { ports()?.portal.overview(actor().await?.as_ref()).await }.await)
}
