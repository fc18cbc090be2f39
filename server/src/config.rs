//! One `Config`, read from environment variables and an optional TOML file (`IGNY8_CONFIG`).
//! Environment wins over the file. Any bad or unknown key stops start-up with one line naming
//! the key and the problem. The README's configuration table lists every key below.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Where the data lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://PATH` (relative paths are relative to the working directory).
    Sqlite(PathBuf),
    /// `postgres://…` or `postgresql://…`, passed to the driver as written.
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<DatabaseUrl, String> {
        let raw = raw.trim();
        if let Some(rest) = raw.strip_prefix("sqlite://").or_else(|| raw.strip_prefix("sqlite:")) {
            if rest.is_empty() {
                return Err("sqlite URL has no file path (expected sqlite://PATH)".into());
            }
            if rest == ":memory:" || rest.contains("mode=memory") {
                return Err("in-memory SQLite gives every pooled connection its own database; use a file".into());
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(rest)));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            let url = url::Url::parse(raw).map_err(|e| format!("not a valid PostgreSQL URL: {e}"))?;
            if url.host_str().is_none_or(str::is_empty) && !raw.contains("host=") {
                return Err("PostgreSQL URL has no host".into());
            }
            return Ok(DatabaseUrl::Postgres(raw.to_owned()));
        }
        let scheme = raw.split("://").next().filter(|_| raw.contains("://")).unwrap_or(raw);
        Err(format!(
            "unsupported database `{scheme}` (use sqlite://PATH or postgres://USER@HOST/DB)"
        ))
    }
}

impl fmt::Display for DatabaseUrl {
    /// Never prints a password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(p) => write!(f, "sqlite://{}", p.display()),
            DatabaseUrl::Postgres(raw) => match url::Url::parse(raw) {
                Ok(mut u) => {
                    if u.password().is_some() {
                        let _ = u.set_password(Some("***"));
                    }
                    write!(f, "{u}")
                }
                Err(_) => f.write_str("postgres://(unparseable)"),
            },
        }
    }
}

/// Where report files are stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ObjectStoreConfig {
    /// A local directory (the default, `./data/objects`).
    Local(PathBuf),
    /// An S3 bucket (`s3://BUCKET/PREFIX`), on AWS or an S3-compatible server at `endpoint`.
    S3 {
        bucket: String,
        prefix: String,
        endpoint: Option<url::Url>,
        region: String,
        /// With the secret: explicit credentials; without: the standard AWS environment
        /// (`AWS_ACCESS_KEY_ID`, …) or the instance's role.
        access_key_id: Option<String>,
        secret_access_key: Option<Secret>,
    },
}

/// A value that is never printed (`Debug` shows `***`).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl ObjectStoreConfig {
    fn parse(raw: &str, endpoint: &str, region: &str, key_id: &str, secret: &str) -> Result<Self, ConfigError> {
        let err = |key: &str, problem: String| ConfigError {
            key: key.to_owned(),
            problem,
        };
        let Some(rest) = raw.trim().strip_prefix("s3://") else {
            if raw.trim().is_empty() {
                return Err(err(
                    "IGNY8_OBJECT_STORE",
                    "is empty (a directory or s3://BUCKET/PREFIX)".into(),
                ));
            }
            if raw.contains("://") {
                return Err(err(
                    "IGNY8_OBJECT_STORE",
                    format!("`{raw}`: only local directories and s3:// URLs are supported"),
                ));
            }
            return Ok(ObjectStoreConfig::Local(PathBuf::from(raw)));
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let valid_bucket = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        if !valid_bucket {
            return Err(err(
                "IGNY8_OBJECT_STORE",
                format!("`{bucket}` is not an S3 bucket name (3–63 of a-z, 0-9, '-', '.')"),
            ));
        }
        let endpoint = match endpoint.trim() {
            "" => None,
            e => {
                let u = url::Url::parse(e).map_err(|x| err("IGNY8_S3_ENDPOINT", format!("not a URL: {x}")))?;
                if !matches!(u.scheme(), "http" | "https") {
                    return Err(err("IGNY8_S3_ENDPOINT", "must start with http:// or https://".into()));
                }
                Some(u)
            }
        };
        let (key_id, secret) = (key_id.trim(), secret.trim());
        if key_id.is_empty() != secret.is_empty() {
            let missing = if key_id.is_empty() {
                "IGNY8_S3_ACCESS_KEY_ID"
            } else {
                "IGNY8_S3_SECRET_ACCESS_KEY"
            };
            return Err(err(missing, "is required when the other S3 credential is set".into()));
        }
        if region.trim().is_empty() {
            return Err(err("IGNY8_S3_REGION", "is empty".into()));
        }
        Ok(ObjectStoreConfig::S3 {
            bucket: bucket.to_owned(),
            prefix: prefix.trim_matches('/').to_owned(),
            endpoint,
            region: region.trim().to_owned(),
            access_key_id: (!key_id.is_empty()).then(|| key_id.to_owned()),
            secret_access_key: (!secret.is_empty()).then(|| Secret(secret.to_owned())),
        })
    }
}

