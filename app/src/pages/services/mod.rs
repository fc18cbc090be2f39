//! Alorig admin pages (staff only, behind `managed_services_enabled`).

mod accounts;
mod client;
mod dashboard;
mod indexing;
mod jobs;
mod orders;
mod reports;

pub use accounts::{AccountPage, Accounts};
pub use client::ClientPage;
pub use dashboard::ServicesDashboard;
pub use indexing::IndexingDashboardPage;
pub use jobs::ScheduledJobs;
pub use orders::{BacklinkOrders, OrderDetailPage};
pub use reports::{BatchPage, ReportGenerator};
