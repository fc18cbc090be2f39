//! How a page shows an error: objects the caller may not see are simply "not found".

use crate::pages::not_found::NotFoundPanel;
use crate::types::ApiError;
use leptos::prelude::*;

#[component]
pub fn ErrorPanel(error: ApiError) -> impl IntoView {
    if error.is_not_visible() {
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
