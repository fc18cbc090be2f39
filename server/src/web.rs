//! The Leptos pages and server functions, and the `Backend` port they call through: a thin
//! adapter over the same services GraphQL and REST use.

use std::net::SocketAddr;
use std::sync::Arc;

use app::api::backend::{Backend, SharedBackend};
use app::types::{Actor, ApiError, DashboardSummary, SubscriptionList, Viewer};
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::http::request::Parts;
use axum::routing::post;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};

use crate::auth::{self, session::ClientInfo};
use crate::state::AppState;
use crate::{accounts, subscriptions};

/// The server side of the port.
pub struct ServerBackend {
    pub state: AppState,
}

#[async_trait::async_trait]
impl Backend for ServerBackend {
    async fn actor(&self, req: &Parts) -> Result<Option<Actor>, ApiError> {
        Ok(crate::http::actor_for(&self.state, &req.headers).await?)
    }

    async fn viewer(&self, actor: Option<&Actor>) -> Result<Option<Viewer>, ApiError> {
        let mut pooled = self.state.conn().await?;
        Ok(accounts::viewer(&mut pooled.conn(), actor).await?)
    }

    async fn login(&self, req: &Parts, email: &str, password: &str) -> Result<String, ApiError> {
        let client = ClientInfo {
            ip: req
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string()),
            user_agent: req
                .headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        };
        let config = &self.state.config;
        let mut pooled = self.state.conn().await?;
        let outcome = auth::session::login(
            &mut pooled.conn(),
            &self.state.throttle,
            email,
            password,
            &client,
            config.session_ttl_hours,
            config.secure_cookies(),
            crate::db::now(),
        )
        .await?;
        Ok(outcome.cookie)
    }

    async fn logout(&self, req: &Parts) -> Result<String, ApiError> {
        let mut pooled = self.state.conn().await?;
        Ok(auth::session::logout(&mut pooled.conn(), &req.headers, self.state.config.secure_cookies()).await?)
    }

    async fn services_dashboard(&self, actor: Option<&Actor>) -> Result<DashboardSummary, ApiError> {
        Ok(self
            .state
            .dashboard
            .summary(&self.state, actor, crate::db::now().date())
            .await?)
    }

    async fn subscriptions(&self, actor: Option<&Actor>) -> Result<SubscriptionList, ApiError> {
        let mut pooled = self.state.conn().await?;
        Ok(subscriptions::list(&mut pooled.conn(), actor, &Default::default()).await?)
    }
}

/// The page routes, the server-function endpoint and a fallback that renders "not found".
pub fn routes(state: AppState) -> Router {
    let hydrate = state.config.site_root.join("pkg").join("igny8.js").is_file();
    if !hydrate {
        tracing::warn!(
            site_root = %state.config.site_root.display(),
            "no browser bundle (pkg/igny8.js): serving server-rendered pages without hydration; run scripts/build-hydrate.sh"
        );
    }
    let options = LeptosOptions::builder()
        .output_name("igny8")
        .site_root(state.config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(state.config.bind)
        .build();
    let backend: SharedBackend = Arc::new(ServerBackend { state });
    let context = {
        let backend = backend.clone();
        move || provide_context(backend.clone())
    };
    let shell = {
        let options = options.clone();
        move || app::shell(options.clone(), hydrate)
    };
    let server_fns = {
        let context = context.clone();
        move |req: Request<Body>| {
            let context = context.clone();
            async move { handle_server_fns_with_context(context, req).await }
        }
    };
    let fallback = leptos_axum::render_app_to_stream_with_context(context.clone(), shell.clone());
    Router::new()
        .route("/api/ui/{*name}", post(server_fns))
        .leptos_routes_with_context(&options, generate_route_list(app::App), context, shell)
        .fallback(fallback)
        .with_state(options)
}
