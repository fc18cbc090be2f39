//! IGNY8 Services UI: Leptos pages rendered on the server and hydrated in the browser,
//! plus the types shared with the GraphQL and REST APIs.

pub mod api;
pub mod components;
pub mod pages;
pub mod types;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

use components::shell::Shell;
use pages::{
    home::HomePage, login::LoginPage, managed_service::ServiceOverview, not_found::NotFound,
    services::ServicesDashboard,
};

/// The HTML document around the app. `hydrate` is false when no wasm bundle is served:
/// the pages then work as plain server-rendered HTML.
pub fn shell(options: LeptosOptions, hydrate: bool) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/public/favicon.svg" type="image/svg+xml" />
                {hydrate.then(|| view! { <HydrationScripts options /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The routes. Every page renders completely on the server (`SsrMode::Async`), so redirects
/// and figures are in the first response and the pages work with JavaScript off.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="igny8" href="/style/main.css" />
        <Title text="IGNY8 Services" />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=Shell ssr=SsrMode::Async>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("services") view=ServicesDashboard ssr=SsrMode::Async />
                    <Route path=path!("managed-service") view=ServiceOverview ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
