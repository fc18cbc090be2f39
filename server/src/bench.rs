//! `igny8 dashboard bench`: the dashboard query of the README's speed figures, run in-process
//! through the real GraphQL schema (authorization, DataLoaders, resolvers) against the configured
//! database, and the headline summary computed without its cache.

use std::time::{Duration, Instant};

use crate::state::AppState;

/// MRR plus a page of 50 clients with their subscription, site and latest report: what the
/// admin dashboard's first screen asks for.
pub const DASHBOARD_QUERY: &str = "{ dashboard { mrr { cents display } activeClients \
    clients(first: 50) { totalCount edges { node { accountName siteName tier status monthlyCents \
    articlesPublished articlesTarget overdue subscription { id priceCents billingInterval } site { id domain } \
    latestReport { id status periodEnd } } } } } }";

/// Times of the runs, in milliseconds, sorted.
pub struct Sample(Vec<f64>);

impl Sample {
    pub fn new(times: impl IntoIterator<Item = Duration>) -> Sample {
        let mut v: Vec<f64> = times.into_iter().map(|d| d.as_secs_f64() * 1000.0).collect();
        v.sort_by(f64::total_cmp);
        Sample(v)
    }

    /// The `q` quantile (nearest rank); 0 for an empty sample.
    pub fn at(&self, q: f64) -> f64 {
        if self.0.is_empty() {
            return 0.0;
        }
        self.0[((self.0.len() - 1) as f64 * q).round() as usize]
    }
}

pub async fn dashboard(state: &AppState, email: &str, iterations: u32) -> anyhow::Result<()> {
    let (actor, subscriptions, gsc_rows) = {
        let mut pooled = state.conn().await?;
        let mut conn = pooled.conn();
        let user = crate::db::models::user::User::find_by_email(&mut conn, email)
            .await?
            .ok_or_else(|| anyhow::anyhow!("--email: no user {email}"))?;
        let actor = crate::auth::actor_for_user(&mut conn, user.id).await?;
        let (subscriptions, gsc_rows) = sizes(&mut conn).await?;
        (actor, subscriptions, gsc_rows)
    };
    println!(
        "{}: {subscriptions} subscriptions, {gsc_rows} Search Console rows; {iterations} runs after a warm-up",
        state.config.database_url,
    );
    println!(
        "{:<44} {:>9} {:>9} {:>9} {:>9} {:>11}",
        "run", "median", "p90", "p99", "max", "statements"
    );
    let query = async || {
        let request = async_graphql::Request::new(DASHBOARD_QUERY)
            .data(crate::graphql::RequestContext {
                state: state.clone(),
                actor: Some(actor.clone()),
            })
            .data(crate::graphql::loader::Loaders::new(state));
        let response = state.schema.execute(request).await;
        if !response.errors.is_empty() {
            anyhow::bail!("the dashboard query failed: {:?}", response.errors);
        }
        Ok(())
    };
    let summary = async || {
        let mut pooled = state.conn().await?;
        let today = crate::db::now().date();
        crate::dashboard::summary(&mut pooled.conn(), Some(&actor), today).await?;
        Ok(())
    };
    measure(state, "GraphQL dashboard (MRR + 50 clients)", iterations, query).await?;
    measure(state, "summary, uncached (REST dashboard/)", iterations, summary).await?;
    Ok(())
}

/// Runs `f` once to warm up, then `iterations` times, and prints the times and the statements
/// of one run.
async fn measure(
    state: &AppState,
    name: &str,
    iterations: u32,
    mut f: impl AsyncFnMut() -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    f().await?;
    let mut times = Vec::new();
    let mut statements = 0;
    for _ in 0..iterations {
        let before = state.db.statements();
        let started = Instant::now();
        f().await?;
        times.push(started.elapsed());
        statements = state.db.statements() - before;
    }
    let s = Sample::new(times);
    println!(
        "{name:<44} {:>6.2} ms {:>6.2} ms {:>6.2} ms {:>6.2} ms {statements:>11}",
        s.at(0.5),
        s.at(0.9),
        s.at(0.99),
        s.at(1.0)
    );
    Ok(())
}

/// Subscriptions and Search Console rows in the database.
async fn sizes(conn: &mut crate::db::DbConn<'_>) -> diesel::QueryResult<(i64, i64)> {
    use crate::db::schema::{igny8_gsc_metrics_cache as gsc, igny8_managed_service_subscriptions as subs};
    use diesel::QueryDsl;
    use diesel_async::RunQueryDsl;
    let subscriptions = crate::db_run!(conn, |c| subs::table.count().get_result(c).await)?;
    let gsc_rows = crate::db_run!(conn, |c| gsc::table.count().get_result(c).await)?;
    Ok((subscriptions, gsc_rows))
}
