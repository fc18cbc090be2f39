//! The email outbox: one row per report × recipient, delivered by the email worker; a row is
//! `sent` only after the mail server accepted the message.

use chrono::NaiveDateTime;
use diesel::{ExpressionMethods, Insertable, QueryDsl};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_email_outbox as t;
use crate::db_run;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = t)]
pub struct NewOutboxRow {
    pub account_id: i64,
    pub report_id: Option<i64>,
    pub recipient: String,
    pub subject: String,
    pub message_id: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl NewOutboxRow {
    /// Queues the row unless this report already has one for this recipient; true if queued.
    pub async fn insert_once(&self, conn: &mut DbConn<'_>) -> diesel::QueryResult<bool> {
        let n = db_run!(conn, |c| diesel::insert_into(t::table)
            .values(self)
            .on_conflict((t::report_id, t::recipient))
            .do_nothing()
            .execute(c)
            .await)?;
        Ok(n == 1)
    }
}

/// Rows of a report by status, for the API (`pending`, `sending`, `sent`, `failed`, `skipped`).
pub async fn statuses_for_report(conn: &mut DbConn<'_>, report_id: i64) -> diesel::QueryResult<Vec<(String, String)>> {
    db_run!(conn, |c| t::table
        .filter(t::report_id.eq(report_id))
        .select((t::recipient, t::status))
        .order(t::id)
        .load(c)
        .await)
}
