//! Overdue deliverables stored by the daily check (`check_overdue_deliverables`): a flag stays
//! open while the check finds its deliverable late and is resolved by the first check that does not.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::upsert::excluded;
use diesel::{ExpressionMethods, Insertable, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_overdue_flags as t;
use crate::db_run;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct OverdueFlag {
    pub id: i64,
    pub account_id: i64,
    pub subscription_id: i64,
    pub site_id: i64,
    pub kind: String,
    pub reference: String,
    pub detail: String,
    pub due_on: NaiveDate,
    pub flagged_at: NaiveDateTime,
    pub checked_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = t)]
pub struct NewOverdueFlag {
    pub account_id: i64,
    pub subscription_id: i64,
    pub site_id: i64,
    pub kind: String,
    pub reference: String,
    pub detail: String,
    pub due_on: NaiveDate,
    pub flagged_at: NaiveDateTime,
    pub checked_at: NaiveDateTime,
}

impl NewOverdueFlag {
    /// Opens the flag, or keeps it open with its first `flagged_at` (also when it was resolved
    /// in between).
    pub async fn upsert(&self, conn: &mut DbConn<'_>) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::insert_into(t::table)
            .values(self)
            .on_conflict((t::subscription_id, t::kind, t::reference))
            .do_update()
            .set((
                t::detail.eq(excluded(t::detail)),
                t::due_on.eq(excluded(t::due_on)),
                t::checked_at.eq(excluded(t::checked_at)),
                t::resolved_at.eq(None::<NaiveDateTime>),
            ))
            .execute(c)
            .await)
    }
}

impl OverdueFlag {
    /// Every open flag.
    pub async fn open(conn: &mut DbConn<'_>) -> diesel::QueryResult<Vec<OverdueFlag>> {
        db_run!(conn, |c| t::table
            .filter(t::resolved_at.is_null())
            .select(OverdueFlag::as_select())
            .load(c)
            .await)
    }

    /// Resolves the open flags the check at `now` did not find again.
    pub async fn resolve_unchecked(conn: &mut DbConn<'_>, now: NaiveDateTime) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            t::table.filter(t::resolved_at.is_null()).filter(t::checked_at.lt(now))
        )
        .set(t::resolved_at.eq(Some(now)))
        .execute(c)
        .await)
    }
}
