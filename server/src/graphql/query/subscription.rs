//! `subscriptions`: managed subscriptions with their MRR total.

use app::types::SubscriptionList;
use app::types::subscription::SubscriptionFilter;
use async_graphql::{Context, Object, Result};

use crate::error::GqlResult;
use crate::graphql::conn_and_actor;
use crate::subscriptions;

#[derive(Default)]
pub struct SubscriptionQuery;

#[Object]
impl SubscriptionQuery {
    /// All managed clients' subscriptions for Alorig staff; the caller's own otherwise.
    async fn subscriptions(&self, ctx: &Context<'_>, filter: Option<SubscriptionFilter>) -> Result<SubscriptionList> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        subscriptions::list(&mut pooled.conn(), actor, &filter.unwrap_or_default())
            .await
            .gql()
    }
}
