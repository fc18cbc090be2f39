//! What a managed service delivers: orders, trackers, indexing, Ahrefs history, billing, the
//! approval queue, and the staff's account list.

use app::types::account::Account;
use app::types::approval::ApprovalItem;
use app::types::billing::Billing;
use app::types::flag::FeatureFlag;
use app::types::order::{BacklinkOrder, OrderFilter};
use app::types::token::ApiToken;
use app::types::tracker::{AhrefsSnapshot, BacklinkTracker, ContentTracker, Indexing};
use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object, Result};
use chrono::NaiveDate;

use crate::error::GqlResult;
use crate::graphql::{ConnectionTotals, conn_and_actor, connection, id_arg, page_args};
use crate::{accounts, approvals, billing, orders, tokens, trackers};

#[derive(Default)]
pub struct ServiceQuery;

fn date(field: &str, s: &str) -> Result<NaiveDate> {
    crate::dates::parse(field, s).gql()
}

fn today() -> NaiveDate {
    crate::db::now().date()
}

#[Object]
impl ServiceQuery {
    /// The global feature flags and whether each is on (Alorig staff admins and owners).
    async fn feature_flags(&self, ctx: &Context<'_>) -> Result<Vec<FeatureFlag>> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        crate::flags::list(&mut pooled.conn(), actor).await.gql()
    }

    /// Every account (Alorig staff).
    async fn accounts(&self, ctx: &Context<'_>) -> Result<Vec<Account>> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        accounts::list(&mut pooled.conn(), actor).await.gql()
    }

    /// Backlink orders (newest first) with their links; costs and margins for staff only.
    async fn orders(
        &self,
        ctx: &Context<'_>,
        filter: Option<OrderFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, BacklinkOrder, ConnectionTotals>> {
        let args = page_args(first, after)?;
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        let page = orders::list(&mut pooled.conn(), actor, &filter.unwrap_or_default(), args)
            .await
            .gql()?;
        Ok(connection(page, |o| o.id))
    }

    async fn order(&self, ctx: &Context<'_>, id: ID) -> Result<BacklinkOrder> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        orders::get(&mut pooled.conn(), actor, id_arg("id", &id)?).await.gql()
    }

    /// Backlink indexing requests by state, per site (or one site) and in total.
    async fn indexing(&self, ctx: &Context<'_>, site_id: Option<ID>) -> Result<Indexing> {
        let site = site_id.as_ref().map(|s| id_arg("siteId", s)).transpose()?;
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        trackers::indexing(&mut pooled.conn(), actor, site).await.gql()
    }

    /// A site's Ahrefs snapshots between two ISO dates.
    async fn ahrefs_snapshots(
        &self,
        ctx: &Context<'_>,
        site_id: ID,
        from: String,
        to: String,
    ) -> Result<Vec<AhrefsSnapshot>> {
        let (from, to) = (date("from", &from)?, date("to", &to)?);
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        trackers::ahrefs(&mut pooled.conn(), actor, id_arg("siteId", &site_id)?, from, to)
            .await
            .gql()
    }

    /// Articles published in a month (`2026-11`) against the subscription's target.
    async fn content_tracker(&self, ctx: &Context<'_>, site_id: ID, month: String) -> Result<ContentTracker> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        trackers::content(&mut pooled.conn(), actor, id_arg("siteId", &site_id)?, &month, today())
            .await
            .gql()
    }

    /// A site's links through ordered → delivered → live → indexed.
    async fn backlink_tracker(&self, ctx: &Context<'_>, site_id: ID) -> Result<BacklinkTracker> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        trackers::backlinks(&mut pooled.conn(), actor, id_arg("siteId", &site_id)?)
            .await
            .gql()
    }

    /// Invoices, payments and (staff) the margin per order of an account: those issued,
    /// processed or placed from `from` to `to` (YYYY-MM-DD, both included; open ends reach all).
    async fn billing(
        &self,
        ctx: &Context<'_>,
        account_id: ID,
        from: Option<String>,
        to: Option<String>,
    ) -> Result<Billing> {
        let range = billing::Range::new(
            from.map(|f| date("from", &f)).transpose()?,
            to.map(|t| date("to", &t)).transpose()?,
        )
        .gql()?;
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        billing::billing(&mut pooled.conn(), actor, id_arg("accountId", &account_id)?, range)
            .await
            .gql()
    }

    /// The approval queue (pending, approved or rejected).
    async fn approvals(&self, ctx: &Context<'_>, status: Option<String>) -> Result<Vec<ApprovalItem>> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        approvals::list(&mut pooled.conn(), actor, status.as_deref())
            .await
            .gql()
    }

    /// The account's API tokens (never their secrets).
    async fn api_tokens(&self, ctx: &Context<'_>) -> Result<Vec<ApiToken>> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        tokens::list(&mut pooled.conn(), actor).await.gql()
    }
}
