//! Report templates (04B `ReportTemplate`): an account's handlebars HTML and CSS for reports.

use chrono::NaiveDateTime;
use diesel::{
    AsChangeset, BoolExpressionMethods, ExpressionMethods, Insertable, QueryDsl, Queryable, Selectable,
    SelectableHelper,
};
use diesel_async::RunQueryDsl;

use crate::auth::ReadScope;
use crate::db::DbConn;
use crate::db::schema::igny8_report_templates as t;
use crate::db_run;

/// The editable fields (validated by `templates`).
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = t, treat_none_as_null = true)]
pub struct TemplateFields {
    pub name: String,
    pub template_html: String,
    pub template_css: String,
    pub theme: String,
    pub is_default: bool,
    pub branding_id: Option<i64>,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = t)]
pub struct NewTemplate {
    pub account_id: i64,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    #[diesel(embed)]
    pub fields: TemplateFields,
}

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

    /// The template a report uses when none is named: the branding's (its default first, else
    /// its oldest), else the account's default; `None` = the built-in one.
    pub async fn implied(
        conn: &mut DbConn<'_>,
        account_id: i64,
        branding_id: Option<i64>,
    ) -> diesel::QueryResult<Option<i64>> {
        let candidates: Vec<(i64, bool, Option<i64>)> = db_run!(conn, |c| t::table
            .filter(t::account_id.eq(account_id))
            .filter(t::is_default.eq(true).or(t::branding_id.is_not_null()))
            .order(t::id)
            .select((t::id, t::is_default, t::branding_id))
            .load(c)
            .await)?;
        let of_branding = |(_, _, b): &&(i64, bool, Option<i64>)| branding_id.is_some() && *b == branding_id;
        Ok(candidates
            .iter()
            .filter(of_branding)
            .max_by_key(|(id, default, _)| (*default, -id))
            .or_else(|| candidates.iter().find(|(_, default, _)| *default))
            .map(|(id, ..)| *id))
    }

    /// Templates in scope, by name.
    pub async fn list(conn: &mut DbConn<'_>, scope: &ReadScope) -> diesel::QueryResult<Vec<ReportTemplate>> {
        db_run!(conn, |c| {
            let q = t::table.select(ReportTemplate::as_select()).order((t::name, t::id));
            match scope {
                ReadScope::All => q.load(c).await,
                ReadScope::Account { account_id, .. } => q.filter(t::account_id.eq(*account_id)).load(c).await,
            }
        })
    }

    pub async fn insert(conn: &mut DbConn<'_>, new: &NewTemplate) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| diesel::insert_into(t::table)
            .values(new)
            .returning(t::id)
            .get_result(c)
            .await)
    }

    pub async fn update(conn: &mut DbConn<'_>, id: i64, fields: &TemplateFields) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(t::table.filter(t::id.eq(id)))
            .set(fields)
            .execute(c)
            .await)
    }

    pub async fn delete(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::delete(t::table.filter(t::id.eq(id))).execute(c).await)
    }

    pub async fn mark_default(conn: &mut DbConn<'_>, id: i64, now: NaiveDateTime) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(t::table.filter(t::id.eq(id)))
            .set((t::is_default.eq(true), t::updated_at.eq(now)))
            .execute(c)
            .await)
    }

    /// Makes `id` the account's only default template.
    pub async fn clear_other_defaults(conn: &mut DbConn<'_>, account_id: i64, id: i64) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            t::table
                .filter(t::account_id.eq(account_id))
                .filter(t::id.ne(id))
                .filter(t::is_default.eq(true))
        )
        .set(t::is_default.eq(false))
        .execute(c)
        .await)
    }

    pub fn to_dto(&self) -> app::types::template::ReportTemplate {
        let time = crate::dates::rfc3339;
        app::types::template::ReportTemplate {
            id: self.id,
            account_id: self.account_id,
            name: self.name.clone(),
            template_html: self.template_html.clone(),
            template_css: self.template_css.clone(),
            theme: self.theme.clone(),
            is_default: self.is_default,
            branding_id: self.branding_id,
            created_at: time(self.created_at),
            updated_at: time(self.updated_at),
        }
    }
}