/// The whole configuration of one server process.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: DatabaseUrl,
    pub db_pool_size: usize,
    pub bind: SocketAddr,
    /// The URL people reach this server at; `https://` turns on `Secure` cookies.
    pub public_url: url::Url,
    pub object_store: ObjectStoreConfig,
    pub outbox_dir: PathBuf,
    /// Where the browser bundle (`pkg/`) is served from.
    pub site_root: PathBuf,
    /// Production mode: no GraphiQL, stricter defaults.
    pub production: bool,
    pub session_ttl_hours: u32,
    pub max_body_bytes: usize,
    /// `tracing` filter, e.g. `info` or `server=debug,tower_http=info`.
    pub log: String,
    /// `json` or `text` log lines.
    pub log_format: LogFormat,
    /// Let brand logos be fetched from loopback, private and link-local addresses.
    pub logo_allow_private: bool,
    /// Where agency domains are checked instead of where DNS sends them (`host:port` of the
    /// reverse proxy in front of this server, or of the server itself in tests); `None`: DNS, port 80.
    pub domain_check_addr: Option<SocketAddr>,
    /// Origins whose pages may call the APIs from a browser (CORS); empty: none may.
    pub cors_origins: Vec<http::HeaderValue>,
    /// Reverse proxies whose `client_ip_header` names the client (the login throttle's key).
    pub trusted_proxies: Vec<crate::auth::client::IpNet>,
    pub client_ip_header: http::HeaderName,
    pub jobs: JobsConfig,
    pub email: EmailConfig,
    /// When set, this process's clock starts at this instant and runs on from there (rehearsing
    /// a schedule boundary on a staging server, and the tests that run replicas at one).
    pub clock_start: Option<chrono::DateTime<chrono::Utc>>,
}

/// The scheduler: each job's schedule, how often it looks, and how it retries.
#[derive(Clone, Debug)]
pub struct JobsConfig {
    /// Each job's schedule; `None`: the job is disabled (an empty expression).
    pub schedules: Vec<(crate::jobs::Job, Option<crate::jobs::schedule::Schedule>)>,
    /// Where the jobs that are not per account read their schedule.
    pub timezone: chrono_tz::Tz,
    /// How often the scheduler looks for due work (a 6-field cron expression); `None`: the
    /// server runs no scheduler (jobs still run with `igny8 jobs run`).
    pub tick: Option<String>,
    /// How far back missed periods are caught up.
    pub catch_up_days: u32,
    /// A claim older than this whose replica did not finish it is taken over.
    pub lease_secs: u32,
    pub max_attempts: u32,
    /// First retry after this many seconds, doubling with each attempt.
    pub retry_secs: u32,
    /// Reports generated at once.
    pub workers: usize,
}

impl JobsConfig {
    pub fn schedule(&self, job: crate::jobs::Job) -> Option<&crate::jobs::schedule::Schedule> {
        self.schedules
            .iter()
            .find(|(j, _)| *j == job)
            .and_then(|(_, s)| s.as_ref())
    }
}

/// Outgoing email: the SMTP relay (or the file outbox), the sender, attachments and retries.
#[derive(Clone, Debug)]
pub struct EmailConfig {
    /// `smtp://…` (`?tls=required` for STARTTLS) or `smtps://…`, with `user:password@`;
    /// `None`: the file outbox.
    pub smtp_url: Option<Secret>,
    /// The sender address; the display name is the brand's.
    pub from: lettre::Address,
    /// A PDF up to this size is attached; a larger one is linked (signed, expiring).
    pub attach_max_bytes: u64,
    /// How long an emailed link to a PDF stays valid.
    pub link_days: u32,
    pub max_attempts: u32,
    /// First retry after this many seconds, doubling with each attempt.
    pub retry_secs: u32,
    pub timeout_secs: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// A configuration problem: which key, and what is wrong with its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub key: String,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "configuration error: {}: {}", self.key, self.problem)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    pub fn new(key: &str, problem: impl Into<String>) -> ConfigError {
        ConfigError {
            key: key.to_owned(),
            problem: problem.into(),
        }
    }
}

