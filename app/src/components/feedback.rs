//! A confirmation step before anything destructive (the result afterwards is a `Toast`, an
//! island, carried back in the URL so it works after a plain form post).

use leptos::prelude::*;

/// "Are you sure?": what will happen, the form that does it, and a way back. Rendered when the
/// URL asks for it (`?confirm=…`), so it works without JavaScript.
#[component]
pub fn Confirm(
    #[prop(into)] title: String,
    #[prop(into)] text: String,
    #[prop(into)] action: String,
    fields: Vec<(&'static str, String)>,
    #[prop(into)] confirm_label: String,
    #[prop(into)] cancel: String,
) -> impl IntoView {
    view! {
        <section class="confirm" role="alertdialog" aria-labelledby="confirm-title" data-test="confirm">
            <h2 id="confirm-title">{title}</h2>
            <p>{text}</p>
            <form method="post" action=action class="actions">
                {fields
                    .into_iter()
                    .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                    .collect_view()}
                <button type="submit" class="danger" data-test="confirm-yes">{confirm_label}</button>
                <a class="button secondary" href=cancel>"Cancel"</a>
            </form>
        </section>
    }
}
