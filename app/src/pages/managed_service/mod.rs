//! The client portal (read-only but for decisions and share links), shown to accounts with a
//! managed subscription: the service overview, the report viewer and the approval queue.

mod approvals;
mod overview;
mod reports;

pub use approvals::ApprovalQueue;
pub use overview::ServiceOverview;
pub use reports::{ReportPage, ReportViewer};
