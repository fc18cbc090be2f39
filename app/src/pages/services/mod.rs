//! Alorig admin pages (staff only, behind `managed_services_enabled`).

mod client;
mod dashboard;

pub use client::ClientPage;
pub use dashboard::ServicesDashboard;
