//! The email outbox as Alorig staff see it: every report email and recipient confirmation, by
//! state, with why a failed one failed.

use serde::{Deserialize, Serialize};

/// Outbox states, in their order.
pub const OUTBOX_STATES: [&str; 5] = ["pending", "sending", "sent", "failed", "skipped"];

/// Emails listed per page.
pub const EMAILS_PER_PAGE: i64 = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxEmail {
    pub id: i64,
    pub account_id: i64,
    /// The report it carries (`None`: a recipient confirmation).
    pub report_id: Option<i64>,
    pub recipient: String,
    pub subject: String,
    pub status: String,
    pub attempts: i32,
    /// RFC 3339, UTC: the next attempt of a pending email.
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
    pub created_at: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OutboxPage {
    /// A page of the emails (of one state when asked), newest first.
    pub emails: Vec<OutboxEmail>,
    /// Emails in each state (all of the outbox).
    pub counts: Vec<(String, i64)>,
    pub matching: i64,
    pub page: i64,
}
