//! The Leptos pages and server functions, and the ports they call through (one module per noun,
//! each a thin adapter over the same services GraphQL and REST use).

mod accounts;
mod audit;
mod brandings;
pub(crate) mod charts;
mod clients;
mod dashboard;
pub mod imports;
mod indexing;
mod jobs;
mod orders;
mod portal;
mod recipients;
mod reports;
mod session;
pub(crate) mod templates;

use std::sync::Arc;

use app::api::ports::Ports;
use axum::Router;
use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{Method, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};

use crate::http::SignedIn;
use crate::state::AppState;

/// The page routes, the server-function endpoint and a fallback that renders "not found".
pub fn routes(state: AppState, assets: &app::PageAssets) -> Router {
    let options = LeptosOptions::builder()
        .output_name("igny8")
        .site_root(state.config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(state.config.bind)
        .build();
    let ports = Ports {
        session: Arc::new(session::Session(state.clone())),
        dashboard: Arc::new(dashboard::Dashboard(state.clone())),
        clients: Arc::new(clients::Clients(state.clone())),
        orders: Arc::new(orders::Orders(state.clone())),
        jobs: Arc::new(jobs::Jobs(state.clone())),
        portal: Arc::new(portal::Portal(state.clone())),
        recipients: Arc::new(recipients::Recipients(state.clone())),
        reports: Arc::new(reports::Reports(state.clone())),
        indexing: Arc::new(indexing::Indexing(state.clone())),
        brandings: Arc::new(brandings::Brandings(state.clone())),
        templates: Arc::new(templates::Templates(state.clone())),
        audit: Arc::new(audit::Audit(state.clone())),
        imports: Arc::new(imports::Imports(state.clone())),
        accounts: Arc::new(accounts::Accounts(state.clone())),
        invitations: Arc::new(accounts::Invitations(state.clone())),
    };
    // per request: the ports, the CSP nonce of `security::headers` for inline scripts, and the
    // brand of an agency's domain
    let context = move || {
        provide_context(ports.clone());
        let parts = use_context::<Parts>();
        if let Some(n) = parts
            .as_ref()
            .and_then(|p| p.extensions.get::<crate::security::CspNonce>().cloned())
        {
            provide_context(leptos::nonce::Nonce::from_value(n.0));
        }
        if let Some(brand) = parts.as_ref().and_then(|p| crate::domains::brand_host(&p.extensions)) {
            provide_context(brand.look.clone());
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

/// Pages that anonymous visitors may open: sign-in, a report recipient's confirmation link and
/// an invitation link (the link is the permission).
fn public_page(path: &str) -> bool {
    path == "/login" || path.starts_with("/recipients/confirm/") || path.starts_with("/invitations/")
}

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
        let public = public_page(path);
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
