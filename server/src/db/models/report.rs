//! Service reports (04B `ServiceReport`): one generated report, its frozen data and its PDF.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::{AsChangeset, ExpressionMethods, Insertable, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_service_reports as t;
use crate::db_run;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct ServiceReport {
    pub id: i64,
    pub account_id: i64,
    pub created_by: Option<i64>,
    pub site_id: i64,
    pub managed_subscription_id: Option<i64>,
    pub report_type: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub report_data: String,
    pub report_pdf_url: String,
    pub pdf_object_key: String,
    pub pdf_size_bytes: Option<i64>,
    pub pdf_sha256: Option<String>,
    pub is_white_label: bool,
    pub branding_id: Option<i64>,
    pub template_id: Option<i64>,
    pub theme: String,
    pub sections_included: String,
    pub status: String,
    pub error: Option<String>,
    pub generated_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub sent_to: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub hold_reason: Option<String>,
    pub warnings: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = t)]
pub struct NewServiceReport {
    pub account_id: i64,
    pub created_by: Option<i64>,
    pub site_id: i64,
    pub managed_subscription_id: Option<i64>,
    pub report_type: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub report_data: String,
    pub pdf_object_key: String,
    pub pdf_size_bytes: Option<i64>,
    pub pdf_sha256: Option<String>,
    pub is_white_label: bool,
    pub branding_id: Option<i64>,
    pub template_id: Option<i64>,
    pub theme: String,
    pub sections_included: String,
    pub status: String,
    pub generated_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub hold_reason: Option<String>,
    pub warnings: String,
}

/// What a regeneration changes: the file, its checks, and what it was rendered with.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = t, treat_none_as_null = true)]
pub struct Rerendered {
    pub pdf_object_key: String,
    pub pdf_size_bytes: Option<i64>,
    pub pdf_sha256: Option<String>,
    pub is_white_label: bool,
    pub branding_id: Option<i64>,
    pub template_id: Option<i64>,
    pub theme: String,
    pub hold_reason: Option<String>,
    pub warnings: String,
    pub updated_at: NaiveDateTime,
}

impl ServiceReport {
    pub async fn find(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<ServiceReport> {
        db_run!(conn, |c| t::table
            .filter(t::id.eq(id))
            .select(ServiceReport::as_select())
            .first(c)
            .await)
    }

    /// Inserts the row and points `report_pdf_url` at the app's own download URL.
    pub async fn insert(conn: &mut DbConn<'_>, new: &NewServiceReport) -> diesel::QueryResult<i64> {
        let id: i64 = db_run!(conn, |c| diesel::insert_into(t::table)
            .values(new)
            .returning(t::id)
            .get_result(c)
            .await)?;
        db_run!(conn, |c| diesel::update(t::table.filter(t::id.eq(id)))
            .set(t::report_pdf_url.eq(format!("/reports/{id}/pdf")))
            .execute(c)
            .await)?;
        Ok(id)
    }

    pub async fn update_rendered(conn: &mut DbConn<'_>, id: i64, change: &Rerendered) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(t::table.filter(t::id.eq(id)))
            .set(change)
            .execute(c)
            .await)
    }

    /// Whether the site has a report of this type for the period starting on `period_start`.
    pub async fn exists_for(
        conn: &mut DbConn<'_>,
        site_id: i64,
        report_type: &str,
        period_start: NaiveDate,
    ) -> diesel::QueryResult<bool> {
        let n: i64 = db_run!(conn, |c| t::table
            .filter(t::site_id.eq(site_id))
            .filter(t::report_type.eq(report_type))
            .filter(t::period_start.eq(period_start))
            .count()
            .get_result(c)
            .await)?;
        Ok(n > 0)
    }
}
