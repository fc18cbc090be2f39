//! What the page shell knows about the signed-in user: name, account, and which sidebar entries to show.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub account_name: String,
    pub is_staff: bool,
    /// ADMIN › Managed Services: staff, and only while `managed_services_enabled`.
    pub show_managed_services: bool,
    /// ACCOUNT › Managed Service: only when the account has a managed subscription that is not
    /// cancelled.
    pub show_managed_service: bool,
    /// Managed Service › Approvals, with the items waiting for a decision: when a site the user
    /// may see has a subscription that requires the client's review.
    pub pending_approvals: Option<i64>,
    /// ACCOUNT › Brandings: owners and admins of an account with the `white_label` gate.
    pub show_brandings: bool,
    /// ACCOUNT › Report templates: owners and admins of an account with the `reports` gate.
    pub show_templates: bool,
    /// ACCOUNT › Audit log: the account's owners, and Alorig staff.
    pub show_audit: bool,
    /// ACCOUNT › Data imports: the account's owners and admins.
    pub show_imports: bool,
}

/// The look of a request made on an agency's verified domain: its brand instead of the
/// platform's everywhere on the page (the server provides it as context; none elsewhere).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HostLook {
    pub name: String,
    /// Whether the brand has a logo (served at `/brand/logo.png` on its domain).
    pub has_logo: bool,
}
