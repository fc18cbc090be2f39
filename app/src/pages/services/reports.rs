//! ReportGenerator (`/services/reports/new`, staff): any client's report for a month, quarter,
//! ISO week or range on the client's calendar, with its sections, branding, template and theme.
//! "Preview" renders it without saving anything (the web version and the PDF from the preview
//! endpoint, in frames); "Generate" stores and records it; "Send" emails it. A batch form starts
//! every due client's report at once; its page (`/services/reports/batches/{id}`) follows it.
//! Everything is in the URL or a plain form post, so it all works without JavaScript.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;

use crate::api::client_list;
use crate::api::clients::client_url;
use crate::api::dashboard::ClientQueryParams;
use crate::api::reports::{
    CreateReport, GENERATOR_PATH, ReportForm, SendNewReport, StartReportBatch, batch_url, report_batch, report_batches,
    report_generator, report_preview,
};
use crate::components::error_panel::loaded;
use crate::components::form::Field;
use crate::components::header::PageHeader;
use crate::components::islands::Toast;
use crate::components::table::TableWrap;
use crate::components::widgets::{Badge, EmptyState, Progress, label, tone_of};
use crate::types::ApiError;
use crate::types::generator::{BatchProgress, GeneratorClient, PreviewSummary};
use crate::types::report::SectionKey;

const TYPES: [(&str, &str); 4] = [
    ("", "From the period"),
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
];

/// The form control an error's field belongs to.
fn control_of(field: &str) -> &str {
    match field {
        "period_start" | "period_end" => "period",
        "sections_included" => "sections",
        "site_id" => "client",
        other => other,
    }
}

fn crumbs() -> Vec<(String, String)> {
    vec![("Managed Services".to_owned(), "/services".to_owned())]
}

#[component]
pub fn ReportGenerator() -> impl IntoView {
    let query = use_query_map().read_untracked().clone();
    let form = ReportForm::from_map(&query);
    let chooser = match &form {
        Some(form) => {
            let (form, q) = (form.clone(), query.clone());
            let asked = q.get("preview").is_some() && q.get("error").is_none();
            loaded(
                move || {
                    let form = form.clone();
                    async move {
                        let client = report_generator(form.client).await?;
                        let preview = if asked { Some(report_preview(form).await) } else { None };
                        Ok((client, preview))
                    }
                },
                move |(client, preview)| view! { <Generator client preview query=q.clone() /> },
            )
            .into_any()
        }
        None => view! { <ChooseClient query=query.clone() /> }.into_any(),
    };
    view! {
        <PageHeader title="Report generator" sub="Preview, generate and send any client's report, or every due client's at once." crumbs=crumbs() />
        {chooser}
        <BatchForm query=query />
    }
}

