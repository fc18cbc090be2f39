//! The `igny8` command: serve, migrate, seed, reports, jobs, tokens, and the GraphQL SDL export.

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
    /// Measure the dashboard query (MRR and a page of 50 clients, through the GraphQL schema).
    #[command(subcommand)]
    Dashboard(DashboardCommand),
    /// Measure the admin pages (server rendering through the real router).
    #[command(subcommand)]
    Pages(PagesCommand),
    /// Create or revoke API tokens (`Authorization: Bearer …` for GraphQL and REST).
    #[command(subcommand)]
    Token(TokenCommand),
    /// The scheduled jobs: their schedules and runs, or one run now.
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// Alorig staff users: the first sign-in of a fresh install.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Global feature flags (managed_services_enabled shows the admin dashboard).
    #[command(subcommand)]
    Flags(FlagsCommand),
    /// Import a site's data from the tools' exports: Search Console (Performance export zip or
    /// CSV, Search Analytics and URL Inspection API responses), Ahrefs and Semrush backlink
    /// exports. The format is told from each file's content.
    Import {
        /// The site the files are about.
        #[arg(long)]
        site: i64,
        /// Read every file as this format: gsc-export, gsc-api, url-inspection,
        /// ahrefs-backlinks or semrush-backlinks.
        #[arg(long)]
        format: Option<String>,
        /// The days a file without days sums — a Search Analytics response without the date
        /// dimension (its request's startDate..endDate), an export's Queries or Pages table alone:
        /// `2026-10`, `2026-10-01..2026-10-31`.
        #[arg(long)]
        dates: Option<String>,
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
    /// Measure imports: a Search Analytics response of `--rows` rows imported into a bench
    /// site of the first client account, then the same file again.
    ImportBench {
        #[arg(long, default_value_t = 1_000_000)]
        rows: u64,
    },
    /// Print the GraphQL schema (SDL); `schema.graphql` in the repository is this output.
    GraphqlSchema,
}

/// What one report is of (shared by `report generate` and `report bench`).
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
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
    /// A report template of the site's account (its HTML, CSS and theme).
    #[arg(long)]
    template: Option<i64>,
    /// light or dark (default: the template's theme, or light)
    #[arg(long)]
    theme: Option<String>,
}

