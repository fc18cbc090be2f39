//! ServiceOverview (`/managed-service`): per managed site the client may see, what the plan
//! includes, this month's articles and backlinks against the targets (with the days left), the
//! next scheduled report and when one was last emailed, the latest report's headline figures
//! with their change, and six months of clicks.

use leptos::prelude::*;

use crate::api::portal::managed_overview;
use crate::api::portal::report_path;
use crate::components::chart::Chart;
use crate::components::error_panel::loaded;
use crate::components::header::PageHeader;
use crate::components::kpi::{Change, Kpi};
use crate::components::widgets::{Badge, EmptyState, Progress, label, tone_of};
use crate::types::money::group_digits;
use crate::types::overview::{ServiceOverview as Overview, SiteOverview};

#[component]
pub fn ServiceOverview() -> impl IntoView {
    view! {
        <PageHeader title="Managed Service" sub="What your plan includes and how this month is going, per site." />
        {loaded(managed_overview, |o| view! { <Sites overview=o /> })}
    }
}

#[component]
fn Sites(overview: Overview) -> impl IntoView {
    if overview.sites.is_empty() {
        return view! {
            <EmptyState title="No managed service yet">
                <p>{format!("This account has no managed site you can see. Ask your account's owner, or {}, to add one.", crate::components::shell::provider_name())}</p>
            </EmptyState>
        }
        .into_any();
    }
    let left = match overview.days_left {
        0 => "last day of the month".to_owned(),
        1 => "1 day left".to_owned(),
        n => format!("{n} days left"),
    };
    let month = format!("{} · {left}", overview.month);
    view! {
        <div class="stack">
            {overview.sites.into_iter().map(|s| view! { <Site site=s month=month.clone() /> }).collect_view()}
        </div>
    }
    .into_any()
}

#[component]
fn Site(site: SiteOverview, month: String) -> impl IntoView {
    let s = site.subscription.clone();
    let status = s.status.as_str().to_owned();
    let tier = format!("Managed {:?}", s.tier);
    let title_id = format!("site-{}-title", s.site_id);
    let labelled_by = title_id.clone();
    let figures = site.latest_report.clone().map(|r| {
        let kpis = r
            .figures
            .into_iter()
            .map(|k| {
                let change = (!k.change.is_empty()).then(|| Change {
                    tone: match k.up {
                        Some(true) => "good",
                        Some(false) => "bad",
                        None => "flat",
                    },
                    text: k.change.clone(),
                    was: "vs the period before".to_owned(),
                });
                match change {
                    Some(change) => view! { <Kpi label=k.label value=k.value change /> }.into_any(),
                    None => view! { <Kpi label=k.label value=k.value /> }.into_any(),
                }
            })
            .collect_view();
        view! {
            <h3>
                "Latest report: "
                <a href=report_path(r.id) data-test="latest-report">{format!("{} {}", label(&r.report_type), r.period)}</a>
            </h3>
            <section class="kpis" aria-label="The latest report's headline figures" data-test="headline">{kpis}</section>
        }
    });
    let clicks = match site.clicks_chart.clone() {
        Some(chart) => {
            let months = site.monthly_clicks.clone();
            view! {
                <h3>"Organic clicks, last six months"</h3>
                <Chart chart test="clicks-chart" />
                <details>
                    <summary>"The figures"</summary>
                    <table class="data" data-test="clicks-table">
                        <caption>"Organic clicks per month (Search Console)"</caption>
                        <thead><tr><th scope="col">"Month"</th><th scope="col" class="num">"Clicks"</th></tr></thead>
                        <tbody>
                            {months.into_iter().map(|m| view! {
                                <tr data-month=m.month.clone()><td>{m.month.clone()}</td><td class="num">{group_digits(m.clicks)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </details>
            }
            .into_any()
        }
        None => {
            view! { <p class="muted">"Six months of clicks appear once Search Console has two months of data."</p> }
                .into_any()
        }
    };
    view! {
        <section class="panel stack" aria-labelledby=labelled_by data-test="site-overview" data-site=s.site_id.to_string()>
            <h2 id=title_id>
                {s.site_name.clone()} " "
                <Badge text=tier tone="info" /> " "
                <Badge text=label(&status) tone=tone_of(&status) />
            </h2>
            <p class="muted">{site.domain.clone()}{format!(" · renews {}", s.renewal_date)}</p>
            <div class="grid-2">
                <div class="stack">
                    <h3>{format!("This month: {month}")}</h3>
                    <p>"Articles published"</p>
                    <Progress done=site.articles_published target=site.articles_target expected=site.articles_expected label="Articles published this month against the target" />
                    <p>"Backlinks delivered"</p>
                    <Progress done=site.backlinks_delivered target=site.backlinks_target label="Backlinks delivered this month against the target" />
                    <p>"Backlinks live"</p>
                    <Progress done=site.backlinks_live target=site.backlinks_target label="Backlinks live this month against the target" />
                    <p class="muted" data-test="next-report">
                        {match site.next_report.clone() {
                            Some(n) => format!("Next report: {} on {}, covering {}.", label(&n.report_type), n.at, n.period),
                            None => "No report is scheduled while the service is not active.".to_owned(),
                        }}
                    </p>
                    <p class="muted" data-test="last-sent">
                        {match site.last_sent_on.clone() {
                            Some(d) => format!("Last report emailed on {d}."),
                            None => "No report has been emailed yet.".to_owned(),
                        }}
                    </p>
                </div>
                <div>
                    <h3>"Your plan includes"</h3>
                    <ul class="plain" data-test="includes">{site.includes.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                </div>
            </div>
            {figures}
            {clicks}
        </section>
    }
}
