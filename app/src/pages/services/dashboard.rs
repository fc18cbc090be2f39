//! ServicesDashboard: managed clients and monthly recurring revenue.

use crate::api::services_dashboard;
use crate::components::error_panel::ErrorPanel;
use crate::types::DashboardSummary;
use leptos::prelude::*;

#[component]
pub fn ServicesDashboard() -> impl IntoView {
    let summary = Resource::new(|| (), |_| services_dashboard());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match summary.await {
                    Ok(s) => view! { <Summary summary=s /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Summary(summary: DashboardSummary) -> impl IntoView {
    let (open, set_open) = signal(false);
    let rows = summary
        .by_tier
        .into_iter()
        .map(|t| {
            view! {
                <tr>
                    <td>{format!("{:?}", t.tier)}</td>
                    <td class="num">{t.subscriptions}</td>
                    <td class="num">{t.mrr_display}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1>"Managed Services"</h1>
        <section class="tiles">
            <div class="tile">
                <span class="label">"Active clients"</span>
                <span class="value" data-test="client-count">{summary.active_clients}</span>
                <span class="hint">{format!("{} sites", summary.active_subscriptions)}</span>
            </div>
            <div class="tile">
                <span class="label">"Monthly recurring revenue"</span>
                <span class="value" data-test="mrr">{summary.mrr_display}</span>
                <span class="hint">{summary.currency}</span>
            </div>
        </section>
        <button
            type="button"
            class="secondary"
            data-test="toggle-breakdown"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| set_open.update(|o| *o = !*o)
        >
            {move || if open.get() { "Hide breakdown" } else { "Show breakdown by tier" }}
        </button>
        <table class="data" data-test="tier-breakdown" hidden=move || !open.get()>
            <thead>
                <tr>
                    <th>"Tier"</th>
                    <th class="num">"Sites"</th>
                    <th class="num">"MRR"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
