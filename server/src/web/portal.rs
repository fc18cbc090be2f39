//! The client portal's port.

use app::api::portal::PortalPort;
use app::types::overview::ServiceOverview;
use app::types::{Actor, ApiError};

use crate::state::AppState;

pub struct Portal(pub AppState);

#[async_trait::async_trait]
impl PortalPort for Portal {
    async fn overview(&self, actor: Option<&Actor>) -> Result<ServiceOverview, ApiError> {
        Ok(crate::overview::overview(&self.0, actor).await?)
    }
}
