//! The `igny8` command: serve, migrate, seed, and the GraphQL SDL export.

use clap::{Parser, Subcommand};

use crate::config::{Config, LogFormat};
use crate::state::AppState;

#[derive(Debug, Parser)]
#[command(name = "igny8", version, about = "IGNY8 Services: managed SEO reports, white-label, dashboards and APIs")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (migrates the database first).
    Serve {
        /// Load the demo data when the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Write the demo dataset into an empty database.
    Seed(crate::seed::SeedArgs),
    /// Print the GraphQL schema (SDL); `schema.graphql` in the repository is this output.
    GraphqlSchema,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::GraphqlSchema = cli.command {
        print!("{}", crate::graphql::build_schema().sdl());
        return Ok(());
    }
    let config = Config::from_env().map_err(|e| anyhow::anyhow!("{e}"))?;
    init_logging(&config);
    let migrated = crate::db::migrate(&config.database_url).await?;
    if !migrated.is_empty() {
        tracing::info!(count = migrated.len(), database = %config.database_url, "applied migrations");
    }
    let state = AppState::new(config)?;
    match cli.command {
        Command::Migrate => {
            println!("database {} is up to date ({} migrations applied now)", state.config.database_url, migrated.len());
            Ok(())
        }
        Command::Seed(args) => {
            let report = crate::seed::run(&state, &args).await?;
            print!("{report}");
            Ok(())
        }
        Command::Serve { demo } => {
            if demo {
                match crate::seed::run_if_empty(&state, &crate::seed::SeedArgs::demo()).await? {
                    Some(report) => print!("{report}"),
                    None => println!("database already has data; demo not loaded (logins from an earlier seed still work)"),
                }
            }
            crate::http::serve(state).await
        }
        Command::GraphqlSchema => unreachable!("handled above"),
    }
}

fn init_logging(config: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(true);
    let _ = match config.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}
