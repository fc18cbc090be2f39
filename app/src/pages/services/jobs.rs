//! Scheduled jobs (`/services/jobs`, staff): each job's schedule and next three runs in a chosen
//! time zone with "run now" (after a confirmation), the ledger's latest runs — failures with
//! their error and next try — filterable by job, and the email outbox by state with "retry" for
//! failed emails. The view (`timezone`, `job`, `outbox`, `outbox_page`) is in the URL.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use leptos::server_fn::ServerFn;

use crate::api::jobs::{JOBS_PATH as PATH, JobsView, RetryEmail, RunJob, scheduler};
use crate::components::error_panel::ErrorPanel;
use crate::components::feedback::Confirm;
use crate::components::header::PageHeader;
use crate::components::islands::Toast;
use crate::components::table::{Pager, TableWrap, href_with};
use crate::components::widgets::{Badge, EmptyState, label, tone_of};
use crate::types::email::{EMAILS_PER_PAGE, OutboxPage};
use crate::types::job::JobsPanel;
/// Time zones offered in the chooser (any IANA name may be typed in the URL).
const ZONES: [&str; 8] = [
    "UTC",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Karachi",
];

/// `2026-12-07 06:00 (-05:00)` of an RFC 3339 time.
fn when(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16), rfc3339.get(19..)) {
        (Some(day), Some(time), Some(zone)) => {
            let zone = zone.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
            format!(
                "{day} {time} ({})",
                if zone == "+00:00" || zone == "Z" { "UTC" } else { zone }
            )
        }
        _ => rfc3339.to_owned(),
    }
}

