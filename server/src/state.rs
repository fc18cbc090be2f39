//! What every request handler gets: configuration, the database pool, the login throttle, the
//! GraphQL schema and the file store.

use std::sync::Arc;

use crate::auth::throttle::{LoginThrottle, RateLimit};
use crate::config::Config;
use crate::db::{DbPool, Pooled};
use crate::error::AppResult;
use crate::graphql::{AppSchema, build_schema};
use crate::reports::logo::Logos;
use crate::storage::Storage;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: DbPool,
    pub throttle: Arc<LoginThrottle>,
    pub schema: AppSchema,
    pub storage: Storage,
    /// Brand logos, fetched behind the guard and cached.
    pub logos: Arc<Logos>,
    /// How often the expensive operations may be asked for.
    pub limits: Arc<Limits>,
    /// The dashboard summary, shared by staff for a second or two.
    pub dashboard: Arc<crate::dashboard_cache::DashboardCache>,
    /// Where emails go: the SMTP relay or the file outbox.
    pub mailer: Arc<crate::email::transport::Mailer>,
    /// Report batches started from the generator page, with their progress.
    pub batches: Arc<crate::reports::batch::Runs>,
    /// The template editor's unsaved drafts.
    pub drafts: Arc<crate::templates::Drafts>,
}

impl AppState {
    /// Opens the database pool (it connects lazily).
    pub fn new(config: Config) -> AppResult<AppState> {
        let db = DbPool::open(&config.database_url, config.db_pool_size)?;
        let storage = Storage::open(&config.object_store)?;
        let logos = Arc::new(Logos::new(config.logo_allow_private));
        let mailer = Arc::new(crate::email::transport::Mailer::open(&config)?);
        Ok(AppState {
            config: Arc::new(config),
            db,
            throttle: Arc::new(LoginThrottle::default()),
            schema: build_schema(),
            storage,
            logos,
            limits: Arc::new(Limits::default()),
            dashboard: Arc::default(),
            mailer,
            batches: Arc::default(),
            drafts: Arc::default(),
        })
    }

    pub async fn conn(&self) -> AppResult<Pooled> {
        self.db.get().await
    }
}

/// Allowances of the expensive operations, the same whichever entry point (GraphQL, REST, page)
/// asks. In memory, per process: behind N replicas an account gets up to N times these.
pub struct Limits {
    /// API tokens created per user and hour (`tokens::CREATE_LIMIT`).
    pub tokens: RateLimit,
    /// Reports generated or regenerated on request, per account and hour (the scheduler is not
    /// counted).
    pub generate: RateLimit,
    /// Previews rendered per account and hour.
    pub preview: RateLimit,
    /// Reports emailed on request, per account and hour.
    pub send: RateLimit,
}

/// Reports generated per account and hour.
pub const GENERATE_PER_HOUR: usize = 60;
/// Previews per account and hour.
pub const PREVIEW_PER_HOUR: usize = 300;
/// Sends per account and hour.
pub const SEND_PER_HOUR: usize = 30;

impl Limits {
    /// No allowance runs out (benchmarks ask for far more than an hour's worth).
    pub fn unlimited() -> Limits {
        let hour = std::time::Duration::from_secs(3600);
        Limits {
            tokens: RateLimit::new(hour, usize::MAX),
            generate: RateLimit::new(hour, usize::MAX),
            preview: RateLimit::new(hour, usize::MAX),
            send: RateLimit::new(hour, usize::MAX),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        let hour = std::time::Duration::from_secs(3600);
        Limits {
            tokens: crate::tokens::create_limit(),
            generate: RateLimit::new(hour, GENERATE_PER_HOUR),
            preview: RateLimit::new(hour, PREVIEW_PER_HOUR),
            send: RateLimit::new(hour, SEND_PER_HOUR),
        }
    }
}
