//! Unknown pages and objects the caller may not see look the same.

use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="content">
            <p class="brand-line">{crate::components::shell::brand_mark()}</p>
            <NotFoundPanel />
        </main>
    }
}

#[component]
pub fn NotFoundPanel() -> impl IntoView {
    view! {
        <section class="panel" data-test="not-found">
            <h1>"Not found"</h1>
            <p>"There is nothing here, or you do not have access to it."</p>
            <a href="/">"Back to the start"</a>
        </section>
    }
}
