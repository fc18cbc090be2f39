//! The sign-in form: a plain HTML form posting to the `login` server function, so it works
//! with or without JavaScript; failures come back as `?error=` on this page.

use crate::api::Login;
use crate::components::shell::{brand_mark, product_name};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = move || {
        query.read().get("error").map(|code| match code.as_str() {
            "throttled" => "Too many sign-in attempts. Wait a few minutes and try again.",
            _ => "Invalid email or password.",
        })
    };
    view! {
        <Title text=format!("Sign in · {}", product_name()) />
        <main class="login">
            <form method="post" action=Login::url() class="panel" data-test="login-form">
                <p class="brand-line">{brand_mark()}</p>
                <h1>"Sign in"</h1>
                {move || {
                    error()
                        .map(|message| {
                            view! {
                                <p class="form-error" role="alert" data-test="login-error">
                                    {message}
                                </p>
                            }
                        })
                }}
                {move || {
                    query
                        .read()
                        .get("welcome")
                        .map(|_| {
                            view! {
                                <p class="form-note" role="status" data-test="login-welcome">
                                    "Your password is set. Sign in to continue."
                                </p>
                            }
                        })
                }}
                <input type="hidden" name="next" value=next />
                <label>
                    "Email"
                    <input
                        type="email"
                        name="email"
                        required
                        autocomplete="username"
                        value=move || query.read().get("email").unwrap_or_default()
                    />
                </label>
                <label>
                    "Password"
                    <input type="password" name="password" required autocomplete="current-password" />
                </label>
                <button type="submit">"Sign in"</button>
            </form>
        </main>
    }
}
