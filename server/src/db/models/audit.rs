//! The audit log: who did what, when (logins, tokens, approvals, report sends).

use chrono::NaiveDateTime;
use diesel::Insertable;
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_audit_log;
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
