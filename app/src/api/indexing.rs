//! The indexing dashboard for Alorig staff: backlink indexing requests across every client.

use leptos::prelude::*;

use crate::types::ApiError;
use crate::types::indexing::{IndexingDashboard, IndexingQuery};

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports};

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait IndexingPort: Send + Sync + 'static {
    async fn dashboard(
        &self,
        actor: Option<&crate::types::Actor>,
        query: &IndexingQuery,
    ) -> Result<IndexingDashboard, ApiError>;
}

/// The dashboard for the view in the URL (staff).
#[server(prefix = "/api/ui", endpoint = "indexing_panel")]
pub async fn indexing_panel(query: IndexingQuery) -> Result<IndexingDashboard, ApiError> {
    answer(async { ports()?.indexing.dashboard(actor().await?.as_ref(), &query).await }.await)
}
