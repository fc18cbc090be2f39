//! Sign-in failures per key (an email at an address, or an address), shared by every replica.

use chrono::NaiveDateTime;
use diesel::{BoolExpressionMethods, ExpressionMethods, OptionalExtension, QueryDsl};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_login_failures as lf;
use crate::db_run;

/// The latest `locked_until` of these keys that is still in the future.
pub async fn locked_until(
    conn: &mut DbConn<'_>,
    keys: &[String],
    now: NaiveDateTime,
) -> diesel::QueryResult<Option<NaiveDateTime>> {
    let until: Option<Option<NaiveDateTime>> = db_run!(conn, |c| lf::table
        .filter(lf::key.eq_any(keys))
        .filter(lf::locked_until.gt(now))
        .select(diesel::dsl::max(lf::locked_until))
        .first(c)
        .await
        .optional())?;
    Ok(until.flatten())
}

/// Counts one failure for `key`, forgetting a series whose last failure is older than
/// `forget_before`; returns the failures now counted.
pub async fn record(
    conn: &mut DbConn<'_>,
    key: &str,
    now: NaiveDateTime,
    forget_before: NaiveDateTime,
) -> diesel::QueryResult<i64> {
    db_run!(conn, |c| diesel::delete(
        lf::table
            .filter(lf::key.eq(key))
            .filter(lf::last_failed_at.lt(forget_before))
            .filter(lf::locked_until.is_null().or(lf::locked_until.lt(now)))
    )
    .execute(c)
    .await)?;
    db_run!(conn, |c| diesel::insert_into(lf::table)
        .values((
            lf::key.eq(key),
            lf::failures.eq(1_i64),
            lf::first_failed_at.eq(now),
            lf::last_failed_at.eq(now),
        ))
        .on_conflict(lf::key)
        .do_update()
        .set((lf::failures.eq(lf::failures + 1_i64), lf::last_failed_at.eq(now)))
        .returning(lf::failures)
        .get_result(c)
        .await)
}

pub async fn lock(conn: &mut DbConn<'_>, key: &str, until: NaiveDateTime) -> diesel::QueryResult<()> {
    db_run!(conn, |c| diesel::update(lf::table.filter(lf::key.eq(key)))
        .set(lf::locked_until.eq(until))
        .execute(c)
        .await)?;
    Ok(())
}

/// A successful sign-in forgets the failures of its email at its address.
pub async fn clear(conn: &mut DbConn<'_>, key: &str) -> diesel::QueryResult<()> {
    db_run!(conn, |c| diesel::delete(lf::table.filter(lf::key.eq(key)))
        .execute(c)
        .await)?;
    Ok(())
}

/// Deletes series that have been quiet since `before` and are not locked.
pub async fn prune(conn: &mut DbConn<'_>, before: NaiveDateTime, now: NaiveDateTime) -> diesel::QueryResult<usize> {
    db_run!(conn, |c| diesel::delete(
        lf::table
            .filter(lf::last_failed_at.lt(before))
            .filter(lf::locked_until.is_null().or(lf::locked_until.lt(now)))
    )
    .execute(c)
    .await)
}
