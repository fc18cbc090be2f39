//! Global feature flags: which exist, reading them, and switching them — by Alorig staff over
//! GraphQL, or by the operator on the command line (`igny8 flags set`). Every switch is audited.

use app::types::Actor;
use app::types::flag::FeatureFlag;

use crate::auth::{Action, Resource, authorize};
use crate::db::DbConn;
use crate::db::models::{audit::NewAuditEntry, feature_flag, user::User};
use crate::error::{AppError, AppResult};

/// The flags the service reads: (name, what it controls). A flag never set is off.
pub const KNOWN: [(&str, &str); 1] = [(
    feature_flag::MANAGED_SERVICES_ENABLED,
    "Shows the Alorig Managed Services admin section",
)];

/// Every known flag with its state (Alorig staff admins and owners).
pub async fn list(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<Vec<FeatureFlag>> {
    authorize(actor, Action::ManageFeatureFlags, Resource::Platform)?;
    all(conn).await
}

/// Switches a flag (Alorig staff admins and owners); recorded in the audit log with who.
pub async fn set(conn: &mut DbConn<'_>, actor: Option<&Actor>, name: &str, enabled: bool) -> AppResult<FeatureFlag> {
    authorize(actor, Action::ManageFeatureFlags, Resource::Platform)?;
    write(conn, actor, name, enabled).await
}

/// Switches a flag from the command line (the operator; audited with no user).
pub async fn set_by_operator(conn: &mut DbConn<'_>, name: &str, enabled: bool) -> AppResult<FeatureFlag> {
    write(conn, None, name, enabled).await
}

/// Every known flag with its state (unchecked: the command line and `list`).
pub async fn all(conn: &mut DbConn<'_>) -> AppResult<Vec<FeatureFlag>> {
    let stored = feature_flag::all(conn).await?;
    Ok(KNOWN
        .iter()
        .map(|(name, description)| {
            let row = stored.iter().find(|(n, ..)| n == name);
            FeatureFlag {
                name: (*name).to_owned(),
                enabled: row.is_some_and(|(_, on, ..)| *on),
                description: (*description).to_owned(),
                updated_at: row.map(|(.., at)| crate::dates::rfc3339(*at)),
            }
        })
        .collect())
}

/// `on`/`off` (also `true`/`false`, `1`/`0`), as the command line takes a flag's state.
pub fn parse_state(raw: &str) -> AppResult<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "1" => Ok(true),
        "off" | "false" | "0" => Ok(false),
        _ => Err(AppError::invalid("state", format!("`{raw}` is not on or off"))),
    }
}

async fn write(conn: &mut DbConn<'_>, actor: Option<&Actor>, name: &str, enabled: bool) -> AppResult<FeatureFlag> {
    let Some((name, description)) = KNOWN.iter().find(|(n, _)| *n == name.trim()) else {
        let known: Vec<&str> = KNOWN.iter().map(|(n, _)| *n).collect();
        return Err(AppError::invalid(
            "name",
            format!("`{name}` is not a feature flag (known: {})", known.join(", ")),
        ));
    };
    let now = crate::db::now();
    let state = if enabled { "on" } else { "off" };
    crate::db_transaction!(conn, |tx| {
        feature_flag::set(tx, name, enabled, description, now).await?;
        // from the command line, under the staff account, so its audit page shows it too
        let account_id = match actor {
            Some(a) => Some(a.account_id),
            None => User::staff_account(tx).await?,
        };
        NewAuditEntry {
            account_id,
            user_id: actor.map(|a| a.user_id),
            action: "feature_flag.set".into(),
            object_type: Some("feature_flag".into()),
            object_id: None,
            detail: serde_json::json!({
                "name": name,
                "state": state,
                "by": if actor.is_some() { "graphql" } else { "command line" },
            })
            .to_string(),
            ip: None,
            created_at: now,
        }
        .insert(tx)
        .await?;
        Ok::<_, diesel::result::Error>(())
    })?;
    tracing::info!(flag = name, state, "feature flag switched");
    Ok(all(conn)
        .await?
        .into_iter()
        .find(|f| f.name == *name)
        .expect("a known flag is listed"))
}
