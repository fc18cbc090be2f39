//! The HTTP surface: one axum router with health checks, GraphQL, REST, static files and the
//! Leptos pages; the `Caller` extractor that turns credentials into an `Actor`; serving with
//! graceful shutdown.

use std::net::SocketAddr;

use app::types::Actor;
use async_graphql::http::GraphiQLSource;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts, State};
use axum::http::{HeaderMap, StatusCode, header, request::Parts};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use crate::auth;
use crate::error::{AppError, AppResult};
use crate::graphql::RequestContext;
use crate::state::AppState;
use crate::web;

/// The stylesheet, compiled in so the binary serves it from any working directory.
const STYLESHEET: &str = include_str!("../../style/main.css");

/// Who is calling, from a bearer token or the session cookie (`None` = anonymous). A bad
/// bearer token is refused with 401.
pub struct Caller(pub Option<Actor>);

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Ok(Caller(actor_for(state, &parts.headers).await?))
    }
}

pub async fn actor_for(state: &AppState, headers: &HeaderMap) -> AppResult<Option<Actor>> {
    let mut pooled = state.conn().await?;
    auth::actor_from_headers(&mut pooled.conn(), headers).await
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    let max_body = state.config.max_body_bytes;
    let pkg_dir = state.config.site_root.join("pkg");
    let public_dir = state.config.public_dir.clone();
    let api = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/graphql", get(graphiql).post(graphql))
        .merge(crate::rest::routes())
        .with_state(state.clone());
    let cors = cors(&state.config.cors_origins);
    api.merge(web::routes(state))
        .nest_service("/pkg", ServeDir::new(pkg_dir))
        .nest_service("/public", ServeDir::new(public_dir))
        .route("/style/main.css", get(stylesheet))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(cors)
        .layer(TraceLayer::new_for_http())
}

/// CORS is closed unless origins are configured: then those origins may call the APIs with a
/// bearer token (never with the session cookie: credentials are not allowed).
fn cors(origins: &[axum::http::HeaderValue]) -> tower_http::cors::CorsLayer {
    use axum::http::{Method, header};
    use tower_http::cors::{AllowOrigin, CorsLayer};
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins.to_vec()))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .max_age(std::time::Duration::from_secs(600))
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => {
            axum::Json(serde_json::json!({ "status": "ready", "database": state.db.backend_name() })).into_response()
        }
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({ "status": "unavailable" })),
            )
                .into_response()
        }
    }
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        STYLESHEET,
    )
}

async fn graphiql(State(state): State<AppState>) -> Response {
    if state.config.production {
        return AppError::NotFound.into_response();
    }
    Html(GraphiQLSource::build().endpoint("/graphql").finish()).into_response()
}

async fn graphql(State(state): State<AppState>, headers: HeaderMap, request: GraphQLRequest) -> Response {
    let actor = match actor_for(&state, &headers).await {
        Ok(actor) => actor,
        Err(e) => {
            let status = e.status();
            let api = e.to_api();
            let body = serde_json::json!({
                "data": null,
                "errors": [{ "message": api.message, "extensions": { "code": api.code.as_str() } }],
            });
            return (status, axum::Json(body)).into_response();
        }
    };
    let request = request
        .into_inner()
        .data(RequestContext {
            state: state.clone(),
            actor,
        })
        .data(crate::graphql::loader::Loaders::new(&state));
    GraphQLResponse::from(state.schema.execute(request).await).into_response()
}

/// Binds, serves until SIGINT/SIGTERM, then lets in-flight requests finish.
pub async fn serve(state: AppState) -> anyhow::Result<()> {
    let addr = state.config.bind;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr} (IGNY8_BIND): {e}"))?;
    tracing::info!(%addr, database = state.db.backend_name(), "listening on http://{addr}");
    let app = router(state);
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("shut down cleanly");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
