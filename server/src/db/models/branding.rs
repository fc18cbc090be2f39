//! Agency brandings (04B `AgencyBranding`): several per account, used by white-label reports.

use chrono::NaiveDateTime;
use diesel::{AsChangeset, ExpressionMethods, Insertable, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::auth::ReadScope;
use crate::db::DbConn;
use crate::db::schema::igny8_agency_branding as t;
use crate::db_run;

/// The editable fields (validated by `brandings`), for insert and update alike; the domain's
/// token and verification follow its domain (kept while it is unchanged, reset when it changes).
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = t, treat_none_as_null = true)]
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
    pub custom_domain: Option<String>,
    pub domain_token: Option<String>,
    pub domain_verified_at: Option<NaiveDateTime>,
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
    pub custom_domain: Option<String>,
    pub domain_token: Option<String>,
    pub domain_verified_at: Option<NaiveDateTime>,
}

impl Branding {
    /// The branding that registered this host name (verified or not).
    pub async fn by_domain(conn: &mut DbConn<'_>, host: &str) -> diesel::QueryResult<Option<Branding>> {
        use diesel::OptionalExtension;
        db_run!(conn, |c| t::table
            .filter(t::custom_domain.eq(host))
            .select(Branding::as_select())
            .first(c)
            .await
            .optional())
    }

    /// Marks the domain verified, unless it changed meanwhile (`false` then).
    pub async fn set_verified(
        conn: &mut DbConn<'_>,
        id: i64,
        domain: &str,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<bool> {
        db_run!(conn, |c| diesel::update(
            t::table.filter(t::id.eq(id)).filter(t::custom_domain.eq(domain))
        )
        .set(t::domain_verified_at.eq(Some(now)))
        .execute(c)
        .await
        .map(|n| n == 1))
    }

    /// Whether the domain is verified and the branding active: then it serves its host.
    pub fn serves_domain(&self) -> bool {
        self.is_active && self.custom_domain.is_some() && self.domain_verified_at.is_some()
    }

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
            custom_domain: self.custom_domain.clone(),
            domain_token: self.domain_token.clone(),
            domain_verified_at: self.domain_verified_at.map(time),
        }
    }
}
