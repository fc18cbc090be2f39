//! The accounts pages' ports (and the invitation link's): each call through the service GraphQL
//! and REST use.

use app::api::accounts::AccountPort;
use app::api::invitations::InvitationPort;
use app::types::account::{AccountDetail, AccountInput, AccountListPage, AccountQuery};
use app::types::site::SiteInput;
use app::types::subscription::{SubscriptionChange, SubscriptionInput};
use app::types::user::{InvitationInput, InvitationRequest};
use app::types::{Actor, ApiError};

use crate::state::AppState;
use crate::{accounts, sites, subscriptions};

pub struct Accounts(pub AppState);

type Caller<'a> = Option<&'a Actor>;

#[async_trait::async_trait]
impl AccountPort for Accounts {
    async fn may_manage(&self, actor: Caller<'_>) -> Result<(), ApiError> {
        Ok(crate::auth::may(actor, crate::auth::Action::ManageClients)?)
    }

    async fn list(&self, actor: Caller<'_>, query: &AccountQuery) -> Result<AccountListPage, ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(accounts::search(&mut pooled.conn(), actor, query).await?)
    }

    async fn detail(&self, actor: Caller<'_>, id: i64) -> Result<AccountDetail, ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(accounts::detail(&mut pooled.conn(), actor, id).await?)
    }

    async fn create(&self, actor: Caller<'_>, input: &AccountInput) -> Result<i64, ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(accounts::create(&mut pooled.conn(), actor, input).await?.id)
    }

    async fn update(&self, actor: Caller<'_>, id: i64, input: &AccountInput) -> Result<(), ApiError> {
        let mut pooled = self.0.conn().await?;
        accounts::update(&mut pooled.conn(), actor, id, input).await?;
        Ok(())
    }

    async fn add_site(&self, actor: Caller<'_>, account: i64, input: &SiteInput) -> Result<(), ApiError> {
        let mut pooled = self.0.conn().await?;
        sites::add(&mut pooled.conn(), actor, account, input).await?;
        Ok(())
    }

    async fn start(&self, actor: Caller<'_>, input: &SubscriptionInput) -> Result<(), ApiError> {
        subscriptions::start(&self.0, actor, input).await?;
        Ok(())
    }

    async fn change(&self, actor: Caller<'_>, subscription: i64, change: SubscriptionChange) -> Result<(), ApiError> {
        subscriptions::change(&self.0, actor, subscription, change).await?;
        Ok(())
    }

    async fn invite(&self, actor: Caller<'_>, account: i64, input: &InvitationInput) -> Result<(), ApiError> {
        crate::invitations::invite(&self.0, actor, account, input).await?;
        Ok(())
    }

    async fn revoke_invitation(&self, actor: Caller<'_>, invitation: i64) -> Result<(), ApiError> {
        let mut pooled = self.0.conn().await?;
        crate::invitations::revoke(&mut pooled.conn(), actor, invitation).await?;
        Ok(())
    }
}

pub struct Invitations(pub AppState);

#[async_trait::async_trait]
impl InvitationPort for Invitations {
    async fn request(&self, token: &str) -> Result<InvitationRequest, ApiError> {
        Ok(crate::invitations::request(&self.0, token).await?)
    }

    async fn accept(&self, token: &str, first_name: &str, last_name: &str, password: &str) -> Result<String, ApiError> {
        Ok(crate::invitations::accept(&self.0, token, first_name, last_name, password).await?)
    }
}
