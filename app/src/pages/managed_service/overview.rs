//! ServiceOverview: what the account's managed service includes, per site.

use crate::api::my_subscriptions;
use crate::components::error_panel::loaded;
use crate::types::SubscriptionList;
use leptos::prelude::*;

#[component]
pub fn ServiceOverview() -> impl IntoView {
    view! {
        <h1>"Managed Service"</h1>
        {loaded(my_subscriptions, |l| view! { <Plans list=l /> })}
    }
}

#[component]
fn Plans(list: SubscriptionList) -> impl IntoView {
    if list.items.is_empty() {
        return view! { <p class="panel">"This account has no managed service yet."</p> }.into_any();
    }
    let rows = list
        .items
        .into_iter()
        .map(|s| {
            view! {
                <tr data-test="subscription-row">
                    <td>{s.site_name}</td>
                    <td>{format!("{:?}", s.tier)}</td>
                    <td>{s.status.as_str()}</td>
                    <td class="num">{s.articles_per_month}</td>
                    <td class="num">{s.backlinks_per_month}</td>
                    <td>{s.renewal_date}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data">
            <thead>
                <tr>
                    <th>"Site"</th>
                    <th>"Plan"</th>
                    <th>"Status"</th>
                    <th class="num">"Articles / month"</th>
                    <th class="num">"Backlinks / month"</th>
                    <th>"Renews"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
