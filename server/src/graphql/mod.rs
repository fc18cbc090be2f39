//! GraphQL at `/graphql`: one schema built by `build_schema()` (server, tests and the SDL
//! export), one query object per domain merged into `Query`. Resolvers are thin: they take
//! the request's actor and call a service, which authorizes.

pub mod loader;
pub mod mutation;
pub mod object;
pub mod query;
pub mod schema;

pub use schema::{AppSchema, build_schema};

use app::types::Actor;
use app::types::page::Page;
use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, OutputType, SimpleObject};

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

/// A request's state and actor, for resolvers that call services taking the state.
pub(crate) fn state_and_actor<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<(&'a AppState, Option<&'a Actor>)> {
    let req = request(ctx).gql()?;
    Ok((&req.state, req.actor.as_ref()))
}

/// `first`/`after` of a connection field, checked.
pub(crate) fn page_args(
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<crate::pagination::PageArgs> {
    crate::pagination::PageArgs::parse(first.map(i64::from), after.as_deref(), "first", "after").gql()
}

/// Extra fields of every connection.
#[derive(SimpleObject)]
pub struct ConnectionTotals {
    /// Rows in the whole list (all pages).
    pub total_count: i64,
}

/// A service page as a Relay connection; `position` is what a cursor after the item encodes.
pub(crate) fn connection<T: OutputType>(
    page: Page<T>,
    mut position: impl FnMut(&T) -> i64,
) -> Connection<String, T, ConnectionTotals> {
    let mut c = Connection::with_additional_fields(
        page.has_previous,
        page.next_cursor.is_some(),
        ConnectionTotals {
            total_count: page.total_count,
        },
    );
    c.edges.extend(
        page.items
            .into_iter()
            .map(|item| Edge::new(crate::pagination::encode(position(&item)), item)),
    );
    c
}

/// A numeric id argument, or an `Invalid` error naming it.
pub(crate) fn id_arg(field: &str, id: &async_graphql::ID) -> async_graphql::Result<i64> {
    id.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| AppError::invalid(field, "must be a numeric id"))
        .gql()
}
