//! `dashboard { … }` (staff): each figure is computed only when asked for.

use app::types::DashboardSummary;
use app::types::dashboard::{ClientStatusSummary, Margin, MrrPoint, OverdueItem, Revenue};
use app::types::money::Money;
use async_graphql::connection::Connection;
use async_graphql::{Context, Object, Result};

use crate::dashboard;
use crate::error::GqlResult;
use crate::graphql::object::client::ClientNode;
use crate::graphql::{ConnectionTotals, conn_and_actor, connection, page_args, state_and_actor};
use crate::reports::period::Period;
use crate::subscriptions::CURRENCY;

#[derive(Default)]
pub struct DashboardQuery;

/// The Alorig services dashboard.
pub struct Dashboard {
    /// MRR and active clients, read once when the query asks for either.
    recurring: Option<dashboard::Recurring>,
}

impl Dashboard {
    async fn recurring(&self, ctx: &Context<'_>) -> Result<dashboard::Recurring> {
        match &self.recurring {
            Some(r) => Ok(r.clone()),
            None => read_recurring(ctx).await,
        }
    }
}

async fn read_recurring(ctx: &Context<'_>) -> Result<dashboard::Recurring> {
    let (mut pooled, actor) = conn_and_actor(ctx).await?;
    dashboard::recurring(&mut pooled.conn(), actor).await.gql()
}

fn today() -> chrono::NaiveDate {
    crate::db::now().date()
}

fn period(spec: Option<String>) -> Result<Period> {
    match spec {
        Some(s) => Period::parse(&s).gql(),
        None => Ok(dashboard::this_month(today())),
    }
}

#[Object]
impl DashboardQuery {
    /// The services dashboard (Alorig staff, while managed services are switched on).
    async fn dashboard(&self, ctx: &Context<'_>) -> Result<Dashboard> {
        let (_, actor) = state_and_actor(ctx)?;
        crate::auth::authorize(
            actor,
            crate::auth::Action::ViewServicesDashboard,
            crate::auth::Resource::Platform,
        )
        .gql()?;
        let wanted = ctx.look_ahead();
        let recurring = if wanted.field("mrr").exists() || wanted.field("activeClients").exists() {
            Some(read_recurring(ctx).await?)
        } else {
            None
        };
        Ok(Dashboard { recurring })
    }
}

#[Object]
impl Dashboard {
    /// The headline figures (shared by staff for up to two seconds).
    async fn summary(&self, ctx: &Context<'_>) -> Result<DashboardSummary> {
        let (state, actor) = state_and_actor(ctx)?;
        state.dashboard.summary(state, actor, today()).await.gql()
    }

    /// Monthly recurring revenue of active subscriptions.
    async fn mrr(&self, ctx: &Context<'_>) -> Result<Money> {
        Ok(Money::new(self.recurring(ctx).await?.mrr_cents, CURRENCY))
    }

    /// Accounts with at least one active subscription.
    async fn active_clients(&self, ctx: &Context<'_>) -> Result<i64> {
        Ok(self.recurring(ctx).await?.active_clients)
    }

    /// Managed-subscription invoices paid in the period (default: this month).
    async fn revenue(&self, ctx: &Context<'_>, period: Option<String>) -> Result<Revenue> {
        let p = self::period(period)?;
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        dashboard::revenue(&mut pooled.conn(), actor, p).await.gql()
    }

    /// Margin of active subscriptions (a month) and of the period's orders (default: this month).
    async fn margin(&self, ctx: &Context<'_>, period: Option<String>) -> Result<Margin> {
        let p = self::period(period)?;
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        dashboard::margin(&mut pooled.conn(), actor, p).await.gql()
    }

    /// MRR at the end of each of the last `months` months.
    async fn mrr_trend(&self, ctx: &Context<'_>, #[graphql(default = 12)] months: i32) -> Result<Vec<MrrPoint>> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        dashboard::mrr_trend(&mut pooled.conn(), actor, i64::from(months), today())
            .await
            .gql()
    }

    /// Client sites by account and site name.
    async fn clients(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, ClientNode, ConnectionTotals>> {
        let args = page_args(first, after)?;
        let offset = args.offset();
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        let (page, _) = dashboard::clients(&mut pooled.conn(), actor, args, today())
            .await
            .gql()?;
        drop(pooled);
        // load the page's nested objects that the query asks for: one query per kind
        let node = ctx.look_ahead().field("edges").field("node");
        let nodes = ctx.look_ahead().field("nodes");
        let wants = |f: &str| node.field(f).exists() || nodes.field(f).exists();
        let loaders = ctx.data::<crate::graphql::loader::Loaders>()?;
        let subs: Vec<i64> = page.items.iter().map(|r| r.subscription_id).collect();
        let sites: Vec<i64> = page.items.iter().map(|r| r.site_id).collect();
        let (a, b, c) = futures::join!(
            async {
                if wants("subscription") {
                    loaders.subscriptions.load_many(subs).await.map(drop)
                } else {
                    Ok(())
                }
            },
            async {
                if wants("site") {
                    loaders.sites.load_many(sites.clone()).await.map(drop)
                } else {
                    Ok(())
                }
            },
            async {
                if wants("latestReport") {
                    loaders.latest_reports.load_many(sites.clone()).await.map(drop)
                } else {
                    Ok(())
                }
            },
        );
        a?;
        b?;
        c?;
        let mut i = offset - 1;
        Ok(connection(page.map(|row| ClientNode { row }), move |_| {
            i += 1;
            i
        }))
    }

    /// Subscriptions by status and tier.
    async fn client_status(&self, ctx: &Context<'_>) -> Result<ClientStatusSummary> {
        let (state, actor) = state_and_actor(ctx)?;
        Ok(state.dashboard.summary(state, actor, today()).await.gql()?.status)
    }

    /// Content behind target, backlink orders past due, reports not sent, renewals due.
    async fn overdue(&self, ctx: &Context<'_>) -> Result<Vec<OverdueItem>> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        dashboard::overdue(&mut pooled.conn(), actor, today()).await.gql()
    }
}
