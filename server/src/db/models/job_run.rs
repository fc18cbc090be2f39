//! The scheduler's ledger: one row per job × scope × period, claimed under a unique index
//! before the work is done, so no replica and no re-run does it twice.

use chrono::NaiveDateTime;
use diesel::{ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_job_runs as t;
use crate::db_run;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct JobRun {
    pub id: i64,
    pub job_name: String,
    pub scope_key: String,
    pub period_key: String,
    pub status: String,
    pub attempts: i32,
    pub claimed_by: String,
    pub claimed_at: NaiveDateTime,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    pub duration_ms: Option<i64>,
    pub error: Option<String>,
    pub created_at: NaiveDateTime,
    pub detail: String,
}

#[derive(Insertable)]
#[diesel(table_name = t)]
struct NewClaim<'a> {
    job_name: &'a str,
    scope_key: &'a str,
    period_key: &'a str,
    status: &'a str,
    attempts: i32,
    claimed_by: &'a str,
    claimed_at: NaiveDateTime,
    started_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
}

/// The key of one unit of work.
#[derive(Clone, Copy, Debug)]
pub struct RunKey<'a> {
    pub job: &'a str,
    pub scope: &'a str,
    pub period: &'a str,
}

impl JobRun {
    /// Claims the key for `by` if nobody has; true if this call did.
    pub async fn insert_claim(
        conn: &mut DbConn<'_>,
        key: RunKey<'_>,
        by: &str,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<bool> {
        let new = NewClaim {
            job_name: key.job,
            scope_key: key.scope,
            period_key: key.period,
            status: "running",
            attempts: 1,
            claimed_by: by,
            claimed_at: now,
            started_at: Some(now),
            created_at: now,
        };
        let n = db_run!(conn, |c| diesel::insert_into(t::table)
            .values(&new)
            .on_conflict((t::job_name, t::scope_key, t::period_key))
            .do_nothing()
            .execute(c)
            .await)?;
        Ok(n == 1)
    }

    pub async fn find_key(conn: &mut DbConn<'_>, key: RunKey<'_>) -> diesel::QueryResult<Option<JobRun>> {
        db_run!(conn, |c| t::table
            .filter(t::job_name.eq(key.job))
            .filter(t::scope_key.eq(key.scope))
            .filter(t::period_key.eq(key.period))
            .select(JobRun::as_select())
            .first(c)
            .await
            .optional())
    }

    /// Every row of one job's period (index `(job_name, period_key)`).
    pub async fn of_period(conn: &mut DbConn<'_>, job: &str, period: &str) -> diesel::QueryResult<Vec<JobRun>> {
        db_run!(conn, |c| t::table
            .filter(t::job_name.eq(job))
            .filter(t::period_key.eq(period))
            .select(JobRun::as_select())
            .load(c)
            .await)
    }

    /// Takes over a row still exactly as `seen` (a failed run due for retry, or a stale claim):
    /// of replicas trying at once, one wins.
    pub async fn retake(
        conn: &mut DbConn<'_>,
        seen: &JobRun,
        by: &str,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<bool> {
        let n = db_run!(conn, |c| diesel::update(
            t::table
                .filter(t::id.eq(seen.id))
                .filter(t::status.eq(&seen.status))
                .filter(t::attempts.eq(seen.attempts))
                .filter(t::claimed_at.eq(seen.claimed_at))
        )
        .set((
            t::status.eq("running"),
            t::attempts.eq(seen.attempts + 1),
            t::claimed_by.eq(by),
            t::claimed_at.eq(now),
            t::started_at.eq(Some(now)),
            t::finished_at.eq(None::<NaiveDateTime>),
        ))
        .execute(c)
        .await)?;
        Ok(n == 1)
    }

    /// Records how the claim of `key` by `(by, claimed_at)` ended; nothing if another replica
    /// has since taken it over.
    #[allow(clippy::too_many_arguments)]
    pub async fn finish(
        conn: &mut DbConn<'_>,
        key: RunKey<'_>,
        by: &str,
        claimed_at: NaiveDateTime,
        status: &str,
        detail: &str,
        error: Option<&str>,
        now: NaiveDateTime,
        duration_ms: i64,
    ) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            t::table
                .filter(t::job_name.eq(key.job))
                .filter(t::scope_key.eq(key.scope))
                .filter(t::period_key.eq(key.period))
                .filter(t::claimed_by.eq(by))
                .filter(t::claimed_at.eq(claimed_at))
        )
        .set((
            t::status.eq(status),
            t::detail.eq(detail),
            t::error.eq(error),
            t::finished_at.eq(Some(now)),
            t::duration_ms.eq(Some(duration_ms)),
        ))
        .execute(c)
        .await)
    }

    /// The latest runs, newest first, of one job or all.
    pub async fn recent(conn: &mut DbConn<'_>, job: Option<&str>, limit: i64) -> diesel::QueryResult<Vec<JobRun>> {
        db_run!(conn, |c| {
            let mut q = t::table
                .select(JobRun::as_select())
                .order(t::id.desc())
                .limit(limit)
                .into_boxed();
            if let Some(j) = job {
                q = q.filter(t::job_name.eq(j));
            }
            q.load(c).await
        })
    }
}
