//! Demo data: `igny8 seed --demo` (and `igny8 serve --demo` on an empty database) writes a
//! deterministic, realistic dataset — Alorig staff, managed clients on Lite and Pro, an agency
//! reselling three sites under two brandings, and months of platform data for every site.
//! `--sites N --months M` adds N synthetic client sites for benchmarks.

pub mod bulk;
mod demo;
mod rng;

use std::fmt;
use std::time::Instant;

use chrono::NaiveDate;
use diesel_async::SimpleAsyncConnection;

use crate::db::models::account::Account;
use crate::db_transaction;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub use demo::{AGENCY_CLIENT_EMAIL, AGENCY_DOMAIN, CLIENT_EMAIL, DEMO_PASSWORD, STAFF_EMAIL};

#[derive(Debug, Clone, clap::Args)]
pub struct SeedArgs {
    /// Write the demo dataset (required: seeding is for demos and benchmarks only).
    #[arg(long)]
    pub demo: bool,
    /// Synthetic client sites to add after the demo accounts (for benchmarks).
    #[arg(long, default_value_t = 0)]
    pub sites: u32,
    /// Months of history per site.
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=36))]
    pub months: u32,
    /// The last day of the history (default: today, UTC). The data is the same for the same date.
    #[arg(long)]
    pub until: Option<NaiveDate>,
}

impl SeedArgs {
    pub fn demo() -> SeedArgs {
        SeedArgs {
            demo: true,
            sites: 0,
            months: 12,
            until: None,
        }
    }
}

/// What was written, and how to sign in.
pub struct SeedReport {
    pub rows: Vec<(&'static str, u64)>,
    pub seconds: f64,
    pub until: NaiveDate,
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total: u64 = self.rows.iter().map(|r| r.1).sum();
        writeln!(
            f,
            "Demo data written: {total} rows in {:.1} s (history until {}).",
            self.seconds, self.until
        )?;
        for (table, n) in self.rows.iter().filter(|r| r.1 > 0) {
            writeln!(f, "  {table:<40} {n:>10}")?;
        }
        writeln!(f)?;
        writeln!(f, "Sign in at the server's address with password `{DEMO_PASSWORD}` as:")?;
        for (email, who) in demo::LOGINS {
            writeln!(f, "  {email:<42} {who}")?;
        }
        Ok(())
    }
}

/// Seeds an empty database; refuses one that already has accounts (nothing is written).
pub async fn run(state: &AppState, args: &SeedArgs) -> AppResult<SeedReport> {
    if !args.demo {
        return Err(AppError::invalid(
            "--demo",
            "seeding only writes the demo dataset; pass --demo",
        ));
    }
    run_if_empty(state, args)
        .await?
        .ok_or_else(|| AppError::Conflict("the database already has accounts; seed an empty database".into()))
}

/// Seeds when the database has no accounts yet; `None` when it has.
pub async fn run_if_empty(state: &AppState, args: &SeedArgs) -> AppResult<Option<SeedReport>> {
    let started = Instant::now();
    let until = args.until.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    if Account::count(&mut conn).await? > 0 {
        return Ok(None);
    }
    let setup = match &conn {
        // the bulk loader's literals double quotes and never rely on backslash escapes
        crate::db::DbConn::Pg(_) => "SET standard_conforming_strings = on",
        // a 256 MB page cache keeps the large indexes in memory while millions of rows go in
        crate::db::DbConn::Sqlite(_) => "PRAGMA cache_size = -262144",
    };
    crate::db_run!(&mut conn, |c| c.batch_execute(setup).await)?;
    let password_hash = crate::auth::password::hash(DEMO_PASSWORD)?;
    let rows = db_transaction!(&mut conn, |tx| demo::write(tx, args, until, &password_hash).await)?;
    // statistics for the query planner after the bulk load
    crate::db_run!(&mut conn, |c| c.batch_execute("ANALYZE").await)?;
    Ok(Some(SeedReport {
        rows,
        seconds: started.elapsed().as_secs_f64(),
        until,
    }))
}
