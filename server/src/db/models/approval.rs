//! The approval queue (blueprints, content, campaigns waiting for the client's decision).

use chrono::NaiveDateTime;
use diesel::{BoolExpressionMethods, ExpressionMethods, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::auth::ReadScope;
use crate::db::DbConn;
use crate::db::schema::igny8_approval_items as t;
use crate::db::schema::igny8_managed_service_subscriptions as subs;
use crate::db_run;

/// The sites whose subscription, unless cancelled, does (or does not) require the client's
/// review (a subquery).
type ByReview = diesel::dsl::Filter<subs::table, diesel::dsl::Eq<subs::review_required, bool>>;
type NotCancelled = diesel::dsl::NotEq<subs::status, &'static str>;

fn sites_with_review(
    required: bool,
) -> diesel::dsl::Select<diesel::dsl::Filter<ByReview, NotCancelled>, subs::site_id> {
    subs::table
        .filter(subs::review_required.eq(required))
        .filter(subs::status.ne("cancelled"))
        .select(subs::site_id)
}

/// What the client decides: blueprints and campaigns on every site with a subscription (not
/// cancelled), content where that subscription requires the client's review (a filter).
macro_rules! asked_of_client {
    () => {
        t::site_id.eq_any(sites_with_review(true)).or(t::item_type
            .ne("content")
            .and(t::site_id.eq_any(sites_with_review(false))))
    };
}

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

    /// Items in scope that the client decides (`asked_of_client!`), oldest request first.
    pub async fn list(
        conn: &mut DbConn<'_>,
        scope: &ReadScope,
        status: Option<&str>,
    ) -> diesel::QueryResult<Vec<Approval>> {
        db_run!(conn, |c| {
            let mut q = t::table
                .filter(asked_of_client!())
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

    /// Pending items of an account (of these sites, when restricted) that the client decides.
    pub async fn count_pending(
        conn: &mut DbConn<'_>,
        account_id: i64,
        sites: Option<&[i64]>,
    ) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| {
            let mut q = t::table
                .filter(t::account_id.eq(account_id))
                .filter(t::status.eq("pending"))
                .filter(asked_of_client!())
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
        by: Option<i64>,
        note: Option<&str>,
        at: NaiveDateTime,
    ) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            t::table.filter(t::id.eq(id)).filter(t::status.eq("pending"))
        )
        .set((
            t::status.eq(status),
            t::decided_by.eq(by),
            t::decided_at.eq(Some(at)),
            t::note.eq(note),
            t::updated_at.eq(at),
        ))
        .execute(c)
        .await)
    }

    /// Content waiting on sites whose subscription (not cancelled) does not require the
    /// client's review: released by `approvals::release`. Of one site, or of every site.
    pub async fn unreviewed_content(conn: &mut DbConn<'_>, site_id: Option<i64>) -> diesel::QueryResult<Vec<Approval>> {
        db_run!(conn, |c| {
            let mut q = t::table
                .filter(t::status.eq("pending"))
                .filter(t::item_type.eq("content"))
                .filter(t::site_id.eq_any(sites_with_review(false)))
                .select(Approval::as_select())
                .order(t::id)
                .into_boxed();
            if let Some(site) = site_id {
                q = q.filter(t::site_id.eq(site));
            }
            q.load(c).await
        })
    }
}
