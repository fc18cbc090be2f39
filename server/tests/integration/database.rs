//! The database layer under concurrent writers: on SQLite a transaction that read before another
//! connection committed a write cannot write (WAL keeps its old snapshot) and fails with
//! "database is locked" at once; `db_transaction!` runs it again from the start.

use std::sync::atomic::{AtomicU32, Ordering};

use diesel_async::SimpleAsyncConnection;
use server::db::DbConn;

use crate::support::{Kind, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_transaction_that_lost_its_snapshot_is_run_again() {
    let app = TestApp::empty(Kind::Sqlite).await.expect("SQLite");
    app.exec("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counters VALUES (1, 0);")
        .await;
    let attempts = AtomicU32::new(0);
    let mut a = app.state.conn().await.unwrap();
    let mut b = app.state.conn().await.unwrap();
    let mut conn = a.conn();
    let result: Result<(), diesel::result::Error> = server::db_transaction!(&mut conn, |tx| {
        // read first: the transaction now holds a snapshot
        tx_exec(tx, "SELECT n FROM counters").await?;
        if attempts.fetch_add(1, Ordering::SeqCst) == 0 {
            // another connection commits a write meanwhile (a background job, say)
            if let DbConn::Sqlite(other) = &mut b.conn() {
                other.batch_execute("UPDATE counters SET n = n + 10").await?;
            }
        }
        tx_exec(tx, "UPDATE counters SET n = n + 1").await
    });
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(attempts.load(Ordering::SeqCst), 2, "run again once");
    assert_eq!(
        app.scalar("SELECT n AS n FROM counters").await,
        11,
        "both writes, each once"
    );
}

async fn tx_exec(conn: &mut DbConn<'_>, sql: &str) -> Result<(), diesel::result::Error> {
    match conn {
        DbConn::Sqlite(c) => c.batch_execute(sql).await,
        DbConn::Pg(c) => c.batch_execute(sql).await,
    }
}
