//! How a page shows an error: objects the caller may not see are simply "not found"; an
//! ended session asks to sign in again.

use crate::pages::not_found::NotFoundPanel;
use crate::types::{ApiError, ErrorCode};
use leptos::prelude::*;

/// Shows `error`; on the server it also gives the page the error's HTTP status (a page the
/// caller may not see is answered 403 or 404, never 200).
#[component]
pub fn ErrorPanel(error: ApiError) -> impl IntoView {
    answer_status(&error);
    if error.code == ErrorCode::Unauthenticated {
        view! {
            <section class="panel" data-test="signed-out">
                <h2>"Please sign in"</h2>
                <p>
                    "Your session has ended. " <a href="/login">"Sign in again"</a> " to continue."
                </p>
            </section>
        }
        .into_any()
    } else if error.is_not_visible() {
        view! { <NotFoundPanel /> }.into_any()
    } else {
        view! {
            <section class="panel error" role="alert" data-test="error">
                <h2>"Something went wrong"</h2>
                <p>{error.to_string()}</p>
            </section>
        }
        .into_any()
    }
}

/// Gives the page being rendered the HTTP status of `error` (on the server).
pub fn answer_status(error: &ApiError) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(error.code.http_status()),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}

/// Shows what `load` fetches once it has come (the server waits for it before answering:
/// `SsrMode::Async`), or why it could not. Unlike a `Resource`, nothing is serialized into the
/// page for the browser: only islands run there, and they do not need the page's data.
pub fn loaded<T, F, V>(
    load: impl Fn() -> F + Send + Sync + 'static,
    show: impl Fn(T) -> V + Send + Sync + Clone + 'static,
) -> impl IntoView
where
    T: Send + 'static,
    F: std::future::Future<Output = Result<T, ApiError>> + Send + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || {
                let show = show.clone();
                let pending = load();
                Suspend::new(async move {
                    match pending.await {
                        Ok(value) => show(value).into_any(),
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
