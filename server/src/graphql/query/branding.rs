//! `brandings`, `branding(id)`, `reportTemplates`: white-label settings of the caller's account.

use app::types::branding::Branding;
use app::types::template::ReportTemplate;
use async_graphql::{Context, ID, Object, Result};

use crate::error::GqlResult;
use crate::graphql::{conn_and_actor, id_arg};
use crate::{brandings, templates};

#[derive(Default)]
pub struct BrandingQuery;

#[Object]
impl BrandingQuery {
    /// The account's agency brandings (every account's for staff).
    async fn brandings(&self, ctx: &Context<'_>) -> Result<Vec<Branding>> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        brandings::list(&mut pooled.conn(), actor).await.gql()
    }

    async fn branding(&self, ctx: &Context<'_>, id: ID) -> Result<Branding> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        brandings::get(&mut pooled.conn(), actor, id_arg("id", &id)?)
            .await
            .gql()
    }

    /// The account's report templates (every account's for staff).
    async fn report_templates(&self, ctx: &Context<'_>) -> Result<Vec<ReportTemplate>> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        templates::list(&mut pooled.conn(), actor).await.gql()
    }
}