/// Every key: (environment variable, file key, default, description). The README table mirrors this.
pub const KEYS: &[(&str, &str, &str, &str)] = &[
    (
        "DATABASE_URL",
        "database_url",
        "sqlite://./data/igny8.db",
        "sqlite://PATH or postgres://USER@HOST/DB",
    ),
    ("IGNY8_DB_POOL_SIZE", "db_pool_size", "8", "connections per process"),
    ("IGNY8_BIND", "bind", "127.0.0.1:3000", "address and port to listen on"),
    (
        "IGNY8_PUBLIC_URL",
        "public_url",
        "http://<bind>",
        "URL users reach; https:// makes cookies Secure",
    ),
    (
        "IGNY8_OBJECT_STORE",
        "object_store",
        "./data/objects",
        "directory for report files",
    ),
    (
        "IGNY8_OUTBOX_DIR",
        "outbox_dir",
        "./data/outbox",
        "directory where emails are written as .eml",
    ),
    (
        "IGNY8_SITE_ROOT",
        "site_root",
        "target/site",
        "directory holding pkg/ (the hydrate bundle)",
    ),
    (
        "IGNY8_PRODUCTION",
        "production",
        "false",
        "production mode (no GraphiQL)",
    ),
    (
        "IGNY8_SESSION_TTL_HOURS",
        "session_ttl_hours",
        "336",
        "session lifetime (hours)",
    ),
    (
        "IGNY8_MAX_BODY_BYTES",
        "max_body_bytes",
        "1048576",
        "largest accepted request body",
    ),
    (
        "IGNY8_S3_ENDPOINT",
        "s3_endpoint",
        "",
        "URL of an S3-compatible server (empty: AWS)",
    ),
    ("IGNY8_S3_REGION", "s3_region", "us-east-1", "S3 region"),
    (
        "IGNY8_S3_ACCESS_KEY_ID",
        "s3_access_key_id",
        "",
        "S3 access key (empty: the AWS environment or role)",
    ),
    (
        "IGNY8_S3_SECRET_ACCESS_KEY",
        "s3_secret_access_key",
        "",
        "S3 secret key",
    ),
    (
        "IGNY8_LOGO_ALLOW_PRIVATE",
        "logo_allow_private",
        "false",
        "fetch brand logos from private addresses",
    ),
    (
        "IGNY8_DOMAIN_CHECK_ADDR",
        "domain_check_addr",
        "",
        "host:port agency domains are verified at instead of their DNS address (empty: DNS, port 80)",
    ),
    (
        "IGNY8_CORS_ORIGINS",
        "cors_origins",
        "",
        "comma-separated origins allowed to call the APIs from a browser",
    ),
    (
        "IGNY8_TRUSTED_PROXIES",
        "trusted_proxies",
        "",
        "comma-separated addresses or CIDR ranges of reverse proxies whose client-address header is believed",
    ),
    (
        "IGNY8_CLIENT_IP_HEADER",
        "client_ip_header",
        "x-forwarded-for",
        "header a trusted proxy puts the client address in",
    ),
    (
        "IGNY8_JOB_GENERATE_WEEKLY_REPORTS",
        "job_generate_weekly_reports",
        "0 6 * * MON",
        "cron, in each account's time zone (empty: disabled)",
    ),
    (
        "IGNY8_JOB_GENERATE_MONTHLY_REPORTS",
        "job_generate_monthly_reports",
        "0 6 * * *",
        "cron, in each account's time zone (empty: disabled); a subscription's report is due on the occurrence of its config.report_day (default the 1st), so keep it daily",
    ),
    (
        "IGNY8_JOB_SEND_PENDING_REPORTS",
        "job_send_pending_reports",
        "0 7 * * *",
        "cron, in IGNY8_JOBS_TIMEZONE (empty: disabled)",
    ),
    (
        "IGNY8_JOB_CHECK_OVERDUE_DELIVERABLES",
        "job_check_overdue_deliverables",
        "0 5 * * *",
        "cron, in IGNY8_JOBS_TIMEZONE (empty: disabled)",
    ),
    (
        "IGNY8_JOB_COLLECT_REPORT_METRICS",
        "job_collect_report_metrics",
        "30 2 * * *",
        "cron, in IGNY8_JOBS_TIMEZONE (empty: disabled)",
    ),
    (
        "IGNY8_JOBS_TIMEZONE",
        "jobs_timezone",
        "UTC",
        "IANA time zone of the jobs that are not per account",
    ),
    (
        "IGNY8_JOBS_TICK",
        "jobs_tick",
        "0 * * * * *",
        "how often the scheduler looks for due work (empty: no scheduler)",
    ),
    (
        "IGNY8_JOBS_CATCH_UP_DAYS",
        "jobs_catch_up_days",
        "7",
        "missed periods this recent are caught up",
    ),
    (
        "IGNY8_JOBS_LEASE_SECS",
        "jobs_lease_secs",
        "600",
        "an unfinished claim older than this is taken over",
    ),
    (
        "IGNY8_JOBS_MAX_ATTEMPTS",
        "jobs_max_attempts",
        "5",
        "attempts per unit of work",
    ),
    (
        "IGNY8_JOBS_RETRY_SECS",
        "jobs_retry_secs",
        "60",
        "first retry delay, doubling per attempt",
    ),
    ("IGNY8_JOBS_WORKERS", "jobs_workers", "2", "reports generated at once"),
    (
        "IGNY8_CLOCK_START",
        "clock_start",
        "",
        "RFC 3339 instant this process's clock starts at (rehearsals)",
    ),
    (
        "IGNY8_SMTP_URL",
        "smtp_url",
        "",
        "smtp://user:pass@host:587?tls=required or smtps://… (empty: file outbox)",
    ),
    (
        "IGNY8_EMAIL_FROM",
        "email_from",
        "",
        "sender address (empty: reports@<public host>)",
    ),
    (
        "IGNY8_EMAIL_ATTACH_MAX_BYTES",
        "email_attach_max_bytes",
        "5242880",
        "larger PDFs are sent as a signed link",
    ),
    (
        "IGNY8_EMAIL_LINK_DAYS",
        "email_link_days",
        "30",
        "validity of an emailed PDF link",
    ),
    (
        "IGNY8_EMAIL_MAX_ATTEMPTS",
        "email_max_attempts",
        "8",
        "delivery attempts per email",
    ),
    (
        "IGNY8_EMAIL_RETRY_SECS",
        "email_retry_secs",
        "30",
        "first retry delay, doubling per attempt",
    ),
    ("IGNY8_EMAIL_TIMEOUT_SECS", "email_timeout_secs", "20", "SMTP timeout"),
    ("IGNY8_LOG", "log", "info", "tracing filter"),
    ("IGNY8_LOG_FORMAT", "log_format", "text", "text or json"),
];

