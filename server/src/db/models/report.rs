//! Service reports (04B `ServiceReport`): one generated report, its frozen data and its PDF.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::{
    AsChangeset, ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable, SelectableHelper,
};
use diesel_async::RunQueryDsl;

use crate::auth::ReadScope;
use crate::db::DbConn;
use crate::db::schema::{igny8_service_reports as t, igny8_sites as sites};
use crate::db_run;

/// Which reports a list selects (already validated).
#[derive(Clone, Debug, Default)]
pub struct ReportQuery {
    /// Only white-label reports made under this branding (an agency's domain).
    pub branding_id: Option<i64>,
    pub site_id: Option<i64>,
    pub report_type: Option<String>,
    pub period_from: Option<NaiveDate>,
    pub period_to: Option<NaiveDate>,
}

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

    /// Inserts the row and points `report_pdf_url` at the app's own download URL, in one
    /// transaction: a row exists with its URL or not at all.
    pub async fn insert(conn: &mut DbConn<'_>, new: &NewServiceReport) -> diesel::QueryResult<i64> {
        crate::db_transaction!(conn, |tx| {
            let id: i64 = db_run!(tx, |c| diesel::insert_into(t::table)
                .values(new)
                .returning(t::id)
                .get_result(c)
                .await)?;
            db_run!(tx, |c| diesel::update(t::table.filter(t::id.eq(id)))
                .set(t::report_pdf_url.eq(format!("/reports/{id}/pdf")))
                .execute(c)
                .await)?;
            Ok(id)
        })
    }

    pub async fn update_rendered(conn: &mut DbConn<'_>, id: i64, change: &Rerendered) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(t::table.filter(t::id.eq(id)))
            .set(change)
            .execute(c)
            .await)
    }

    /// The site's latest scheduled report (one of its subscription, not made on demand) of this
    /// type for the period starting on `period_start`, if there is one: its id, and whether its
    /// email may still have to be queued (still `generated`: queueing again adds only the
    /// recipients that have no outbox row yet).
    pub async fn scheduled_for(
        conn: &mut DbConn<'_>,
        site_id: i64,
        report_type: &str,
        period_start: NaiveDate,
    ) -> diesel::QueryResult<Option<(i64, bool)>> {
        let row: Option<(i64, String)> = db_run!(conn, |c| t::table
            .filter(t::site_id.eq(site_id))
            .filter(t::report_type.eq(report_type))
            .filter(t::period_start.eq(period_start))
            .filter(t::managed_subscription_id.is_not_null())
            .select((t::id, t::status))
            .order(t::id.desc())
            .first(c)
            .await
            .optional())?;
        Ok(row.map(|(id, status)| (id, status == "generated")))
    }

    /// A page of reports in scope, newest first (by id), with their site's name, and how many
    /// match in all.
    pub async fn list(
        conn: &mut DbConn<'_>,
        scope: &ReadScope,
        q: &ReportQuery,
        after: Option<i64>,
        limit: i64,
    ) -> diesel::QueryResult<(Vec<(ServiceReport, String)>, i64)> {
        macro_rules! filtered {
            ($query:expr) => {{
                let mut query = $query;
                if let ReadScope::Account { account_id, sites } = scope {
                    query = query.filter(t::account_id.eq(*account_id));
                    if let Some(ids) = sites {
                        query = query.filter(t::site_id.eq_any(ids.clone()));
                    }
                }
                if let Some(site) = q.site_id {
                    query = query.filter(t::site_id.eq(site));
                }
                if let Some(branding) = q.branding_id {
                    query = query
                        .filter(t::is_white_label.eq(true))
                        .filter(t::branding_id.eq(branding));
                }
                if let Some(kind) = &q.report_type {
                    query = query.filter(t::report_type.eq(kind.clone()));
                }
                if let Some(from) = q.period_from {
                    query = query.filter(t::period_start.ge(from));
                }
                if let Some(to) = q.period_to {
                    query = query.filter(t::period_start.le(to));
                }
                query
            }};
        }
        db_run!(conn, |c| {
            let total: i64 = filtered!(t::table.into_boxed()).count().get_result(c).await?;
            let mut rows = filtered!(t::table.inner_join(sites::table).into_boxed())
                .select((ServiceReport::as_select(), sites::name))
                .order(t::id.desc())
                .limit(limit);
            if let Some(after) = after {
                rows = rows.filter(t::id.lt(after));
            }
            Ok((rows.load(c).await?, total))
        })
    }

    /// Marks a report as queued for sending (no-op once it is sent).
    pub async fn mark_sending(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<usize> {
        db_run!(conn, |c| diesel::update(
            t::table.filter(t::id.eq(id)).filter(t::status.eq("generated"))
        )
        .set((t::status.eq("sending"), t::updated_at.eq(crate::db::now())))
        .execute(c)
        .await)
    }

    /// Brings the report in step with its outbox rows: `sent_to` lists the recipients whose
    /// server accepted the email and `sent_at` is set once one did; `sent` when no row is
    /// waiting any more (back to `generated`, with the reason, if none was accepted).
    pub async fn record_delivery(conn: &mut DbConn<'_>, id: i64, now: NaiveDateTime) -> diesel::QueryResult<usize> {
        use crate::db::schema::igny8_email_outbox as o;
        // one replica at a time per report: the first statement locks the report's row, so the
        // outbox rows read next include every delivery recorded before
        crate::db_transaction!(conn, |c| {
            db_run!(c, |x| diesel::update(t::table.filter(t::id.eq(id)))
                .set(t::updated_at.eq(now))
                .execute(x)
                .await)?;
            let rows: Vec<(String, String, Option<String>)> = db_run!(c, |x| o::table
                .filter(o::report_id.eq(id))
                .select((o::recipient, o::status, o::last_error))
                .order(o::id)
                .load(x)
                .await)?;
            let sent: Vec<&str> = rows.iter().filter(|r| r.1 == "sent").map(|r| r.0.as_str()).collect();
            let waiting = rows.iter().any(|r| r.1 == "pending" || r.1 == "sending");
            let status = match (waiting, sent.is_empty()) {
                (true, _) => "sending",
                (false, false) => "sent",
                (false, true) => "generated",
            };
            let error = (status == "generated").then(|| {
                let why: Vec<String> = rows
                    .iter()
                    .map(|r| format!("{}: {}", r.0, r.2.as_deref().unwrap_or(&r.1)))
                    .collect();
                format!("no recipient accepted the email ({})", why.join("; "))
            });
            let sent_to = serde_json::to_string(&sent).unwrap_or_else(|_| "[]".into());
            let sent_at = (!sent.is_empty()).then_some(now);
            db_run!(c, |x| diesel::update(t::table.filter(t::id.eq(id)))
                .set((
                    t::status.eq(status),
                    t::sent_to.eq(&sent_to),
                    t::sent_at.eq(sent_at),
                    t::error.eq(&error),
                ))
                .execute(x)
                .await)
        })
    }

    /// Scheduled reports generated since `since`, not held back, whose email was never queued.
    pub async fn unsent_scheduled(conn: &mut DbConn<'_>, since: NaiveDateTime) -> diesel::QueryResult<Vec<i64>> {
        use crate::db::schema::igny8_email_outbox as o;
        db_run!(conn, |c| t::table
            .filter(t::status.eq("generated"))
            .filter(t::hold_reason.is_null())
            .filter(t::managed_subscription_id.is_not_null())
            .filter(t::generated_at.ge(since))
            .filter(diesel::dsl::not(diesel::dsl::exists(o::table.filter(
                o::report_id.eq(diesel::NullableExpressionMethods::nullable(t::id))
            ))))
            .select(t::id)
            .order(t::id)
            .load(c)
            .await)
    }

    /// Sites (of `sites`, when given) whose report of this type for the period starting on
    /// `period_start` was sent.
    pub async fn sent_sites(
        conn: &mut DbConn<'_>,
        report_type: &str,
        period_start: NaiveDate,
        sites: Option<&[i64]>,
    ) -> diesel::QueryResult<Vec<i64>> {
        db_run!(conn, |c| {
            let mut q = t::table
                .filter(t::report_type.eq(report_type))
                .filter(t::period_start.eq(period_start))
                .filter(t::sent_at.is_not_null())
                .select(t::site_id)
                .into_boxed();
            if let Some(ids) = sites {
                q = q.filter(t::site_id.eq_any(ids));
            }
            q.load(c).await
        })
    }

    /// The newest report of every site that has one: (site, id, type, status, held, generated at).
    pub async fn latest_per_site(
        conn: &mut DbConn<'_>,
    ) -> diesel::QueryResult<Vec<(i64, i64, String, String, bool, NaiveDateTime)>> {
        let ids: Vec<i64> = db_run!(conn, |c| t::table
            .group_by(t::site_id)
            .select(diesel::dsl::max(t::id))
            .load::<Option<i64>>(c)
            .await)?
        .into_iter()
        .flatten()
        .collect();
        let rows: Vec<(i64, i64, String, String, Option<String>, NaiveDateTime)> = db_run!(conn, |c| t::table
            .filter(t::id.eq_any(&ids))
            .select((
                t::site_id,
                t::id,
                t::report_type,
                t::status,
                t::hold_reason,
                t::generated_at
            ))
            .load(c)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|(site, id, kind, status, hold, at)| (site, id, kind, status, hold.is_some(), at))
            .collect())
    }

    /// When a report of the site was last emailed.
    pub async fn last_sent(conn: &mut DbConn<'_>, site_id: i64) -> diesel::QueryResult<Option<NaiveDateTime>> {
        db_run!(conn, |c| t::table
            .filter(t::site_id.eq(site_id))
            .select(diesel::dsl::max(t::sent_at))
            .first(c)
            .await)
    }

    /// The years the account's reports (of these sites, when restricted) start in, newest first.
    pub async fn years(conn: &mut DbConn<'_>, account_id: i64, sites: Option<&[i64]>) -> diesel::QueryResult<Vec<i32>> {
        use chrono::Datelike;
        let starts: Vec<NaiveDate> = db_run!(conn, |c| {
            let mut q = t::table
                .filter(t::account_id.eq(account_id))
                .select(t::period_start)
                .distinct()
                .into_boxed();
            if let Some(ids) = sites {
                q = q.filter(t::site_id.eq_any(ids));
            }
            q.load(c).await
        })?;
        let mut years: Vec<i32> = starts.iter().map(|d| d.year()).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        Ok(years)
    }

    /// The newest report of each of these sites (one query, for the GraphQL loader).
    pub async fn latest_for_sites(conn: &mut DbConn<'_>, site_ids: &[i64]) -> diesel::QueryResult<Vec<ServiceReport>> {
        let ids: Vec<i64> = db_run!(conn, |c| t::table
            .filter(t::site_id.eq_any(site_ids))
            .group_by(t::site_id)
            .select(diesel::dsl::max(t::id))
            .load::<Option<i64>>(c)
            .await)?
        .into_iter()
        .flatten()
        .collect();
        db_run!(conn, |c| t::table
            .filter(t::id.eq_any(ids))
            .select(ServiceReport::as_select())
            .load(c)
            .await)
    }

    /// The DTO; `report_data` parsed when `with_data`.
    pub fn to_dto(&self, site_name: String, with_data: bool) -> app::types::report::ServiceReport {
        let list = |s: &str| serde_json::from_str::<Vec<String>>(s).unwrap_or_default();
        let time = crate::dates::rfc3339;
        app::types::report::ServiceReport {
            id: self.id,
            account_id: self.account_id,
            site_id: self.site_id,
            site_name,
            managed_subscription_id: self.managed_subscription_id,
            report_type: self.report_type.clone(),
            period_start: self.period_start.to_string(),
            period_end: self.period_end.to_string(),
            status: self.status.clone(),
            is_white_label: self.is_white_label,
            branding_id: self.branding_id,
            template_id: self.template_id,
            theme: self.theme.clone(),
            sections_included: serde_json::from_str(&self.sections_included).unwrap_or_default(),
            report_pdf_url: self.report_pdf_url.clone(),
            pdf_size_bytes: self.pdf_size_bytes,
            generated_at: time(self.generated_at),
            sent_at: self.sent_at.map(time),
            sent_to: list(&self.sent_to),
            hold_reason: self.hold_reason.clone(),
            warnings: list(&self.warnings),
            report_data: if with_data {
                serde_json::from_str(&self.report_data).ok()
            } else {
                None
            },
        }
    }
}
