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
    /// Generate reports.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Create or revoke API tokens (`Authorization: Bearer …` for GraphQL and REST).
    #[command(subcommand)]
    Token(TokenCommand),
    /// Print the GraphQL schema (SDL); `schema.graphql` in the repository is this output.
    GraphqlSchema,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Render one site's report to files (PDF and, optionally, HTML).
    Generate {
        #[arg(long)]
        site: i64,
        /// 2026-10, 2026-Q3, 2026-W45 or 2026-10-01..2026-10-31
        #[arg(long)]
        period: String,
        /// weekly, monthly or quarterly
        #[arg(long = "type", default_value = "monthly")]
        report_type: String,
        /// Comma-separated section keys (default: all nine).
        #[arg(long, value_delimiter = ',')]
        sections: Vec<String>,
        /// An agency branding of the site's account (white-label).
        #[arg(long)]
        branding: Option<i64>,
        /// light or dark
        #[arg(long, default_value = "light")]
        theme: String,
        #[arg(long, default_value = "report.pdf")]
        out: std::path::PathBuf,
        /// Also write the HTML rendering here.
        #[arg(long)]
        html: Option<std::path::PathBuf>,
    },
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
        Command::Report(command) => report(&state, command).await,
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

async fn report(state: &AppState, command: ReportCommand) -> anyhow::Result<()> {
    use crate::reports::{brand::Theme, generate, parse_report_type, parse_sections, period::Period};
    let ReportCommand::Generate {
        site,
        period,
        report_type,
        sections,
        branding,
        theme,
        out,
        html,
    } = command;
    let sections = if sections.is_empty() {
        app::types::report::SectionKey::ALL.to_vec()
    } else {
        parse_sections(&sections)?
    };
    let request = generate::ReportRequest {
        site_id: site,
        period: Period::parse(&period)?,
        report_type: parse_report_type(&report_type)?,
        sections,
        branding_id: branding,
        theme: Theme::parse(&theme)?,
    };
    let mut pooled = state.conn().await?;
    let rendered = generate::render_report(&mut pooled.conn(), &request, crate::db::now())
        .await
        .map_err(|e| match e {
            crate::error::AppError::NotFound => {
                anyhow::anyhow!("no such site {site} (or branding not of the site's account)")
            }
            other => other.into(),
        })?;
    std::fs::write(&out, &rendered.pdf)?;
    if let Some(path) = html {
        std::fs::write(path, &rendered.html)?;
    }
    let t = rendered.timings;
    println!(
        "{}: {} KB (collect {:.1} ms, PDF {:.1} ms, HTML {:.1} ms)",
        out.display(),
        rendered.pdf.len() / 1024,
        t.collect.as_secs_f64() * 1000.0,
        t.pdf.as_secs_f64() * 1000.0,
        t.html.as_secs_f64() * 1000.0
    );
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
