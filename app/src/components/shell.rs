//! The signed-in layout: a skip link, the sidebar (what this person may open, who they are, the
//! theme and sign-out) and the page. The server answers anonymous requests for pages with a
//! redirect to the sign-in page before this renders.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::use_location;

use crate::api::{Logout, SetTheme, current_viewer};
use crate::components::error_panel::loaded;
use crate::types::{HostLook, Viewer};

/// The page's own content renders beside (not inside) the viewer's `Suspense`, so it renders
/// once; it authorizes on its own through its server functions.
#[component]
pub fn Shell() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <div class="layout">
            {loaded(current_viewer, |viewer| match viewer {
                Some(v) => view! { <Sidebar viewer=v /> }.into_any(),
                None => view! { <Redirect path="/login" /> }.into_any(),
            })}
            <main class="content" id="main" tabindex="-1">
                <Outlet />
            </main>
        </div>
    }
}

/// The brand of the request's host (an agency's verified domain), if any.
pub fn host_look() -> Option<HostLook> {
    use_context::<HostLook>()
}

/// The product's name as this host shows it: the agency's on its domain.
pub fn product_name() -> String {
    host_look().map_or_else(|| "IGNY8 Services".to_owned(), |l| l.name)
}

/// Who runs the service, for "ask …" hints: the agency on its domain.
pub fn provider_name() -> String {
    host_look().map_or_else(|| "Alorig".to_owned(), |l| l.name)
}

/// The mark and name at the top of the sidebar and the sign-in page: the agency's logo (or its
/// icon) and name on its domain, else the platform's mark, inline.
pub fn brand_mark() -> AnyView {
    match host_look() {
        Some(look) if look.has_logo => view! {
            <img class="brand-logo" src="/brand/logo.png" alt="" height="28" />
            <span>{look.name}</span>
        }
        .into_any(),
        Some(look) => view! {
            <img src="/brand/icon.svg" alt="" width="26" height="26" />
            <span>{look.name}</span>
        }
        .into_any(),
        None => view! {
            <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
                <rect width="32" height="32" rx="7" fill="#4338ca"></rect>
                <path d="M9 23V9h3v14zm6 0V9h3l5 8V9h3v14h-3l-5-8v8z" fill="#fff"></path>
            </svg>
            <span>"IGNY8"</span>
        }
        .into_any(),
    }
}

/// ACCOUNT › Managed Service and its pages (Approvals when a site requires review).
fn portal_entries(pending_approvals: Option<i64>) -> AnyView {
    let approvals = pending_approvals.map(|n| {
        view! {
            <li>
                <A href="/managed-service/approvals" attr:data-test="nav-portal-approvals">
                    "Approvals"
                    {(n > 0).then(|| view! {
                        <span class="count"><span data-test="approvals-pending">{n}</span><span class="visually-hidden">" pending"</span></span>
                    })}
                </A>
            </li>
        }
    });
    view! {
        <li>
            // the section's head; its Overview entry is the one marked current
            <a href="/managed-service" data-test="nav-managed-service">"Managed Service"</a>
            <ul>
                <li>
                    <A href="/managed-service" exact=true attr:data-test="nav-portal-overview">"Overview"</A>
                </li>
                <li>
                    <A href="/managed-service/reports" attr:data-test="nav-portal-reports">"Reports"</A>
                </li>
                {approvals}
            </ul>
        </li>
    }
    .into_any()
}

#[component]
fn Sidebar(viewer: Viewer) -> impl IntoView {
    let location = use_location();
    let here = move || location.pathname.get();
    view! {
        <nav class="sidebar" data-test="sidebar" aria-label="Main">
            <div class="brand">{brand_mark()}</div>
            <ul>
                <li>
                    <A href="/" exact=true>"Home"</A>
                </li>
            </ul>
            {viewer
                .show_managed_services
                .then(|| {
                    view! {
                        <p class="group-title">"ADMIN"</p>
                        <ul>
                            <li>
                                // the overview and its clients' pages; the other admin pages have their own links
                                <a
                                    href="/services"
                                    data-test="nav-managed-services"
                                    aria-current=move || {
                                        let path = here();
                                        (path == "/services" || path.starts_with("/services/clients/")).then_some("page")
                                    }
                                >
                                    "Managed Services"
                                </a>
                            </li>
                            <li>
                                <A href="/services/accounts" attr:data-test="nav-accounts">
                                    "Client accounts"
                                </A>
                            </li>
                            <li>
                                <A href="/services/orders" attr:data-test="nav-orders">
                                    "Backlink orders"
                                </A>
                            </li>
                            <li>
                                <A href="/services/indexing" attr:data-test="nav-indexing">
                                    "Indexing"
                                </A>
                            </li>
                            <li>
                                <A href="/services/reports/new" attr:data-test="nav-reports">
                                    "Report generator"
                                </A>
                            </li>
                            <li>
                                <A href="/services/jobs" attr:data-test="nav-jobs">
                                    "Scheduled jobs"
                                </A>
                            </li>
                            <li>
                                <A href="/services/brandings" attr:data-test="nav-services-brandings">
                                    "Brandings"
                                </A>
                            </li>
                        </ul>
                    }
                })}
            {(viewer.show_managed_service || viewer.show_brandings || viewer.show_templates || viewer.show_audit || viewer.show_imports)
                .then(|| {
                    view! {
                        <p class="group-title">"ACCOUNT"</p>
                        <ul>
                            {viewer.show_managed_service.then(|| portal_entries(viewer.pending_approvals))}
                            {viewer.show_brandings.then(|| view! {
                                <li>
                                    <A href="/account/brandings" attr:data-test="nav-brandings">
                                        "Brandings"
                                    </A>
                                </li>
                            })}
                            {viewer.show_templates.then(|| view! {
                                <li>
                                    <A href="/account/report-templates" attr:data-test="nav-templates">
                                        "Report templates"
                                    </A>
                                </li>
                            })}
                            {viewer.show_imports.then(|| view! {
                                <li>
                                    <A href="/account/imports" attr:data-test="nav-imports">
                                        "Data imports"
                                    </A>
                                </li>
                            })}
                            {viewer.show_audit.then(|| view! {
                                <li>
                                    <A href="/account/audit" attr:data-test="nav-audit">
                                        "Audit log"
                                    </A>
                                </li>
                            })}
                        </ul>
                    }
                })}
            <div class="who">
                <p class="name">{viewer.display_name}</p>
                <p class="account">{viewer.account_name}</p>
                <form method="post" action=SetTheme::url() aria-label="Theme">
                    <input type="hidden" name="back" value=here />
                    <button type="submit" name="theme" value="light" data-test="theme-light">"Light"</button>
                    <button type="submit" name="theme" value="dark" data-test="theme-dark">"Dark"</button>
                    <button type="submit" name="theme" value="system" data-test="theme-system">"System"</button>
                </form>
                <form method="post" action=Logout::url()>
                    <button type="submit" data-test="logout">"Sign out"</button>
                </form>
            </div>
        </nav>
    }
}