impl ReportArgs {
    fn request(&self) -> anyhow::Result<crate::reports::generate::ReportRequest> {
        use crate::reports::{brand::Theme, parse_report_type, parse_sections, period::Period};
        Ok(crate::reports::generate::ReportRequest {
            site_id: self.site,
            period: Period::parse(&self.period)?,
            report_type: parse_report_type(&self.report_type)?,
            sections: if self.sections.is_empty() {
                app::types::report::SectionKey::ALL.to_vec()
            } else {
                parse_sections(&self.sections)?
            },
            branding_id: self.branding,
            template_id: self.template,
            theme: self.theme.as_deref().map(Theme::parse).transpose()?,
        })
    }
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Render one site's report to files (PDF and, optionally, HTML); nothing is stored.
    Generate {
        #[command(flatten)]
        report: ReportArgs,
        #[arg(long, default_value = "report.pdf")]
        out: std::path::PathBuf,
        /// Also write the HTML rendering here.
        #[arg(long)]
        html: Option<std::path::PathBuf>,
    },
    /// Generate, store and record the reports of every subscription due for this type and period.
    Batch {
        /// weekly (Pro) or monthly / quarterly (Lite and Pro)
        #[arg(long = "type", default_value = "monthly")]
        report_type: String,
        /// 2026-10, 2026-Q3, 2026-W45 or 2026-10-01..2026-10-31
        #[arg(long)]
        period: String,
        /// Reports generated at the same time (default: the number of CPUs).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=64))]
        workers: Option<u16>,
        /// Generate again for sites that have this report already.
        #[arg(long)]
        redo: bool,
    },
    /// Measure one report: collect and render it repeatedly, print the median and p90 of each step.
    Bench {
        #[command(flatten)]
        report: ReportArgs,
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=10000))]
        iterations: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum DashboardCommand {
    /// Run the dashboard query repeatedly as a staff user; print the median, p90, p99 and max.
    Bench {
        /// The staff user the query runs as.
        #[arg(long, default_value = crate::seed::STAFF_EMAIL)]
        email: String,
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=100000))]
        iterations: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum PagesCommand {
    /// Render each admin page repeatedly as a staff user (median, p90, p99, max), then a page of
    /// the client list from several tasks at once (renders per second).
    Bench {
        #[arg(long, default_value = crate::seed::STAFF_EMAIL)]
        email: String,
        #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..=100000))]
        iterations: u32,
        /// How long the concurrent part runs.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
        seconds: u64,
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
        concurrency: u16,
    },
}

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// Each job's schedule and next three runs, then the latest runs of the ledger.
    List {
        /// Only this job's runs.
        #[arg(long)]
        job: Option<String>,
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(i64).range(1..=10000))]
        limit: i64,
    },
    /// Run one job now (or as if it were TIME, in the past), through the ledger like the
    /// scheduler, then deliver the emails that are due. The ledger's claims are stamped with
    /// TIME: while servers run the same job, keep TIME within their lease of now.
    Run {
        /// generate_weekly_reports, generate_monthly_reports, send_pending_reports,
        /// check_overdue_deliverables or collect_report_metrics
        job: String,
        /// RFC 3339 instant, e.g. 2026-12-01T06:00:00-05:00 (default: now)
        #[arg(long)]
        at: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an Alorig staff user (the owner of a new staff account "Alorig" when there is none
    /// yet, else an admin of it). The password is generated and printed once, or read from stdin.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "")]
        first_name: String,
        #[arg(long, default_value = "")]
        last_name: String,
        /// Read the password from the first line of stdin instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum FlagsCommand {
    /// Every flag and whether it is on.
    List,
    /// Switch a flag on or off (recorded in the audit log).
    Set {
        /// e.g. managed_services_enabled
        name: String,
        /// on or off
        state: String,
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
    // before anything opens them: a fresh checkout has no ./data
    crate::data_dirs::prepare(&crate::data_dirs::of(&config)).map_err(|e| anyhow::anyhow!("{e}"))?;
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
        Command::Admin(command) => admin(&state, command).await,
        Command::Flags(command) => flags(&state, command).await,
        Command::Import {
            site,
            format,
            dates,
            files,
        } => import(&state, site, (format, dates), files).await,
        Command::ImportBench { rows } => crate::bench::import(&state, rows).await,
        Command::Jobs(command) => jobs(&state, command).await,
        Command::Report(command) => report(&state, command).await,
        Command::Dashboard(DashboardCommand::Bench { email, iterations }) => {
            crate::bench::dashboard(&state, &email, iterations).await
        }
        Command::Pages(PagesCommand::Bench {
            email,
            iterations,
            seconds,
            concurrency,
        }) => crate::bench::pages(&state, &email, iterations, seconds, usize::from(concurrency)).await,
        Command::Serve { demo } => {
            if demo {
                match crate::seed::run_if_empty(&state, &crate::seed::SeedArgs::demo()).await? {
                    Some(report) => print!("{report}"),
                    None => {
                        println!("database already has data; demo not loaded (logins from an earlier seed still work)")
                    }
                }
            }
            let scheduler = crate::jobs::scheduler::start(state.clone()).await?;
            let served = crate::http::serve(state).await;
            if let Some(s) = scheduler {
                s.shutdown().await;
            }
            served
        }
        Command::GraphqlSchema => unreachable!("handled above"),
    }
}

async fn jobs(state: &AppState, command: JobsCommand) -> anyhow::Result<()> {
    use crate::jobs::{Job, JobContext, clock::FixedClock};
    match command {
        JobsCommand::List { job, limit } => {
            let now = chrono::Utc::now();
            for j in Job::ALL {
                let zone = state.config.jobs.timezone.name();
                let zone = if j.per_account() {
                    format!("each account's clock; shown for {zone}")
                } else {
                    zone.to_owned()
                };
                match state.config.jobs.schedule(j) {
                    None => println!("{:<28} disabled", j.name()),
                    Some(s) => {
                        let next: Vec<String> = s
                            .next(state.config.jobs.timezone, now, 3)
                            .iter()
                            .map(|t| t.to_rfc3339())
                            .collect();
                        println!(
                            "{:<28} {:<14} ({zone}) next: {}",
                            j.name(),
                            s.expression(),
                            next.join(", ")
                        );
                    }
                }
            }
            let mut pooled = state.conn().await?;
            let runs = crate::db::models::job_run::JobRun::recent(&mut pooled.conn(), job.as_deref(), limit).await?;
            println!();
            println!(
                "{:<28} {:<12} {:<12} {:<10} {:>3} {:>8}  detail / error",
                "job", "scope", "period", "status", "try", "ms"
            );
            for r in runs {
                println!(
                    "{:<28} {:<12} {:<12} {:<10} {:>3} {:>8}  {}",
                    r.job_name,
                    r.scope_key,
                    r.period_key,
                    r.status,
                    r.attempts,
                    r.duration_ms.map(|d| d.to_string()).unwrap_or_default(),
                    r.error.unwrap_or(r.detail)
                );
            }
            Ok(())
        }
        JobsCommand::Run { job, at } => {
            let j = Job::parse(&job).ok_or_else(|| {
                let names: Vec<&str> = Job::ALL.iter().map(|j| j.name()).collect();
                anyhow::anyhow!("job: `{job}` is not a job (one of {})", names.join(", "))
            })?;
            let at = match at {
                Some(raw) => chrono::DateTime::parse_from_rfc3339(&raw)
                    .map_err(|e| anyhow::anyhow!("--at: `{raw}` is not an RFC 3339 instant: {e}"))?
                    .with_timezone(&chrono::Utc),
                None => chrono::Utc::now(),
            };
            if at > chrono::Utc::now() + chrono::Duration::minutes(1) {
                anyhow::bail!("--at: {at} is in the future (a run would report on periods that have not ended)");
            }
            let ctx = JobContext::new(state.clone());
            let s = crate::jobs::run(&ctx, j, &FixedClock(at)).await?;
            let delivered = crate::email::deliver::deliver_due(state, at).await?;
            if s.disabled {
                println!("{} is disabled (its schedule is empty)", s.job);
            }
            println!(
                "{}: periods {:?}: {} succeeded, {} skipped, {} failed in {:.1} s; {delivered}",
                s.job,
                s.periods,
                s.succeeded,
                s.skipped,
                s.failed.len(),
                s.elapsed.as_secs_f64()
            );
            for (scope, why) in &s.failed {
                println!("  {scope}: {why}");
            }
            if s.failed.is_empty() {
                Ok(())
            } else {
                anyhow::bail!("{} units failed", s.failed.len())
            }
        }
    }
}

async fn admin(state: &AppState, command: AdminCommand) -> anyhow::Result<()> {
    let AdminCommand::Create {
        email,
        first_name,
        last_name,
        password_stdin,
    } = command;
    let password = if password_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        Some(line.trim_end_matches(['\r', '\n']).to_owned())
    } else {
        None
    };
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let created = crate::users::create_staff(&mut conn, &email, &first_name, &last_name, password.as_deref())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "staff user {} (id {}) created: {} of {}{}",
        created.email,
        created.user_id,
        created.role,
        created.account_name,
        if created.account_created { " (new account)" } else { "" }
    );
    if created.generated {
        println!("password (shown once, store it now):\n{}", created.password);
    }
    let flag = crate::db::models::feature_flag::MANAGED_SERVICES_ENABLED;
    if !crate::db::models::feature_flag::is_enabled(&mut conn, flag).await? {
        println!("{flag} is off: the admin dashboard shows once you run `igny8 flags set {flag} on`");
    }
    Ok(())
}