/// Step one: find the client (by client, site or domain name).
#[component]
fn ChooseClient(query: ParamsMap) -> impl IntoView {
    let q = query.get("q").unwrap_or_default();
    let params = ClientQueryParams {
        q: Some(q.clone()).filter(|s| !s.is_empty()),
        ..ClientQueryParams::default()
    };
    view! {
        <section class="panel stack" aria-labelledby="choose-title" data-test="choose-client">
            <h2 id="choose-title">"Choose the client"</h2>
            <form method="get" action=GENERATOR_PATH class="toolbar" role="search" aria-label="Find a client">
                <div class="field">
                    <label for="client-search">"Client, site or domain"</label>
                    <input type="search" id="client-search" name="q" value=q />
                </div>
                <div class="form-actions"><button type="submit">"Find"</button></div>
            </form>
            {loaded(
                move || client_list(params.clone()),
                |page| {
                    if page.rows.is_empty() {
                        return view! { <EmptyState title="No client matches" /> }.into_any();
                    }
                    view! {
                        <p class="muted">{format!("{} of {} clients match", page.matching, page.total)}</p>
                        <ul class="choices" data-test="client-choices">
                            {page.rows.into_iter().map(|r| view! {
                                <li>
                                    <a href=format!("{GENERATOR_PATH}?client={}", r.subscription_id) data-test="choose">
                                        <strong>{r.account_name}</strong>" · "{r.site_name}
                                    </a>
                                    <span class="sub">{format!("{} · {}", r.domain, r.tier.as_str())}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                },
            )}
        </section>
    }
}

/// The values the form shows: as entered (in the URL), or the client's report settings.
fn form_values(client: &GeneratorClient, query: &ParamsMap) -> ReportForm {
    match ReportForm::from_map(query).filter(|_| query.get("period").is_some()) {
        Some(form) => form,
        None => ReportForm {
            client: client.subscription_id,
            period: client.last_month.clone(),
            report_type: String::new(),
            sections: client.sections.clone(),
            branding_id: client.branding_id.map(|id| id.to_string()).unwrap_or_default(),
            template_id: client.template_id.map(|id| id.to_string()).unwrap_or_default(),
            theme: client.theme.clone().unwrap_or_default(),
        },
    }
}

#[component]
fn Generator(
    client: GeneratorClient,
    preview: Option<Result<PreviewSummary, ApiError>>,
    query: ParamsMap,
) -> impl IntoView {
    let form = form_values(&client, &query);
    // an error of the posted form (in the URL), or of the preview
    let (error, field) = match (&preview, query.get("error")) {
        (_, Some(e)) => (Some(e), query.get("field").unwrap_or_default()),
        (Some(Err(e)), None) => (Some(e.message.clone()), e.field.clone().unwrap_or_default()),
        _ => (None, String::new()),
    };
    let field = control_of(&field).to_owned();
    let error_for = |name: &str| error.clone().filter(|_| field == name);
    // an error no control owns (a conflict, a limit) shows above the form
    let controls = [
        "client",
        "period",
        "report_type",
        "sections",
        "branding_id",
        "template_id",
        "theme",
    ];
    let general = error.clone().filter(|_| !controls.contains(&field.as_str()));
    let done = query.get("done");
    let report = query.get("report").and_then(|r| r.parse::<i64>().ok());
    let close = form.url(&[]);
    let notice = match (done.as_deref(), report) {
        (Some("generated"), Some(id)) => Some(format!("Report #{id} was generated and recorded.")),
        (Some("sent"), Some(id)) => Some(format!("Report #{id} is queued for the client's recipients.")),
        _ => None,
    };
    let preview_view = match preview {
        Some(Ok(summary)) => Some(view! { <Preview summary form=form.clone() site_id=client.site_id /> }.into_any()),
        _ => None,
    };
    view! {
        {general.map(|m| view! { <Toast message=m bad=true close=close.clone() /> })}
        {notice.map(|m| view! { <Toast message=m bad=false close=close.clone() /> })}
        {report.filter(|_| done.is_some()).map(|id| view! { <Made id=id client=client.subscription_id sent=done.as_deref() == Some("sent") /> })}
        <section class="panel stack" aria-labelledby="form-title" data-test="generator">
            <h2 id="form-title">
                {if client.site_name == client.account_name {
                    client.account_name.clone()
                } else {
                    format!("{} · {}", client.account_name, client.site_name)
                }}
                <span class="panel-note">{format!("{} · Managed {} · calendar of {}", client.domain, label(&client.tier), client.timezone)}</span>
            </h2>
            <p class="actions">
                <a href=GENERATOR_PATH data-test="change-client">"Choose another client"</a>
                <a href=client_url(client.subscription_id, "reports", &[])>"The client's reports"</a>
            </p>
            {error_for("client").map(|e| view! { <p class="notice bad" role="alert" data-field="client" data-test="field-error">{e}</p> })}
            <GeneratorForm client=client.clone() form=form.clone() errors=controls.iter().map(|c| (c.to_string(), error_for(c))).collect() />
        </section>
        {preview_view}
        <Recent client=client />
    }
}

#[component]
fn GeneratorForm(
    client: GeneratorClient,
    form: ReportForm,
    /// Each control's error, if it has one.
    errors: Vec<(String, Option<String>)>,
) -> impl IntoView {
    let err = |name: &str| errors.iter().find(|(k, _)| k == name).and_then(|(_, e)| e.clone());
    let (e_period, e_type, e_branding, e_template, e_theme, e_sections) = (
        err("period"),
        err("report_type"),
        err("branding_id"),
        err("template_id"),
        err("theme"),
        err("sections"),
    );
    let invalid = |e: &Option<String>| e.as_ref().map(|_| "true");
    let (i_period, i_branding, i_template, i_sections) = (
        invalid(&e_period),
        invalid(&e_branding),
        invalid(&e_template),
        invalid(&e_sections),
    );
    // the client's order first, then the other sections
    let mut order: Vec<SectionKey> = client.sections.iter().filter_map(|k| SectionKey::parse(k)).collect();
    let rest: Vec<SectionKey> = SectionKey::ALL.into_iter().filter(|k| !order.contains(k)).collect();
    order.extend(rest);
    let option = |value: String, text: String, current: &str| {
        let selected = value == current;
        view! { <option value=value selected=selected>{text}</option> }
    };
    view! {
        <form method="get" action=GENERATOR_PATH class="form-grid" data-test="generator-form">
            <input type="hidden" name="client" value=client.subscription_id.to_string() />
            <Field id="period" label="Period" hint="2026-11 (a month), 2026-Q3, 2026-W45 (an ISO week) or 2026-10-01..2026-10-31; days of the client's calendar" error=e_period>
                <input type="text" id="period" name="period" value=form.period.clone() required aria-invalid=i_period aria-describedby="period-hint period-error" data-test="period" />
            </Field>
            <Field id="report_type" label="Report type" error=e_type>
                <select id="report_type" name="report_type" data-test="report-type">
                    {TYPES.iter().map(|(v, t)| option(v.to_string(), t.to_string(), &form.report_type)).collect_view()}
                </select>
            </Field>
            <Field id="branding_id" label="Branding" error=e_branding>
                <select id="branding_id" name="branding_id" aria-invalid=i_branding data-test="branding">
                    {option(String::new(), "IGNY8 (no white-label)".to_owned(), &form.branding_id)}
                    {client.brandings.iter().map(|(id, name)| option(id.to_string(), name.clone(), &form.branding_id)).collect_view()}
                </select>
            </Field>
            <Field id="template_id" label="Template" error=e_template>
                <select id="template_id" name="template_id" aria-invalid=i_template data-test="template">
                    {option(String::new(), "Built-in".to_owned(), &form.template_id)}
                    {client.templates.iter().map(|(id, name)| option(id.to_string(), name.clone(), &form.template_id)).collect_view()}
                </select>
            </Field>
            <Field id="theme" label="Theme" error=e_theme>
                <select id="theme" name="theme" data-test="theme">
                    {option(String::new(), "The template's".to_owned(), &form.theme)}
                    {option("light".to_owned(), "Light".to_owned(), &form.theme)}
                    {option("dark".to_owned(), "Dark".to_owned(), &form.theme)}
                </select>
            </Field>
            <fieldset class="wide" aria-describedby="sections-hint" aria-invalid=i_sections data-field="sections">
                <legend>"Sections"</legend>
                <p class="hint muted" id="sections-hint">"Printed in this order."</p>
                <div class="checks">
                    {order.into_iter().map(|k| {
                        let key = k.as_str();
                        let checked = form.sections.iter().any(|s| s == key);
                        let (for_id, id) = (format!("section-{key}"), format!("section-{key}"));
                        view! { <label for=for_id><input type="checkbox" id=id name="sections[]" value=key checked=checked />{k.title()}</label> }
                    }).collect_view()}
                </div>
                {e_sections.map(|e| view! { <span class="error" role="alert" data-test="field-error">{e}</span> })}
            </fieldset>
            <div class="form-actions wide">
                <button type="submit" name="preview" value="1" class="secondary" data-test="preview">"Preview"</button>
                <button type="submit" formmethod="post" formaction=CreateReport::url() data-test="generate">"Generate"</button>
            </div>
        </form>
    }
}

/// What the preview found, the web version and the PDF pages (nothing was saved).
#[component]
fn Preview(summary: PreviewSummary, form: ReportForm, site_id: i64) -> impl IntoView {
    let html = form.preview_url(site_id, "html");
    let pdf = form.preview_url(site_id, "pdf");
    view! {
        <section class="panel stack" aria-labelledby="preview-title" data-test="preview-panel">
            <h2 id="preview-title">
                "Preview"
                <span class="panel-note">{format!("{} report, {} to {} · not saved", summary.report_type, summary.period_start, summary.period_end)}</span>
            </h2>
            {match summary.hold_reason {
                Some(why) => view! { <p class="notice bad" data-test="hold-reason">{format!("The pre-send check would hold this report back: {why}")}</p> }.into_any(),
                None => view! { <p class="notice" data-test="sendable">"The pre-send check passes: this report could be sent as it is."</p> }.into_any(),
            }}
            <ul class="findings" data-test="section-findings">
                {summary.sections.into_iter().map(|s| view! {
                    <li data-section=s.key.clone()>
                        <Badge text=label(&s.status) tone=tone_of(&s.status) />
                        " "{s.title}
                        {s.note.map(|n| view! { <span class="sub">{n}</span> })}
                    </li>
                }).collect_view()}
            </ul>
            <div class="preview-frames">
                <figure>
                    <figcaption>"Web version"</figcaption>
                    <iframe src=html.clone() title="Web version of the report (preview)" sandbox="" data-test="preview-html"></iframe>
                    <a href=html target="_blank" rel="noopener">"Open the web version"</a>
                </figure>
                <figure>
                    <figcaption>"PDF pages"</figcaption>
                    <iframe src=pdf.clone() title="PDF of the report (preview)" data-pdf="" data-test="preview-pdf"></iframe>
                    <a href=pdf target="_blank" rel="noopener" data-test="preview-pdf-link">"Open the PDF"</a>
                </figure>
            </div>
        </section>
    }
}

/// The report just generated (or sent), with what to do next.
#[component]
fn Made(id: i64, client: i64, sent: bool) -> impl IntoView {
    view! {
        <section class="panel" aria-label="The new report" data-test="made">
            <div class="actions">
                <a class="button secondary" href=format!("/reports/{id}/view") target="_blank" rel="noopener">"Web version"</a>
                <a class="button secondary" href=format!("/reports/{id}/pdf")>"PDF"</a>
                {(!sent).then(|| view! {
                    <form method="post" action=SendNewReport::url()>
                        <input type="hidden" name="client" value=client.to_string() />
                        <input type="hidden" name="report" value=id.to_string() />
                        <button type="submit" data-test="send">"Send to the client's recipients"</button>
                    </form>
                })}
            </div>
        </section>
    }
}

/// The site's latest reports (the history the new one joins).
#[component]
fn Recent(client: GeneratorClient) -> impl IntoView {
    let all = client_url(client.subscription_id, "reports", &[]);
    view! {
        <section class="panel" aria-labelledby="recent-title" data-test="recent-reports">
            <h2 id="recent-title">"Latest reports of this site" <a class="panel-note" href=all>"all of them"</a></h2>
            {if client.recent.is_empty() {
                view! { <EmptyState title="No reports yet" /> }.into_any()
            } else {
                view! {
                    <TableWrap label="Latest reports">
                        <table class="data">
                            <thead><tr>
                                <th scope="col">"Report"</th><th scope="col">"Period"</th><th scope="col">"Generated"</th>
                                <th scope="col">"State"</th><th scope="col">"Files"</th>
                            </tr></thead>
                            <tbody>
                                {client.recent.into_iter().map(|r| {
                                    let state = if r.hold_reason.is_some() { "held".to_owned() } else { r.status.clone() };
                                    view! {
                                        <tr data-test="recent-row" data-report=r.id.to_string()>
                                            <td>{format!("#{} {}", r.id, r.report_type)}</td>
                                            <td class="nowrap">{format!("{} – {}", r.period_start, r.period_end)}</td>
                                            <td class="nowrap">{r.generated_at.chars().take(16).collect::<String>().replace('T', " ")}</td>
                                            <td><Badge text=state.clone() tone=tone_of(&state) /></td>
                                            <td class="actions">
                                                <a href=format!("/reports/{}/view", r.id) target="_blank" rel="noopener">"Web"</a>
                                                <a href=format!("/reports/{}/pdf", r.id)>"PDF"</a>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableWrap>
                }.into_any()
            }}
        </section>
    }
}

/// Every due client's report for one type and period, and the batches started lately.
#[component]
fn BatchForm(query: ParamsMap) -> impl IntoView {
    let error = query.get("b_error");
    let field = query.get("b_field").unwrap_or_default();
    let err = |name: &str| error.clone().filter(|_| control_of(&field) == name);
    let (e_type, e_period) = (err("report_type"), err("period"));
    let i_period = e_period.as_ref().map(|_| "true");
    let general = error
        .clone()
        .filter(|_| !matches!(control_of(&field), "period" | "report_type"));
    let kind = query.get("b_type").unwrap_or_else(|| "monthly".to_owned());
    let period = query.get("b_period").unwrap_or_default();
    view! {
        <section class="panel stack" id="batch" aria-labelledby="batch-title" data-test="batch">
            <h2 id="batch-title">"Every due client at once"</h2>
            <p class="muted">"Weekly reports are for Managed Pro clients; monthly and quarterly ones for Lite and Pro. Clients that have the report already are skipped."</p>
            {general.map(|e| view! { <p class="notice bad" role="alert" data-test="batch-error">{e}</p> })}
            <form method="post" action=StartReportBatch::url() class="toolbar" data-test="batch-form">
                <Field id="b-type" label="Report type" error=e_type>
                    <select id="b-type" name="report_type">
                        {TYPES[1..].iter().map(|(v, t)| {
                            let selected = *v == kind;
                            view! { <option value=*v selected=selected>{*t}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="b-period" label="Period" hint="2026-11, 2026-Q3 or 2026-W45" error=e_period>
                    <input type="text" id="b-period" name="period" value=period required aria-describedby="b-period-hint b-period-error" aria-invalid=i_period data-test="batch-period" />
                </Field>
                <div class="form-actions"><button type="submit" data-test="batch-start">"Start the batch"</button></div>
            </form>
            {loaded(report_batches, |batches| {
                (!batches.is_empty()).then(|| view! {
                    <ul class="plain" data-test="batches">
                        {batches.into_iter().map(|b| view! {
                            <li>
                                <a href=batch_url(b.id)>{format!("Batch {}: {} reports, {} to {}", b.id, b.report_type, b.period_start, b.period_end)}</a>
                                <span class="sub">{format!("{} of {} done · {} failed{}", b.done(), b.due, b.failed, if b.running() { " · running" } else { "" })}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                })
            })}
        </section>
    }
}

/// A batch's progress and per-site results (`/services/reports/batches/{id}`).
#[component]
pub fn BatchPage() -> impl IntoView {
    let params = use_params_map();
    let id = params
        .read_untracked()
        .get("id")
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or(0);
    view! {
        <PageHeader title=format!("Report batch {id}") crumbs=vec![
            ("Managed Services".to_owned(), "/services".to_owned()),
            ("Report generator".to_owned(), GENERATOR_PATH.to_owned()),
        ] />
        {loaded(move || report_batch(id), |b| view! {
            // the browser asks again every two seconds while the batch runs (with or without
            // JavaScript; a polling island would add a third to the bundle every page loads)
            {b.running().then(|| view! { <meta http-equiv="refresh" content="2" /> })}
            <BatchView b=b />
        })}
    }
}

/// A batch's progress and per-site results.
#[component]
fn BatchView(b: BatchProgress) -> impl IntoView {
    let state = if b.running() {
        "running"
    } else if b.error.is_some() || b.failed > 0 {
        "failed"
    } else {
        "completed"
    };
    view! {
        <section class="panel stack" aria-labelledby="batch-progress-title" data-test="batch-progress" data-state=state>
            <h2 id="batch-progress-title">
                {format!("{} reports, {} to {}", label(&b.report_type), b.period_start, b.period_end)}
                " "<Badge text=state tone=tone_of(state) />
            </h2>
            <p class="muted">{format!("Started by {} at {}{}", if b.started_by.is_empty() { "the server" } else { &b.started_by }, b.started_at.replace('T', " "), b.finished_at.as_ref().map(|f| format!(", finished at {}", f.replace('T', " "))).unwrap_or_default())}</p>
            <Progress done=b.done() target=b.due label="Sites done" />
            <p data-test="batch-counts" role="status">
                {format!("{} generated · {} skipped (already there) · {} failed · {} of {} due", b.generated, b.skipped, b.failed, b.done(), b.due)}
            </p>
            {b.error.clone().map(|e| view! { <p class="notice bad" role="alert">{format!("The batch stopped: {e}")}</p> })}
            {(!b.sites.is_empty()).then(|| view! {
                <TableWrap label="Sites of the batch">
                    <table class="data" data-test="batch-sites">
                        <thead><tr><th scope="col">"Site"</th><th scope="col">"Outcome"</th><th scope="col">"Report or reason"</th></tr></thead>
                        <tbody>
                            {b.sites.iter().map(|s| view! {
                                <tr data-test="batch-site" data-outcome=s.outcome.clone()>
                                    <td>{if s.domain.is_empty() { format!("site {}", s.site_id) } else { s.domain.clone() }}</td>
                                    <td><Badge text=s.outcome.clone() tone=tone_of(&s.outcome) /></td>
                                    <td>
                                        {s.report_id.map(|r| view! { <a href=format!("/reports/{r}/view") target="_blank" rel="noopener">{format!("#{r}")}</a> })}
                                        {s.reason.clone()}
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </TableWrap>
            })}
        </section>
    }
}
