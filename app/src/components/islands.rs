//! The interactive bits (islands): everything else is server-rendered HTML that works without
//! JavaScript; these hydrate when the bundle has loaded and only make it quicker to use.

use leptos::prelude::*;

/// Submits the surrounding form as soon as one of its controls changes (the filters of a list
/// apply without pressing "Apply"; without JavaScript the button is there).
#[island]
pub fn AutoSubmit(children: Children) -> impl IntoView {
    let submit = |ev: leptos::ev::Event| {
        use leptos::wasm_bindgen::JsCast;
        let form = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .and_then(|el| el.closest("form").ok().flatten())
            .and_then(|f| f.dyn_into::<leptos::web_sys::HtmlFormElement>().ok());
        let is_search = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
            .is_some_and(|i| i.type_() == "search");
        if let Some(form) = form
            && !is_search
        {
            let _ = form.request_submit();
        }
    };
    view! { <div class="auto-submit" on:change=submit>{children()}</div> }
}

/// A result message (`role=status`) that can be dismissed in place; without JavaScript its close
/// link goes to the same page without the message.
#[island]
pub fn Toast(message: String, bad: bool, close: String) -> impl IntoView {
    let (shown, set_shown) = signal(true);
    let class = if bad { "toast bad" } else { "toast" };
    let role = if bad { "alert" } else { "status" };
    view! {
        <div class=class role=role aria-live="polite" data-test="toast" hidden=move || !shown.get()>
            <span>{message}</span>
            <a
                href=close
                aria-label="Dismiss"
                data-test="toast-close"
                on:click=move |ev| {
                    ev.prevent_default();
                    set_shown.set(false);
                }
            >
                "✕"
            </a>
        </div>
    }
}

/// A code editor area: the textarea it wraps with its line numbers beside it, `error_line`
/// marked. The textarea is as tall as its text, so numbers and text scroll together in the
/// area (without JavaScript too); with JavaScript the numbers and the height follow the typing.
#[island]
pub fn CodeLines(lines: usize, error_line: Option<usize>, children: Children) -> impl IntoView {
    let (count, set_count) = signal(lines.max(1));
    let follow = move |ev: leptos::ev::Event| {
        use leptos::wasm_bindgen::JsCast;
        if let Some(area) = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlTextAreaElement>().ok())
        {
            let n = area.value().split('\n').count();
            area.set_rows(u32::try_from(n + 1).unwrap_or(u32::MAX));
            set_count.set(n);
        }
    };
    // digits and one span of ours: markup built here, nothing typed reaches it
    let numbers = move || {
        (1..=count.get())
            .map(|i| {
                if Some(i) == error_line {
                    format!("<span class=\"err\">{i}</span>\n")
                } else {
                    format!("{i}\n")
                }
            })
            .collect::<String>()
    };
    view! {
        <div class="code-editor" on:input=follow>
            <pre class="gutter" aria-hidden="true" inner_html=numbers></pre>
            {children()}
        </div>
    }
}