/// `igny8 import`: each file with a progress bar, then what it changed (or why it failed).
/// Exits non-zero when a file failed.
async fn import(
    state: &AppState,
    site: i64,
    (format, dates): (Option<String>, Option<String>),
    paths: Vec<std::path::PathBuf>,
) -> anyhow::Result<()> {
    use crate::imports::{By, Upload};
    let uploads: Vec<Upload> = paths
        .iter()
        .map(|p| {
            Upload::new(
                p.file_name()
                    .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned()),
                p,
            )
        })
        .collect();
    let total: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let bar = indicatif::ProgressBar::new(total).with_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40.cyan/blue} {bytes}/{total_bytes} · {bytes_per_sec} · {elapsed_precise} {msg}",
        )
        .expect("valid template"),
    );
    // the bar follows the bytes the readers have read, file after file
    let counters: Vec<_> = uploads.iter().map(|u| u.read.clone()).collect();
    let ticker = {
        let bar = bar.clone();
        tokio::spawn(async move {
            loop {
                let read: u64 = counters
                    .iter()
                    .map(|c| c.load(std::sync::atomic::Ordering::Relaxed))
                    .sum();
                bar.set_position(read);
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        })
    };
    let started = std::time::Instant::now();
    let outcome = crate::imports::import(
        state,
        By::CommandLine,
        site,
        &uploads,
        format.as_deref(),
        dates.as_deref(),
    )
    .await;
    ticker.abort();
    bar.finish_and_clear();
    let records = outcome.map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut failed = 0;
    for r in &records {
        println!(
            "{}: {} ({}) — {} added, {} updated, {} skipped",
            r.file_name, r.status, r.format, r.rows_added, r.rows_updated, r.rows_skipped
        );
        for n in &r.notes {
            println!("  {}", n.line());
        }
        failed += usize::from(r.status == "failed");
    }
    println!("{} files in {:.1} s", records.len(), started.elapsed().as_secs_f64());
    if failed > 0 {
        anyhow::bail!(
            "{failed} of {} files failed: nothing of them was written",
            records.len()
        );
    }
    Ok(())
}

