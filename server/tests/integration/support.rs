//! The test harness: every test gets its own fresh database (a temp SQLite file, or a new
//! PostgreSQL database created from `IGNY8_TEST_PG_URL` and dropped afterwards), a real server
//! on a free port, and HTTP clients with cookie jars.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::NaiveDate;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use server::config::{Config, DatabaseUrl};
use server::seed::{DEMO_PASSWORD, SeedArgs};
use server::state::AppState;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// The day the test demo data ends on: fixed, so every run sees the same rows.
pub fn demo_until() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()
}

/// One test's database; PostgreSQL databases are dropped when it goes out of scope.
pub struct TestDb {
    pub url: DatabaseUrl,
    pub dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

impl TestDb {
    /// A fresh, migrated database, or `None` when PostgreSQL is skipped outside CI.
    pub async fn new(kind: Kind) -> Option<TestDb> {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, pg) = match kind {
            Kind::Sqlite => (DatabaseUrl::Sqlite(dir.path().join("test.db")), None),
            Kind::Postgres => {
                let admin = pg_admin_url()?;
                static N: AtomicU32 = AtomicU32::new(0);
                let name = format!(
                    "igny8_test_{}_{}_{}",
                    std::process::id(),
                    N.fetch_add(1, Ordering::SeqCst),
                    rand_suffix()
                );
                let mut conn = match AsyncPgConnection::establish(&admin).await {
                    Ok(c) => c,
                    Err(e) => return pg_unavailable(&format!("cannot connect to {admin}: {e}")),
                };
                conn.batch_execute(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                let mut u = url::Url::parse(&admin).expect("admin URL");
                u.set_path(&format!("/{name}"));
                (DatabaseUrl::Postgres(u.to_string()), Some((admin, name)))
            }
        };
        server::db::migrate(&url).await.expect("migrations apply");
        Some(TestDb { url, dir, pg })
    }
}

impl TestDb {
    /// A database this test set up itself (migrated, never dropped here).
    pub async fn external(url: DatabaseUrl) -> TestDb {
        server::db::migrate(&url).await.expect("migrations apply");
        TestDb {
            url,
            dir: tempfile::tempdir().expect("temp dir"),
            pg: None,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg.take() {
            // Drop runs outside async code: use a small runtime of its own on another thread.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                rt.block_on(async {
                    if let Ok(mut c) = AsyncPgConnection::establish(&admin).await {
                        let _ = c
                            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

fn rand_suffix() -> String {
    server::auth::secret::random_token()
        .chars()
        .filter(char::is_ascii_lowercase)
        .take(6)
        .collect()
}

fn pg_admin_url() -> Option<String> {
    if std::env::var("IGNY8_TEST_SKIP_PG").is_ok_and(|v| v == "1") {
        return pg_unavailable("IGNY8_TEST_SKIP_PG=1");
    }
    Some(std::env::var("IGNY8_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()))
}

fn pg_unavailable<T>(why: &str) -> Option<T> {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("PostgreSQL is required in CI: {why}");
    }
    eprintln!("\n!!! POSTGRESQL TEST SKIPPED: {why} !!!\n");
    None
}

/// A running server on its own database.
pub struct TestApp {
    pub base: String,
    pub state: AppState,
    /// Kept for its `Drop`: the database lives as long as the app.
    _db: TestDb,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl TestApp {
    /// An empty (migrated) database behind a running server.
    pub async fn empty(kind: Kind) -> Option<TestApp> {
        let db = TestDb::new(kind).await?;
        Some(Self::serve(db, |_| {}).await)
    }

    /// The demo dataset (two months of history) behind a running server.
    pub async fn demo(kind: Kind) -> Option<TestApp> {
        Self::demo_with(kind, |_| {}).await
    }

    /// The demo dataset behind a server whose configuration `adjust` changed.
    pub async fn demo_with(kind: Kind, adjust: impl FnOnce(&mut Config)) -> Option<TestApp> {
        Self::demo_with_state(kind, adjust, |_| {}).await
    }

    /// The demo dataset behind a server whose configuration and state were changed.
    pub async fn demo_with_state(
        kind: Kind,
        adjust: impl FnOnce(&mut Config),
        adjust_state: impl FnOnce(&mut AppState),
    ) -> Option<TestApp> {
        let db = TestDb::new(kind).await?;
        let app = Self::serve_with(db, adjust, adjust_state).await;
        let args = SeedArgs {
            demo: true,
            sites: 0,
            months: 2,
            until: Some(demo_until()),
        };
        server::seed::run(&app.state, &args).await.expect("demo seed");
        Some(app)
    }

    pub async fn serve(db: TestDb, adjust: impl FnOnce(&mut Config)) -> TestApp {
        Self::serve_with(db, adjust, |_| {}).await
    }

    /// A server whose state (its limits, say) `adjust_state` changed before it starts.
    pub async fn serve_with(
        db: TestDb,
        adjust: impl FnOnce(&mut Config),
        adjust_state: impl FnOnce(&mut AppState),
    ) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut config = Config::for_data_dir(db.url.clone(), db.dir.path());
        config.site_root = db.dir.path().join("site");
        // agency domains are checked at this server, as if their DNS pointed here
        config.domain_check_addr = Some(addr);
        adjust(&mut config);
        let mut state = AppState::new(config).expect("state");
        adjust_state(&mut state);
        let router = server::http::router(state.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await;
        });
        TestApp {
            base: format!("http://{addr}"),
            state,
            _db: db,
            server,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Another state on the same database with its configuration changed (a second replica,
    /// or the scheduler's settings for one test).
    pub fn state_with(&self, adjust: impl FnOnce(&mut Config)) -> AppState {
        let mut config = (*self.state.config).clone();
        adjust(&mut config);
        AppState::new(config).expect("state")
    }

    /// `SELECT COUNT(*)` with a condition.
    pub async fn count_where(&self, table: &str, condition: &str) -> i64 {
        self.count(&format!("{table} WHERE {condition}")).await
    }

    /// A client with a cookie jar that does not follow redirects, sending `Origin` as a browser
    /// on this site's pages does.
    pub fn client(&self) -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("origin", self.base.parse().expect("origin"));
        reqwest::Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// Posts the login form as a browser would; returns the raw response.
    pub async fn post_login(&self, client: &reqwest::Client, email: &str, password: &str) -> reqwest::Response {
        client
            .post(self.url("/api/ui/login"))
            .header("accept", "text/html")
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .expect("login request")
    }

    /// A client signed in as `email` (demo password).
    pub async fn signed_in(&self, email: &str) -> reqwest::Client {
        let client = self.client();
        let r = self.post_login(&client, email, DEMO_PASSWORD).await;
        assert_eq!(r.status(), 302, "login of {email}");
        assert_eq!(location(&r), "/", "login of {email} should land on /");
        client
    }

    /// Runs a GraphQL query; returns (HTTP status, JSON body).
    pub async fn graphql(&self, client: &reqwest::Client, query: &str) -> (u16, serde_json::Value) {
        let r = client
            .post(self.url("/graphql"))
            .json(&serde_json::json!({ "query": query }))
            .send()
            .await
            .expect("graphql");
        let status = r.status().as_u16();
        (status, r.json().await.expect("graphql JSON"))
    }

    pub async fn get_json(&self, client: &reqwest::Client, path: &str) -> (u16, serde_json::Value) {
        let r = client.get(self.url(path)).send().await.expect("GET");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// A page as a browser asks for it; returns (status, Location, body).
    pub async fn page(&self, client: &reqwest::Client, path: &str) -> (u16, String, String) {
        let r = client
            .get(self.url(path))
            .header("accept", "text/html")
            .send()
            .await
            .expect("page");
        let status = r.status().as_u16();
        let loc = location(&r);
        (status, loc, r.text().await.expect("page body"))
    }

    /// Posts a form to a server function as a browser without JavaScript does; returns the
    /// status and where it sends the browser.
    pub async fn post_form(&self, client: &reqwest::Client, name: &str, form: &[(&str, &str)]) -> (u16, String) {
        let r = client
            .post(self.url(&format!("/api/ui/{name}")))
            .header("accept", "text/html")
            .form(form)
            .send()
            .await
            .expect("form post");
        (r.status().as_u16(), location(&r))
    }

    /// Rows in a table, straight from the database.
    pub async fn count(&self, table: &str) -> i64 {
        self.scalar(&format!("SELECT COUNT(*) AS n FROM {table}")).await
    }

    /// One whole number selected `AS n`.
    pub async fn scalar(&self, sql: &str) -> i64 {
        use diesel::QueryableByName;
        use diesel_async::RunQueryDsl;
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut pooled = self.state.conn().await.expect("conn");
        let mut conn = pooled.conn();
        let n: N = server::db_run!(&mut conn, |c| diesel::sql_query(sql).get_result(c).await).expect(sql);
        n.n
    }

    /// One text selected `AS t`.
    pub async fn scalar_text(&self, sql: &str) -> String {
        use diesel::QueryableByName;
        use diesel_async::RunQueryDsl;
        #[derive(QueryableByName)]
        struct T {
            #[diesel(sql_type = diesel::sql_types::Text)]
            t: String,
        }
        let mut pooled = self.state.conn().await.expect("conn");
        let mut conn = pooled.conn();
        let t: T = server::db_run!(&mut conn, |c| diesel::sql_query(sql).get_result(c).await).expect(sql);
        t.t
    }

    /// An agency's active subscription made white-label under the agency's first branding
    /// (its `branding_id` setting): (subscription, branding).
    pub async fn white_label_subscription(&self) -> (i64, i64) {
        let sub = self
            .scalar(
                "SELECT s.id AS n FROM igny8_managed_service_subscriptions s \
                 JOIN igny8_accounts a ON a.id = s.account_id \
                 WHERE s.status = 'active' AND a.is_agency ORDER BY s.id LIMIT 1",
            )
            .await;
        let branding = self
            .scalar(&format!(
                "SELECT b.id AS n FROM igny8_agency_branding b JOIN igny8_managed_service_subscriptions s \
                 ON s.account_id = b.account_id WHERE s.id = {sub} ORDER BY b.id LIMIT 1"
            ))
            .await;
        self.exec(&format!(
            "UPDATE igny8_managed_service_subscriptions SET config = '{{\"branding_id\": {branding}}}' WHERE id = {sub}"
        ))
        .await;
        (sub, branding)
    }

    /// A table's column names, in order.
    pub async fn columns(&self, table: &str) -> Vec<String> {
        use diesel::QueryableByName;
        use diesel_async::RunQueryDsl;
        #[derive(QueryableByName)]
        struct Column {
            #[diesel(sql_type = diesel::sql_types::Text)]
            name: String,
        }
        let sql = match &self.state.config.database_url {
            DatabaseUrl::Sqlite(_) => format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
            DatabaseUrl::Postgres(_) => format!(
                "SELECT column_name::text AS name FROM information_schema.columns \
                 WHERE table_name = '{table}' ORDER BY ordinal_position"
            ),
        };
        let mut pooled = self.state.conn().await.expect("conn");
        let mut conn = pooled.conn();
        let rows: Vec<Column> = server::db_run!(&mut conn, |c| diesel::sql_query(&sql).load(c).await).expect("columns");
        rows.into_iter().map(|c| c.name).collect()
    }

    /// Runs one SQL statement (test set-up only).
    pub async fn exec(&self, sql: &str) {
        use diesel_async::SimpleAsyncConnection;
        let mut pooled = self.state.conn().await.expect("conn");
        let mut conn = pooled.conn();
        server::db_run!(&mut conn, |c| c.batch_execute(sql).await).expect("statement");
    }

    /// The id of the first row matching a simple `column = 'value'` condition.
    pub async fn id_where(&self, table: &str, column: &str, value: &str) -> i64 {
        use diesel::QueryableByName;
        use diesel_async::RunQueryDsl;
        #[derive(QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            id: i64,
        }
        let sql = format!(
            "SELECT id FROM {table} WHERE {column} = '{}' ORDER BY id LIMIT 1",
            value.replace('\'', "''")
        );
        let mut pooled = self.state.conn().await.expect("conn");
        let mut conn = pooled.conn();
        let row: Id = server::db_run!(&mut conn, |c| diesel::sql_query(&sql).get_result(c).await).expect("id lookup");
        row.id
    }
}

/// Files in a local object store (a test's own directory).
pub fn stored_files(state: &AppState) -> usize {
    fn walk(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 })
                    .sum()
            })
            .unwrap_or(0)
    }
    match &state.config.object_store {
        server::config::ObjectStoreConfig::Local(dir) => walk(dir),
        server::config::ObjectStoreConfig::S3 { .. } => panic!("count S3 objects with Storage::exists"),
    }
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// Defines one test that runs on SQLite and on PostgreSQL, each on a fresh demo database:
/// `both!(name, |app| { … })` makes `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both {
    ($name:ident, $setup:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[allow(unused_imports)]
            use $crate::support::*;

            async fn run($app: TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run(TestApp::$setup(Kind::Sqlite).await.expect("SQLite always runs")).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = TestApp::$setup(Kind::Postgres).await {
                    run(app).await
                }
            }
        }
    };
    ($name:ident, |$app:ident| $body:block) => {
        $crate::both!($name, demo, |$app| $body);
    };
}

/// A JSON request (REST) by `c`: the status and the body (`null` when it is not JSON).
pub async fn send(
    app: &TestApp,
    c: &reqwest::Client,
    method: &str,
    path: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let r = c
        .request(method.parse().unwrap(), app.url(path))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}
