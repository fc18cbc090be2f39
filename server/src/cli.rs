//! The `igny8` command: serve, migrate, seed, and the GraphQL SDL export.

use clap::{Parser, Subcommand};

use crate::config::{Config, LogFormat};
use crate::state::AppState;

#[derive(Debug, Parser)]
#[command(
    name = "igny8",
    version,
    about = "IGNY8 Services: managed SEO reports, white-label, dashboards and APIs"
)]
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
    /// Create or revoke API tokens (`Authorization: Bearer …` for GraphQL and REST).
    #[command(subcommand)]
    Token(TokenCommand),
    /// Print the GraphQL schema (SDL); `schema.graphql` in the repository is this output.
    GraphqlSchema,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token for a user; the secret is printed once and never stored.
    Create {
        /// The user the token acts as.
        #[arg(long)]
        email: String,
        /// A name to recognise the token by.
        #[arg(long)]
        name: String,
        /// Days until the token expires (default: never).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=3650))]
        expires_in_days: Option<u32>,
    },
    /// Revoke a token by its id.
    Revoke { id: i64 },
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
            println!(
                "database {} is up to date ({} migrations applied now)",
                state.config.database_url,
                migrated.len()
            );
            Ok(())
        }
        Command::Seed(args) => {
            let report = crate::seed::run(&state, &args).await?;
            print!("{report}");
            Ok(())
        }
        Command::Token(command) => token(&state, command).await,
        Command::Serve { demo } => {
            if demo {
                match crate::seed::run_if_empty(&state, &crate::seed::SeedArgs::demo()).await? {
                    Some(report) => print!("{report}"),
                    None => {
                        println!("database already has data; demo not loaded (logins from an earlier seed still work)")
                    }
                }
            }
            crate::http::serve(state).await
        }
        Command::GraphqlSchema => unreachable!("handled above"),
    }
}

async fn token(state: &AppState, command: TokenCommand) -> anyhow::Result<()> {
    use crate::db::models::{token::ApiToken, user::User};
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let now = crate::db::now();
    match command {
        TokenCommand::Create {
            email,
            name,
            expires_in_days,
        } => {
            let user = User::find_by_email(&mut conn, &email)
                .await?
                .filter(|u| u.is_active)
                .ok_or_else(|| anyhow::anyhow!("--email: no active user {email}"))?;
            let expires = expires_in_days.map(|d| now + chrono::Duration::days(i64::from(d)));
            let created = crate::auth::token::create(&mut conn, user.account_id, user.id, &name, expires, now).await?;
            println!(
                "token {} for {} (shown once, store it now):\n{}",
                created.id, user.email, created.secret
            );
        }
        TokenCommand::Revoke { id } => {
            let token = ApiToken::find(&mut conn, id)
                .await
                .map_err(|_| anyhow::anyhow!("no API token with id {id}"))?;
            let n = ApiToken::revoke(&mut conn, id, token.account_id, now).await?;
            println!(
                "{}",
                if n == 1 {
                    format!("token {id} revoked")
                } else {
                    format!("token {id} was already revoked")
                }
            );
        }
    }
    Ok(())
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