async fn flags(state: &AppState, command: FlagsCommand) -> anyhow::Result<()> {
    let mut pooled = state.conn().await?;
    let mut conn = pooled.conn();
    let fail = |e: crate::error::AppError| anyhow::anyhow!("{e}");
    let shown = match command {
        FlagsCommand::List => crate::flags::all(&mut conn).await.map_err(fail)?,
        FlagsCommand::Set { name, state } => {
            let on = crate::flags::parse_state(&state).map_err(fail)?;
            vec![
                crate::flags::set_by_operator(&mut conn, &name, on)
                    .await
                    .map_err(fail)?,
            ]
        }
    };
    for f in shown {
        println!(
            "{:<28} {:<4} {}{}",
            f.name,
            if f.enabled { "on" } else { "off" },
            f.description,
            f.updated_at.map(|t| format!(" (since {t})")).unwrap_or_default()
        );
    }
    Ok(())
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
    use crate::reports::generate;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    match command {
        ReportCommand::Generate { report, out, html } => {
            let request = report.request()?;
            let rendered = generate::render_report(state, &request, crate::db::now())
                .await
                .map_err(|e| not_found_site(e, report.site))?;
            write_file("--out", &out, &rendered.pdf)?;
            if let Some(path) = html {
                write_file("--html", &path, rendered.html.as_bytes())?;
            }
            let t = rendered.timings;
            println!(
                "{}: {} KB (collect {:.1} ms, PDF {:.1} ms = charts {:.1} + layout {:.1} + write {:.1}, HTML {:.1} ms)",
                out.display(),
                rendered.pdf.len() / 1024,
                ms(t.collect),
                ms(t.pdf_total()),
                ms(t.pdf.charts),
                ms(t.pdf.layout),
                ms(t.pdf.write),
                ms(t.html)
            );
            let look = &rendered.look;
            match crate::reports::check::hold_reason(
                &rendered.pdf,
                &rendered.data,
                look.expects_logo(),
                look.logo_problem.as_deref(),
            ) {
                None => println!("pre-send check: passed"),
                Some(why) => println!("pre-send check: held back ({why})"),
            }
            Ok(())
        }
        ReportCommand::Batch {
            report_type,
            period,
            workers,
            redo,
        } => {
            use crate::reports::batch;
            let report_type = crate::reports::parse_report_type(&report_type)?;
            let dates = crate::reports::period::Period::parse(&period)?;
            dates.check_type(report_type)?;
            let batch = batch::Batch {
                report_type,
                period: dates,
                workers: workers
                    .map(usize::from)
                    .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from)),
                redo,
            };
            let bar = indicatif::ProgressBar::new(0).with_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40.cyan/blue} {pos}/{len} reports · {per_sec} · {elapsed_precise} (eta {eta}) {msg}",
                )
                .expect("valid template"),
            );
            let due = batch::due(state, batch.report_type).await?.len();
            bar.set_length(due as u64);
            let outcome = batch::run(state, &batch, |step| {
                if let batch::Step::Failed { site_id, reason } = step {
                    bar.println(format!("site {site_id}: {reason}"));
                }
                bar.inc(1);
            })
            .await?;
            bar.finish_and_clear();
            let n = outcome.generated.max(1) as u32;
            let t = outcome.timings;
            println!(
                "{} {} reports for {}: {} generated, {} skipped (already there), {} failed in {:.1} s ({:.1} reports/s, {} workers)",
                outcome.due,
                batch.report_type,
                period,
                outcome.generated,
                outcome.skipped,
                outcome.failed.len(),
                outcome.elapsed.as_secs_f64(),
                outcome.generated as f64 / outcome.elapsed.as_secs_f64().max(1e-9),
                batch.workers
            );
            println!(
                "per report (mean): collect {:.1} ms · charts {:.1} · layout {:.1} · write {:.1} · html {:.1} · store {:.1} ms",
                ms(t.collect / n),
                ms(t.pdf.charts / n),
                ms(t.pdf.layout / n),
                ms(t.pdf.write / n),
                ms(t.html / n),
                ms(t.store / n)
            );
            if let Some(peak) = peak_memory_mb() {
                println!("peak memory: {peak} MB");
            }
            if !outcome.failed.is_empty() {
                anyhow::bail!("{} reports failed", outcome.failed.len());
            }
            Ok(())
        }
        ReportCommand::Bench { report, iterations } => {
            let request = report.request()?;
            let mut runs: Vec<generate::Timings> = Vec::new();
            let mut walls = Vec::new();
            let mut last = None;
            // one warm-up run: fonts are parsed and compressed once per process
            for _ in 0..=iterations {
                let started = std::time::Instant::now();
                let r = generate::render_report(state, &request, crate::db::now())
                    .await
                    .map_err(|e| not_found_site(e, report.site))?;
                walls.push(started.elapsed());
                runs.push(r.timings);
                last = Some(r);
            }
            runs.remove(0);
            walls.remove(0);
            let r = last.expect("at least one run");
            let pages = lopdf::Document::load_mem(&r.pdf)
                .map(|d| d.get_pages().len())
                .unwrap_or(0);
            let sections = r.data.sections.len();
            println!(
                "site {}, {} {}, {sections} sections: {pages} pages, {} KB PDF, {} KB HTML; {iterations} runs after a warm-up",
                report.site,
                report.report_type,
                report.period,
                r.pdf.len() / 1024,
                r.html.len() / 1024,
            );
            println!("{:<10} {:>9} {:>9}", "step", "median", "p90");
            type Step = fn(&generate::Timings) -> std::time::Duration;
            let rows: [(&str, Step); 6] = [
                ("collect", |t| t.collect),
                ("charts", |t| t.pdf.charts),
                ("layout", |t| t.pdf.layout),
                ("write", |t| t.pdf.write),
                ("pdf", |t| t.pdf_total()),
                ("html", |t| t.html),
            ];
            for (name, get) in rows {
                let s = crate::bench::Sample::new(runs.iter().map(get));
                println!("{name:<10} {:>6.1} ms {:>6.1} ms", s.at(0.5), s.at(0.9));
            }
            // the whole report as a caller waits for it: collect, PDF and HTML, wall clock
            let s = crate::bench::Sample::new(walls);
            println!("{:<10} {:>6.1} ms {:>6.1} ms", "report", s.at(0.5), s.at(0.9));
            Ok(())
        }
    }
}

/// Writes an output file, creating its directory; errors name the option and the path.
fn write_file(option: &str, path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("{option}: cannot create directory {}: {e}", dir.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| anyhow::anyhow!("{option}: cannot write {}: {e}", path.display()))
}

/// The process's peak resident memory (Linux `VmHWM`), in MB.
fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024)
}

fn not_found_site(e: crate::error::AppError, site: i64) -> anyhow::Error {
    match e {
        crate::error::AppError::NotFound => {
            anyhow::anyhow!("no such site {site} (or branding not of the site's account)")
        }
        other => other.into(),
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
