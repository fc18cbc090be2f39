//! Service mutations: feature flags, a subscription's settings, approval decisions, API tokens.

use app::types::approval::ApprovalItem;
use app::types::flag::FeatureFlag;
use app::types::token::CreatedApiToken;
use app::types::{ReportRecipients, Subscription};
use async_graphql::{Context, ID, Json, Object, Result};

use crate::error::GqlResult;
use crate::graphql::{conn_and_actor, id_arg, state_and_actor};
use crate::{approvals, subscriptions, tokens};

#[derive(Default)]
pub struct ServiceMutation;

#[Object]
impl ServiceMutation {
    /// Switches a global feature flag on or off (Alorig staff admins and owners; audited).
    async fn set_feature_flag(&self, ctx: &Context<'_>, name: String, enabled: bool) -> Result<FeatureFlag> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        crate::flags::set(&mut pooled.conn(), actor, &name, enabled).await.gql()
    }

    /// Replaces a subscription's config, checked against the documented schema (Alorig staff).
    async fn update_subscription_config(
        &self,
        ctx: &Context<'_>,
        id: ID,
        config: Json<serde_json::Value>,
    ) -> Result<Subscription> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        subscriptions::update_config(&mut pooled.conn(), actor, id_arg("id", &id)?, &config.0)
            .await
            .gql()
    }

    /// Replaces who a subscription's reports are emailed to. Alorig staff's list stands as given;
    /// from an account's owner or admin, an address outside the account is emailed a link and
    /// receives reports only once it confirms (see `pending`).
    async fn set_report_recipients(
        &self,
        ctx: &Context<'_>,
        subscription_id: ID,
        recipients: Vec<String>,
    ) -> Result<ReportRecipients> {
        let (state, actor) = state_and_actor(ctx)?;
        crate::recipients::set(state, actor, id_arg("subscriptionId", &subscription_id)?, &recipients)
            .await
            .gql()
    }

    /// Approves a pending item (recorded with who and when).
    async fn approve(&self, ctx: &Context<'_>, id: ID, note: Option<String>) -> Result<ApprovalItem> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        approvals::decide(&mut pooled.conn(), actor, id_arg("id", &id)?, true, note.as_deref())
            .await
            .gql()
    }

    /// Rejects a pending item (recorded with who and when).
    async fn reject(&self, ctx: &Context<'_>, id: ID, note: Option<String>) -> Result<ApprovalItem> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        approvals::decide(&mut pooled.conn(), actor, id_arg("id", &id)?, false, note.as_deref())
            .await
            .gql()
    }

    /// Creates an API token; its secret is in the answer once and never again.
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        name: String,
        expires_in_days: Option<i32>,
    ) -> Result<CreatedApiToken> {
        let (state, _) = state_and_actor(ctx)?;
        let limits = state.limits.clone();
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        tokens::create(
            &mut pooled.conn(),
            &limits.tokens,
            actor,
            &name,
            expires_in_days.map(i64::from),
        )
        .await
        .gql()
    }

    async fn revoke_api_token(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        tokens::revoke(&mut pooled.conn(), actor, id_arg("id", &id)?)
            .await
            .gql()?;
        Ok(true)
    }
}
