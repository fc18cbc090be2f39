//! How a page shows an error: objects the caller may not see are simply "not found"; an
//! ended session asks to sign in again.

use crate::pages::not_found::NotFoundPanel;
use crate::types::{ApiError, ErrorCode};
use leptos::prelude::*;

/// Shows `error`; on the server it also gives the page the error's HTTP status (a page the
/// caller may not see is answered 403 or 404, never 200).
#[component]
pub fn ErrorPanel(error: ApiError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(error.code.http_status()),
    ) {
        response.set_status(status);
    }
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
