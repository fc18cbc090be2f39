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
    /// What a signed-in user did to one object of an account.
    pub fn by(
        actor: &app::types::Actor,
        account_id: i64,
        action: &str,
        object: (&str, i64),
        detail: serde_json::Value,
        at: NaiveDateTime,
    ) -> NewAuditEntry {
        NewAuditEntry {
            account_id: Some(account_id),
            user_id: Some(actor.user_id),
            action: action.to_owned(),
            object_type: Some(object.0.to_owned()),
            object_id: Some(object.1),
            detail: detail.to_string(),
            ip: None,
            created_at: at,
        }
    }

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

/// One account's entries, newest first: (id, action, object type, object id, detail, ip, when,
/// who's email), and how many match.
#[allow(clippy::type_complexity)]
pub async fn page_of_account(
    conn: &mut DbConn<'_>,
    account_id: i64,
    action: Option<&str>,
    offset: i64,
    limit: i64,
) -> diesel::QueryResult<(
    Vec<(
        i64,
        String,
        Option<String>,
        Option<i64>,
        String,
        Option<String>,
        NaiveDateTime,
        Option<String>,
    )>,
    i64,
)> {
    let rows = db_run!(conn, |c| {
        let mut q = igny8_audit_log::table
            .left_join(igny8_users::table.on(igny8_users::id.nullable().eq(igny8_audit_log::user_id)))
            .filter(igny8_audit_log::account_id.eq(account_id))
            .into_boxed();
        if let Some(a) = action {
            q = q.filter(igny8_audit_log::action.eq(a));
        }
        q.order((igny8_audit_log::created_at.desc(), igny8_audit_log::id.desc()))
            .offset(offset)
            .limit(limit)
            .select((
                igny8_audit_log::id,
                igny8_audit_log::action,
                igny8_audit_log::object_type,
                igny8_audit_log::object_id,
                igny8_audit_log::detail,
                igny8_audit_log::ip,
                igny8_audit_log::created_at,
                igny8_users::email.nullable(),
            ))
            .load(c)
            .await
    })?;
    let total = db_run!(conn, |c| {
        let mut q = igny8_audit_log::table
            .filter(igny8_audit_log::account_id.eq(account_id))
            .into_boxed();
        if let Some(a) = action {
            q = q.filter(igny8_audit_log::action.eq(a));
        }
        q.count().get_result(c).await
    })?;
    Ok((rows, total))
}

/// The distinct actions of an account's entries, sorted.
pub async fn actions_of_account(conn: &mut DbConn<'_>, account_id: i64) -> diesel::QueryResult<Vec<String>> {
    db_run!(conn, |c| igny8_audit_log::table
        .filter(igny8_audit_log::account_id.eq(account_id))
        .select(igny8_audit_log::action)
        .distinct()
        .order(igny8_audit_log::action)
        .load(c)
        .await)
}