/// Environment variables that are ours but not configuration keys.
const META_ENV: &[&str] = &["IGNY8_CONFIG", "IGNY8_WASM_PROFILE"];
const TEST_ENV_PREFIX: &str = "IGNY8_TEST_";

impl Config {
    /// Reads the process environment (and the TOML file it names).
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_vars(std::env::vars())
    }

    /// Builds a configuration from these variables: the testable core of `from_env`.
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Result<Config, ConfigError> {
        let env: BTreeMap<String, String> = vars.into_iter().collect();
        let mut values: BTreeMap<&'static str, String> = BTreeMap::new();

        if let Some(path) = env.get("IGNY8_CONFIG").filter(|p| !p.is_empty()) {
            for (key, value) in read_file(path)? {
                values.insert(key, value);
            }
        }
        for (name, value) in &env {
            if let Some(&(env_name, ..)) = KEYS.iter().find(|k| k.0 == name) {
                values.insert(env_name, value.clone());
            } else if name.starts_with("IGNY8_")
                && !META_ENV.contains(&name.as_str())
                && !name.starts_with(TEST_ENV_PREFIX)
            {
                return Err(ConfigError {
                    key: name.clone(),
                    problem: "unknown configuration key (see the README's configuration table)".into(),
                });
            }
        }

        let get = |key: &'static str| -> String {
            values.get(key).cloned().unwrap_or_else(|| {
                KEYS.iter()
                    .find(|k| k.0 == key)
                    .map(|k| k.2.to_owned())
                    .unwrap_or_default()
            })
        };
        let err = |key: &str, problem: String| ConfigError {
            key: key.to_owned(),
            problem,
        };

        let database_url = DatabaseUrl::parse(&get("DATABASE_URL")).map_err(|p| err("DATABASE_URL", p))?;
        let bind: SocketAddr = get("IGNY8_BIND")
            .parse()
            .map_err(|e| err("IGNY8_BIND", format!("expected HOST:PORT with a port 0–65535 ({e})")))?;
        let public_url = match values.get("IGNY8_PUBLIC_URL") {
            Some(raw) => {
                let u = url::Url::parse(raw).map_err(|e| err("IGNY8_PUBLIC_URL", format!("not a URL: {e}")))?;
                if !matches!(u.scheme(), "http" | "https") {
                    return Err(err("IGNY8_PUBLIC_URL", "must start with http:// or https://".into()));
                }
                u
            }
            None => url::Url::parse(&format!("http://{bind}")).map_err(|e| err("IGNY8_BIND", e.to_string()))?,
        };
        let log_format = match get("IGNY8_LOG_FORMAT").as_str() {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => return Err(err("IGNY8_LOG_FORMAT", format!("`{other}` is not text or json"))),
        };
        Ok(Config {
            database_url,
            db_pool_size: parse_num(&get("IGNY8_DB_POOL_SIZE"), 1, 512).map_err(|p| err("IGNY8_DB_POOL_SIZE", p))?,
            bind,
            object_store: ObjectStoreConfig::parse(
                &get("IGNY8_OBJECT_STORE"),
                &get("IGNY8_S3_ENDPOINT"),
                &get("IGNY8_S3_REGION"),
                &get("IGNY8_S3_ACCESS_KEY_ID"),
                &get("IGNY8_S3_SECRET_ACCESS_KEY"),
            )?,
            outbox_dir: PathBuf::from(get("IGNY8_OUTBOX_DIR")),
            site_root: PathBuf::from(get("IGNY8_SITE_ROOT")),
            production: parse_bool(&get("IGNY8_PRODUCTION")).map_err(|p| err("IGNY8_PRODUCTION", p))?,
            session_ttl_hours: parse_num(&get("IGNY8_SESSION_TTL_HOURS"), 1, 24 * 366)
                .map_err(|p| err("IGNY8_SESSION_TTL_HOURS", p))?,
            max_body_bytes: parse_num(&get("IGNY8_MAX_BODY_BYTES"), 1024, 1 << 30)
                .map_err(|p| err("IGNY8_MAX_BODY_BYTES", p))?,
            log: get("IGNY8_LOG"),
            log_format,
            logo_allow_private: parse_bool(&get("IGNY8_LOGO_ALLOW_PRIVATE"))
                .map_err(|p| err("IGNY8_LOGO_ALLOW_PRIVATE", p))?,
            domain_check_addr: match get("IGNY8_DOMAIN_CHECK_ADDR").trim() {
                "" => None,
                raw => Some(
                    raw.parse()
                        .map_err(|_| err("IGNY8_DOMAIN_CHECK_ADDR", format!("`{raw}` is not an address:port")))?,
                ),
            },
            cors_origins: parse_origins(&get("IGNY8_CORS_ORIGINS")).map_err(|p| err("IGNY8_CORS_ORIGINS", p))?,
            trusted_proxies: get("IGNY8_TRUSTED_PROXIES")
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(crate::auth::client::IpNet::parse)
                .collect::<Result<_, _>>()
                .map_err(|p| err("IGNY8_TRUSTED_PROXIES", p))?,
            client_ip_header: http::HeaderName::from_bytes(
                get("IGNY8_CLIENT_IP_HEADER").trim().to_ascii_lowercase().as_bytes(),
            )
            .map_err(|e| err("IGNY8_CLIENT_IP_HEADER", format!("not a header name: {e}")))?,
            jobs: jobs_config(&get)?,
            email: email_config(&get, &public_url)?,
            clock_start: match get("IGNY8_CLOCK_START").trim() {
                "" => None,
                raw => Some(
                    chrono::DateTime::parse_from_rfc3339(raw)
                        .map_err(|e| err("IGNY8_CLOCK_START", format!("`{raw}` is not an RFC 3339 instant: {e}")))?
                        .with_timezone(&chrono::Utc),
                ),
            },
            public_url,
        })
    }

    /// The host name of the public URL: the platform's own, never an agency's domain.
    pub fn platform_host(&self) -> String {
        self.public_url.host_str().unwrap_or_default().to_ascii_lowercase()
    }

    /// Whether cookies must carry `Secure` (the public URL is https).
    pub fn secure_cookies(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// A configuration for tests and tools: defaults with this database and data directory.
    pub fn for_data_dir(database_url: DatabaseUrl, data_dir: &std::path::Path) -> Config {
        let mut config = Config::from_vars(Vec::new()).expect("defaults are valid");
        config.database_url = database_url;
        config.object_store = ObjectStoreConfig::Local(data_dir.join("objects"));
        config.outbox_dir = data_dir.join("outbox");
        config
    }
}

