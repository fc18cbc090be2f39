//! Agency brandings (04B `AgencyBranding`): several per account, used by white-label reports.

use chrono::NaiveDateTime;
use diesel::{ExpressionMethods, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_agency_branding as t;
use crate::db_run;

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
}
