//! Brandings: an agency's owners and admins manage theirs (`/account/brandings`, behind the
//! `white_label` gate) — list, create, edit, delete — and Alorig staff see every account's
//! (`/services/brandings`). Each shows its report cover and a page header in its colours and
//! logo (both themes), a warning for a colour below WCAG AA, and why its logo does not load.
//! The form previews the values as entered ("Preview", a GET) before saving (a plain post).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::brandings::{
    ACCOUNT_PATH, DeleteBranding, SERVICES_PATH, SaveBranding, VerifyBrandingDomain, branding_cards,
};
use crate::components::error_panel::{ErrorPanel, answer_status};
use crate::components::feedback::Confirm;
use crate::components::form::Field;
use crate::components::header::PageHeader;
use crate::components::islands::Toast;
use crate::components::widgets::{Badge, EmptyState};
use crate::types::ApiError;
use crate::types::branding::{BrandingCard, BrandingInput, BrandingsPanel};

/// The form's values in the URL (a preview, or a refused save coming back).
fn draft_of(q: &ParamsMap) -> Option<BrandingInput> {
    q.get("brand_name")?;
    let get = |k: &str| q.get(k).unwrap_or_default();
    Some(BrandingInput {
        brand_name: get("brand_name"),
        primary_color: get("primary_color"),
        secondary_color: get("secondary_color"),
        brand_logo_url: get("brand_logo_url"),
        contact_email: get("contact_email"),
        contact_phone: get("contact_phone"),
        website_url: get("website_url"),
        footer_text: get("footer_text"),
        is_active: !get("is_active").is_empty(),
        custom_domain: get("custom_domain"),
    })
}

#[component]
pub fn AccountBrandings() -> impl IntoView {
    view! {
        <PageHeader title="Brandings" sub="What your white-label reports carry instead of the platform's: name, colours, logo, contact, and your own domain." />
        <Brandings every_account=false />
    }
}

#[component]
pub fn ServicesBrandings() -> impl IntoView {
    view! {
        <PageHeader title="Brandings" sub="Every agency's white-label brandings, as their reports print them. Agencies change their own." crumbs=vec![("Managed Services".to_owned(), "/services".to_owned())] />
        <Brandings every_account=true />
    }
}