fn read_file(path: &str) -> Result<Vec<(&'static str, String)>, ConfigError> {
    let err = |problem: String| ConfigError {
        key: "IGNY8_CONFIG".into(),
        problem,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read {path}: {e}")))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e| err(format!("{path} is not valid TOML: {e}")))?;
    let mut out = Vec::new();
    for (key, value) in table {
        let Some(&(env_name, ..)) = KEYS.iter().find(|k| k.1 == key) else {
            return Err(ConfigError {
                key: format!("{path}: {key}"),
                problem: "unknown configuration key".into(),
            });
        };
        let text = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            other => {
                return Err(ConfigError {
                    key: format!("{path}: {key}"),
                    problem: format!("expected a string, number or boolean, got {}", other.type_str()),
                });
            }
        };
        out.push((env_name, text));
    }
    Ok(out)
}

/// `https://a.example, https://b.example:8443` → the origins, each a scheme, host and port only.
fn parse_origins(raw: &str) -> Result<Vec<http::HeaderValue>, String> {
    raw.split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|o| {
            let u = url::Url::parse(o).map_err(|e| format!("`{o}` is not an origin: {e}"))?;
            if !matches!(u.scheme(), "http" | "https") || u.path() != "/" || u.query().is_some() || o.ends_with('/') {
                return Err(format!(
                    "`{o}` is not an origin like https://app.example (scheme, host, port only)"
                ));
            }
            http::HeaderValue::from_str(o).map_err(|e| format!("`{o}`: {e}"))
        })
        .collect()
}

