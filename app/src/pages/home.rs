//! The start page after signing in.

use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <section class="panel">
            <h1>"Welcome"</h1>
            <p>"Choose a section in the sidebar."</p>
        </section>
    }
}
