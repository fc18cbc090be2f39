//! Report templates (`/account/report-templates`): an account's owners and admins list their
//! templates, set one as the default and delete those no client uses; the editor
//! (`/account/report-templates/{id}`, `/new`) writes the HTML and CSS in a code area with line
//! numbers, shows why a template is refused at its line, lists the data a template can print,
//! and previews the sample report with the values as typed — all with plain forms and links.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;

use crate::api::templates::{
    DeleteTemplate, PATH, PREVIEW_PATH, SaveTemplate, SetDefaultTemplate, editor_path, template_editor, template_rows,
};
use crate::components::error_panel::{answer_status, loaded};
use crate::components::feedback::Confirm;
use crate::components::form::{Field, textarea_text};
use crate::components::header::PageHeader;
use crate::components::islands::{CodeLines, Toast};
use crate::components::table::TableWrap;
use crate::components::widgets::{Badge, EmptyState, label};
use crate::types::ApiError;
use crate::types::template::{EditorPanel, TemplateRow, TemplatesPanel, error_line};

fn crumbs() -> Vec<(String, String)> {
    vec![("Report templates".to_owned(), PATH.to_owned())]
}

#[component]
pub fn ReportTemplates() -> impl IntoView {
    let query = use_query_map();
    view! {
        <PageHeader title="Report templates" sub="The layout of your reports' web version: handlebars HTML and CSS over the report's data. A report uses the template its subscription names, else its branding's, else your default, else the built-in one." />
        {loaded(template_rows, move |panel| view! { <List panel query=query.read_untracked().clone() /> })}
    }
}

#[component]
fn List(panel: TemplatesPanel, query: ParamsMap) -> impl IntoView {
    let name_of = |id: i64| {
        panel
            .rows
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    let toast = match query.get("done").as_deref().and_then(|d| d.split_once(':')) {
        Some(("default", id)) => Some(format!(
            "{} is now the default template.",
            name_of(id.parse().unwrap_or(0))
        )),
        Some(("deleted", _)) => Some("Template deleted.".to_owned()),
        _ => None,
    };
    let refused = query.get("error");
    let confirm = (query.get("confirm").as_deref() == Some("delete"))
        .then(|| query.get("id").and_then(|i| i.parse::<i64>().ok()))
        .flatten()
        .map(|id| {
            view! {
                <Confirm
                    title=format!("Delete the template {}?", name_of(id))
                    text="Reports made with it keep their files. A client whose report settings use it must be changed first."
                    action=DeleteTemplate::url()
                    fields=vec![("id", id.to_string())]
                    confirm_label="Delete"
                    cancel=PATH.to_owned()
                />
            }
        });
    view! {
        {toast.map(|m| view! { <Toast message=m bad=false close=PATH.to_owned() /> })}
        {refused.map(|m| view! { <Toast message=m bad=true close=PATH.to_owned() /> })}
        {confirm}
        <p class="actions"><a class="button" href=editor_path(None) data-test="new-template">"New template"</a></p>
        {if panel.rows.is_empty() {
            view! {
                <EmptyState title="No templates yet">
                    <p>"Your reports use the built-in template. A new template starts from it."</p>
                </EmptyState>
            }.into_any()
        } else {
            view! {
                <TableWrap label="Report templates">
                    <table class="data" data-test="templates">
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Theme"</th>
                                <th scope="col">"Branding"</th>
                                <th scope="col" class="num">"Lines"</th>
                                <th scope="col">"Used by"</th>
                                <th scope="col">"Updated"</th>
                                <th scope="col">"Default"</th>
                                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>{panel.rows.into_iter().map(|r| view! { <Row row=r /> }).collect_view()}</tbody>
                    </table>
                </TableWrap>
            }.into_any()
        }}
    }
}

#[component]
fn Row(row: TemplateRow) -> impl IntoView {
    let id = row.id;
    let used = match row.used_by {
        0 => "no client".to_owned(),
        1 => "1 client".to_owned(),
        n => format!("{n} clients"),
    };
    let default = if row.is_default {
        view! { <Badge text="Default" tone="ok" /> }.into_any()
    } else {
        view! {
            <form method="post" action=SetDefaultTemplate::url()>
                <input type="hidden" name="id" value=id.to_string() />
                <button type="submit" class="secondary small" data-test="set-default" aria-label=format!("Set as default: {}", row.name)>"Set as default"</button>
            </form>
        }
        .into_any()
    };
    view! {
        <tr data-test="template-row" data-template=id.to_string()>
            <td><a href=editor_path(Some(id))>{row.name.clone()}</a></td>
            <td>{label(&row.theme)}</td>
            <td>{row.branding_name.unwrap_or_else(|| "—".into())}</td>
            <td class="num">{row.lines}</td>
            <td>{used}</td>
            <td class="nowrap">{row.updated_at.get(..10).unwrap_or(&row.updated_at).to_owned()}</td>
            <td>{default}</td>
            <td class="nowrap">
                <a class="button secondary small" href=editor_path(Some(id)) aria-label=format!("Edit {}", row.name)>"Edit"</a>
                <a class="button secondary small" href=format!("{PATH}?confirm=delete&id={id}") data-test="delete-template" aria-label=format!("Delete {}", row.name)>"Delete"</a>
            </td>
        </tr>
    }
}

#[component]
pub fn TemplateEditorPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    // "new", or a template's id (anything else is a template that does not exist)
    let id = move || match params.read().get("id").as_deref() {
        Some("new") => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .map(Some)
            .map_err(|_| ApiError::new(crate::types::ErrorCode::NotFound, "no such template")),
        None => Ok(None),
    };
    let load = move || {
        let id = id();
        let draft = query.read_untracked().get("draft");
        async move { template_editor(id?, draft).await }
    };
    view! { {loaded(load, move |panel| view! { <Editor panel query=query.read_untracked().clone() /> })} }
}

