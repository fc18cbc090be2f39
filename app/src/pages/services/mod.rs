//! Alorig admin pages (staff only, behind `managed_services_enabled`).

mod dashboard;

pub use dashboard::ServicesDashboard;
