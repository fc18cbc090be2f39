//! Import records: every file imported into a site, and what it changed.

use chrono::NaiveDateTime;
use diesel::{
    ExpressionMethods, Insertable, JoinOnDsl, NullableExpressionMethods, QueryDsl, Queryable, Selectable,
    SelectableHelper,
};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::{igny8_imports as t, igny8_sites as s, igny8_users as u};
use crate::db_run;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct Import {
    pub id: i64,
    pub account_id: i64,
    pub site_id: i64,
    pub user_id: Option<i64>,
    pub file_name: String,
    pub sha256: String,
    pub bytes: i64,
    pub format: String,
    pub status: String,
    pub rows_added: i64,
    pub rows_updated: i64,
    pub rows_skipped: i64,
    pub notes: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = t)]
pub struct NewImport {
    pub account_id: i64,
    pub site_id: i64,
    pub user_id: Option<i64>,
    pub file_name: String,
    pub sha256: String,
    pub bytes: i64,
    pub format: String,
    pub status: String,
    pub rows_added: i64,
    pub rows_updated: i64,
    pub rows_skipped: i64,
    pub notes: String,
    pub created_at: NaiveDateTime,
}

/// An import as listed: the record, its site's name and who (their email; `None`: the command line).
pub type Listed = (Import, String, Option<String>);

impl Import {
    pub async fn insert(conn: &mut DbConn<'_>, new: &NewImport) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| diesel::insert_into(t::table)
            .values(new)
            .returning(t::id)
            .get_result(c)
            .await)
    }

    /// Records what a file changed, once its rows are in.
    pub async fn set_counts(
        conn: &mut DbConn<'_>,
        id: i64,
        (added, updated, skipped): (i64, i64, i64),
        notes: &str,
    ) -> diesel::QueryResult<()> {
        db_run!(conn, |c| diesel::update(t::table.filter(t::id.eq(id)))
            .set((
                t::rows_added.eq(added),
                t::rows_updated.eq(updated),
                t::rows_skipped.eq(skipped),
                t::notes.eq(notes),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn find(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<Listed> {
        db_run!(conn, |c| t::table
            .inner_join(s::table)
            .left_join(u::table.on(u::id.nullable().eq(t::user_id)))
            .filter(t::id.eq(id))
            .select((Import::as_select(), s::name, u::email.nullable()))
            .first(c)
            .await)
    }

    /// A page of an account's imports, newest first, and how many match.
    pub async fn page(
        conn: &mut DbConn<'_>,
        account_id: i64,
        sites: Option<&[i64]>,
        status: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> diesel::QueryResult<(Vec<Listed>, i64)> {
        // the same filter for the count and the page, on either backend
        macro_rules! filtered {
            () => {{
                let mut q = t::table
                    .inner_join(s::table)
                    .left_join(u::table.on(u::id.nullable().eq(t::user_id)))
                    .filter(t::account_id.eq(account_id))
                    .into_boxed();
                if let Some(ids) = sites {
                    q = q.filter(t::site_id.eq_any(ids.to_vec()));
                }
                if let Some(status) = status {
                    q = q.filter(t::status.eq(status.to_owned()));
                }
                q
            }};
        }
        let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c).await)?;
        let rows = db_run!(conn, |c| filtered!()
            .order(t::id.desc())
            .offset(offset)
            .limit(limit)
            .select((Import::as_select(), s::name, u::email.nullable()))
            .load(c)
            .await)?;
        Ok((rows, total))
    }
}
