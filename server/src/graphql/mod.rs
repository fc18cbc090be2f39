//! GraphQL at `/graphql`: one schema built by `build_schema()` (server, tests and the SDL
//! export), one query object per domain merged into `Query`. Resolvers are thin: they take
//! the request's actor and call a service, which authorizes.

pub mod query;
pub mod schema;

pub use schema::{AppSchema, build_schema};

use app::types::Actor;
use async_graphql::Context;

use crate::db::Pooled;
use crate::error::{AppError, GqlResult};
use crate::state::AppState;

/// Per-request data: the server state and who is asking.
pub struct RequestContext {
    pub state: AppState,
    pub actor: Option<Actor>,
}

/// The request's state and actor, for resolvers.
pub(crate) fn request<'a>(ctx: &'a Context<'_>) -> Result<&'a RequestContext, AppError> {
    ctx.data::<RequestContext>()
        .map_err(|_| AppError::internal("GraphQL request without context"))
}

/// A pooled connection and the actor for a resolver.
pub(crate) async fn conn_and_actor<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<(Pooled, Option<&'a Actor>)> {
    let req = request(ctx).gql()?;
    Ok((req.state.conn().await.gql()?, req.actor.as_ref()))
}
