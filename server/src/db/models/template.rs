//! Report templates (04B `ReportTemplate`): an account's handlebars HTML and CSS for reports.

use chrono::NaiveDateTime;
use diesel::{ExpressionMethods, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_report_templates as t;
use crate::db_run;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct ReportTemplate {
    pub id: i64,
    pub account_id: i64,
    pub created_by: Option<i64>,
    pub name: String,
    pub template_html: String,
    pub template_css: String,
    pub theme: String,
    pub is_default: bool,
    pub branding_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ReportTemplate {
    pub async fn find(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<ReportTemplate> {
        db_run!(conn, |c| t::table
            .filter(t::id.eq(id))
            .select(ReportTemplate::as_select())
            .first(c)
            .await)
    }
}
