//! An account (tenant) as the staff's account list shows it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub slug: String,
    /// active, suspended, trial or cancelled
    pub status: String,
    /// IANA timezone of its schedules and reports.
    pub timezone: String,
    pub is_agency: bool,
    /// The plan's feature gates (`reports`, `white_label`).
    pub feature_gates: Vec<String>,
}

/// A client account as Alorig staff create or change it (GraphQL `createAccount` /
/// `updateAccount`, REST `POST /api/v1/services/accounts/` and `PUT …/{id}/`, the New client
/// page). On a change, a field left out keeps its value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::InputObject, utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AccountInput {
    /// The organisation's name (1–100 characters).
    pub name: Option<String>,
    /// IANA time zone of its schedules and reports (`UTC` for a new account left without one).
    pub timezone: Option<String>,
    /// Of `reports`, `white_label` (none for a new account left without them).
    pub feature_gates: Option<Vec<String>>,
    /// An agency (may white-label reports).
    pub is_agency: Option<bool>,
    /// active, trial, suspended or cancelled (`active` for a new account).
    pub status: Option<String>,
}

/// The states an account can be in.
pub const ACCOUNT_STATUSES: [&str; 4] = ["active", "trial", "suspended", "cancelled"];

/// The accounts list as the URL asks for it (every field as typed; checked by the server).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountQuery {
    /// Part of the name or slug.
    pub q: String,
    /// One of `ACCOUNT_STATUSES`, or empty for all.
    pub status: String,
    /// `name` (default), `created`, `sites` or `mrr`.
    pub sort: String,
    /// `asc` (default for a name) or `desc` (default for the others).
    pub dir: String,
    pub page: String,
}

pub const ACCOUNTS_PER_PAGE: i64 = 50;

/// One account in the list, with what it buys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountRow {
    pub account: Account,
    pub sites: i64,
    pub active_subscriptions: i64,
    /// Monthly recurring revenue of its active subscriptions.
    pub mrr_display: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountListPage {
    pub rows: Vec<AccountRow>,
    /// Accounts matching the filter, in all.
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// May the caller create and change accounts?
    pub can_manage: bool,
}

/// One site of an account, with its subscription if it has one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountSite {
    pub site: crate::types::Site,
    pub subscription: Option<crate::types::Subscription>,
}

/// An account's page for staff: its settings, its sites and their subscriptions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountDetail {
    pub account: Account,
    pub sites: Vec<AccountSite>,
    pub users: Vec<crate::types::User>,
    /// Newest first, used and lapsed ones too.
    pub invitations: Vec<crate::types::user::Invitation>,
    pub mrr_display: String,
    pub can_manage: bool,
}
