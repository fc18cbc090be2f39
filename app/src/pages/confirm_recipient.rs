//! The page a report recipient's confirmation link opens (no sign-in: the link is the
//! permission). It says who asked for which site's reports to go to this address, under the
//! client's brand, and confirms with a plain form post; opening it changes nothing.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

use crate::api::recipients::{ConfirmRecipient, confirmation_request};
use crate::components::error_panel::ErrorPanel;
use crate::types::RecipientRequest;

#[component]
pub fn ConfirmRecipientPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    view! {
        <main class="login">
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || {
                    let token = token();
                    Suspend::new(async move {
                        match confirmation_request(token.clone()).await {
                            Ok(request) => view! { <Request request token /> }.into_any(),
                            Err(e) if e.is_not_visible() => view! { <Gone /> }.into_any(),
                            Err(error) => view! { <ErrorPanel error /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </main>
    }
}

#[component]
fn Request(request: RecipientRequest, token: String) -> impl IntoView {
    let RecipientRequest {
        email,
        site_name,
        account_name,
        brand_name,
        expires_at,
        confirmed_at,
    } = request;
    let body = match confirmed_at {
        Some(at) => view! {
            <p role="status" data-test="confirmed">
                "Confirmed on " {day(&at)} ". " <strong>{email}</strong> " will receive the SEO reports of "
                <strong>{site_name}</strong> " from the next one on."
            </p>
        }
        .into_any(),
        None => view! {
            <p>
                {account_name} " asked for the SEO reports of " <strong>{site_name}</strong>
                " to be emailed to " <strong>{email}</strong> "."
            </p>
            <p class="muted">
                "Nothing is sent to this address unless you confirm. The link works until "
                {day(&expires_at)} "."
            </p>
            <form method="post" action=ConfirmRecipient::url() data-test="confirm-form">
                <input type="hidden" name="token" value=token />
                <button type="submit">"Confirm and receive the reports"</button>
            </form>
        }
        .into_any(),
    };
    view! {
        <section class="panel" data-test="recipient-request">
            <p class="muted">{brand_name}</p>
            <h1>"Report emails"</h1>
            {body}
        </section>
    }
}

/// An unknown, lapsed or replaced link: answered 404, with what to do.
#[component]
fn Gone() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="panel" data-test="link-gone">
            <h1>"This link no longer works"</h1>
            <p>
                "It has lapsed, a newer email replaced it, or the address was removed. "
                "Ask whoever added you to add your address again."
            </p>
        </section>
    }
}

/// `2026-12-04` of an RFC 3339 time.
fn day(rfc3339: &str) -> String {
    rfc3339.get(..10).unwrap_or(rfc3339).to_owned()
}
