//! The approval queue (blueprints, content, campaigns waiting for the client's decision).

use chrono::NaiveDateTime;
use diesel::{ExpressionMethods, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::auth::ReadScope;
use crate::db::DbConn;
use crate::db::schema::igny8_approval_items as t;
use crate::db::schema::igny8_managed_service_subscriptions as subs;
use crate::db_run;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct Approval {
    pub id: i64,
    pub account_id: i64,
    pub site_id: i64,
    pub item_type: String,
    pub object_id: Option<i64>,
    pub title: String,
    pub status: String,
    pub requested_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
    pub decided_by: Option<i64>,
    pub note: Option<String>,
    pub excerpt: Option<String>,
    pub review_url: Option<String>,
}

impl Approval {
    pub async fn find(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<Approval> {
        db_run!(conn, |c| t::table
            .filter(t::id.eq(id))
            .select(Approval::as_select())
            .first(c)
            .await)
    }

    /// Items in scope on sites whose subscription (not cancelled) requires the client's review,
    /// oldest request first.
    pub async fn list(
        conn: &mut DbConn<'_>,
        scope: &ReadScope,
        status: Option<&str>,
    ) -> diesel::QueryResult<Vec<Approval>> {
        db_run!(conn, |c| {
            let mut q = t::table
                .filter(t::site_id.eq_any(reviewed_sites()))
                .select(Approval::as_select())
                .order((t::requested_at, t::id))
                .into_boxed();
            if let ReadScope::Account { account_id, sites } = scope {
                q = q.filter(t::account_id.eq(*account_id));
                if let Some(ids) = sites {
                    q = q.filter(t::site_id.eq_any(ids.clone()));
                }
            }
            if let Some(s) = status {
                q = q.filter(t::status.eq(s.to_owned()));
            }
            q.load(c).await
        })
    }

    /// Pending items of an account (of these sites, when restricted) on reviewed sites.
    pub async fn count_pending(
        conn: &mut DbConn<'_>,
        account_id: i64,
        sites: Option<&[i64]>,
    ) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| {
            let mut q = t::table
                .filter(t::account_id.eq(account_id))
                .filter(t::status.eq("pending"))
                .filter(t::site_id.eq_any(reviewed_sites()))
                .count()
                .into_boxed();
            if let Some(ids) = sites {
                q = q.filter(t::site_id.eq_any(ids));
            }
            q.get_result(c).await
        })
    }

    /// Records a decision on a pending item; 0 when it was decided already.
    pub async fn decide(
        conn: &mut DbConn<'_>,
        id: i64,
        status: &str,
        by: i64,
        note: Option<&str>,
        at: NaiveDateTime,
    ) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            t::table.filter(t::id.eq(id)).filter(t::status.eq("pending"))
        )
        .set((
            t::status.eq(status),
            t::decided_by.eq(Some(by)),
            t::decided_at.eq(Some(at)),
            t::note.eq(note),
            t::updated_at.eq(at),
        ))
        .execute(c)
        .await)
    }
}

/// The sites whose subscription, unless cancelled, requires the client's review (a subquery).
type ReviewRequired = diesel::dsl::Filter<subs::table, diesel::dsl::Eq<subs::review_required, bool>>;
type NotCancelled = diesel::dsl::NotEq<subs::status, &'static str>;

fn reviewed_sites() -> diesel::dsl::Select<diesel::dsl::Filter<ReviewRequired, NotCancelled>, subs::site_id> {
    subs::table
        .filter(subs::review_required.eq(true))
        .filter(subs::status.ne("cancelled"))
        .select(subs::site_id)
}
