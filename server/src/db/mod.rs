//! The database: one pool enum over SQLite and PostgreSQL, the `db_run!` macro that expands a
//! query once per backend, and the migrations of `migrations/<backend>/` applied at start-up.

pub mod literal;
pub mod models;
pub mod schema;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use diesel::SqliteConnection;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig};
use diesel_async::sync_connection_wrapper::SyncConnectionWrapper;
use diesel_async::{AsyncConnection, AsyncMigrationHarness, AsyncPgConnection, SimpleAsyncConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::DatabaseUrl;
use crate::error::AppError;

/// The async SQLite connection: diesel's sync connection run on a blocking thread.
pub type SqliteConn = SyncConnectionWrapper<SqliteConnection>;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Every SQLite connection gets these: concurrent readers with one writer, waits instead of
/// failing on a busy database, enforced foreign keys, and 16 MiB of pages cached (the default
/// 2 MiB re-reads the admin pages' indexes from the OS on every request at 10,000 clients).
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384;";

/// A pool of connections to one of the two backends, and the SQL statements its connections
/// have run (for tests that bound the statements of a request, and for metrics).
#[derive(Clone)]
pub struct DbPool {
    pool: PoolKind,
    statements: Arc<AtomicU64>,
}

#[derive(Clone)]
enum PoolKind {
    Sqlite(Pool<SqliteConn>),
    Pg(Pool<AsyncPgConnection>),
}

/// Counts the statements a connection starts, and logs each one with its time at the `trace`
/// level (`IGNY8_LOG=server::db=trace`).
fn counting(counter: Arc<AtomicU64>) -> impl diesel::connection::Instrumentation {
    use diesel::connection::InstrumentationEvent;
    let mut started = None;
    move |event: InstrumentationEvent<'_>| match event {
        InstrumentationEvent::StartQuery { .. } => {
            counter.fetch_add(1, Ordering::Relaxed);
            started = Some(std::time::Instant::now());
        }
        InstrumentationEvent::FinishQuery { query, .. } => {
            if let Some(at) = started.take() {
                tracing::trace!(micros = at.elapsed().as_micros() as u64, "{query}");
            }
        }
        _ => {}
    }
}

/// A connection checked out of the pool; `conn()` lends it as a `DbConn` for models.
/// (Short-lived on one stack frame, so the size difference of the variants does not matter.)
#[allow(clippy::large_enum_variant)]
pub enum Pooled {
    Sqlite(Object<SqliteConn>),
    Pg(Object<AsyncPgConnection>),
}

/// A borrowed connection of either backend. Models take `&mut DbConn`, never the pool, so the
/// same function runs inside a transaction (`db_transaction!`) or alone.
pub enum DbConn<'a> {
    Sqlite(&'a mut SqliteConn),
    Pg(&'a mut AsyncPgConnection),
}

/// Runs `body` with `c` bound to the concrete connection of whichever backend `conn` is.
#[macro_export]
macro_rules! db_run {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite(inner) => {
                let $c: &mut $crate::db::SqliteConn = &mut **inner;
                $body
            }
            $crate::db::DbConn::Pg(inner) => {
                let $c: &mut diesel_async::AsyncPgConnection = &mut **inner;
                $body
            }
        }
    };
}

/// Runs `body` inside one transaction, with `tx` a `&mut DbConn` of the same backend; the
/// body's `Err` rolls back. The body's error type must convert from `diesel::result::Error`.
///
/// On SQLite a transaction that read before it writes fails at once with "database is locked"
/// when another connection (a job running in the background) committed a write meanwhile: WAL
/// cannot upgrade its snapshot, and `busy_timeout` does not wait for that. Such a transaction
/// changed nothing, so it is run again, a few times, from the start (only when it failed at once:
/// a lock held past `busy_timeout` is an error).
#[macro_export]
macro_rules! db_transaction {
    ($conn:expr, |$tx:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite(inner) => {
                use diesel_async::AsyncConnection as _;
                let mut attempt = 0u32;
                loop {
                    let started = std::time::Instant::now();
                    let result = (**inner)
                        .transaction(async |c| {
                            let mut wrapped = $crate::db::DbConn::Sqlite(c);
                            let $tx = &mut wrapped;
                            $body
                        })
                        .await;
                    match result {
                        // a lost snapshot fails at once; a lock held past `busy_timeout` is not retried
                        Err(e)
                            if attempt < $crate::db::BUSY_RETRIES
                                && started.elapsed() < std::time::Duration::from_secs(1)
                                && $crate::db::Busy::is_busy(&e) =>
                        {
                            attempt += 1;
                            tokio::time::sleep(std::time::Duration::from_millis(10 << attempt)).await;
                        }
                        result => break result,
                    }
                }
            }
            $crate::db::DbConn::Pg(inner) => {
                use diesel_async::AsyncConnection as _;
                (**inner)
                    .transaction(async |c| {
                        let mut wrapped = $crate::db::DbConn::Pg(c);
                        let $tx = &mut wrapped;
                        $body
                    })
                    .await
            }
        }
    };
}

/// How often `db_transaction!` runs a SQLite transaction again after "database is locked".
pub const BUSY_RETRIES: u32 = 6;

/// An error that says SQLite's database was locked by another writer (nothing was written).
pub trait Busy {
    fn is_busy(&self) -> bool;
}

impl Busy for diesel::result::Error {
    fn is_busy(&self) -> bool {
        matches!(self, diesel::result::Error::DatabaseError(_, info) if info.message().contains("database is locked"))
    }
}

impl Busy for AppError {
    fn is_busy(&self) -> bool {
        matches!(self, AppError::Database(e) if e.is_busy())
    }
}

