//! An account's audit log: who did what, when (sign-ins, tokens, settings, approvals, report
//! sends, feature flags, users created).

use serde::{Deserialize, Serialize};

/// Entries listed per page.
pub const AUDIT_PER_PAGE: i64 = 50;

/// The view as the URL carries it: plain strings, checked by the server.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    /// The account (staff; empty: the caller's own).
    pub account: String,
    /// Only entries of this action, e.g. `login`.
    pub action: String,
    /// The page, from 1.
    pub page: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    /// The user's email; "command line" or "system" when no one signed in did it.
    pub who: String,
    /// e.g. `login`, `approval.approved`, `subscription.config`
    pub action: String,
    /// e.g. `subscription 12`; empty when the entry is about no one object.
    pub object: String,
    /// What changed, as recorded (JSON).
    pub detail: String,
    pub ip: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct AuditPage {
    pub account_id: i64,
    pub account_name: String,
    /// The entries of this page, newest first.
    pub rows: Vec<AuditEntry>,
    /// Entries matching the filter, in all.
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// The actions the account's log holds (the filter's choices).
    pub actions: Vec<String>,
}
