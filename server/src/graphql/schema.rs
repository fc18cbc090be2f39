//! The schema: `Query` merges one object per domain; limits keep hostile queries cheap.

use async_graphql::{EmptySubscription, MergedObject, Schema};

use super::mutation::{
    branding::BrandingMutation, client::ClientMutation, report::ReportMutation, service::ServiceMutation,
};
use super::query::{
    account::AccountQuery, branding::BrandingQuery, dashboard::DashboardQuery, job::JobQuery, report::ReportQuery,
    service::ServiceQuery, site::SiteQuery, subscription::SubscriptionQuery,
};

#[derive(MergedObject, Default)]
pub struct Query(
    AccountQuery,
    SiteQuery,
    SubscriptionQuery,
    ReportQuery,
    BrandingQuery,
    DashboardQuery,
    JobQuery,
    ServiceQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(ReportMutation, BrandingMutation, ServiceMutation, ClientMutation);

pub type AppSchema = Schema<Query, Mutation, EmptySubscription>;

/// Deepest query accepted, and the most expensive (fields count 1 each).
pub const MAX_DEPTH: usize = 12;
pub const MAX_COMPLEXITY: usize = 2_000;

/// The one schema (request data — state and actor — is added per request).
pub fn build_schema() -> AppSchema {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .finish()
}