#[component]
pub fn ScheduledJobs() -> impl IntoView {
    let query = use_query_map();
    view! {
        <PageHeader title="Scheduled jobs" sub="What runs when, and what the last runs did." crumbs=vec![("Managed Services".to_owned(), "/services".to_owned())] />
        <Suspense fallback=|| view! { <p class="loading">"Loading the scheduler…"</p> }>
            {move || {
                let q = query.read_untracked().clone();
                let get = |k: &str| q.get(k).filter(|v| !v.is_empty());
                let view = JobsView {
                    timezone: get("timezone"),
                    job: get("job"),
                    outbox: get("outbox"),
                    outbox_page: get("outbox_page").and_then(|p| p.parse().ok()),
                };
                let pending = scheduler(view);
                Suspend::new(async move {
                    match pending.await {
                        Ok(panel) => view! { <Jobs panel query=q /> }.into_any(),
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Jobs(panel: JobsPanel, query: ParamsMap) -> impl IntoView {
    let zone = panel.schedules.first().map(|s| s.timezone.clone()).unwrap_or_default();
    let job = query.get("job").unwrap_or_default();
    let failed = panel.runs.iter().filter(|r| r.status == "failed").count();
    let zones = ZONES
        .iter()
        .map(|z| z.to_string())
        .chain((!ZONES.contains(&zone.as_str())).then(|| zone.clone()))
        .map(|z| {
            let selected = z == zone;
            view! { <option value=z.clone() selected=selected>{z.clone()}</option> }
        })
        .collect_view();
    let job_links = std::iter::once(("All jobs".to_owned(), None))
        .chain(panel.schedules.iter().map(|s| (label(&s.job), Some(s.job.clone()))))
        .map(|(text, key)| {
            let current = key.as_deref().unwrap_or_default() == job;
            let href = href_with(PATH, &query, &[("job", key)]);
            view! { <li><a href=href aria-current=current.then_some("page")>{text}</a></li> }
        })
        .collect_view();
    let close = href_with(PATH, &query, &[]);
    let message = match (query.get("done"), query.get("error")) {
        (_, Some(e)) => Some((e, true)),
        (Some(d), _) => match d.split_once(':') {
            Some(("started", name)) => Some((
                format!(
                    "{} started: it does what is due and not done yet; its units appear in the ledger below as they finish.",
                    label(name)
                ),
                false,
            )),
            Some(("retried", id)) => Some((
                format!("Email {id} is queued again; the scheduler's next drain sends it."),
                false,
            )),
            _ => None,
        },
        _ => None,
    };
    let toast = message.map(|(m, bad)| view! { <Toast message=m bad=bad close=close.clone() /> });
    let confirm = (query.get("confirm").as_deref() == Some("run")).then(|| query.get("run")).flatten().map(|job| view! {
        <Confirm
            title=format!("Run {} now?", label(&job))
            text="It does now what its schedule has due and the ledger has not done yet (a report job: every due client's report for the latest period, emailed as it is stored). Work already done is not done again."
            action=RunJob::url()
            fields=vec![("job", job.clone())]
            confirm_label="Run now"
            cancel=close.clone()
        />
    });
    let run_query = query.clone();
    view! {
        {toast}
        {confirm}
        <section class="panel" aria-labelledby="schedules-title" data-test="job-schedules">
            <h2 id="schedules-title">"Schedules"</h2>
            <form method="get" action=PATH class="toolbar" aria-label="Time zone of the times shown">
                <div class="field">
                    <label for="jobs-timezone">"Show times in"</label>
                    <select id="jobs-timezone" name="timezone" data-test="jobs-timezone">{zones}</select>
                </div>
                {query.get("job").map(|j| view! { <input type="hidden" name="job" value=j /> })}
                <div class="form-actions"><button type="submit" data-test="jobs-apply">"Show"</button></div>
            </form>
            <TableWrap label="Schedules table">
                <table class="data" data-test="schedules-table">
                    <caption>{format!("Each job's next three runs, in {zone}")}</caption>
                    <thead><tr>
                        <th scope="col">"Job"</th>
                        <th scope="col">"Schedule (cron)"</th>
                        <th scope="col">"Next runs"</th>
                        <th scope="col"><span class="visually-hidden">"Run"</span></th>
                    </tr></thead>
                    <tbody>
                        {panel.schedules.into_iter().map(|s| view! {
                            <tr data-test="schedule-row" data-job=s.job.clone()>
                                <td>
                                    {label(&s.job)}
                                    {s.per_account.then(|| view! { <span class="sub">"on each client's local clock"</span> })}
                                </td>
                                <td>{if s.enabled {
                                    view! { <code>{s.expression}</code> }.into_any()
                                } else {
                                    view! { <Badge text="disabled".to_owned() tone="bad" /> }.into_any()
                                }}</td>
                                <td>
                                    <ul class="plain" data-test="next-runs">
                                        {s.next_runs.iter().map(|r| view! { <li class="nowrap">{when(r)}</li> }).collect_view()}
                                    </ul>
                                </td>
                                <td>
                                    <a class="button secondary small" href=href_with(PATH, &run_query, &[("confirm", Some("run".to_owned())), ("run", Some(s.job.clone()))]) data-test="run-now" aria-label=format!("Run now: {}", label(&s.job))>"Run now"</a>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </TableWrap>
        </section>
        <section class="panel" aria-labelledby="runs-title" data-test="job-runs">
            <h2 id="runs-title">
                "Latest runs"
                <span class="panel-note">{format!("{} shown, {failed} failed", panel.runs.len())}</span>
            </h2>
            <nav aria-label="Runs of one job"><ul class="tabs">{job_links}</ul></nav>
            {if panel.runs.is_empty() {
                view! { <EmptyState title="No runs yet"><p>"The ledger records each unit of work when a job runs."</p></EmptyState> }.into_any()
            } else {
                view! {
                    <TableWrap label="Runs table">
                        <table class="data" data-test="runs-table">
                            <caption>"The ledger, newest first: one row per job, scope and period"</caption>
                            <thead><tr>
                                <th scope="col">"Job"</th>
                                <th scope="col">"Scope · period"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col" class="num">"Attempts"</th>
                                <th scope="col">"Started"</th>
                                <th scope="col" class="num">"Took"</th>
                                <th scope="col">"What happened"</th>
                            </tr></thead>
                            <tbody>
                                {panel.runs.into_iter().map(|r| view! {
                                    <tr data-test="run-row" data-status=r.status.clone()>
                                        <td>{label(&r.job)}<span class="sub">{r.claimed_by}</span></td>
                                        <td>{r.scope}<span class="sub">{r.period}</span></td>
                                        <td><Badge text=r.status.clone() tone=tone_of(&r.status) /></td>
                                        <td class="num">{r.attempts}</td>
                                        <td class="nowrap">{when(&r.claimed_at)}</td>
                                        <td class="num">{r.duration_ms.map(|d| format!("{:.1} s", d as f64 / 1000.0)).unwrap_or_default()}</td>
                                        <td>
                                            {r.detail}
                                            {r.error.map(|e| view! { <span class="sub error" data-test="run-error">{e}</span> })}
                                            {(r.status == "failed").then(|| view! {
                                                <span class="sub" data-test="next-retry">{match &r.next_retry_at {
                                                    Some(t) => format!("tried again after {}", when(t)),
                                                    None => "its attempts ran out".to_owned(),
                                                }}</span>
                                            })}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableWrap>
                }.into_any()
            }}
        </section>
        <Outbox outbox=panel.outbox query=query />
    }
}

/// The email outbox by state, newest first, with "retry" for failed emails.
#[component]
fn Outbox(outbox: OutboxPage, query: ParamsMap) -> impl IntoView {
    let state = query.get("outbox").unwrap_or_default();
    let total: i64 = outbox.counts.iter().map(|(_, n)| n).sum();
    let tabs = std::iter::once(("All".to_owned(), None, total))
        .chain(outbox.counts.iter().map(|(s, n)| (label(s), Some(s.clone()), *n)))
        .map(|(text, key, n)| {
            let current = key.as_deref().unwrap_or_default() == state;
            let href = href_with(PATH, &query, &[("outbox", key.clone()), ("outbox_page", None)]) + "#outbox-title";
            view! { <li><a href=href aria-current=current.then_some("page") data-test=format!("outbox-tab-{}", key.unwrap_or_default())>{format!("{text} ({n})")}</a></li> }
        })
        .collect_view();
    let pages = (outbox.matching + EMAILS_PER_PAGE - 1) / EMAILS_PER_PAGE;
    let page_href = |p: i64| href_with(PATH, &query, &[("outbox_page", Some(p.to_string()))]) + "#outbox-title";
    let prev = (outbox.page > 1).then(|| page_href(outbox.page - 1));
    let next = (outbox.page < pages).then(|| page_href(outbox.page + 1));
    let first = (outbox.page - 1) * EMAILS_PER_PAGE + 1;
    let shown = outbox.emails.len();
    view! {
        <section class="panel" aria-labelledby="outbox-title" data-test="outbox">
            <h2 id="outbox-title">"Email outbox"</h2>
            <nav aria-label="Emails in one state"><ul class="tabs">{tabs}</ul></nav>
            {if outbox.emails.is_empty() {
                view! { <EmptyState title="No emails here" /> }.into_any()
            } else {
                view! {
                    <TableWrap label="Outbox table">
                        <table class="data" data-test="outbox-table">
                            <thead><tr>
                                <th scope="col">"Email"</th>
                                <th scope="col">"State"</th>
                                <th scope="col" class="num">"Attempts"</th>
                                <th scope="col">"Queued"</th>
                                <th scope="col">"Sent or next try"</th>
                                <th scope="col"><span class="visually-hidden">"Retry"</span></th>
                            </tr></thead>
                            <tbody>
                                {outbox.emails.into_iter().map(|e| {
                                    let failed = e.status == "failed";
                                    let id = e.id;
                                    view! {
                                        <tr data-test="outbox-row" data-status=e.status.clone() data-email=id.to_string()>
                                            <td>
                                                {e.recipient}
                                                <span class="sub">{e.subject}</span>
                                                {e.report_id.map(|r| view! { <span class="sub"><a href=format!("/reports/{r}/view") target="_blank" rel="noopener">{format!("report #{r}")}</a></span> })}
                                            </td>
                                            <td>
                                                <Badge text=label(&e.status) tone=tone_of(&e.status) />
                                                {e.last_error.map(|m| view! { <span class="sub error" data-test="email-error">{m}</span> })}
                                            </td>
                                            <td class="num">{e.attempts}</td>
                                            <td class="nowrap">{when(&e.created_at)}</td>
                                            <td class="nowrap">{match (e.sent_at, e.status.as_str()) {
                                                (Some(t), _) => when(&t),
                                                (None, "pending") => when(&e.next_attempt_at),
                                                _ => "—".to_owned(),
                                            }}</td>
                                            <td>
                                                {failed.then(|| view! {
                                                    <form method="post" action=RetryEmail::url()>
                                                        <input type="hidden" name="id" value=id.to_string() />
                                                        <button type="submit" class="secondary small" data-test="retry-email" aria-label=format!("Retry email {id}")>"Retry"</button>
                                                    </form>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableWrap>
                }.into_any()
            }}
            <Pager first=first shown=shown matching=outbox.matching prev=prev next=next noun="emails" />
        </section>
    }
}
