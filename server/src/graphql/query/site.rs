//! `sites`, `site(id)`: the caller's sites only.

use app::types::Site;
use async_graphql::{Context, ID, Object, Result};

use crate::error::{AppError, GqlResult};
use crate::graphql::conn_and_actor;
use crate::sites;

#[derive(Default)]
pub struct SiteQuery;

#[Object]
impl SiteQuery {
    /// Sites of the caller's account (only the permitted ones for a restricted user).
    async fn sites(&self, ctx: &Context<'_>) -> Result<Vec<Site>> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        sites::list(&mut pooled.conn(), actor).await.gql()
    }

    /// One site; another account's site is "not found".
    async fn site(&self, ctx: &Context<'_>, id: ID) -> Result<Site> {
        let id: i64 = id
            .parse()
            .map_err(|_| AppError::invalid("id", "must be a numeric site id"))
            .gql()?;
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        sites::get(&mut pooled.conn(), actor, id).await.gql()
    }
}
