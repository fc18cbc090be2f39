//! ApprovalQueue (`/managed-service/approvals`): what waits for the client's decision — an
//! article with its excerpt and link, a blueprint with its clusters — approved or sent back with
//! a comment; and what was decided, by whom, when and with what comment. Viewers read only.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::portal::{APPROVALS_PATH, DecideApproval, portal_approvals};
use crate::components::error_panel::loaded;
use crate::components::form::textarea_text;
use crate::components::header::PageHeader;
use crate::components::islands::Toast;
use crate::components::widgets::{Badge, EmptyState, label, tone_of};
use crate::types::approval::{ApprovalCard, ApprovalQueue as Queue, MAX_NOTE};

#[component]
pub fn ApprovalQueue() -> impl IntoView {
    let query = use_query_map();
    view! {
        <PageHeader
            title="Approvals"
            sub="Articles, blueprints and link plans waiting for your decision, and what was decided."
            crumbs=vec![("Managed Service".to_owned(), "/managed-service".to_owned())]
        />
        {loaded(portal_approvals, move |q| view! { <QueueView q query=query.read_untracked().clone() /> })}
    }
}

/// `2026-11-10T10:00:00Z` → `2026-11-10 10:00 UTC`
fn when(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t} UTC"),
        _ => at.to_owned(),
    }
}

#[component]
fn QueueView(q: Queue, query: ParamsMap) -> impl IntoView {
    let toast = match query.get("done").as_deref() {
        Some("approved") => Some("Approved. The team goes ahead with it.".to_owned()),
        Some("changes") => Some("Sent back with your comment. The team will revise it.".to_owned()),
        _ => None,
    };
    let refused_item = query.get("item").and_then(|i| i.parse::<i64>().ok());
    let error = query.get("error").map(|m| (m, query.get("field").unwrap_or_default()));
    let draft = query.get("d_note").unwrap_or_default();
    let can_decide = q.can_decide;
    let unreviewed = (!q.unreviewed_sites.is_empty()).then(|| {
        view! {
            <p class="muted" data-test="unreviewed">
                {format!(
                    "Articles for {} go ahead without your review (the plan does not ask for it); blueprints and link plans still wait for you.",
                    q.unreviewed_sites.join(", ")
                )}
            </p>
        }
    });
    // a refusal about an item no longer waiting (decided meanwhile) has no form to sit beside
    let elsewhere = error
        .clone()
        .filter(|_| !q.pending.iter().any(|c| Some(c.item.id) == refused_item))
        .map(|(m, _)| m);
    let pending = if q.pending.is_empty() {
        view! { <EmptyState title="Nothing waits for you"><p>"New items appear here when the team asks for your decision."</p></EmptyState> }
            .into_any()
    } else {
        q.pending
            .into_iter()
            .map(|card| {
                let refusal = (refused_item == Some(card.item.id)).then(|| error.clone()).flatten();
                let draft = if refused_item == Some(card.item.id) {
                    draft.clone()
                } else {
                    String::new()
                };
                view! { <Card card can_decide refusal draft /> }
            })
            .collect_view()
            .into_any()
    };
    let decided = if q.decided.is_empty() {
        view! { <p class="muted">"No decision yet."</p> }.into_any()
    } else {
        q.decided
            .into_iter()
            .map(|card| view! { <Card card can_decide=false refusal=None draft=String::new() /> })
            .collect_view()
            .into_any()
    };
    view! {
        {toast.map(|m| view! { <Toast message=m bad=false close=APPROVALS_PATH.to_owned() /> })}
        {elsewhere.map(|m| view! { <Toast message=m bad=true close=APPROVALS_PATH.to_owned() /> })}
        {(!can_decide).then(|| view! {
            <p class="notice" data-test="read-only">"You can read the queue; the account's members, admins and owners decide."</p>
        })}
        {unreviewed}
        <section class="stack queue" aria-labelledby="pending-title" data-test="pending">
            <h2 id="pending-title">"Waiting for a decision"</h2>
            {pending}
        </section>
        <section class="stack queue" aria-labelledby="decided-title" data-test="decided">
            <h2 id="decided-title">"Decided"</h2>
            {decided}
        </section>
    }
}

