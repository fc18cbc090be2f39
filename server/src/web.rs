//! The Leptos pages and server functions, and the `Backend` port they call through: a thin
//! adapter over the same services GraphQL and REST use.

use std::net::SocketAddr;
use std::sync::Arc;

use app::api::backend::{Backend, SharedBackend};
use app::types::{Actor, ApiError, DashboardSummary, SubscriptionList, Viewer};
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use axum::http::{Method, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};

use crate::auth::{self, session::ClientInfo};
use crate::http::SignedIn;
use crate::state::AppState;
use crate::{accounts, subscriptions};

/// The server side of the port.
pub struct ServerBackend {
    pub state: AppState,
}

#[async_trait::async_trait]
impl Backend for ServerBackend {
    async fn actor(&self, req: &Parts) -> Result<Option<Actor>, ApiError> {
        // `http::identify` has looked the caller up already
        if let Some(SignedIn(actor)) = req.extensions.get::<SignedIn>() {
            return Ok(actor.clone());
        }
        Ok(crate::http::actor_for(&self.state, &req.headers).await?)
    }

    async fn viewer(&self, actor: Option<&Actor>) -> Result<Option<Viewer>, ApiError> {
        let mut pooled = self.state.conn().await?;
        Ok(accounts::viewer(&mut pooled.conn(), actor).await?)
    }

    async fn login(&self, req: &Parts, email: &str, password: &str) -> Result<String, ApiError> {
        let config = &self.state.config;
        let peer = req.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let client = ClientInfo {
            ip: auth::client::address(peer, &req.headers, &config.trusted_proxies, &config.client_ip_header)
                .map(|ip| ip.to_string()),
            user_agent: req
                .headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        };
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
pub fn routes(state: AppState, assets: &app::PageAssets) -> Router {
    let options = LeptosOptions::builder()
        .output_name("igny8")
        .site_root(state.config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(state.config.bind)
        .build();
    let backend: SharedBackend = Arc::new(ServerBackend { state: state.clone() });
    // per request: the backend, and the CSP nonce of `security::headers` for inline scripts
    let context = move || {
        provide_context(backend.clone());
        if let Some(n) = use_context::<Parts>().and_then(|p| p.extensions.get::<crate::security::CspNonce>().cloned()) {
            provide_context(leptos::nonce::Nonce::from_value(n.0));
        }
    };
    let shell = {
        let assets = assets.clone();
        move || app::shell(assets.clone())
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
        .layer(axum::middleware::from_fn(sign_in_first))
}

/// Pages that anonymous visitors may open.
const PUBLIC_PAGES: &[&str] = &["/login"];

/// Server functions take form posts only. A page asked for by nobody signed in is answered `303 See Other` to `/login?next=…`; the
/// sign-in page sends a signed-in user on to where they were going.
async fn sign_in_first(req: Request<Body>, next: Next) -> Response {
    // server functions take HTML form posts (what the pages send, with or without JavaScript)
    if req.uri().path().starts_with("/api/ui/")
        && crate::security::media_type(req.headers()).as_deref() != Some("application/x-www-form-urlencoded")
    {
        return (
            axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "server functions take application/x-www-form-urlencoded",
        )
            .into_response();
    }
    let signed_in = req.extensions().get::<SignedIn>().is_some_and(|s| s.0.is_some());
    let path = req.uri().path();
    let is_page = matches!(*req.method(), Method::GET | Method::HEAD) && !path.starts_with("/api/");
    if is_page {
        let public = PUBLIC_PAGES.contains(&path);
        if !signed_in && !public {
            let here = req.uri().path_and_query().map_or(path, |p| p.as_str());
            let query = form_urlencoded::Serializer::new(String::new())
                .append_pair("next", here)
                .finish();
            return Redirect::to(&format!("/login?{query}")).into_response();
        }
        if signed_in && path == "/login" {
            let next = form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes())
                .find(|(k, _)| k == "next")
                .map(|(_, v)| v.into_owned());
            return Redirect::to(app::api::safe_next(next.as_deref())).into_response();
        }
    }
    next.run(req).await
}
