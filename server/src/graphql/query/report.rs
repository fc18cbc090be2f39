//! `report(id)` and `reports(filter, first, after)`: generated reports the caller may see.

use app::types::report::{ReportFilter, ServiceReport, ShareLinkInfo};
use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object, Result};

use crate::error::GqlResult;
use crate::graphql::{ConnectionTotals, connection, id_arg, page_args, state_and_actor};
use crate::reports::{lifecycle, records};

#[derive(Default)]
pub struct ReportQuery;

#[Object]
impl ReportQuery {
    /// One report with its frozen data; another account's is "not found".
    async fn report(&self, ctx: &Context<'_>, id: ID) -> Result<ServiceReport> {
        let (state, actor) = state_and_actor(ctx)?;
        records::get(state, actor, id_arg("id", &id)?).await.gql()
    }

    /// A report's share links, newest first, with who created each (for those who may share it).
    async fn share_links(&self, ctx: &Context<'_>, report_id: ID) -> Result<Vec<ShareLinkInfo>> {
        let (state, actor) = state_and_actor(ctx)?;
        lifecycle::share_links(state, actor, id_arg("reportId", &report_id)?)
            .await
            .gql()
    }

    /// Reports of the caller's account (every account for staff), newest first.
    async fn reports(
        &self,
        ctx: &Context<'_>,
        filter: Option<ReportFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, ServiceReport, ConnectionTotals>> {
        let (state, actor) = state_and_actor(ctx)?;
        let page = records::list(state, actor, &filter.unwrap_or_default(), page_args(first, after)?)
            .await
            .gql()?;
        Ok(connection(page, |r| r.id))
    }
}