#[component]
fn Card(card: ApprovalCard, can_decide: bool, refusal: Option<(String, String)>, draft: String) -> impl IntoView {
    let item = card.item;
    let id = item.id;
    let title_id = format!("item-{id}-title");
    let labelled_by = title_id.clone();
    let note_id = format!("item-{id}-note");
    let error_id = format!("item-{id}-error");
    let status = match item.status.as_str() {
        "rejected" => "changes requested".to_owned(),
        s => s.to_owned(),
    };
    let clusters = (!card.clusters.is_empty()).then(|| {
        view! {
            <table class="data" data-test="clusters">
                <caption>"The blueprint's clusters"</caption>
                <thead><tr><th scope="col">"Cluster"</th><th scope="col">"Type"</th><th scope="col" class="num">"Articles planned"</th></tr></thead>
                <tbody>
                    {card.clusters.into_iter().map(|c| view! {
                        <tr><td>{c.name}</td><td>{label(&c.cluster_type)}</td><td class="num">{c.target_articles}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    });
    let decision = match (&item.decided_at, &card.decided_by_name) {
        (Some(at), by) => Some(view! {
            <p data-test="decision">
                {format!("{} by {} on {}", label(&status), by.clone().unwrap_or_else(|| "—".into()), when(at))}
                {item.note.clone().map(|n| view! { <q class="note" data-test="decision-note">{n}</q> })}
            </p>
        }),
        _ => None,
    };
    let form = (can_decide && item.status == "pending").then(|| {
        let (message, field) = refusal.clone().unzip();
        let note_error = field.as_deref() == Some("note") || field.as_deref() == Some("decision");
        view! {
            <form method="post" action=DecideApproval::url() class="stack" data-test="decide-form">
                <input type="hidden" name="id" value=id.to_string() />
                <div class="field">
                    <label for=note_id.clone()>"Comment (required to ask for changes)"</label>
                    <textarea
                        id=note_id.clone()
                        name="note"
                        rows="3"
                        maxlength=MAX_NOTE.to_string()
                        aria-invalid=note_error.then_some("true")
                        aria-describedby=note_error.then(|| error_id.clone())
                        data-test="note"
                    >
                        {textarea_text(&draft)}
                    </textarea>
                    {message.map(|m| view! { <span class="error" id=error_id.clone() role="alert" data-test="field-error">{m}</span> })}
                </div>
                <div class="form-actions">
                    <button type="submit" name="decision" value="approve" data-test="approve">"Approve"</button>
                    <button type="submit" name="decision" value="changes" class="secondary" data-test="request-changes">"Request changes"</button>
                </div>
            </form>
        }
    });
    view! {
        <article class="panel stack" id=format!("item-{id}") aria-labelledby=labelled_by data-test="approval" data-item=id.to_string() data-site=item.site_id.to_string()>
            <h3 id=title_id>
                {item.title.clone()} " "
                <Badge text=label(&item.item_type) tone="info" /> " "
                <Badge text=label(&status) tone=tone_of(&item.status) />
            </h3>
            <p class="muted">
                {format!("{} · asked on {}", card.site_name, when(&item.requested_at))}
                {card.word_count.map(|w| format!(" · {w} words"))}
            </p>
            {card.excerpt.map(|e| view! { <p data-test="excerpt">{e}</p> })}
            {card.link.map(|l| view! {
                <p><a href=l.clone() target="_blank" rel="noopener noreferrer" data-test="item-link">{format!("Read “{}”", item.title)}</a></p>
            })}
            {clusters}
            {decision}
            {form}
        </article>
    }
}
