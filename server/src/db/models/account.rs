//! Accounts (tenants) and the plans they are on.

use chrono::NaiveDateTime;
use diesel::{
    AsChangeset, ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable, SelectableHelper,
};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::{igny8_accounts, igny8_plans};
use crate::db_run;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = igny8_accounts)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub plan_id: Option<i64>,
    pub status: String,
    pub account_timezone: String,
    pub feature_gates: String,
    pub is_agency: bool,
    pub credits: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = igny8_accounts)]
pub struct NewAccount {
    pub name: String,
    pub slug: String,
    pub plan_id: Option<i64>,
    pub status: String,
    pub account_timezone: String,
    pub feature_gates: String,
    pub is_agency: bool,
    pub credits: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The fields staff change on an account.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = igny8_accounts)]
pub struct AccountChanges {
    pub name: String,
    pub status: String,
    pub account_timezone: String,
    pub feature_gates: String,
    pub is_agency: bool,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = igny8_plans)]
pub struct NewPlan {
    pub name: String,
    pub slug: String,
    pub price_cents: i64,
    pub currency: String,
    pub max_sites: Option<i32>,
    pub max_users: Option<i32>,
    pub included_credits: i32,
    pub is_active: bool,
    pub created_at: NaiveDateTime,
}

impl Account {
    /// Every account, by name.
    pub async fn all(conn: &mut DbConn<'_>) -> diesel::QueryResult<Vec<Account>> {
        db_run!(conn, |c| igny8_accounts::table
            .select(Account::as_select())
            .order((igny8_accounts::name, igny8_accounts::id))
            .load(c)
            .await)
    }

    pub fn to_dto(&self) -> app::types::account::Account {
        app::types::account::Account {
            id: self.id,
            name: self.name.clone(),
            slug: self.slug.clone(),
            status: self.status.clone(),
            timezone: self.account_timezone.clone(),
            is_agency: self.is_agency,
            feature_gates: serde_json::from_str(&self.feature_gates).unwrap_or_default(),
        }
    }

    pub async fn find(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<Account> {
        db_run!(conn, |c| igny8_accounts::table
            .find(id)
            .select(Account::as_select())
            .first(c)
            .await)
    }

    pub async fn find_by_slug(conn: &mut DbConn<'_>, slug: &str) -> diesel::QueryResult<Option<Account>> {
        db_run!(conn, |c| igny8_accounts::table
            .filter(igny8_accounts::slug.eq(slug))
            .select(Account::as_select())
            .first(c)
            .await
            .optional())
    }

    pub async fn insert(conn: &mut DbConn<'_>, new: &NewAccount) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| diesel::insert_into(igny8_accounts::table)
            .values(new)
            .returning(igny8_accounts::id)
            .get_result(c)
            .await)
    }

    pub async fn update(conn: &mut DbConn<'_>, id: i64, changes: &AccountChanges) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(igny8_accounts::table.find(id))
            .set(changes)
            .execute(c)
            .await)
    }

    /// The feature gates, parsed; unknown names are ignored.
    pub fn features(&self) -> Vec<app::types::Feature> {
        serde_json::from_str::<Vec<String>>(&self.feature_gates)
            .unwrap_or_default()
            .iter()
            .filter_map(|s| app::types::Feature::parse(s))
            .collect()
    }

    /// Whether this account's users may sign in: not while it is suspended or cancelled
    /// (Alorig staff always may).
    pub fn admits(&self, user: &super::user::User) -> bool {
        user.is_staff || !matches!(self.status.as_str(), "suspended" | "cancelled")
    }

    pub async fn count(conn: &mut DbConn<'_>) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| igny8_accounts::table.count().get_result(c).await)
    }
}

impl NewPlan {
    pub async fn insert(&self, conn: &mut DbConn<'_>) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| diesel::insert_into(igny8_plans::table)
            .values(self)
            .returning(igny8_plans::id)
            .get_result(c)
            .await)
    }
}
