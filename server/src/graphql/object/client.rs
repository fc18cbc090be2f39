//! A dashboard client with its subscription, site and latest report (loaded per page).

use app::types::Site;
use app::types::Subscription as SubscriptionDto;
use app::types::dashboard::ClientRow;
use app::types::report::ServiceReport;
use async_graphql::{ComplexObject, Context, Result, SimpleObject};

use crate::graphql::loader::Loaders;

#[derive(SimpleObject)]
#[graphql(complex, name = "Client")]
pub struct ClientNode {
    #[graphql(flatten)]
    pub row: ClientRow,
}

fn loaders<'a>(ctx: &'a Context<'_>) -> Result<&'a Loaders> {
    ctx.data::<Loaders>()
}

#[ComplexObject]
impl ClientNode {
    async fn subscription(&self, ctx: &Context<'_>) -> Result<Option<SubscriptionDto>> {
        let sub = loaders(ctx)?.subscriptions.load_one(self.row.subscription_id).await?;
        Ok(sub.map(|s| crate::subscriptions::to_dto(s, self.row.site_name.clone(), true)))
    }

    async fn site(&self, ctx: &Context<'_>) -> Result<Option<Site>> {
        loaders(ctx)?.sites.load_one(self.row.site_id).await
    }

    /// The site's newest report.
    async fn latest_report(&self, ctx: &Context<'_>) -> Result<Option<ServiceReport>> {
        let r = loaders(ctx)?.latest_reports.load_one(self.row.site_id).await?.flatten();
        Ok(r.map(|mut r| {
            r.site_name = self.row.site_name.clone();
            r
        }))
    }
}
