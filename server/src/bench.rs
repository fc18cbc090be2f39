//! `igny8 dashboard bench`: the dashboard query of the README's speed figures, run in-process
//! through the real GraphQL schema (authorization, DataLoaders, resolvers) against the configured
//! database, and the headline summary computed without its cache.

use std::time::{Duration, Instant};

use chrono::Datelike;

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

/// `igny8 pages bench`: the admin pages rendered through the real router in-process (the
/// authentication, the page's server functions, Leptos' server rendering, the compression of
/// the answer aside), one at a time for their latency, then by `concurrency` tasks at once for
/// the rate a page of the client list renders.
pub async fn pages(
    state: &AppState,
    email: &str,
    iterations: u32,
    seconds: u64,
    concurrency: usize,
) -> anyhow::Result<()> {
    use tower::ServiceExt;
    // the previews below ask for far more than an hour's allowance
    let mut state = state.clone();
    state.limits = std::sync::Arc::new(crate::state::Limits::unlimited());
    let state = &state;
    let (bearer, token_id, account_id) = bench_token(state, email)
        .await
        .map_err(|e| anyhow::anyhow!("--email: {e}"))?;
    // the client portal as the demo's managed client sees it
    let (client_bearer, client_token_id, client_account) = bench_token(state, crate::seed::CLIENT_EMAIL).await?;
    let (subscription, account, site, subscriptions, client_report) = {
        let mut pooled = state.conn().await?;
        let mut conn = pooled.conn();
        let (subscriptions, _) = sizes(&mut conn).await?;
        let first = crate::db::models::subscription::Subscription::page_with_names(&mut conn, 0, 1).await?;
        let (subscription, account, site) = first
            .first()
            .map(|(s, ..)| (s.id, s.account_id, s.site_id))
            .ok_or_else(|| anyhow::anyhow!("no subscriptions: seed first"))?;
        let client_report = {
            use crate::db::schema::igny8_service_reports as r;
            use diesel::{ExpressionMethods, QueryDsl};
            use diesel_async::RunQueryDsl;
            crate::db_run!(&mut conn, |c| r::table
                .filter(r::account_id.eq(client_account))
                .select(diesel::dsl::max(r::id))
                .first::<Option<i64>>(c)
                .await)?
        };
        (subscription, account, site, subscriptions, client_report)
    };
    let app = crate::http::router(state.clone());
    let get_as = move |path: String, bearer: String| {
        let app = app.clone();
        async move {
            let request = axum::http::Request::get(&path)
                .header(axum::http::header::AUTHORIZATION, bearer)
                .body(axum::body::Body::empty())?;
            let response = app.oneshot(request).await?;
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
            anyhow::ensure!(status.is_success(), "{path}: {status}");
            Ok::<usize, anyhow::Error>(body.len())
        }
    };
    println!(
        "{}: {subscriptions} subscriptions; {iterations} renders of each page after a warm-up",
        state.config.database_url
    );
    println!(
        "{:<80} {:>9} {:>9} {:>9} {:>9} {:>8}",
        "page", "median", "p90", "p99", "max", "HTML"
    );
    let mut paths = vec!["/services".to_owned()];
    for tab in ["content", "backlinks", "ahrefs", "reports", "billing", "config"] {
        paths.push(format!("/services/clients/{subscription}?tab={tab}"));
    }
    paths.push("/services/orders".to_owned());
    // every account, by MRR (the list's costliest sort), and the subscription's account's page
    paths.push("/services/accounts?sort=mrr&dir=desc".to_owned());
    paths.push(format!("/services/accounts/{account}"));
    paths.push("/services/indexing".to_owned());
    paths.push("/services/brandings".to_owned());
    paths.push("/services/jobs".to_owned());
    paths.push(format!("/services/reports/new?client={subscription}"));
    // the template editor, and its preview: the sample report (nine sections of 200-row tables)
    // rendered with the built-in template in the sandbox
    paths.push("/account/report-templates".to_owned());
    paths.push("/account/report-templates/new".to_owned());
    paths.push(app::api::templates::PREVIEW_PATH.to_owned());
    // a preview of the full nine-section report of last month: what it found (JSON), the web
    // version and the PDF, as the generator's page and its frames ask for them
    let today = crate::db::now().date();
    let month = (today.with_day(1).unwrap_or(today) - chrono::Months::new(1)).format("%Y-%m");
    for format in ["json", "html", "pdf"] {
        paths.push(format!(
            "/api/v1/services/reports/preview/?site_id={site}&period={month}&format={format}"
        ));
    }
    let mut portal = vec![
        "/managed-service".to_owned(),
        "/managed-service/reports".to_owned(),
        "/managed-service/approvals".to_owned(),
    ];
    portal.extend(client_report.map(|id| format!("/managed-service/reports/{id}")));
    let paths: Vec<(String, String)> = paths
        .into_iter()
        .map(|p| (p, bearer.clone()))
        .chain(portal.into_iter().map(|p| (p, client_bearer.clone())))
        .collect();
    for (path, who) in &paths {
        let size = get_as(path.clone(), who.clone()).await?;
        let mut times = Vec::new();
        for _ in 0..iterations {
            let started = Instant::now();
            get_as(path.clone(), who.clone()).await?;
            times.push(started.elapsed());
        }
        let s = Sample::new(times);
        println!(
            "{path:<80} {:>6.2} ms {:>6.2} ms {:>6.2} ms {:>6.2} ms {:>5} KB",
            s.at(0.5),
            s.at(0.9),
            s.at(0.99),
            s.at(1.0),
            size / 1024
        );
    }
    // a page of the client list, sorted, at the same time from several tasks
    let list = "/services?sort=price&dir=desc".to_owned();
    let get = move |path: String| get_as(path, bearer.clone());
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let get = get.clone();
            let list = list.clone();
            tokio::spawn(async move {
                let mut n = 0u64;
                while Instant::now() < deadline {
                    get(list.clone()).await?;
                    n += 1;
                }
                Ok::<u64, anyhow::Error>(n)
            })
        })
        .collect();
    let mut total = 0;
    for t in tasks {
        total += t.await??;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{list}: {total} renders in {elapsed:.1} s by {concurrency} tasks = {:.0} renders/s",
        total as f64 / elapsed
    );
    let mut pooled = state.conn().await?;
    for (token, account) in [(token_id, account_id), (client_token_id, client_account)] {
        crate::db::models::token::ApiToken::revoke(&mut pooled.conn(), token, account, crate::db::now()).await?;
    }
    Ok(())
}

