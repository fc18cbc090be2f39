//! `subscriptions`: managed subscriptions with their MRR total; `reportRecipients`.

use app::types::subscription::SubscriptionFilter;
use app::types::{ReportRecipients, SubscriptionList};
use async_graphql::{Context, ID, Object, Result};

use crate::error::GqlResult;
use crate::graphql::{conn_and_actor, id_arg};
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

    /// Who a subscription's reports are emailed to, and the addresses still to confirm.
    async fn report_recipients(&self, ctx: &Context<'_>, subscription_id: ID) -> Result<ReportRecipients> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        crate::recipients::get(&mut pooled.conn(), actor, id_arg("subscriptionId", &subscription_id)?)
            .await
            .gql()
    }
}