fn key_err(key: &str, problem: String) -> ConfigError {
    ConfigError {
        key: key.to_owned(),
        problem,
    }
}

fn jobs_config(get: &impl Fn(&'static str) -> String) -> Result<JobsConfig, ConfigError> {
    use crate::jobs::{Job, schedule::Schedule};
    let mut schedules = Vec::new();
    for job in Job::ALL {
        let key = job.config_key();
        schedules.push((job, Schedule::parse(&get(key)).map_err(|p| key_err(key, p))?));
    }
    let tz_raw = get("IGNY8_JOBS_TIMEZONE");
    let timezone = crate::jobs::schedule::parse_timezone(&tz_raw).map_err(|p| key_err("IGNY8_JOBS_TIMEZONE", p))?;
    let tick = match get("IGNY8_JOBS_TICK").trim() {
        "" => None,
        raw => {
            Schedule::parse(raw).map_err(|p| key_err("IGNY8_JOBS_TICK", p))?;
            if raw.split_whitespace().count() != 6 {
                return Err(key_err(
                    "IGNY8_JOBS_TICK",
                    format!("`{raw}` needs six fields, seconds first (e.g. `0 * * * * *`)"),
                ));
            }
            Some(raw.to_owned())
        }
    };
    let num = |key: &'static str, min: u32, max: u32| parse_num(&get(key), min, max).map_err(|p| key_err(key, p));
    Ok(JobsConfig {
        schedules,
        timezone,
        tick,
        catch_up_days: num("IGNY8_JOBS_CATCH_UP_DAYS", 0, 366)?,
        lease_secs: num("IGNY8_JOBS_LEASE_SECS", 1, 86_400)?,
        max_attempts: num("IGNY8_JOBS_MAX_ATTEMPTS", 1, 100)?,
        retry_secs: num("IGNY8_JOBS_RETRY_SECS", 1, 86_400)?,
        workers: num("IGNY8_JOBS_WORKERS", 1, 64)? as usize,
    })
}

fn email_config(get: &impl Fn(&'static str) -> String, public_url: &url::Url) -> Result<EmailConfig, ConfigError> {
    let smtp_url = match get("IGNY8_SMTP_URL").trim() {
        "" => None,
        raw => {
            let u = url::Url::parse(raw).map_err(|e| key_err("IGNY8_SMTP_URL", format!("not a URL: {e}")))?;
            if !matches!(u.scheme(), "smtp" | "smtps") || u.host_str().is_none_or(str::is_empty) {
                return Err(key_err(
                    "IGNY8_SMTP_URL",
                    "expected smtp://HOST[:PORT] or smtps://HOST[:PORT]".into(),
                ));
            }
            Some(Secret(raw.to_owned()))
        }
    };
    let from_raw = match get("IGNY8_EMAIL_FROM").trim() {
        "" => format!("reports@{}", public_url.host_str().unwrap_or("localhost")),
        raw => raw.to_owned(),
    };
    let from: lettre::Address = from_raw
        .parse()
        .map_err(|_| key_err("IGNY8_EMAIL_FROM", format!("`{from_raw}` is not an email address")))?;
    let num = |key: &'static str, min: u32, max: u32| parse_num(&get(key), min, max).map_err(|p| key_err(key, p));
    Ok(EmailConfig {
        smtp_url,
        from,
        attach_max_bytes: parse_num(&get("IGNY8_EMAIL_ATTACH_MAX_BYTES"), 0u64, 1 << 30)
            .map_err(|p| key_err("IGNY8_EMAIL_ATTACH_MAX_BYTES", p))?,
        link_days: num(
            "IGNY8_EMAIL_LINK_DAYS",
            1,
            crate::reports::lifecycle::SHARE_MAX_DAYS as u32,
        )?,
        max_attempts: num("IGNY8_EMAIL_MAX_ATTEMPTS", 1, 100)?,
        retry_secs: num("IGNY8_EMAIL_RETRY_SECS", 1, 86_400)?,
        timeout_secs: num("IGNY8_EMAIL_TIMEOUT_SECS", 1, 600)?,
    })
}

fn parse_bool(raw: &str) -> Result<bool, String> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        other => Err(format!("`{other}` is not a boolean (true/false)")),
    }
}

