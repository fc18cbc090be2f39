//! What every request handler gets: configuration, the database pool, the login throttle, the
//! GraphQL schema and the file store.

use std::sync::Arc;

use crate::auth::throttle::LoginThrottle;
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
    /// At most `tokens::CREATE_LIMIT` API tokens an hour per user.
    pub token_limit: Arc<crate::auth::throttle::RateLimit>,
    /// The dashboard summary, shared by staff for a second or two.
    pub dashboard: Arc<crate::dashboard_cache::DashboardCache>,
    /// Where emails go: the SMTP relay or the file outbox.
    pub mailer: Arc<crate::email::transport::Mailer>,
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
            token_limit: Arc::new(crate::tokens::create_limit()),
            dashboard: Arc::default(),
            mailer,
        })
    }

    pub async fn conn(&self) -> AppResult<Pooled> {
        self.db.get().await
    }
}
