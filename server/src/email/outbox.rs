//! The outbox for Alorig staff: a page of it by state, and a failed email put back in the queue
//! (the scheduler's next drain delivers it).

use app::types::Actor;
use app::types::email::{EMAILS_PER_PAGE, OUTBOX_STATES, OutboxEmail, OutboxPage};

use crate::auth::{Action, Resource, authorize};
use crate::dates::rfc3339;
use crate::db::DbConn;
use crate::db::models::outbox::OutboxRow;
use crate::error::{AppError, AppResult};

/// A page of the outbox, newest first (of one `status`), with the count of each state.
pub async fn page(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    status: Option<&str>,
    page: i64,
) -> AppResult<OutboxPage> {
    authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
    if let Some(s) = status.filter(|s| !OUTBOX_STATES.contains(s)) {
        return Err(AppError::invalid(
            "outbox",
            format!("`{s}` is not one of {}", OUTBOX_STATES.join(", ")),
        ));
    }
    if !(1..=100_000).contains(&page) {
        return Err(AppError::invalid(
            "outbox_page",
            format!("`{page}` is not a page number"),
        ));
    }
    let (rows, matching) = OutboxRow::page(conn, status, (page - 1) * EMAILS_PER_PAGE, EMAILS_PER_PAGE).await?;
    let counts = OutboxRow::counts(conn).await?;
    Ok(OutboxPage {
        emails: rows
            .into_iter()
            .map(|r| OutboxEmail {
                id: r.id,
                account_id: r.account_id,
                report_id: r.report_id,
                recipient: r.recipient,
                subject: r.subject,
                status: r.status,
                attempts: r.attempts,
                next_attempt_at: rfc3339(r.next_attempt_at),
                last_error: r.last_error,
                sent_at: r.sent_at.map(rfc3339),
                created_at: rfc3339(r.created_at),
            })
            .collect(),
        counts: OUTBOX_STATES
            .iter()
            .map(|s| {
                let n = counts.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
                ((*s).to_owned(), n)
            })
            .collect(),
        matching,
        page,
    })
}

/// Queues a failed email again, its attempts afresh (staff who may start work).
pub async fn retry(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<()> {
    authorize(actor, Action::RunJobs, Resource::Platform)?;
    match OutboxRow::requeue(conn, id, crate::db::now()).await? {
        1 => Ok(()),
        _ => Err(AppError::Conflict(format!(
            "email {id} is not a failed email (only those are retried)"
        ))),
    }
}
