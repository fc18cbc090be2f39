//! The email outbox: one row per report × recipient (or per recipient confirmation), delivered
//! by `email::deliver`; a row is `sent` only after the mail server accepted the message. Rows are claimed for delivery with a
//! conditional update, so of replicas draining the outbox at once one sends each.

use chrono::NaiveDateTime;
use diesel::{BoolExpressionMethods, ExpressionMethods, Insertable, QueryDsl, Queryable, Selectable, SelectableHelper};
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
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The recipient confirmation this row asks for (`None`: the report's email).
    pub confirmation_id: Option<i64>,
    /// The invitation this row carries (`None`: not an invitation).
    pub invitation_id: Option<i64>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct OutboxRow {
    pub id: i64,
    pub account_id: i64,
    pub report_id: Option<i64>,
    pub recipient: String,
    pub subject: String,
    pub message_id: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
    pub sent_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The recipient confirmation this row asks for (`None`: the report's email).
    pub confirmation_id: Option<i64>,
    /// The invitation this row carries (`None`: not an invitation).
    pub invitation_id: Option<i64>,
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

impl OutboxRow {
    /// Rows to deliver now: pending and due, or `sending` since before `stale` (the replica
    /// that claimed them died).
    pub async fn due(
        conn: &mut DbConn<'_>,
        now: NaiveDateTime,
        stale: NaiveDateTime,
        limit: i64,
    ) -> diesel::QueryResult<Vec<OutboxRow>> {
        db_run!(conn, |c| t::table
            .filter(
                (t::status.eq("pending").and(t::next_attempt_at.le(now)))
                    .or(t::status.eq("sending").and(t::updated_at.lt(stale)))
            )
            .select(OutboxRow::as_select())
            .order(t::id)
            .limit(limit)
            .load(c)
            .await)
    }

    /// Claims the row for one delivery attempt if it is still as read; true if this call did.
    pub async fn claim(conn: &mut DbConn<'_>, seen: &OutboxRow, now: NaiveDateTime) -> diesel::QueryResult<bool> {
        let n = db_run!(conn, |c| diesel::update(
            t::table
                .filter(t::id.eq(seen.id))
                .filter(t::status.eq(&seen.status))
                .filter(t::attempts.eq(seen.attempts))
                .filter(t::updated_at.eq(seen.updated_at))
        )
        .set((
            t::status.eq("sending"),
            t::attempts.eq(seen.attempts + 1),
            t::updated_at.eq(now),
        ))
        .execute(c)
        .await)?;
        Ok(n == 1)
    }

    /// The mail server accepted attempt `attempt`. Like the two below, it changes the row only
    /// while that attempt still holds it (not taken over by another replica since).
    pub async fn mark_sent(
        conn: &mut DbConn<'_>,
        id: i64,
        attempt: i32,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            t::table
                .filter(t::id.eq(id))
                .filter(t::status.eq("sending"))
                .filter(t::attempts.eq(attempt))
        )
        .set((
            t::status.eq("sent"),
            t::sent_at.eq(Some(now)),
            t::last_error.eq(None::<String>),
            t::updated_at.eq(now),
        ))
        .execute(c)
        .await)
    }

    /// A transient failure: try again at `next`.
    pub async fn mark_retry(
        conn: &mut DbConn<'_>,
        id: i64,
        attempt: i32,
        error: &str,
        next: NaiveDateTime,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            t::table
                .filter(t::id.eq(id))
                .filter(t::status.eq("sending"))
                .filter(t::attempts.eq(attempt))
        )
        .set((
            t::status.eq("pending"),
            t::last_error.eq(Some(error)),
            t::next_attempt_at.eq(next),
            t::updated_at.eq(now),
        ))
        .execute(c)
        .await)
    }

    /// A permanent failure, or the last attempt failed.
    pub async fn mark_failed(
        conn: &mut DbConn<'_>,
        id: i64,
        attempt: i32,
        error: &str,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            t::table
                .filter(t::id.eq(id))
                .filter(t::status.eq("sending"))
                .filter(t::attempts.eq(attempt))
        )
        .set((
            t::status.eq("failed"),
            t::last_error.eq(Some(error)),
            t::updated_at.eq(now),
        ))
        .execute(c)
        .await)
    }

    /// Skips a confirmation's email not sent yet (the address was removed or confirmed first).
    pub async fn skip_confirmation(
        conn: &mut DbConn<'_>,
        confirmation_id: i64,
        why: &str,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            t::table
                .filter(t::confirmation_id.eq(confirmation_id))
                .filter(t::status.eq("pending"))
        )
        .set((
            t::status.eq("skipped"),
            t::last_error.eq(Some(why)),
            t::updated_at.eq(now),
        ))
        .execute(c)
        .await)
    }

    /// Skips an invitation's email not sent yet (the invitation was revoked).
    pub async fn skip_invitation(
        conn: &mut DbConn<'_>,
        invitation_id: i64,
        why: &str,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            t::table
                .filter(t::invitation_id.eq(invitation_id))
                .filter(t::status.eq("pending"))
        )
        .set((
            t::status.eq("skipped"),
            t::last_error.eq(Some(why)),
            t::updated_at.eq(now),
        ))
        .execute(c)
        .await)
    }
}

impl OutboxRow {
    /// A page of the outbox (of one state), newest first, and how many rows match.
    pub async fn page(
        conn: &mut DbConn<'_>,
        status: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> diesel::QueryResult<(Vec<OutboxRow>, i64)> {
        let rows = db_run!(conn, |c| {
            let mut q = t::table
                .select(OutboxRow::as_select())
                .order(t::id.desc())
                .offset(offset)
                .limit(limit)
                .into_boxed();
            if let Some(s) = status {
                q = q.filter(t::status.eq(s));
            }
            q.load(c).await
        })?;
        let total = db_run!(conn, |c| {
            let mut q = t::table.count().into_boxed();
            if let Some(s) = status {
                q = q.filter(t::status.eq(s));
            }
            q.get_result(c).await
        })?;
        Ok((rows, total))
    }

    /// Rows by state.
    pub async fn counts(conn: &mut DbConn<'_>) -> diesel::QueryResult<Vec<(String, i64)>> {
        db_run!(conn, |c| t::table
            .group_by(t::status)
            .select((t::status, diesel::dsl::count_star()))
            .load(c)
            .await)
    }

    /// Puts a failed row back in the queue with its attempts afresh, due at `now`; 1 if it was
    /// failed.
    pub async fn requeue(conn: &mut DbConn<'_>, id: i64, now: NaiveDateTime) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            t::table.filter(t::id.eq(id)).filter(t::status.eq("failed"))
        )
        .set((
            t::status.eq("pending"),
            t::attempts.eq(0),
            t::next_attempt_at.eq(now),
            t::updated_at.eq(now),
        ))
        .execute(c)
        .await)
    }
}

/// Emails an account queued since `since`.
pub async fn queued_since(conn: &mut DbConn<'_>, account_id: i64, since: NaiveDateTime) -> diesel::QueryResult<i64> {
    db_run!(conn, |c| t::table
        .filter(t::account_id.eq(account_id))
        .filter(t::created_at.ge(since))
        .count()
        .get_result(c)
        .await)
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