#[component]
fn Brandings(every_account: bool) -> impl IntoView {
    let query = use_query_map();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading brandings…"</p> }>
            {move || {
                let q = query.read_untracked().clone();
                // a preview asks for the draft; a refused save comes back with its error already
                let draft = (q.get("preview").is_some() && !every_account).then(|| draft_of(&q)).flatten();
                let pending = branding_cards(every_account, draft);
                Suspend::new(async move {
                    match pending.await {
                        Ok(panel) => view! { <Panel panel query=q /> }.into_any(),
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Panel(panel: BrandingsPanel, query: ParamsMap) -> impl IntoView {
    let path = if panel.editable { ACCOUNT_PATH } else { SERVICES_PATH };
    // the error of a refused preview (answered 422), or of a refused save (in the URL)
    if panel.draft_error.is_some() {
        answer_status(&ApiError::invalid("draft", "refused"));
    }
    let (message, field) = match (&panel.draft_error, query.get("error")) {
        (Some((f, m)), _) => (Some(m.clone()), f.clone()),
        (None, Some(m)) => (Some(m), query.get("field").unwrap_or_default()),
        _ => (None, String::new()),
    };
    let controls = [
        "brand_name",
        "primary_color",
        "secondary_color",
        "brand_logo_url",
        "contact_email",
        "contact_phone",
        "website_url",
        "footer_text",
        "custom_domain",
    ];
    let general = message.clone().filter(|_| !controls.contains(&field.as_str()));
    let errors: Vec<(String, Option<String>)> = controls
        .iter()
        .map(|c| (c.to_string(), message.clone().filter(|_| field == *c)))
        .collect();
    let toast = match query.get("done").as_deref().and_then(|d| d.split_once(':')) {
        Some(("saved", _)) => Some("Branding saved.".to_owned()),
        Some(("deleted", _)) => Some("Branding deleted.".to_owned()),
        Some(("verified", _)) => Some("Domain verified: the branding's clients can use it now.".to_owned()),
        _ => None,
    };
    let edit = query.get("edit");
    let editing = edit
        .as_deref()
        .and_then(|e| e.parse::<i64>().ok())
        .and_then(|id| panel.cards.iter().find(|c| c.branding.id == id).cloned());
    let confirm = (query.get("confirm").as_deref() == Some("delete"))
        .then(|| query.get("id").and_then(|i| i.parse::<i64>().ok()))
        .flatten()
        .filter(|_| panel.editable)
        .map(|id| {
            let name = panel
                .cards
                .iter()
                .find(|c| c.branding.id == id)
                .map(|c| c.branding.brand_name.clone())
                .unwrap_or_default();
            view! {
                <Confirm
                    title=format!("Delete the branding {name}?")
                    text="Reports made with it keep their PDFs. A client whose report settings use it must be changed first."
                    action=DeleteBranding::url()
                    fields=vec![("id", id.to_string())]
                    confirm_label="Delete"
                    cancel=ACCOUNT_PATH.to_owned()
                />
            }
        });
    // the form: a new branding, one being edited, or the values as entered (a preview, a refusal)
    let values = draft_of(&query).or_else(|| {
        editing.as_ref().map(|c| BrandingInput {
            brand_name: c.branding.brand_name.clone(),
            primary_color: c.branding.primary_color.clone(),
            secondary_color: c.branding.secondary_color.clone(),
            brand_logo_url: c.branding.brand_logo_url.clone(),
            contact_email: c.branding.contact_email.clone(),
            contact_phone: c.branding.contact_phone.clone(),
            website_url: c.branding.website_url.clone(),
            footer_text: c.branding.footer_text.clone(),
            is_active: c.branding.is_active,
            custom_domain: c.branding.custom_domain.clone().unwrap_or_default(),
        })
    });
    let form = (panel.editable && edit.is_some()).then(|| {
        let id = edit.clone().filter(|e| e != "new").unwrap_or_default();
        let values = values.clone().unwrap_or(BrandingInput {
            primary_color: "#1F3A93".into(),
            secondary_color: "#0F766E".into(),
            is_active: true,
            ..BrandingInput::default()
        });
        view! { <BrandingForm id values errors=errors.clone() draft=panel.draft.clone() /> }.into_any()
    });
    let toasts = view! {
        {toast.map(|m| view! { <Toast message=m bad=false close=path.to_owned() /> })}
        {general.map(|m| view! { <Toast message=m bad=true close=path.to_owned() /> })}
    }
    .into_any();
    let confirm = confirm.map(IntoAny::into_any);
    view! {
        {toasts}
        {confirm}
        {panel.editable.then(|| view! {
            <p class="actions"><a class="button" href=format!("{ACCOUNT_PATH}?edit=new") data-test="new-branding">"New branding"</a></p>
        })}
        {form}
        {if panel.cards.is_empty() {
            view! { <EmptyState title="No brandings yet"><p>"A branding puts an agency's name, colours and logo on its clients' reports."</p></EmptyState> }.into_any()
        } else {
            view! {
                <div class="cards" data-test="branding-cards">
                    {panel.cards.into_iter().map(|c| view! { <Card card=c editable=panel.editable show_account=!panel.editable /> }).collect_view()}
                </div>
            }.into_any()
        }}
    }
}

/// The cover and header in both themes, side by side.
#[component]
fn Covers(card: BrandingCard) -> impl IntoView {
    view! {
        <div class="covers">
            <figure><div inner_html=card.cover_light></div><figcaption>"Light"</figcaption></figure>
            <figure><div inner_html=card.cover_dark></div><figcaption>"Dark"</figcaption></figure>
        </div>
    }
}

/// What the brand's colours and logo get wrong.
#[component]
fn Problems(card: BrandingCard) -> impl IntoView {
    view! {
        {card.contrast_warnings.into_iter().map(|w| view! { <p class="notice warn" data-test="contrast-warning">{w}</p> }).collect_view()}
        {card.logo_problem.map(|p| view! { <p class="notice bad" data-test="logo-problem">{p}</p> })}
    }
}

#[component]
fn Card(card: BrandingCard, editable: bool, show_account: bool) -> impl IntoView {
    let b = card.branding.clone();
    let id = b.id;
    view! {
        <section class="panel stack" aria-label=format!("Branding {}", b.brand_name) data-test="branding-card" data-branding=id.to_string()>
            <h2>
                {b.brand_name.clone()}
                {(!b.is_active).then(|| view! { <Badge text="inactive" tone="warn" /> })}
            </h2>
            {show_account.then(|| view! { <p class="muted">{card.account_name.clone()}</p> })}
            <Covers card=card.clone() />
            <Problems card=card.clone() />
            <dl class="kv">
                <dt>"Colours"</dt><dd>{format!("{} · {}", b.primary_color, b.secondary_color)}</dd>
                <dt>"Contact"</dt><dd>{[b.contact_email.clone(), b.contact_phone.clone(), b.website_url.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")}</dd>
            </dl>
            <Domain branding=b.clone() editable />
            {editable.then(|| view! {
                <p class="actions">
                    <a class="button secondary small" href=format!("{ACCOUNT_PATH}?edit={id}") data-test="edit-branding">"Edit"</a>
                    <a class="button secondary small" href=format!("{ACCOUNT_PATH}?confirm=delete&id={id}") data-test="delete-branding">"Delete"</a>
                </p>
            })}
        </section>
    }
}

/// The branding's own domain: verified, or what to do to verify it.
#[component]
fn Domain(branding: crate::types::branding::Branding, editable: bool) -> impl IntoView {
    let Some(domain) = branding.custom_domain.clone() else {
        return ().into_any();
    };
    match branding.domain_verified_at.clone() {
        Some(at) => view! {
            <p data-test="domain-status">
                "Domain " <a href=format!("https://{domain}/")>{domain.clone()}</a> " "
                <Badge text="verified" tone="good" />
                <span class="muted">{format!(" since {}", at.get(..10).unwrap_or(&at))}</span>
            </p>
        }
        .into_any(),
        None => view! {
            <div class="notice warn stack" data-test="domain-status">
                <p>"Domain " <strong>{domain.clone()}</strong> " is not verified yet: clients cannot use it."</p>
                {editable.then(|| view! {
                    <p>"Point it at this service with a DNS CNAME record, then verify: the service fetches "
                        <code>{format!("http://{domain}/.well-known/brand-domain-verification")}</code>
                        " and expects the branding's token."</p>
                    <form method="post" action=VerifyBrandingDomain::url()>
                        <input type="hidden" name="id" value=branding.id.to_string() />
                        <button type="submit" class="small" data-test="verify-domain">"Verify domain"</button>
                    </form>
                })}
            </div>
        }
        .into_any(),
    }
}

#[component]
fn BrandingForm(
    /// Empty: a new branding.
    id: String,
    values: BrandingInput,
    errors: Vec<(String, Option<String>)>,
    draft: Option<BrandingCard>,
) -> impl IntoView {
    let err = |name: &str| errors.iter().find(|(k, _)| k == name).and_then(|(_, e)| e.clone());
    let invalid = |name: &str| err(name).map(|_| "true");
    let text = |name: &'static str, label: &'static str, value: String, hint: Option<&'static str>| {
        let e = err(name);
        let inv = invalid(name);
        let described = format!("{name}-hint {name}-error");
        view! {
            <Field id=name label=label hint=hint.map(str::to_owned).unwrap_or_default() error=e>
                <input type="text" id=name name=name value=value aria-invalid=inv aria-describedby=described data-test=format!("b-{name}") />
            </Field>
        }
    };
    let title = if id.is_empty() { "New branding" } else { "Edit branding" };
    view! {
        <section class="panel stack" aria-labelledby="branding-form-title" data-test="branding-form">
            <h2 id="branding-form-title">{title}</h2>
            <form method="get" action=ACCOUNT_PATH class="form-grid">
                <input type="hidden" name="id" value=id.clone() />
                <input type="hidden" name="edit" value=if id.is_empty() { "new".to_owned() } else { id.clone() } />
                {text("brand_name", "Brand name", values.brand_name.clone(), None)}
                {text("primary_color", "Primary colour", values.primary_color.clone(), Some("#RRGGBB: headings, bars and the cover's band"))}
                {text("secondary_color", "Secondary colour", values.secondary_color.clone(), Some("#RRGGBB: accents"))}
                {text("brand_logo_url", "Logo URL", values.brand_logo_url.clone(), Some("https://…: PNG, JPEG or WebP, at most 2 MB"))}
                {text("contact_email", "Contact email", values.contact_email.clone(), None)}
                {text("contact_phone", "Contact phone", values.contact_phone.clone(), None)}
                {text("website_url", "Website", values.website_url.clone(), None)}
                {text("footer_text", "Footer text", values.footer_text.clone(), None)}
                {text("custom_domain", "Custom domain", values.custom_domain.clone(), Some("Optional: a host name of yours for your clients' portal and report links, e.g. reports.agency.example"))}
                <div class="field">
                    <label for="is_active"><input type="checkbox" id="is_active" name="is_active" checked=values.is_active />" Active (offered for reports)"</label>
                </div>
                <div class="form-actions wide">
                    <button type="submit" name="preview" value="1" class="secondary" data-test="branding-preview">"Preview"</button>
                    <button type="submit" formmethod="post" formaction=SaveBranding::url() data-test="branding-save">"Save"</button>
                    <a class="button secondary" href=ACCOUNT_PATH>"Cancel"</a>
                </div>
            </form>
            {draft.map(|card| view! {
                <div data-test="branding-draft" class="stack">
                    <h3>"Preview (not saved)"</h3>
                    <Covers card=card.clone() />
                    <Problems card=card />
                </div>
            })}
        </section>
    }
}
