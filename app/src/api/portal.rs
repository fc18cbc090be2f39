//! The client portal (managed clients, read-only).

use leptos::prelude::*;

use crate::types::{ApiError, SubscriptionList};

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports};

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait PortalPort: Send + Sync + 'static {
    async fn subscriptions(&self, actor: Option<&crate::types::Actor>) -> Result<SubscriptionList, ApiError>;
}

/// The managed subscriptions of the caller's account (all accounts for staff).
#[server(prefix = "/api/ui", endpoint = "subscriptions")]
pub async fn my_subscriptions() -> Result<SubscriptionList, ApiError> {
    answer(async { ports()?.portal.subscriptions(actor().await?.as_ref()).await }.await)
}
