//! The product's UI: Leptos pages rendered on the server and hydrated in the browser,
//! plus the types shared with the GraphQL and REST APIs.

#![recursion_limit = "512"]

pub mod api;
pub mod components;
pub mod pages;
pub mod types;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

use components::shell::Shell;
use pages::{
    audit::AuditLog,
    brandings::{AccountBrandings, ServicesBrandings},
    confirm_recipient::ConfirmRecipientPage,
    home::HomePage,
    imports::Imports,
    invitation::InvitationPage,
    login::LoginPage,
    managed_service::{ApprovalQueue, ReportPage, ReportViewer, ServiceOverview},
    not_found::NotFound,
    services::{
        AccountPage, Accounts, BacklinkOrders, BatchPage, ClientPage, IndexingDashboardPage, OrderDetailPage,
        ReportGenerator, ScheduledJobs, ServicesDashboard,
    },
    templates::{ReportTemplates, TemplateEditorPage},
};

/// The URLs of the files every page loads: the stylesheet, the icon and, when it was built, the
/// browser bundle (all under content-hashed names).
#[derive(Clone, Debug, Default)]
pub struct PageAssets {
    pub stylesheet: String,
    pub favicon: String,
    pub bundle: Option<Bundle>,
}

/// The browser bundle: wasm-bindgen's JavaScript glue and the wasm module.
#[derive(Clone, Debug)]
pub struct Bundle {
    pub js: String,
    pub wasm: String,
}

/// Loads the bundle when the browser is idle, then hydrates every island (`<leptos-island>`) by
/// calling the function the bundle exports under its name.
#[cfg(feature = "ssr")]
const ISLANDS_LOADER: &str = r#"((js, wasm) => {
  const idle = (f) => ("requestIdleCallback" in window ? window.requestIdleCallback(f, { timeout: 1500 }) : setTimeout(f, 1));
  idle(async () => {
    const mod = await import(js);
    await mod.default({ module_or_path: wasm });
    mod.hydrate();
    for (const el of document.querySelectorAll("leptos-island")) {
      const f = mod[el.dataset.component];
      if (f) f(el); else console.warn("no island " + el.dataset.component);
    }
  });
})"#;

/// The HTML document around the app. Without a bundle the pages work as plain server-rendered
/// HTML. The loader script carries the response's CSP nonce (`use_nonce`); the theme the person
/// chose (a cookie) is set on `<html>`, otherwise the system's is followed.
#[cfg(feature = "ssr")]
pub fn shell(assets: PageAssets) -> impl IntoView {
    // on an agency's domain: its icon and colours, and no bundle (the pages work without it, and
    // nothing of the platform's is loaded there)
    let look = components::shell::host_look();
    let bundle = if look.is_some() { None } else { assets.bundle };
    let favicon = if look.is_some() {
        "/brand/icon.svg".to_owned()
    } else {
        assets.favicon
    };
    let brand_style = look.map(|_| view! { <link rel="stylesheet" href="/brand/style.css" /> });
    let loader = bundle.map(|b| {
        let nonce = leptos::nonce::use_nonce();
        let script = format!("{ISLANDS_LOADER}({js:?}, {wasm:?});", js = b.js, wasm = b.wasm);
        view! {
            <link rel="modulepreload" href=b.js nonce=nonce.clone() />
            <link rel="preload" href=b.wasm r#as="fetch" r#type="application/wasm" crossorigin="" />
            <script type="module" nonce=nonce>
                {script}
            </script>
        }
    });
    let theme = api::session::theme_of_request();
    view! {
        <!DOCTYPE html>
        <html lang="en" data-theme=theme>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" href=assets.stylesheet />
                {brand_style}
                <link rel="icon" href=favicon r#type="image/svg+xml" />
                {loader}
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
        <Title text=components::shell::product_name() />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                <Route
                    path=path!("/recipients/confirm/:token")
                    view=ConfirmRecipientPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/invitations/:token")
                    view=InvitationPage
                    ssr=SsrMode::Async
                />
                <ParentRoute path=path!("") view=Shell ssr=SsrMode::Async>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("services") view=ServicesDashboard ssr=SsrMode::Async />
                    <Route path=path!("services/clients/:id") view=ClientPage ssr=SsrMode::Async />
                    <Route path=path!("services/accounts") view=Accounts ssr=SsrMode::Async />
                    <Route path=path!("services/accounts/:id") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("services/orders") view=BacklinkOrders ssr=SsrMode::Async />
                    <Route path=path!("services/orders/:id") view=OrderDetailPage ssr=SsrMode::Async />
                    <Route path=path!("services/jobs") view=ScheduledJobs ssr=SsrMode::Async />
                    <Route path=path!("services/indexing") view=IndexingDashboardPage ssr=SsrMode::Async />
                    <Route path=path!("services/brandings") view=ServicesBrandings ssr=SsrMode::Async />
                    <Route path=path!("account/brandings") view=AccountBrandings ssr=SsrMode::Async />
                    <Route path=path!("account/audit") view=AuditLog ssr=SsrMode::Async />
                    <Route path=path!("account/imports") view=Imports ssr=SsrMode::Async />
                    <Route path=path!("account/report-templates") view=ReportTemplates ssr=SsrMode::Async />
                    <Route path=path!("account/report-templates/:id") view=TemplateEditorPage ssr=SsrMode::Async />
                    <Route path=path!("services/reports/new") view=ReportGenerator ssr=SsrMode::Async />
                    <Route path=path!("services/reports/batches/:id") view=BatchPage ssr=SsrMode::Async />
                    <Route path=path!("managed-service") view=ServiceOverview ssr=SsrMode::Async />
                    <Route path=path!("managed-service/reports") view=ReportViewer ssr=SsrMode::Async />
                    <Route path=path!("managed-service/reports/:id") view=ReportPage ssr=SsrMode::Async />
                    <Route path=path!("managed-service/approvals") view=ApprovalQueue ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
