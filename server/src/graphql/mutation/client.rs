//! Client onboarding by Alorig staff: accounts, their sites and users, managed subscriptions, and
//! the backlink orders placed for them.

use app::types::Subscription;
use app::types::account::{Account, AccountInput};
use app::types::import::ImportRecord;
use app::types::order::{BacklinkOrder, OrderInput, OrderLinkInput};
use app::types::site::{Site, SiteInput};
use app::types::subscription::{SubscriptionChange, SubscriptionInput};
use app::types::user::{Invitation, InvitationInput};
use async_graphql::{Context, ID, Object, Result};

use crate::error::GqlResult;
use crate::graphql::{conn_and_actor, id_arg, state_and_actor};
use crate::{accounts, sites, subscriptions};

#[derive(Default)]
pub struct ClientMutation;

#[Object]
impl ClientMutation {
    /// Creates a client account (Alorig staff admins; audited).
    async fn create_account(&self, ctx: &Context<'_>, input: AccountInput) -> Result<Account> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        accounts::create(&mut pooled.conn(), actor, &input).await.gql()
    }

    /// Changes a client account; fields left out stay as they are (Alorig staff admins; audited).
    async fn update_account(&self, ctx: &Context<'_>, id: ID, input: AccountInput) -> Result<Account> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        accounts::update(&mut pooled.conn(), actor, id_arg("id", &id)?, &input)
            .await
            .gql()
    }

    /// Adds a site to a client account (Alorig staff admins; audited).
    async fn add_site(&self, ctx: &Context<'_>, account_id: ID, input: SiteInput) -> Result<Site> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        sites::add(&mut pooled.conn(), actor, id_arg("accountId", &account_id)?, &input)
            .await
            .gql()
    }

    /// Invites a user to a client account: the address is emailed a link that sets the password,
    /// once, within 7 days (Alorig staff admins; audited).
    async fn invite_user(&self, ctx: &Context<'_>, account_id: ID, input: InvitationInput) -> Result<Invitation> {
        let (state, actor) = state_and_actor(ctx)?;
        crate::invitations::invite(state, actor, id_arg("accountId", &account_id)?, &input)
            .await
            .gql()
    }

    /// Revokes an open invitation: its link stops working (Alorig staff admins; audited).
    async fn revoke_invitation(&self, ctx: &Context<'_>, id: ID) -> Result<Invitation> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        crate::invitations::revoke(&mut pooled.conn(), actor, id_arg("id", &id)?)
            .await
            .gql()
    }

    /// Starts a managed subscription for a site, on the tier's terms unless given (Alorig staff
    /// admins; audited).
    async fn start_subscription(&self, ctx: &Context<'_>, input: SubscriptionInput) -> Result<Subscription> {
        let (state, actor) = state_and_actor(ctx)?;
        subscriptions::start(state, actor, &input).await.gql()
    }

    /// Records a backlink order placed on a marketplace for a site (Alorig staff admins; audited).
    async fn record_backlink_order(&self, ctx: &Context<'_>, input: OrderInput) -> Result<BacklinkOrder> {
        let (state, actor) = state_and_actor(ctx)?;
        crate::orders::record(state, actor, &input).await.gql()
    }

    /// Records a link an order delivered; the order is delivered with its last link (Alorig staff
    /// admins; audited).
    async fn record_order_link(&self, ctx: &Context<'_>, order_id: ID, input: OrderLinkInput) -> Result<BacklinkOrder> {
        let (state, actor) = state_and_actor(ctx)?;
        crate::orders::record_link(state, actor, id_arg("orderId", &order_id)?, &input)
            .await
            .gql()
    }

    /// Pauses, resumes or cancels a subscription, or requires or waives the client's review of its
    /// articles (waiving it approves the articles waiting) (Alorig staff admins; audited).
    async fn change_subscription(&self, ctx: &Context<'_>, id: ID, change: SubscriptionChange) -> Result<Subscription> {
        let (state, actor) = state_and_actor(ctx)?;
        subscriptions::change(state, actor, id_arg("id", &id)?, change)
            .await
            .gql()
    }

    /// Imports one file into a site: a Search Console export or API response, a URL Inspection
    /// response, an Ahrefs or Semrush backlink export, its bytes in base64 (large files: the
    /// REST upload, `POST /api/v1/services/imports/`). The format is told from the content unless
    /// given; `dates` (`2026-10`, `2026-10-01..2026-10-31`) are the days a file without days
    /// sums (a Search Analytics response without the date dimension, an export's table alone).
    /// A file that fails is recorded with its fault (file, row, column) and writes nothing.
    /// The account's owners and admins; Alorig staff admins for any client.
    async fn import_data(
        &self,
        ctx: &Context<'_>,
        site_id: ID,
        file_name: String,
        content_base64: String,
        format: Option<String>,
        dates: Option<String>,
    ) -> Result<ImportRecord> {
        use base64::Engine;
        let (state, actor) = state_and_actor(ctx)?;
        crate::auth::may(actor, crate::auth::Action::ImportData).gql()?;
        let actor = actor.ok_or(crate::error::AppError::Unauthenticated).gql()?;
        let site = id_arg("siteId", &site_id)?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(content_base64.trim())
            .map_err(|e| crate::error::AppError::invalid("contentBase64", format!("not base64: {e}")))
            .gql()?;
        let file = tempfile::NamedTempFile::new()
            .and_then(|mut f| std::io::Write::write_all(&mut f, &bytes).map(|()| f))
            .map_err(|e| crate::error::AppError::Internal(format!("saving the upload: {e}")))
            .gql()?;
        let upload = crate::imports::Upload::new(file_name, file.path());
        let mut records = crate::imports::import(
            state,
            crate::imports::By::User(actor),
            site,
            &[upload],
            format.as_deref(),
            dates.as_deref(),
        )
        .await
        .gql()?;
        Ok(records.remove(0))
    }
}
