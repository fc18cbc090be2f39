//! Users (people who sign in) and their optional site restriction.

use chrono::NaiveDateTime;
use diesel::{ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::{igny8_site_user_access, igny8_users};
use crate::db_run;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = igny8_users)]
pub struct User {
    pub id: i64,
    pub account_id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub password_hash: String,
    pub role: String,
    pub is_staff: bool,
    pub site_restricted: bool,
    pub is_active: bool,
    pub last_login_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = igny8_users)]
pub struct NewUser {
    pub account_id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub password_hash: String,
    pub role: String,
    pub is_staff: bool,
    pub site_restricted: bool,
    pub is_active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl User {
    pub async fn find(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<User> {
        db_run!(conn, |c| igny8_users::table
            .find(id)
            .select(User::as_select())
            .first(c)
            .await)
    }

    /// A user with their account, in one statement (every request's caller is looked up so).
    pub async fn with_account(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<(User, super::account::Account)> {
        use crate::db::schema::igny8_accounts;
        db_run!(conn, |c| igny8_users::table
            .inner_join(igny8_accounts::table)
            .filter(igny8_users::id.eq(id))
            .select((User::as_select(), super::account::Account::as_select()))
            .first(c)
            .await)
    }

    /// The emails of an account's active users.
    pub async fn emails_of_account(conn: &mut DbConn<'_>, account_id: i64) -> diesel::QueryResult<Vec<String>> {
        db_run!(conn, |c| igny8_users::table
            .filter(igny8_users::account_id.eq(account_id))
            .filter(igny8_users::is_active.eq(true))
            .select(igny8_users::email)
            .load(c)
            .await)
    }

    /// The account's active owners and admins, owners first (whom its people ask for what they
    /// may not do themselves).
    pub async fn managers_of_account(conn: &mut DbConn<'_>, account_id: i64) -> diesel::QueryResult<Vec<User>> {
        let mut users: Vec<User> = db_run!(conn, |c| igny8_users::table
            .filter(igny8_users::account_id.eq(account_id))
            .filter(igny8_users::is_active.eq(true))
            .filter(igny8_users::role.eq_any(["owner", "admin"]))
            .order(igny8_users::id)
            .select(User::as_select())
            .load(c)
            .await)?;
        users.sort_by_key(|u| u.role != "owner");
        Ok(users)
    }

    /// Looks a user up by email (stored lower-case).
    /// An account's users, by email.
    pub async fn of_account(conn: &mut DbConn<'_>, account_id: i64) -> diesel::QueryResult<Vec<User>> {
        db_run!(conn, |c| igny8_users::table
            .filter(igny8_users::account_id.eq(account_id))
            .order(igny8_users::email)
            .select(User::as_select())
            .load(c)
            .await)
    }

    pub async fn find_by_email(conn: &mut DbConn<'_>, email: &str) -> diesel::QueryResult<Option<User>> {
        let email = email.trim().to_lowercase();
        db_run!(conn, |c| igny8_users::table
            .filter(igny8_users::email.eq(&email))
            .select(User::as_select())
            .first(c)
            .await
            .optional())
    }

    /// The account Alorig's staff belong to: that of the first staff user, if there is one.
    pub async fn staff_account(conn: &mut DbConn<'_>) -> diesel::QueryResult<Option<i64>> {
        db_run!(conn, |c| igny8_users::table
            .filter(igny8_users::is_staff.eq(true))
            .order(igny8_users::id)
            .select(igny8_users::account_id)
            .first(c)
            .await
            .optional())
    }

    pub async fn insert(conn: &mut DbConn<'_>, new: &NewUser) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| diesel::insert_into(igny8_users::table)
            .values(new)
            .returning(igny8_users::id)
            .get_result(c)
            .await)
    }

    /// Limits a user to these sites (a restricted user with none sees no site).
    pub async fn restrict_to(
        conn: &mut DbConn<'_>,
        user_id: i64,
        site_ids: &[i64],
        at: NaiveDateTime,
    ) -> diesel::QueryResult<()> {
        for site in site_ids {
            let row = (
                igny8_site_user_access::user_id.eq(user_id),
                igny8_site_user_access::site_id.eq(*site),
                igny8_site_user_access::created_at.eq(at),
            );
            db_run!(conn, |c| diesel::insert_into(igny8_site_user_access::table)
                .values(row)
                .execute(c)
                .await)?;
        }
        Ok(())
    }

    pub async fn record_login(conn: &mut DbConn<'_>, id: i64, at: NaiveDateTime) -> diesel::QueryResult<()> {
        db_run!(conn, |c| diesel::update(igny8_users::table.find(id))
            .set(igny8_users::last_login_at.eq(Some(at)))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// `Some(sites)` when the user is restricted to some sites of their account. A restricted
    /// user whose sites are all gone gets `Some([])` — no site — never every site.
    pub async fn site_restriction(&self, conn: &mut DbConn<'_>) -> diesel::QueryResult<Option<Vec<i64>>> {
        if !self.site_restricted {
            return Ok(None);
        }
        let ids: Vec<i64> = db_run!(conn, |c| igny8_site_user_access::table
            .filter(igny8_site_user_access::user_id.eq(self.id))
            .select(igny8_site_user_access::site_id)
            .order(igny8_site_user_access::site_id)
            .load(c)
            .await)?;
        Ok(Some(ids))
    }

    pub fn display_name(&self) -> String {
        let name = format!("{} {}", self.first_name, self.last_name);
        let name = name.trim();
        if name.is_empty() {
            self.email.clone()
        } else {
            name.to_owned()
        }
    }

    pub fn to_dto(&self) -> app::types::User {
        app::types::User {
            id: self.id,
            account_id: self.account_id,
            email: self.email.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            role: app::types::Role::parse(&self.role).unwrap_or(app::types::Role::Viewer),
            is_staff: self.is_staff,
        }
    }
}
