//! Small pieces: status badges, progress against a target, empty states, tabs.

use leptos::prelude::*;

/// A status as a coloured word; `tone` is good, warn, bad, neutral or brand.
#[component]
pub fn Badge(#[prop(into)] text: String, tone: &'static str) -> impl IntoView {
    view! { <span class=format!("badge {tone}")>{text}</span> }
}

/// A stored key as people read it: `in_progress` → "In progress".
pub fn label(key: &str) -> String {
    let s = key.replace('_', " ");
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The tone of a subscription or report state.
pub fn tone_of(state: &str) -> &'static str {
    match state {
        "active" | "sent" | "paid" | "succeeded" | "indexed" | "live" | "completed" | "delivered" | "ok" => "good",
        "paused" | "pending" | "generated" | "sending" | "ordered" | "in_progress" | "submitted" | "provisional"
        | "no_data" | "running" => "warn",
        "cancelled" | "failed" | "held" | "lost" | "rejected" | "void" | "uncollectible" => "bad",
        _ => "neutral",
    }
}

/// Done against a target, as a native progress bar with the figures beside it. `expected` (the
/// target pro-rated to today) marks it as behind.
#[component]
pub fn Progress(
    done: i64,
    target: i64,
    #[prop(optional)] expected: Option<i64>,
    #[prop(into)] label: String,
) -> impl IntoView {
    let class = if target > 0 && done >= target {
        "progress done"
    } else if expected.is_some_and(|e| done < e) {
        "progress behind"
    } else {
        "progress"
    };
    let max = target.max(1);
    let shown = done.min(max);
    view! {
        <div class=class>
            <progress value=shown.to_string() max=max.to_string() aria-label=label></progress>
            <span class="figure">{format!("{done} / {target}")}</span>
        </div>
    }
}

/// Nothing to show, said kindly, with what to do about it.
#[component]
pub fn EmptyState(#[prop(into)] title: String, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <div class="empty" data-test="empty">
            <h3>{title}</h3>
            {children.map(|c| c())}
        </div>
    }
}

/// Tabs as links (`?tab=…`): every tab is a URL that works without JavaScript.
#[component]
pub fn Tabs(tabs: Vec<(&'static str, &'static str, String)>, #[prop(into)] current: String) -> impl IntoView {
    view! {
        <nav aria-label="Sections of this page">
            <ul class="tabs">
                {tabs
                    .into_iter()
                    .map(|(key, label, href)| {
                        let here = (key == current).then_some("page");
                        view! {
                            <li>
                                <a href=href aria-current=here data-test=format!("tab-{key}")>
                                    {label}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
