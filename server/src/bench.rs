//! `igny8 dashboard bench`: the dashboard query of the README's speed figures, run in-process
//! through the real GraphQL schema (authorization, DataLoaders, resolvers) against the configured
//! database, with the shared summary cache emptied before every run (the cold figure) and kept
//! (the warm one).

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
    let run = async || {
        let request = async_graphql::Request::new(DASHBOARD_QUERY)
            .data(crate::graphql::RequestContext {
                state: state.clone(),
                actor: Some(actor.clone()),
            })
            .data(crate::graphql::loader::Loaders::new(state));
        let statements = state.db.statements();
        let started = Instant::now();
        let response = state.schema.execute(request).await;
        let elapsed = started.elapsed();
        if !response.errors.is_empty() {
            anyhow::bail!("the dashboard query failed: {:?}", response.errors);
        }
        Ok((elapsed, state.db.statements() - statements))
    };
    println!(
        "{}: {subscriptions} subscriptions, {gsc_rows} Search Console rows; {iterations} runs after a warm-up",
        state.config.database_url,
    );
    println!(
        "{:<36} {:>9} {:>9} {:>9} {:>9} {:>11}",
        "run", "median", "p90", "p99", "max", "statements"
    );
    for (name, cold) in [
        ("cold (summary recomputed every run)", true),
        ("warm (summary cached)", false),
    ] {
        let mut times = Vec::new();
        let mut statements = 0;
        for i in 0..=iterations {
            if cold {
                state.dashboard.clear();
            }
            let (t, n) = run().await?;
            if i > 0 {
                times.push(t);
                statements = n;
            }
        }
        let s = Sample::new(times);
        println!(
            "{name:<36} {:>6.2} ms {:>6.2} ms {:>6.2} ms {:>6.2} ms {statements:>11}",
            s.at(0.5),
            s.at(0.9),
            s.at(0.99),
            s.at(1.0)
        );
    }
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
