//! The types the UI, GraphQL, REST and server functions share: one module per noun.

pub mod account;
pub mod actor;
pub mod approval;
pub mod audit;
pub mod billing;
pub mod branding;
pub mod client;
pub mod dashboard;
pub mod email;
pub mod error;
pub mod flag;
pub mod generator;
pub mod import;
pub mod indexing;
pub mod job;
pub mod money;
pub mod order;
pub mod overview;
pub mod page;
pub mod report;
pub mod site;
pub mod subscription;
pub mod template;
pub mod token;
pub mod tracker;
pub mod user;
pub mod viewer;

pub use actor::{Actor, Feature, Role};
pub use dashboard::{DashboardSummary, TierSummary};
pub use error::{ApiError, ErrorCode};
pub use money::format_cents;
pub use site::Site;
pub use subscription::{
    BillingInterval, PendingRecipient, RecipientRequest, ReportRecipients, Subscription, SubscriptionList,
    SubscriptionStatus, Tier,
};
pub use user::User;
pub use viewer::{HostLook, Viewer};
