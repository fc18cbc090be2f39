//! People who sign in, as the operator creates them: the first Alorig staff user of a fresh
//! install (`igny8 admin create`), with no one signed in to ask.

use crate::db::DbConn;
use crate::db::models::account::{Account, NewAccount};
use crate::db::models::audit::NewAuditEntry;
use crate::db::models::user::{NewUser, User};
use crate::error::{AppError, AppResult};

/// The staff account a fresh install creates for its first staff user.
pub const STAFF_ACCOUNT: (&str, &str) = ("Alorig", "alorig");

/// A staff user just created; the password is shown here once and stored only as a hash.
#[derive(Debug)]
pub struct CreatedStaff {
    pub user_id: i64,
    pub email: String,
    pub role: &'static str,
    pub account_name: String,
    pub account_created: bool,
    pub password: String,
    /// Whether the password was generated (and so must be passed on).
    pub generated: bool,
}

/// Creates an Alorig staff user in the staff account (made on first use): the account's owner
/// when it is new, else an admin. `password` = `None` generates one.
pub async fn create_staff(
    conn: &mut DbConn<'_>,
    email: &str,
    first_name: &str,
    last_name: &str,
    password: Option<&str>,
) -> AppResult<CreatedStaff> {
    let email = crate::email::recipients("email", &[email.to_owned()])?
        .pop()
        .ok_or_else(|| AppError::invalid("email", "is required"))?;
    for (field, value) in [("first_name", first_name), ("last_name", last_name)] {
        if value.chars().count() > 150 {
            return Err(AppError::invalid(field, "must be at most 150 characters"));
        }
    }
    let generated = password.is_none();
    let password = password.map_or_else(crate::auth::secret::random_token, str::to_owned);
    let password_hash = crate::auth::password::hash(&password)?;
    if User::find_by_email(conn, &email).await?.is_some() {
        return Err(AppError::invalid("email", format!("{email} already belongs to a user")));
    }
    let existing = match User::staff_account(conn).await? {
        Some(id) => Some(Account::find(conn, id).await?),
        None => Account::find_by_slug(conn, STAFF_ACCOUNT.1).await?,
    };
    let now = crate::db::now();
    let (account_id, account_name, account_created) = match &existing {
        Some(a) => (a.id, a.name.clone(), false),
        None => (0, STAFF_ACCOUNT.0.to_owned(), true),
    };
    let role = if account_created { "owner" } else { "admin" };
    let user_id = crate::db_transaction!(conn, |tx| {
        let account_id = if account_created {
            Account::insert(
                tx,
                &NewAccount {
                    name: STAFF_ACCOUNT.0.into(),
                    slug: STAFF_ACCOUNT.1.into(),
                    plan_id: None,
                    status: "active".into(),
                    account_timezone: "UTC".into(),
                    feature_gates: r#"["reports","white_label"]"#.into(),
                    is_agency: false,
                    credits: 0,
                    created_at: now,
                    updated_at: now,
                },
            )
            .await?
        } else {
            account_id
        };
        let user_id = User::insert(
            tx,
            &NewUser {
                account_id,
                email: email.clone(),
                first_name: first_name.trim().to_owned(),
                last_name: last_name.trim().to_owned(),
                password_hash: password_hash.clone(),
                role: role.into(),
                is_staff: true,
                site_restricted: false,
                is_active: true,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        NewAuditEntry {
            account_id: Some(account_id),
            user_id: None,
            action: "user.create".into(),
            object_type: Some("user".into()),
            object_id: Some(user_id),
            detail: serde_json::json!({ "email": email, "role": role, "staff": true, "by": "command line" })
                .to_string(),
            ip: None,
            created_at: now,
        }
        .insert(tx)
        .await?;
        Ok::<_, diesel::result::Error>(user_id)
    })?;
    Ok(CreatedStaff {
        user_id,
        email,
        role,
        account_name,
        account_created,
        password,
        generated,
    })
}