#[component]
fn Editor(panel: EditorPanel, query: ParamsMap) -> impl IntoView {
    // a draft that cannot be saved is answered 422, with its reason beside its field
    if panel.error.is_some() {
        answer_status(&ApiError::invalid("template", "refused"));
    }
    let here = editor_path(panel.id);
    let controls = ["name", "theme", "branding_id", "template_html", "template_css"];
    let (field, message) = panel.error.clone().unzip();
    let field = field.unwrap_or_default();
    let general = message.clone().filter(|_| !controls.contains(&field.as_str()));
    // per control: its error, and `aria-invalid` when it has one
    let [name_e, theme_e, branding_e, html_e, css_e] = controls.map(|c| message.clone().filter(|_| field == c));
    let invalid = |e: &Option<String>| e.as_ref().map(|_| "true");
    let [name_i, theme_i, branding_i] = [&name_e, &theme_e, &branding_e].map(invalid);
    let title = match panel.id {
        Some(_) => format!("Edit template: {}", panel.values.name),
        None => "New template".to_owned(),
    };
    let toast = (query.get("done").as_deref() == Some("saved")).then(|| "Template saved.".to_owned());
    let v = panel.values.clone();
    let preview_src = match (&panel.draft, panel.id) {
        (Some(token), Some(id)) => format!("{PREVIEW_PATH}?id={id}&draft={token}"),
        (Some(token), None) => format!("{PREVIEW_PATH}?draft={token}"),
        (None, Some(id)) => format!("{PREVIEW_PATH}?id={id}"),
        (None, None) => PREVIEW_PATH.to_owned(),
    };
    let preview_caption = if panel.draft.is_some() {
        "The sample report with the values above (not saved)."
    } else if panel.id.is_some() {
        "The sample report with the saved template."
    } else {
        "The sample report with the built-in template, where a new template starts."
    };
    let theme = v.theme.clone().unwrap_or_else(|| "light".into());
    let brandings = panel.brandings.clone();
    let selected_branding = v.branding_id;
    let header = view! {
        <PageHeader title=title crumbs=crumbs() />
        {toast.map(|m| view! { <Toast message=m bad=false close=here.clone() /> })}
        {general.map(|m| view! { <Toast message=m bad=true close=here.clone() /> })}
        {panel.draft_lost.then(|| view! {
            <p class="notice warn" data-test="draft-lost">"That draft is no longer held (drafts are kept for an hour, and not across a restart): the saved values are shown."</p>
        })}
    }
    .into_any();
    let form = view! {
        <section class="panel stack" aria-labelledby="template-form-title" data-test="template-form">
            <h2 id="template-form-title" class="visually-hidden">"Template"</h2>
            <form method="post" action=SaveTemplate::url() class="form-grid">
                <input type="hidden" name="id" value=panel.id.map(|i| i.to_string()).unwrap_or_default() />
                <Field id="name" label="Name" error=name_e>
                    <input type="text" id="name" name="name" value=v.name.clone() required maxlength="200" aria-invalid=name_i aria-describedby="name-error" data-test="t-name" />
                </Field>
                <Field id="theme" label="Theme" hint="The report's colours: light or dark pages" error=theme_e>
                    <select id="theme" name="theme" aria-describedby="theme-hint theme-error" aria-invalid=theme_i>
                        <option value="light" selected=theme == "light">"Light"</option>
                        <option value="dark" selected=theme == "dark">"Dark"</option>
                    </select>
                </Field>
                <Field id="branding_id" label="Branding" hint="The agency branding this template is made for (none: any)" error=branding_e>
                    <select id="branding_id" name="branding_id" aria-describedby="branding_id-hint branding_id-error" aria-invalid=branding_i>
                        <option value="" selected=selected_branding.is_none()>"None"</option>
                        {brandings.into_iter().map(|(id, name)| view! {
                            <option value=id.to_string() selected=selected_branding == Some(id)>{name}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <div class="field">
                    <label for="is_default"><input type="checkbox" id="is_default" name="is_default" checked=v.is_default />" The account's default template"</label>
                </div>
                <CodeField id="template_html" label="HTML (handlebars)" hint="Every value is escaped; {{chart index}} prints a chart; partials, helpers' raw output and scripts are refused. A variable the report does not have is an error." text=v.template_html.clone() error=html_e test="t-html" />
                <CodeField id="template_css" label="CSS" hint="Added after the theme's styles; it may load nothing (url() takes data:image/… only)." text=v.template_css.clone() error=css_e test="t-css" />
                <div class="form-actions wide">
                    <button type="submit" name="intent" value="preview" class="secondary" data-test="template-preview">"Preview"</button>
                    <button type="submit" name="intent" value="save" data-test="template-save">"Save"</button>
                    <a class="button secondary" href=PATH>"Cancel"</a>
                </div>
            </form>
        </section>
    }
    .into_any();
    let preview = view! {
        <section class="panel stack" id="preview" aria-labelledby="template-preview-title" data-test="template-preview-panel">
            <h2 id="template-preview-title">"Preview"</h2>
            {if panel.error.is_some() {
                view! { <p class="notice bad">"Nothing to preview until the error above is corrected."</p> }.into_any()
            } else {
                view! {
                    <p class="muted">{preview_caption}</p>
                    <div class="preview-frames">
                        <iframe src=preview_src sandbox="" title="Preview of the sample report" data-test="template-frame"></iframe>
                    </div>
                }.into_any()
            }}
        </section>
    }
    .into_any();
    view! {
        {header}
        {form}
        {preview}
        <Variables names=panel.variables />
    }
}

/// A code area (HTML or CSS) across the form: line numbers, the refused line marked, the error
/// beside it.
#[component]
fn CodeField(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    text: String,
    error: Option<String>,
    test: &'static str,
) -> impl IntoView {
    let lines = text.split('\n').count();
    let marked = error.as_deref().and_then(error_line);
    let invalid = error.as_ref().map(|_| "true");
    view! {
        <div class="wide">
            <Field id=id label=label hint=hint error=error>
                <CodeLines lines=lines error_line=marked>
                    <textarea id=id name=id class="code" rows=(lines + 1).to_string() wrap="off" spellcheck="false" autocapitalize="off" autocomplete="off" aria-invalid=invalid aria-describedby=format!("{id}-hint {id}-error") data-test=test>{textarea_text(&text)}</textarea>
                </CodeLines>
            </Field>
        </div>
    }
}

/// The report data's paths, for writing a template.
#[component]
fn Variables(names: Vec<String>) -> impl IntoView {
    view! {
        <section class="panel stack" aria-labelledby="variables-title" data-test="variables">
            <h2 id="variables-title">"What a template can print"</h2>
            <p class="muted">
                "Print a value with " <code>"{{client}}"</code> ", walk a list with " <code>"{{#each sections}}…{{/each}}"</code>
                " (inside it, " <code>"{{title}}"</code> " is the section's), choose with " <code>"{{#if (eq kind \"table\")}}"</code>
                ". A block's " <code>"kind"</code> " is paragraph, label, bullets, kpis, table or chart."
            </p>
            <details>
                <summary>{format!("The report's data ({} paths)", names.len())}</summary>
                <ul class="variables">{names.into_iter().map(|n| view! { <li><code>{n}</code></li> }).collect_view()}</ul>
            </details>
        </section>
    }
}
