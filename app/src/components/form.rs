//! A form field: its label, the control, a hint, and the error next to it (linked with
//! `aria-describedby`, the control marked `aria-invalid`).

use leptos::prelude::*;

#[component]
pub fn Field(
    /// The control's id (the label points at it).
    #[prop(into)]
    id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional_no_strip)] error: Option<String>,
    children: Children,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    view! {
        <div class="field" data-field=id.clone()>
            <label for=id.clone()>{label}</label>
            {children()}
            {hint.map(|h| view! { <span class="hint" id=hint_id>{h}</span> })}
            {error.map(|e| view! { <span class="error" id=error_id role="alert" data-test="field-error">{e}</span> })}
        </div>
    }
}
