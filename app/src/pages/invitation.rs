//! The page an invitation link opens (no sign-in: the link is the permission): who invited the
//! address to which account, and a plain form that sets the name and password — once.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::invitations::{AcceptInvitation, invitation_details};
use crate::components::error_panel::ErrorPanel;
use crate::components::form::Field;
use crate::components::shell::{brand_mark, product_name};
use crate::types::user::InvitationRequest;

#[component]
pub fn InvitationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.read().get("token").unwrap_or_default();
    view! {
        <Title text=format!("Invitation · {}", product_name()) />
        <main class="login">
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || {
                    let token = token();
                    let q = query.read_untracked().clone();
                    Suspend::new(async move {
                        match invitation_details(token.clone()).await {
                            Ok(request) => {
                                let get = |k: &str| q.get(k).unwrap_or_default();
                                let error = q.get("error").map(|e| (q.get("field").unwrap_or_default(), e));
                                view! { <Accept request token first=get("d_first") last=get("d_last") error /> }.into_any()
                            }
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
fn Accept(
    request: InvitationRequest,
    token: String,
    first: String,
    last: String,
    /// (field, message) of a refused post.
    error: Option<(String, String)>,
) -> impl IntoView {
    let on = |field: &str| error.clone().filter(|(f, _)| f == field).map(|(_, m)| m);
    let (first_error, last_error, password_error) = (on("first_name"), on("last_name"), on("password"));
    let general = error
        .clone()
        .filter(|(f, _)| !["first_name", "last_name", "password"].contains(&f.as_str()))
        .map(|(_, m)| view! { <p class="form-error" role="alert" data-test="invite-error">{m}</p> });
    let password_invalid = password_error.as_ref().map(|_| "true");
    let first_invalid = first_error.as_ref().map(|_| "true");
    view! {
        <form method="post" action=AcceptInvitation::url() class="panel stack" data-test="invitation">
            <p class="brand-line">{brand_mark()}</p>
            <h1>{format!("Welcome to {}", request.account_name)}</h1>
            <p>
                "You are invited as " <strong>{request.role.as_str()}</strong> " with " <strong>{request.email.clone()}</strong>
                {format!(". Choose your name and password; the link works once, until {}.", request.expires)}
            </p>
            {general}
            <input type="hidden" name="token" value=token />
            <Field id="first_name" label="First name" error=first_error>
                <input type="text" id="first_name" name="first_name" value=first required autocomplete="given-name"
                    aria-invalid=first_invalid aria-describedby="first_name-error" data-test="invite-first" />
            </Field>
            <Field id="last_name" label="Last name" error=last_error>
                <input type="text" id="last_name" name="last_name" value=last autocomplete="family-name" aria-describedby="last_name-error" />
            </Field>
            <Field id="password" label="Password" hint="At least 8 characters" error=password_error>
                <input type="password" id="password" name="password" required autocomplete="new-password"
                    aria-invalid=password_invalid aria-describedby="password-hint password-error" data-test="invite-password" />
            </Field>
            <button type="submit" data-test="invite-accept">"Set password and continue"</button>
        </form>
    }
}

/// An unknown, used, lapsed or replaced link: answered 404, with what to do.
#[component]
fn Gone() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="panel" data-test="link-gone">
            <h1>"This invitation no longer works"</h1>
            <p>"It was used already, it has lapsed, or a newer email replaced it. Ask whoever invited you to invite you again."</p>
        </section>
    }
}
