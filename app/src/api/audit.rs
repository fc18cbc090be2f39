//! An account's audit log, for its owners and Alorig staff.

use leptos::prelude::*;

use crate::types::ApiError;
use crate::types::audit::{AuditPage, AuditQuery};

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports};

/// The audit page.
pub const AUDIT_PATH: &str = "/account/audit";

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait AuditPort: Send + Sync + 'static {
    /// A page of the log (`audit::page`).
    async fn page(&self, actor: Option<&crate::types::Actor>, query: &AuditQuery) -> Result<AuditPage, ApiError>;
}

/// The log's page for the view in the URL.
#[server(prefix = "/api/ui", endpoint = "audit_log")]
pub async fn audit_log(query: AuditQuery) -> Result<AuditPage, ApiError> {
    answer(async { ports()?.audit.page(actor().await?.as_ref(), &query).await }.await)
}