impl Pooled {
    pub fn conn(&mut self) -> DbConn<'_> {
        match self {
            Pooled::Sqlite(o) => DbConn::Sqlite(&mut *o),
            Pooled::Pg(o) => DbConn::Pg(&mut *o),
        }
    }
}

impl DbPool {
    /// Opens a pool (creating the SQLite file if needed; its directory must exist: `data_dirs`). Connections are
    /// made lazily; call `ping` to know the database is reachable.
    pub fn open(url: &DatabaseUrl, max_size: usize) -> Result<DbPool, AppError> {
        let statements = Arc::new(AtomicU64::new(0));
        let pool = match url {
            DatabaseUrl::Sqlite(path) => {
                let mut config = ManagerConfig::<SqliteConn>::default();
                // a file connection cannot drop like a network one: no test query on checkout
                config.recycling_method = diesel_async::pooled_connection::RecyclingMethod::Fast;
                let counter = statements.clone();
                config.custom_setup = Box::new(move |url| {
                    let counter = counter.clone();
                    let url = url.to_owned();
                    Box::pin(async move {
                        let mut conn = establish_sqlite(url).await?;
                        conn.set_instrumentation(counting(counter));
                        Ok(conn)
                    })
                });
                let manager =
                    AsyncDieselConnectionManager::<SqliteConn>::new_with_config(path.to_string_lossy(), config);
                let pool = Pool::builder(manager)
                    .max_size(max_size)
                    .build()
                    .map_err(|e| AppError::internal(format!("sqlite pool: {e}")))?;
                PoolKind::Sqlite(pool)
            }
            DatabaseUrl::Postgres(url) => {
                let mut config = ManagerConfig::<AsyncPgConnection>::default();
                let counter = statements.clone();
                config.custom_setup = Box::new(move |url| {
                    let counter = counter.clone();
                    let url = url.to_owned();
                    Box::pin(async move {
                        let mut conn = AsyncPgConnection::establish(&url).await?;
                        conn.set_instrumentation(counting(counter));
                        Ok(conn)
                    })
                });
                let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(url.as_str(), config);
                let pool = Pool::builder(manager)
                    .max_size(max_size)
                    .build()
                    .map_err(|e| AppError::internal(format!("postgres pool: {e}")))?;
                PoolKind::Pg(pool)
            }
        };
        Ok(DbPool { pool, statements })
    }

    /// SQL statements run on this pool's connections so far.
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// Checks a connection out of the pool.
    pub async fn get(&self) -> Result<Pooled, AppError> {
        match &self.pool {
            PoolKind::Sqlite(p) => p.get().await.map(Pooled::Sqlite),
            PoolKind::Pg(p) => p.get().await.map(Pooled::Pg),
        }
        .map_err(|e| AppError::Unavailable(format!("database: {e}")))
    }

    /// `/readyz`: the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), AppError> {
        let mut pooled = self.get().await?;
        let mut conn = pooled.conn();
        db_run!(&mut conn, |c| c.batch_execute("SELECT 1").await)?;
        Ok(())
    }

    pub fn backend_name(&self) -> &'static str {
        match &self.pool {
            PoolKind::Sqlite(_) => "sqlite",
            PoolKind::Pg(_) => "postgres",
        }
    }
}

async fn establish_sqlite(path: String) -> diesel::ConnectionResult<SqliteConn> {
    let mut conn = SqliteConn::establish(&path).await?;
    conn.batch_execute(SQLITE_PRAGMAS)
        .await
        .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
    Ok(conn)
}

/// Applies the pending migrations of the backend `url` points at; returns their names.
/// Needs the multi-thread tokio runtime (the harness blocks in place).
pub async fn migrate(url: &DatabaseUrl) -> Result<Vec<String>, AppError> {
    fn names(done: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
        done.into_iter().map(|v| v.to_string()).collect()
    }
    let fail = |e: Box<dyn std::error::Error + Send + Sync>| AppError::internal(format!("migration failed: {e}"));
    match url {
        DatabaseUrl::Sqlite(path) => {
            let conn = establish_sqlite(path.to_string_lossy().into_owned())
                .await
                .map_err(|e| AppError::Unavailable(format!("database: {e}")))?;
            let mut harness = AsyncMigrationHarness::new(conn);
            let done = harness
                .run_pending_migrations(SQLITE_MIGRATIONS)
                .map(names)
                .map_err(fail)?;
            // the query planner needs statistics (the dashboard's client page walks accounts by
            // name only when it knows the tables' sizes): gather them for tables that have none
            // or whose size changed a lot; cheap when nothing changed
            let mut conn = harness.into_inner();
            diesel_async::SimpleAsyncConnection::batch_execute(&mut conn, "PRAGMA optimize=0x10002")
                .await
                .map_err(|e| AppError::internal(format!("PRAGMA optimize: {e}")))?;
            Ok(done)
        }
        DatabaseUrl::Postgres(url) => {
            let conn = AsyncPgConnection::establish(url.as_str())
                .await
                .map_err(|e| AppError::Unavailable(format!("database: {e}")))?;
            let mut harness = AsyncMigrationHarness::new(conn);
            harness.run_pending_migrations(PG_MIGRATIONS).map(names).map_err(fail)
        }
    }
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// A `LIKE` pattern (escape `\\`) matching text that contains `needle`, lower-cased (compare
/// with `lower(column)`).
pub fn contains_pattern(needle: &str) -> String {
    format!(
        "%{}%",
        needle
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// Now, in UTC, truncated to microseconds so SQLite and PostgreSQL round-trip the same value.
pub fn now() -> chrono::NaiveDateTime {
    crate::jobs::clock::stored(chrono::Utc::now())
}
