//! The HTTP surface: one axum router with health checks, GraphQL, REST, static files and the
//! Leptos pages; the `Caller` extractor that turns credentials into an `Actor`; serving with
//! graceful shutdown.

use std::net::SocketAddr;
use std::sync::Arc;

use app::types::Actor;
use async_graphql::http::GraphiQLSource;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request, State};
use axum::http::{HeaderMap, StatusCode, header, request::Parts};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use crate::assets::Assets;
use crate::auth;
use crate::error::{AppError, AppResult};
use crate::graphql::RequestContext;
use crate::state::AppState;
use crate::web;

/// Who is calling, from a bearer token or the session cookie (`None` = anonymous). A bad
/// bearer token is refused with 401.
pub struct Caller(pub Option<Actor>);

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(SignedIn(actor)) = parts.extensions.get::<SignedIn>() {
            return Ok(Caller(actor.clone()));
        }
        Ok(Caller(actor_for(state, &parts.headers).await?))
    }
}

/// The caller of a request, looked up once by `identify` before any body is read; handlers,
/// pages and server functions take it from the request's extensions.
#[derive(Clone)]
pub struct SignedIn(pub Option<Actor>);

/// Looks up who is calling (a bad bearer token is answered 401 here) and keeps it with the
/// request.
async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let refuse = |e: AppError, req: &Request| {
        if req.uri().path() == "/graphql" {
            graphql_error(&e)
        } else {
            e.into_response()
        }
    };
    if let Err(e) = crate::security::check_same_origin(
        req.method(),
        req.uri().path(),
        req.headers(),
        state.config.secure_cookies(),
    ) {
        return refuse(e, &req);
    }
    match actor_for(&state, req.headers()).await {
        Ok(actor) => {
            // on an agency's domain: only its account's users, for its sites
            let actor = match crate::domains::brand_host(req.extensions()).cloned() {
                Some(brand) => match crate::domains::scope_actor(&state, &brand, actor).await {
                    Ok(a) => a,
                    Err(e) => return refuse(e, &req),
                },
                None => actor,
            };
            req.extensions_mut().insert(SignedIn(actor));
            next.run(req).await
        }
        Err(e) => refuse(e, &req),
    }
}

pub async fn actor_for(state: &AppState, headers: &HeaderMap) -> AppResult<Option<Actor>> {
    let mut pooled = state.conn().await?;
    auth::actor_from_headers(&mut pooled.conn(), headers, state.config.secure_cookies()).await
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    let max_body = state.config.max_body_bytes;
    let assets = Arc::new(Assets::load(&state.config.site_root));
    if assets.page.bundle.is_none() {
        tracing::warn!(
            site_root = %state.config.site_root.display(),
            "no browser bundle (pkg/manifest.txt): serving server-rendered pages without hydration; run scripts/build-hydrate.sh"
        );
    }
    let pkg = ServeDir::new(state.config.site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    let state_for_uploads = state.clone();
    let identified = Router::new()
        .route("/graphql", get(graphiql).post(graphql))
        .merge(crate::rest::routes())
        .with_state(state.clone())
        .merge(web::routes(state.clone(), &assets.page))
        .merge(crate::domains::routes(state.clone()))
        .layer(axum::middleware::from_fn_with_state(state.clone(), identify))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::domains::resolve,
        ));
    let cors = cors(&state.config.cors_origins);
    let headers = crate::security::Headers::new(&state.config);
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(state)
        .merge(identified)
        .nest_service(
            "/pkg",
            tower::ServiceBuilder::new()
                .layer(axum::middleware::from_fn(crate::assets::pkg_cache_headers))
                .service(pkg),
        )
        .merge(crate::assets::routes(assets))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        // uploads: files streamed to disk, each limited on its own
        .merge(
            crate::rest::uploads()
                .with_state(state_for_uploads.clone())
                .layer(DefaultBodyLimit::disable())
                .layer(axum::middleware::from_fn_with_state(
                    state_for_uploads.clone(),
                    identify,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    state_for_uploads,
                    crate::domains::resolve,
                )),
        )
        .layer(cors)
        .layer(compression())
        .layer(axum::middleware::from_fn_with_state(headers, crate::security::headers))
        .layer(TraceLayer::new_for_http())
}

/// HTML and API answers compressed as the client accepts; files that are compressed already
/// (the bundle's precompressed copies, PNG) and PDFs (compressed inside) are left alone.
fn compression() -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{NotForContentType, Predicate};
    use tower_http::compression::{CompressionLayer, DefaultPredicate};
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(tower_http::CompressionLevel::Fastest)
        .compress_when(
            DefaultPredicate::new()
                .and(NotForContentType::const_new("application/pdf"))
                .and(NotForContentType::const_new("application/wasm")),
        )
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

async fn graphiql(State(state): State<AppState>) -> Response {
    if state.config.production {
        return AppError::NotFound.into_response();
    }
    // GraphiQL loads its scripts and styles from a CDN and runs inline code (development only)
    (
        [(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self' https://unpkg.com 'unsafe-inline' 'unsafe-eval'; frame-ancestors 'none'",
        )],
        Html(GraphiQLSource::build().endpoint("/graphql").finish()),
    )
        .into_response()
}

/// `POST /graphql`. Every operation needs a caller, so an anonymous request is answered 401
/// before its body is read.
async fn graphql(State(state): State<AppState>, Caller(actor): Caller, req: Request) -> Response {
    if actor.is_none() {
        return graphql_error(&AppError::Unauthenticated);
    }
    // only JSON: a form or `text/plain` post is what a cross-site page can send without asking
    if crate::security::media_type(req.headers()).as_deref() != Some("application/json") {
        let mut response = graphql_error(&AppError::invalid("content-type", "must be application/json"));
        *response.status_mut() = StatusCode::UNSUPPORTED_MEDIA_TYPE;
        return response;
    }
    let request =
        match GraphQLRequest::<async_graphql_axum::rejection::GraphQLRejection>::from_request(req, &state).await {
            Ok(r) => r,
            Err(rejection) => return rejection.into_response(),
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

/// An error before any operation ran, in GraphQL's shape with the HTTP status of its kind.
fn graphql_error(e: &AppError) -> Response {
    let api = e.to_api();
    let body = serde_json::json!({
        "data": null,
        "errors": [{ "message": api.message, "extensions": { "code": api.code.as_str() } }],
    });
    (e.status(), axum::Json(body)).into_response()
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
