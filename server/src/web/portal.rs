//! The client portal's port.

use app::api::portal::PortalPort;
use app::types::{Actor, ApiError, SubscriptionList};

use crate::state::AppState;
use crate::subscriptions;

pub struct Portal(pub AppState);

#[async_trait::async_trait]
impl PortalPort for Portal {
    async fn subscriptions(&self, actor: Option<&Actor>) -> Result<SubscriptionList, ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(subscriptions::list(&mut pooled.conn(), actor, &Default::default()).await?)
    }
}
