//! The signed-in layout: sidebar and content. Anonymous visitors are sent to the login page.

use crate::api::{Logout, current_viewer};
use crate::components::error_panel::ErrorPanel;
use crate::types::Viewer;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::{A, Outlet, Redirect};

/// The page's own content renders beside (not inside) the viewer's `Suspense`, so it renders
/// once; it authorizes on its own through its server functions.
#[component]
pub fn Shell() -> impl IntoView {
    let viewer = Resource::new(|| (), |_| current_viewer());
    view! {
        <div class="layout">
            <Suspense fallback=|| view! { <nav class="sidebar"></nav> }>
                {move || Suspend::new(async move {
                    match viewer.await {
                        Ok(Some(v)) => view! { <Sidebar viewer=v /> }.into_any(),
                        Ok(None) => view! { <Redirect path="/login" /> }.into_any(),
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                    }
                })}
            </Suspense>
            <main class="content">
                <Outlet />
            </main>
        </div>
    }
}

#[component]
fn Sidebar(viewer: Viewer) -> impl IntoView {
    view! {
        <nav class="sidebar" data-test="sidebar" aria-label="Main">
            <div class="brand">
                <img src="/public/igny8-logo.svg" alt="" width="28" height="28" />
                <span>"IGNY8"</span>
            </div>
            <ul class="group">
                <li>
                    <A href="/">"Home"</A>
                </li>
            </ul>
            {viewer
                .show_managed_services
                .then(|| {
                    view! {
                        <p class="group-title">"ADMIN"</p>
                        <ul class="group">
                            <li>
                                <A href="/services" attr:data-test="nav-managed-services">
                                    "Managed Services"
                                </A>
                            </li>
                        </ul>
                    }
                })}
            {viewer
                .show_managed_service
                .then(|| {
                    view! {
                        <p class="group-title">"ACCOUNT"</p>
                        <ul class="group">
                            <li>
                                <A href="/managed-service" attr:data-test="nav-managed-service">
                                    "Managed Service"
                                </A>
                            </li>
                        </ul>
                    }
                })}
            <div class="who">
                <p class="name">{viewer.display_name}</p>
                <p class="account">{viewer.account_name}</p>
                <form method="post" action=Logout::url()>
                    <button type="submit" data-test="logout">
                        "Sign out"
                    </button>
                </form>
            </div>
        </nav>
    }
}
