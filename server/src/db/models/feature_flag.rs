//! Global feature flags such as `managed_services_enabled`.

use chrono::NaiveDateTime;
use diesel::{ExpressionMethods, OptionalExtension, QueryDsl};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_feature_flags;
use crate::db_run;

/// The flag that shows the Alorig admin section (04B).
pub const MANAGED_SERVICES_ENABLED: &str = "managed_services_enabled";

/// Whether a flag is on; a flag that was never set is off.
pub async fn is_enabled(conn: &mut DbConn<'_>, name: &str) -> diesel::QueryResult<bool> {
    let enabled: Option<bool> = db_run!(conn, |c| igny8_feature_flags::table
        .filter(igny8_feature_flags::name.eq(name))
        .select(igny8_feature_flags::enabled)
        .first(c)
        .await
        .optional())?;
    Ok(enabled.unwrap_or(false))
}

/// Turns a flag on or off, creating it if needed.
pub async fn set(
    conn: &mut DbConn<'_>,
    name: &str,
    enabled: bool,
    description: &str,
    at: NaiveDateTime,
) -> diesel::QueryResult<()> {
    let updated = db_run!(conn, |c| diesel::update(
        igny8_feature_flags::table.filter(igny8_feature_flags::name.eq(name))
    )
    .set((
        igny8_feature_flags::enabled.eq(enabled),
        igny8_feature_flags::updated_at.eq(at)
    ))
    .execute(c)
    .await)?;
    if updated == 0 {
        db_run!(conn, |c| diesel::insert_into(igny8_feature_flags::table)
            .values((
                igny8_feature_flags::name.eq(name),
                igny8_feature_flags::enabled.eq(enabled),
                igny8_feature_flags::description.eq(description),
                igny8_feature_flags::updated_at.eq(at),
            ))
            .execute(c)
            .await)?;
    }
    Ok(())
}

/// Every flag that was ever set: (name, enabled, description, updated_at), by name.
pub async fn all(conn: &mut DbConn<'_>) -> diesel::QueryResult<Vec<(String, bool, String, NaiveDateTime)>> {
    db_run!(conn, |c| igny8_feature_flags::table
        .order(igny8_feature_flags::name)
        .select((
            igny8_feature_flags::name,
            igny8_feature_flags::enabled,
            igny8_feature_flags::description,
            igny8_feature_flags::updated_at,
        ))
        .load(c)
        .await)
}
