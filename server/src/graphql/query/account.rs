//! `me`: the signed-in user.

use app::types::User;
use async_graphql::{Context, Object, Result};

use crate::accounts;
use crate::error::GqlResult;
use crate::graphql::conn_and_actor;

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The user behind the session or API token.
    async fn me(&self, ctx: &Context<'_>) -> Result<User> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        accounts::me(&mut pooled.conn(), actor).await.gql()
    }
}
