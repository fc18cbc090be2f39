//! The audit page's port.

use app::api::audit::AuditPort;
use app::types::audit::{AuditPage, AuditQuery};
use app::types::{Actor, ApiError};

use crate::state::AppState;

pub struct Audit(pub AppState);

#[async_trait::async_trait]
impl AuditPort for Audit {
    async fn page(&self, actor: Option<&Actor>, query: &AuditQuery) -> Result<AuditPage, ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(crate::audit::page(&mut pooled.conn(), actor, query).await?)
    }
}
