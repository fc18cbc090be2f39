//! Branding and template mutations.

use app::types::branding::{Branding, BrandingInput};
use app::types::template::{ReportTemplate, TemplateInput};
use async_graphql::{Context, ID, Object, Result};

use crate::error::GqlResult;
use crate::graphql::{conn_and_actor, id_arg};
use crate::{brandings, templates};

#[derive(Default)]
pub struct BrandingMutation;

#[Object]
impl BrandingMutation {
    async fn create_branding(&self, ctx: &Context<'_>, input: BrandingInput) -> Result<Branding> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        let platform = crate::graphql::request(ctx)?.state.config.platform_host();
        brandings::create(&mut pooled.conn(), actor, &input, &platform)
            .await
            .gql()
    }

    /// Replaces every field of a branding.
    async fn update_branding(&self, ctx: &Context<'_>, id: ID, input: BrandingInput) -> Result<Branding> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        let platform = crate::graphql::request(ctx)?.state.config.platform_host();
        brandings::update(&mut pooled.conn(), actor, id_arg("id", &id)?, &input, &platform)
            .await
            .gql()
    }

    /// Verifies a branding's custom domain: asks `http://{domain}/.well-known/brand-domain-verification`
    /// for the branding's token (the service answers it there once the domain points at it).
    async fn verify_branding_domain(&self, ctx: &Context<'_>, id: ID) -> Result<Branding> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        let checker = crate::domains::Checker::new(&crate::graphql::request(ctx)?.state.config);
        brandings::verify_domain(&mut pooled.conn(), actor, id_arg("id", &id)?, &checker)
            .await
            .gql()
    }

    /// Deletes a branding that no subscription's report settings use.
    async fn delete_branding(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        brandings::delete(&mut pooled.conn(), actor, id_arg("id", &id)?)
            .await
            .gql()?;
        Ok(true)
    }

    async fn create_report_template(&self, ctx: &Context<'_>, input: TemplateInput) -> Result<ReportTemplate> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        templates::create(&mut pooled.conn(), actor, &input).await.gql()
    }

    /// Replaces every field of a template.
    async fn update_report_template(&self, ctx: &Context<'_>, id: ID, input: TemplateInput) -> Result<ReportTemplate> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        templates::update(&mut pooled.conn(), actor, id_arg("id", &id)?, &input)
            .await
            .gql()
    }

    /// Makes a template its account's default.
    async fn set_default_report_template(&self, ctx: &Context<'_>, id: ID) -> Result<ReportTemplate> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        templates::set_default(&mut pooled.conn(), actor, id_arg("id", &id)?)
            .await
            .gql()
    }

    /// Deletes a template that no subscription's report settings use.
    async fn delete_report_template(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        templates::delete(&mut pooled.conn(), actor, id_arg("id", &id)?)
            .await
            .gql()?;
        Ok(true)
    }
}