/// A fresh API token of `email` for the bench: (its bearer header, its id, its account).
async fn bench_token(state: &AppState, email: &str) -> anyhow::Result<(String, i64, i64)> {
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let user = crate::db::models::user::User::find_by_email(&mut conn, email)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no user {email}"))?;
    let token = crate::auth::token::create(
        &mut conn,
        user.account_id,
        user.id,
        "pages bench",
        None,
        crate::db::now(),
    )
    .await?;
    Ok((format!("Bearer {}", token.secret), token.id, user.account_id))
}

/// Peak resident memory of this process so far (Linux `VmHWM`), in MiB; 0 where unknown.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// `igny8 import-bench`: a Search Analytics response of `rows` rows (a year of days × queries,
/// as the API gives `date` + `query`) written to a file and imported into a bench site of the
/// first client account, twice: the first import adds every row, the second (the same file)
/// changes none. Prints the time, rows per second and the peak memory, which stays flat: the
/// file is streamed, a batch of rows at a time.
pub async fn import(state: &AppState, rows: u64) -> anyhow::Result<()> {
    use std::io::Write as _;

    use crate::db::models::site::{NewSite, Site};
    use crate::imports::{By, Upload};

    let site_id = {
        let mut pooled = state.conn().await?;
        let mut conn = pooled.conn();
        let accounts = crate::db::models::account::Account::all(&mut conn).await?;
        let account = accounts
            .iter()
            .find(|a| a.slug != crate::users::STAFF_ACCOUNT.1)
            .ok_or_else(|| anyhow::anyhow!("no client account: run `igny8 seed --demo` first"))?;
        match Site::of_domain(&mut conn, account.id, "import-bench.example").await? {
            Some(site) => site.id,
            None => {
                let now = crate::db::now();
                Site::insert(
                    &mut conn,
                    &NewSite {
                        account_id: account.id,
                        name: "Import bench".into(),
                        domain: "import-bench.example".into(),
                        industry: None,
                        is_active: true,
                        created_at: now,
                        updated_at: now,
                    },
                )
                .await?
            }
        }
    };
    {
        let mut pooled = state.conn().await?;
        let mut conn = pooled.conn();
        let sql = format!("DELETE FROM igny8_gsc_metrics_cache WHERE site_id = {site_id}");
        crate::db_run!(&mut conn, |c| diesel_async::RunQueryDsl::execute(
            diesel::sql_query(sql),
            c
        )
        .await)?;
    }

    let dir = tempfile::tempdir()?;
    let path = dir.path().join("searchanalytics.json");
    let written = Instant::now();
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("a date");
        let per_day = rows.div_ceil(365).max(1);
        out.write_all(b"{\"rows\":[")?;
        for i in 0..rows {
            let day = start + chrono::Days::new(i / per_day);
            let impressions = 10 + (i * 7919) % 1000;
            let clicks = (i * 104_729) % (impressions / 5 + 1);
            let sep = if i == 0 { "" } else { "," };
            write!(
                out,
                "{sep}{{\"keys\":[\"{day}\",\"query {}\"],\"clicks\":{clicks},\"impressions\":{impressions},\"ctr\":{},\"position\":{}}}",
                i % per_day,
                clicks as f64 / impressions as f64,
                1.0 + (i % 500) as f64 / 10.0
            )?;
        }
        out.write_all(b"],\"responseAggregationType\":\"byProperty\"}")?;
    }
    let bytes = std::fs::metadata(&path)?.len();
    println!(
        "{rows} Search Analytics rows ({:.0} MB) written in {:.1} s; importing into site {site_id} on {}",
        bytes as f64 / 1e6,
        written.elapsed().as_secs_f64(),
        state.db.backend_name()
    );
    for pass in ["first import (every row new)", "same file again (no row changes)"] {
        let before = peak_rss_mib();
        let started = Instant::now();
        let records = crate::imports::import(
            state,
            By::CommandLine,
            site_id,
            &[Upload::new("searchanalytics.json", &path)],
            None,
            None,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let seconds = started.elapsed().as_secs_f64();
        let r = &records[0];
        anyhow::ensure!(r.status == "done", "the import failed: {:?}", r.notes);
        println!(
            "{pass}: {:.1} s, {:.0} rows/s — {} added, {} updated, {} skipped; peak memory {:.0} MiB (was {:.0} MiB)",
            seconds,
            rows as f64 / seconds,
            r.rows_added,
            r.rows_updated,
            r.rows_skipped,
            peak_rss_mib(),
            before
        );
    }
    Ok(())
}
