//! The top of every page: breadcrumbs, the title (also the document's), a line under it, actions.

use leptos::prelude::*;
use leptos_meta::Title;

/// One step of the breadcrumbs: (label, link).
pub type Crumb = (String, String);

#[component]
pub fn PageHeader(
    #[prop(into)] title: String,
    #[prop(optional, into)] sub: Option<String>,
    #[prop(optional)] crumbs: Vec<Crumb>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let trail = (!crumbs.is_empty()).then(|| {
        view! {
            <nav class="breadcrumbs" aria-label="Breadcrumb">
                <ol>
                    {crumbs
                        .into_iter()
                        .map(|(label, href)| view! { <li><a href=href>{label}</a></li> })
                        .collect_view()}
                    <li aria-current="page">{title.clone()}</li>
                </ol>
            </nav>
        }
    });
    view! {
        <Title text=format!("{title} · {}", crate::components::shell::product_name()) />
        <header class="page-header">
            <div>
                {trail}
                <h1>{title}</h1>
                {sub.map(|s| view! { <p class="sub">{s}</p> })}
            </div>
            {children.map(|c| view! { <div class="actions">{c()}</div> })}
        </header>
    }
}
