//! Agency brandings (04B `AgencyBranding`): several per account, used by white-label reports.

use chrono::NaiveDateTime;
use diesel::{AsChangeset, ExpressionMethods, Insertable, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::auth::ReadScope;
use crate::db::DbConn;
use crate::db::schema::igny8_agency_branding as t;
use crate::db_run;

/// The editable fields (validated by `brandings`), for insert and update alike.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = t)]
pub struct BrandingFields {
    pub brand_name: String,
    pub brand_logo_url: String,
    pub primary_color: String,
    pub secondary_color: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub website_url: String,
    pub footer_text: String,
    pub is_active: bool,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = t)]
pub struct NewBranding {
    pub account_id: i64,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    #[diesel(embed)]
    pub fields: BrandingFields,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct Branding {
    pub id: i64,
    pub account_id: i64,
    pub created_by: Option<i64>,
    pub brand_name: String,
    pub brand_logo_url: String,
    pub primary_color: String,
    pub secondary_color: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub website_url: String,
    pub footer_text: String,
    pub is_active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Branding {
    pub async fn find(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<Branding> {
        db_run!(conn, |c| t::table
            .filter(t::id.eq(id))
            .select(Branding::as_select())
            .first(c)
            .await)
    }

    /// Brandings in scope, by name.
    pub async fn list(conn: &mut DbConn<'_>, scope: &ReadScope) -> diesel::QueryResult<Vec<Branding>> {
        db_run!(conn, |c| {
            let q = t::table.select(Branding::as_select()).order((t::brand_name, t::id));
            match scope {
                ReadScope::All => q.load(c).await,
                ReadScope::Account { account_id, .. } => q.filter(t::account_id.eq(*account_id)).load(c).await,
            }
        })
    }

    pub async fn insert(conn: &mut DbConn<'_>, new: &NewBranding) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| diesel::insert_into(t::table)
            .values(new)
            .returning(t::id)
            .get_result(c)
            .await)
    }

    pub async fn update(conn: &mut DbConn<'_>, id: i64, fields: &BrandingFields) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(t::table.filter(t::id.eq(id)))
            .set(fields)
            .execute(c)
            .await)
    }

    pub async fn delete(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::delete(t::table.filter(t::id.eq(id))).execute(c).await)
    }

    pub fn to_dto(&self) -> app::types::branding::Branding {
        let time = crate::dates::rfc3339;
        app::types::branding::Branding {
            id: self.id,
            account_id: self.account_id,
            brand_name: self.brand_name.clone(),
            brand_logo_url: self.brand_logo_url.clone(),
            primary_color: self.primary_color.clone(),
            secondary_color: self.secondary_color.clone(),
            contact_email: self.contact_email.clone(),
            contact_phone: self.contact_phone.clone(),
            website_url: self.website_url.clone(),
            footer_text: self.footer_text.clone(),
            is_active: self.is_active,
            created_at: time(self.created_at),
            updated_at: time(self.updated_at),
        }
    }
}
