//! Sites: a client's website, the unit of subscriptions, metrics and reports.

use chrono::NaiveDateTime;
use diesel::{ExpressionMethods, Insertable, OptionalExtension, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_sites;
use crate::db_run;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = igny8_sites)]
pub struct Site {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub domain: String,
    pub industry: Option<String>,
    pub is_active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = igny8_sites)]
pub struct NewSite {
    pub account_id: i64,
    pub name: String,
    pub domain: String,
    pub industry: Option<String>,
    pub is_active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Site {
    /// Sites of one account, optionally only these ids (a restricted user), by name.
    pub async fn list_for_account(
        conn: &mut DbConn<'_>,
        account_id: i64,
        only: Option<&[i64]>,
    ) -> diesel::QueryResult<Vec<Site>> {
        db_run!(conn, |c| {
            let base = igny8_sites::table
                .filter(igny8_sites::account_id.eq(account_id))
                .select(Site::as_select())
                .order((igny8_sites::name, igny8_sites::id));
            match only {
                Some(ids) => base.filter(igny8_sites::id.eq_any(ids)).load(c).await,
                None => base.load(c).await,
            }
        })
    }

    /// How many sites each account has: (account id, sites).
    pub async fn count_by_account(conn: &mut DbConn<'_>) -> diesel::QueryResult<Vec<(i64, i64)>> {
        db_run!(conn, |c| igny8_sites::table
            .group_by(igny8_sites::account_id)
            .select((igny8_sites::account_id, diesel::dsl::count_star()))
            .load(c)
            .await)
    }

    /// Every site's domain, by id.
    pub async fn domains(conn: &mut DbConn<'_>) -> diesel::QueryResult<Vec<(i64, String)>> {
        db_run!(conn, |c| igny8_sites::table
            .select((igny8_sites::id, igny8_sites::domain))
            .load(c)
            .await)
    }

    pub async fn find(conn: &mut DbConn<'_>, id: i64) -> diesel::QueryResult<Site> {
        db_run!(conn, |c| igny8_sites::table
            .find(id)
            .select(Site::as_select())
            .first(c)
            .await)
    }

    /// Loads these sites (one query, for the GraphQL loader).
    pub async fn find_many(conn: &mut DbConn<'_>, ids: &[i64]) -> diesel::QueryResult<Vec<Site>> {
        db_run!(conn, |c| igny8_sites::table
            .filter(igny8_sites::id.eq_any(ids))
            .select(Site::as_select())
            .load(c)
            .await)
    }

    /// The ids of the sites whose name, domain or account name contains `needle` (any case).
    pub async fn matching(conn: &mut DbConn<'_>, needle: &str) -> diesel::QueryResult<Vec<i64>> {
        use diesel::{BoolExpressionMethods, EscapeExpressionMethods, TextExpressionMethods};

        use crate::db::lower;
        use crate::db::schema::igny8_accounts as accounts;
        let pattern = crate::db::contains_pattern(needle);
        db_run!(conn, |c| igny8_sites::table
            .inner_join(accounts::table)
            .filter(
                lower(igny8_sites::name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(igny8_sites::domain).like(pattern.clone()).escape('\\'))
                    .or(lower(accounts::name).like(pattern.clone()).escape('\\')),
            )
            .select(igny8_sites::id)
            .load(c)
            .await)
    }

    /// The account's site with this domain, if any.
    pub async fn of_domain(conn: &mut DbConn<'_>, account_id: i64, domain: &str) -> diesel::QueryResult<Option<Site>> {
        db_run!(conn, |c| igny8_sites::table
            .filter(igny8_sites::account_id.eq(account_id))
            .filter(igny8_sites::domain.eq(domain))
            .select(Site::as_select())
            .first(c)
            .await
            .optional())
    }

    pub async fn insert(conn: &mut DbConn<'_>, new: &NewSite) -> diesel::QueryResult<i64> {
        db_run!(conn, |c| diesel::insert_into(igny8_sites::table)
            .values(new)
            .returning(igny8_sites::id)
            .get_result(c)
            .await)
    }

    pub fn to_dto(&self) -> app::types::Site {
        app::types::Site {
            id: self.id,
            account_id: self.account_id,
            name: self.name.clone(),
            domain: self.domain.clone(),
            industry: self.industry.clone(),
            is_active: self.is_active,
        }
    }
}
