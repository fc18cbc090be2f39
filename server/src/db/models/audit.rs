//! The audit log: who did what, when (logins, tokens, approvals, report sends).

use chrono::NaiveDateTime;
use diesel::{ExpressionMethods, Insertable, JoinOnDsl, NullableExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::{igny8_audit_log, igny8_users};
use crate::db_run;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = igny8_audit_log)]
pub struct NewAuditEntry {
    pub account_id: Option<i64>,
    pub user_id: Option<i64>,
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<i64>,
    pub detail: String,
    pub ip: Option<String>,
    pub created_at: NaiveDateTime,
}

impl NewAuditEntry {
    pub async fn insert(&self, conn: &mut DbConn<'_>) -> diesel::QueryResult<()> {
        db_run!(conn, |c| diesel::insert_into(igny8_audit_log::table)
            .values(self)
            .execute(c)
            .await)?;
        Ok(())
    }
}

/// The newest entries about one object: (action, detail, when, who's email).
pub async fn of_object(
    conn: &mut DbConn<'_>,
    object_type: &str,
    object_id: i64,
    limit: i64,
) -> diesel::QueryResult<Vec<(String, String, NaiveDateTime, Option<String>)>> {
    db_run!(conn, |c| igny8_audit_log::table
        .left_join(igny8_users::table.on(igny8_users::id.nullable().eq(igny8_audit_log::user_id)))
        .filter(igny8_audit_log::object_type.eq(object_type))
        .filter(igny8_audit_log::object_id.eq(object_id))
        .order(igny8_audit_log::id.desc())
        .limit(limit)
        .select((
            igny8_audit_log::action,
            igny8_audit_log::detail,
            igny8_audit_log::created_at,
            igny8_users::email.nullable(),
        ))
        .load(c)
        .await)
}