fn parse_num<T: std::str::FromStr + PartialOrd + fmt::Display + Copy>(raw: &str, min: T, max: T) -> Result<T, String> {
    let n: T = raw
        .trim()
        .parse()
        .map_err(|_| format!("`{raw}` is not a whole number"))?;
    if n < min || n > max {
        return Err(format!("{n} is out of range ({min}–{max})"));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_are_the_embedded_setup() {
        let c = Config::from_vars(vars(&[])).unwrap();
        assert_eq!(c.database_url, DatabaseUrl::Sqlite("./data/igny8.db".into()));
        assert_eq!(c.bind.to_string(), "127.0.0.1:3000");
        assert_eq!(c.object_store, ObjectStoreConfig::Local("./data/objects".into()));
        assert_eq!(c.outbox_dir, PathBuf::from("./data/outbox"));
        assert!(!c.production && !c.secure_cookies());
        assert!(c.email.smtp_url.is_none(), "the file outbox is the default");
        assert_eq!(c.email.from.to_string(), "reports@127.0.0.1");
        assert_eq!(c.email.attach_max_bytes, 5 * 1024 * 1024);
        assert!(c.jobs.schedules.iter().all(|(_, s)| s.is_some()));
    }

    #[test]
    fn an_empty_schedule_disables_its_job() {
        let c = Config::from_vars(vars(&[("IGNY8_JOB_SEND_PENDING_REPORTS", "")])).unwrap();
        assert!(c.jobs.schedule(crate::jobs::Job::SendPendingReports).is_none());
        assert!(c.jobs.schedule(crate::jobs::Job::GenerateWeeklyReports).is_some());
        let c = Config::from_vars(vars(&[("IGNY8_JOBS_TICK", "")])).unwrap();
        assert!(c.jobs.tick.is_none());
    }

    #[test]
    fn bad_values_name_the_key() {
        let cases = [
            ("DATABASE_URL", "mysql://x/y", "unsupported database `mysql`"),
            ("DATABASE_URL", "postgres://", "no host"),
            ("DATABASE_URL", "sqlite://:memory:", "in-memory"),
            ("IGNY8_BIND", "127.0.0.1:99999", "port"),
            ("IGNY8_BIND", "localhost", "HOST:PORT"),
            ("IGNY8_PRODUCTION", "maybe", "not a boolean"),
            ("IGNY8_DB_POOL_SIZE", "0", "out of range"),
            ("IGNY8_PUBLIC_URL", "ftp://x", "http"),
            ("IGNY8_COLOUR", "blue", "unknown configuration key"),
            ("IGNY8_OBJECT_STORE", "gs://bucket", "only local directories and s3://"),
            ("IGNY8_OBJECT_STORE", "s3://Bad_Bucket", "not an S3 bucket name"),
            ("IGNY8_LOGO_ALLOW_PRIVATE", "sometimes", "not a boolean"),
            ("IGNY8_CORS_ORIGINS", "https://a.example/path", "not an origin"),
            ("IGNY8_CORS_ORIGINS", "*", "not an origin"),
            ("IGNY8_TRUSTED_PROXIES", "10.0.0.0/33", "not an address or CIDR range"),
            (
                "IGNY8_TRUSTED_PROXIES",
                "proxy.internal",
                "not an address or CIDR range",
            ),
            ("IGNY8_CLIENT_IP_HEADER", "x forwarded", "not a header name"),
            (
                "IGNY8_JOB_GENERATE_WEEKLY_REPORTS",
                "0 6 * * FUNDAY",
                "not a cron expression",
            ),
            (
                "IGNY8_JOB_COLLECT_REPORT_METRICS",
                "61 * * * *",
                "not a cron expression",
            ),
            ("IGNY8_JOBS_TIMEZONE", "Mars/Olympus", "not an IANA time zone"),
            ("IGNY8_JOBS_TICK", "every minute", "not a cron expression"),
            ("IGNY8_JOBS_TICK", "* * * * *", "six fields"),
            ("IGNY8_CLOCK_START", "2026-13-01", "RFC 3339"),
            ("IGNY8_SMTP_URL", "http://relay", "smtp://"),
            ("IGNY8_EMAIL_FROM", "reports", "not an email address"),
        ];
        for (key, value, expected) in cases {
            let e = Config::from_vars(vars(&[(key, value)])).unwrap_err();
            assert_eq!(e.key, key, "{key}={value}");
            assert!(e.problem.contains(expected), "{key}={value}: {}", e.problem);
            assert!(e.to_string().starts_with(&format!("configuration error: {key}: ")));
        }
    }

    #[test]
    fn s3_settings_are_checked_together() {
        let c = Config::from_vars(vars(&[
            ("IGNY8_OBJECT_STORE", "s3://reports/igny8/"),
            ("IGNY8_S3_ENDPOINT", "http://127.0.0.1:9000"),
            ("IGNY8_S3_ACCESS_KEY_ID", "key"),
            ("IGNY8_S3_SECRET_ACCESS_KEY", "wJalrXUtnFEMI"),
        ]))
        .unwrap();
        let ObjectStoreConfig::S3 {
            bucket,
            prefix,
            endpoint,
            ..
        } = &c.object_store
        else {
            panic!("S3 expected");
        };
        assert_eq!((bucket.as_str(), prefix.as_str()), ("reports", "igny8"));
        assert_eq!(endpoint.as_ref().unwrap().port(), Some(9000));
        assert!(
            !format!("{c:?}").contains("wJalrXUtnFEMI"),
            "the secret is never printed"
        );
        let e = Config::from_vars(vars(&[
            ("IGNY8_OBJECT_STORE", "s3://reports"),
            ("IGNY8_S3_ACCESS_KEY_ID", "key"),
        ]))
        .unwrap_err();
        assert_eq!(e.key, "IGNY8_S3_SECRET_ACCESS_KEY");
        let e = Config::from_vars(vars(&[
            ("IGNY8_OBJECT_STORE", "s3://reports"),
            ("IGNY8_S3_ENDPOINT", "ftp://x"),
        ]))
        .unwrap_err();
        assert_eq!(e.key, "IGNY8_S3_ENDPOINT");
    }

    #[test]
    fn test_harness_variables_are_not_keys() {
        assert!(Config::from_vars(vars(&[("IGNY8_TEST_PG_URL", "postgres://h/db")])).is_ok());
    }

    #[test]
    fn file_values_yield_to_the_environment_and_unknown_file_keys_fail() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("igny8.toml");
        std::fs::write(
            &path,
            "bind = \"127.0.0.1:4000\"\nproduction = true\nsession_ttl_hours = 2\n",
        )
        .unwrap();
        let p = path.to_string_lossy().to_string();
        let c = Config::from_vars(vars(&[("IGNY8_CONFIG", &p), ("IGNY8_BIND", "127.0.0.1:5000")])).unwrap();
        assert_eq!(c.bind.port(), 5000);
        assert!(c.production);
        assert_eq!(c.session_ttl_hours, 2);

        std::fs::write(&path, "colour = \"blue\"\n").unwrap();
        let e = Config::from_vars(vars(&[("IGNY8_CONFIG", &p)])).unwrap_err();
        assert!(e.key.ends_with(": colour") && e.problem.contains("unknown"), "{e}");
    }

    #[test]
    fn postgres_passwords_are_not_printed() {
        let u = DatabaseUrl::parse("postgres://app:s3cret@db.internal:5432/igny8").unwrap();
        assert!(!u.to_string().contains("s3cret"));
    }
}
