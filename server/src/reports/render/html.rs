//! The HTML rendering: a ReportTemplate's `template_html` (handlebars, strict mode: a missing
//! variable is an error; HTML-escaped) with its `template_css`, or the built-in template.
//! Charts are inline SVG.
//!
//! A template is data, never code (`sandbox`): it is checked before it is parsed, rendered on a
//! thread of its own within a time and an output budget, and what it prints is cleaned by an
//! allow-list sanitizer. It supplies the page's body; the document around it — the `<head>`
//! with its title, the theme's CSS and the template's CSS — is written here. Templates cannot
//! print anything unescaped: `{{{…}}}`, `{{&…}}` and raw blocks are refused, so every value —
//! client names, post texts, queries — reaches the page escaped. `{{chart index}}` prints a
//! chart's SVG (drawn by us); `{{styles}}` is kept for older templates and prints nothing (the
//! styles are always in the head).

use base64::Engine;
use handlebars::Handlebars;
use serde_json::{Value, json};

use super::charts;
use super::sandbox;
use crate::error::{AppError, AppResult};
use crate::reports::brand::Rgb;
use crate::reports::document::{Block, Document};

/// The built-in template, compiled in.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../../templates/report.html.hbs");
/// Largest template accepted.
pub const MAX_TEMPLATE_BYTES: usize = 256 * 1024;

/// Chart size in the HTML (user units; the SVG scales with the page).
const CHART_W: u32 = 900;
const CHART_H: u32 = 320;

/// Checks a custom template before it is stored: everything `render` checks, and a rendering of
/// a sample report with every section and many rows — so a template naming a variable that does
/// not exist, or one whose loops explode on a full report, is refused when it is saved, not when
/// a report is due.
pub fn validate(template_html: &str, template_css: &str) -> AppResult<()> {
    render(&sample(), Some((template_html, template_css))).map(|_| ())
}

/// The sample report of `validate` in `brand`'s look and `theme`, rendered with `template` (or
/// the built-in one): what the template editor previews.
pub fn sample_page(
    brand: crate::reports::brand::Brand,
    theme: crate::reports::brand::Theme,
    template: Option<(&str, &str)>,
) -> AppResult<String> {
    let mut doc = sample();
    doc.brand = brand;
    doc.theme = theme;
    render(&doc, template)
}

/// What a template can print: every path in a full report's data (`sections[]` is a list;
/// `{{#each sections}}` walks it), read from the data itself so the list cannot go stale.
pub fn variables() -> &'static [String] {
    static PATHS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        fn walk(v: &Value, at: &str, out: &mut std::collections::BTreeSet<String>) {
            match v {
                Value::Object(fields) => {
                    for (k, child) in fields {
                        let path = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                        walk(child, &path, out);
                    }
                }
                Value::Array(items) => {
                    let path = format!("{at}[]");
                    out.insert(path.clone());
                    for item in items {
                        walk(item, &path, out);
                    }
                }
                _ => {
                    out.insert(at.to_owned());
                }
            }
        }
        let mut out = std::collections::BTreeSet::new();
        if let Ok((data, _)) = context(&sample()) {
            walk(&data, "", &mut out);
        }
        out.into_iter().collect()
    });
    &PATHS
}

/// A report with every section, each holding a block of each kind, with every optional field set
/// and the most rows a report has (tables of 200 rows, long bullet lists, several charts).
fn sample() -> Document {
    use crate::reports::brand::{Brand, Theme};
    use crate::reports::document::{Chart, ChartKind, DocSection, Table};
    use app::types::report::{Kpi, SectionKey};
    let points: Vec<(String, f64)> = (1..=31).map(|d| (format!("2026-10-{d:02}"), f64::from(d))).collect();
    Document {
        title: "Monthly SEO Report".into(),
        client: "Sample Client".into(),
        domain: "client.example".into(),
        period_label: "1–31 October 2026".into(),
        generated_on: "2026-11-01".into(),
        brand: Brand::igny8(),
        theme: Theme::Light,
        sections: SectionKey::ALL
            .iter()
            .map(|key| DocSection {
                key: *key,
                title: key.title().into(),
                note: Some("Provisional".into()),
                blocks: vec![
                    Block::Paragraph("A paragraph.".into()),
                    Block::Label("A label".into()),
                    Block::Bullets((0..50).map(|i| format!("Point {i}.")).collect()),
                    Block::Kpis(
                        (0..6)
                            .map(|i| Kpi {
                                label: format!("Figure {i}"),
                                value: "1,000".into(),
                                change: "+10.0%".into(),
                                up: Some(true),
                            })
                            .collect(),
                    ),
                    Block::Table(Table {
                        headers: vec!["Query".into(), "Clicks".into(), "Impressions".into(), "Position".into()],
                        rows: (0..200)
                            .map(|i| vec![format!("query {i}"), i.to_string(), (i * 10).to_string(), "4.2".into()])
                            .collect(),
                        numeric: vec![1, 2, 3],
                    }),
                    Block::Chart(Chart {
                        title: "Clicks".into(),
                        kind: ChartKind::Line,
                        points: points.clone(),
                    }),
                ],
            })
            .collect(),
    }
}

/// Sizes first: nothing larger is read further.
pub fn checked_sizes(template_html: &str, template_css: &str) -> AppResult<()> {
    for (field, text) in [("template_html", template_html), ("template_css", template_css)] {
        if text.len() > MAX_TEMPLATE_BYTES {
            return Err(AppError::invalid(
                field,
                format!("is larger than {} KB", MAX_TEMPLATE_BYTES / 1024),
            ));
        }
    }
    Ok(())
}

/// The template's registry: strict, with the two helpers.
fn registry(template: handlebars::template::Template, charts: usize) -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_template("report", template);
    hb.register_helper(
        "styles",
        Box::new(
            |_: &handlebars::Helper<'_>,
             _: &Handlebars<'_>,
             _: &handlebars::Context,
             _: &mut handlebars::RenderContext<'_, '_>,
             _: &mut dyn handlebars::Output|
             -> handlebars::HelperResult { Ok(()) },
        ),
    );
    hb.register_helper(
        "chart",
        Box::new(
            move |h: &handlebars::Helper<'_>,
                  _: &Handlebars<'_>,
                  _: &handlebars::Context,
                  _: &mut handlebars::RenderContext<'_, '_>,
                  out: &mut dyn handlebars::Output|
                  -> handlebars::HelperResult {
                let index = h
                    .param(0)
                    .and_then(|p| p.value().as_u64())
                    .map(|i| i as usize)
                    .filter(|i| *i < charts)
                    .ok_or_else(|| handlebars::RenderErrorReason::Other("chart: expects a chart's index".into()))?;
                out.write(&sandbox::chart_placeholder(index))?;
                Ok(())
            },
        ),
    );
    hb
}

/// A rendering's error, at its line and column when the renderer knows them; a variable that
/// is not in the report's data says so.
fn render_error(e: handlebars::RenderError) -> AppError {
    let why = match e.reason() {
        handlebars::RenderErrorReason::MissingVariable(Some(path)) => {
            format!("`{path}` is not in the report's data (see the variables a template can use)")
        }
        other => other.to_string(),
    };
    AppError::invalid(
        "template_html",
        match (e.line_no, e.column_no) {
            (Some(line), Some(column)) => format!("line {line}, column {column}: cannot render: {why}"),
            _ => format!("cannot render: {why}"),
        },
    )
}

/// The rendered body: everything the template printed but its `<head>`.
fn without_head(page: &str) -> String {
    let lower = page.to_ascii_lowercase();
    match (lower.find("<head"), lower.find("</head>")) {
        (Some(start), Some(end)) if end > start => format!("{}{}", &page[..start], &page[end + "</head>".len()..]),
        _ => page.to_owned(),
    }
}

/// Renders the document with `template` (html, css) or the built-in one.
pub fn render(doc: &Document, template: Option<(&str, &str)>) -> AppResult<String> {
    let (html, css) = template.unwrap_or((DEFAULT_TEMPLATE, ""));
    checked_sizes(html, css)?;
    sandbox::check_css(css)?;
    let (context, charts) = context(doc)?;
    let source = html.to_owned();
    let chart_count = charts.len();
    let printed = sandbox::isolated(move |out| {
        let hb = registry(sandbox::parse(&source)?, chart_count);
        hb.render_to_write("report", &context, out).map_err(render_error)
    })?;
    let body = sandbox::clean(&without_head(&printed), &charts);
    let palette = doc.theme.palette();
    let title = handlebars::html_escape(&format!("{} · {} · {}", doc.title, doc.client, doc.period_label));
    let custom = if css.trim().is_empty() {
        String::new()
    } else {
        format!("<style>{css}</style>\n")
    };
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{}</style>\n{custom}</head>\n<body class=\"theme-{}\">\n{}\n</body>\n</html>\n",
        base_css(doc.brand.primary, doc.brand.secondary, &palette),
        doc.theme.as_str(),
        body.trim()
    ))
}

/// The template's data, and the charts' SVG (printed by the `chart` helper, by index).
fn context(doc: &Document) -> AppResult<(Value, Vec<String>)> {
    let palette = doc.theme.palette();
    let mut charts = Vec::new();
    let mut sections = Vec::new();
    for s in &doc.sections {
        let mut blocks = Vec::new();
        for b in &s.blocks {
            blocks.push(match b {
                Block::Paragraph(text) => json!({ "kind": "paragraph", "text": text }),
                Block::Label(text) => json!({ "kind": "label", "text": text }),
                Block::Bullets(items) => json!({ "kind": "bullets", "items": items }),
                Block::Kpis(kpis) => json!({
                    "kind": "kpis",
                    "kpis": kpis.iter().map(|k| json!({
                        "label": k.label,
                        "value": k.value,
                        "change": k.change,
                        "arrow": crate::reports::document::arrow(&k.change).trim(),
                        "trend": match k.up { Some(true) => "good", Some(false) => "bad", None => "flat" },
                    })).collect::<Vec<_>>(),
                }),
                Block::Table(t) => json!({ "kind": "table", "headers": t.headers, "rows": t.rows }),
                Block::Chart(c) => {
                    charts.push(
                        charts::svg(c, &doc.brand, &palette, CHART_W, CHART_H)
                            .map_err(|e| AppError::internal(format!("chart {}: {e}", c.title)))?,
                    );
                    json!({ "kind": "chart", "title": c.title, "index": charts.len() - 1 })
                }
            });
        }
        sections.push(json!({ "key": s.key.as_str(), "title": s.title, "note": s.note, "blocks": blocks }));
    }
    let logo = doc.brand.logo.as_ref().map(|l| {
        format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&l.for_theme(doc.theme).png)
        )
    });
    let context = json!({
        "title": doc.title,
        "client": doc.client,
        "domain": doc.domain,
        "period": doc.period_label,
        "generated_on": doc.generated_on,
        "theme": doc.theme.as_str(),
        "logo": logo,
        "brand": {
            "name": doc.brand.name,
            "contact": doc.brand.contact_line(),
            "footer": doc.brand.footer_text,
            "primary": doc.brand.primary.hex(),
            "secondary": doc.brand.secondary.hex(),
        },
        "sections": sections,
    });
    Ok((context, charts))
}

fn base_css(primary: Rgb, secondary: Rgb, p: &crate::reports::brand::Palette) -> String {
    format!(
        ":root{{--primary:{};--secondary:{};--page:{};--text:{};--muted:{};--tile:{};--grid:{};--good:{};--bad:{}}}\
body{{margin:0 auto;max-width:960px;padding:32px;background:var(--page);color:var(--text);font-family:'DejaVu Sans',Arial,sans-serif;line-height:1.45}}\
.cover{{border-bottom:4px solid var(--primary);padding-bottom:16px;margin-bottom:24px}}.cover .brand{{color:var(--primary);font-weight:700;letter-spacing:.04em}}\
.logo{{max-height:56px}}h1{{margin:.2em 0}}h2{{color:var(--primary);border-bottom:1px solid var(--grid);padding-bottom:4px;margin-top:32px}}\
.note{{color:var(--muted);font-style:italic}}.kpis{{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin:12px 0}}\
.kpi{{background:var(--tile);border-top:3px solid var(--secondary);border-radius:6px;padding:10px 12px;display:flex;flex-direction:column}}\
.kpi .label{{color:var(--muted);font-size:.85em}}.kpi .value{{font-size:1.5em;font-weight:700}}.change.good{{color:var(--good)}}.change.bad{{color:var(--bad)}}\
table{{border-collapse:collapse;width:100%;margin:12px 0}}th,td{{text-align:left;padding:6px 8px;border-bottom:1px solid var(--grid)}}th{{color:var(--muted);font-size:.85em}}\
figure.chart{{margin:12px 0}}figure.chart svg{{width:100%;height:auto}}footer{{margin-top:40px;border-top:1px solid var(--grid);color:var(--muted);font-size:.85em}}",
        primary.hex(),
        secondary.hex(),
        p.page.hex(),
        p.text.hex(),
        p.muted.hex(),
        p.tile.hex(),
        p.grid.hex(),
        p.good.hex(),
        p.bad.hex()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::brand::{Brand, Theme};
    use crate::reports::document::{Chart, ChartKind, DocSection, Table};
    use app::types::report::{Kpi, SectionKey};

    fn doc(brand: Brand) -> Document {
        Document {
            title: "Monthly SEO Report".into(),
            client: "Smith & Sons <Ltd>".into(),
            domain: "smith.example".into(),
            period_label: "1–31 October 2026".into(),
            generated_on: "2026-11-02".into(),
            brand,
            theme: Theme::Light,
            sections: vec![DocSection {
                key: SectionKey::Traffic,
                title: "Organic Traffic".into(),
                note: None,
                blocks: vec![
                    Block::Kpis(vec![Kpi {
                        label: "Clicks".into(),
                        value: "1,000".into(),
                        change: "+300.0%".into(),
                        up: Some(true),
                    }]),
                    Block::Table(Table {
                        headers: vec!["Query".into()],
                        rows: vec![vec!["<script>alert(1)</script>".into()]],
                        numeric: vec![],
                    }),
                    Block::Chart(Chart {
                        title: "Clicks".into(),
                        kind: ChartKind::Line,
                        points: vec![("2026-10-01".into(), 1.0), ("2026-10-02".into(), 3.0)],
                    }),
                ],
            }],
        }
    }

    #[test]
    fn the_default_template_escapes_everything_it_is_given() {
        let html = render(&doc(Brand::igny8()), None).unwrap();
        assert!(html.contains("Organic Traffic") && html.contains("1,000") && html.contains("▲ +300.0%"));
        assert!(html.contains("Smith &amp; Sons &lt;Ltd&gt;"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>"));
        assert!(html.contains("<svg"), "charts are inline SVG");
    }

    #[test]
    fn white_label_html_never_names_igny8_or_alorig() {
        let brand = Brand::agency(
            "Northstar Digital",
            "#1F3A93",
            "#F5A623",
            "hi@northstar.example",
            "",
            "",
            "Thanks",
        )
        .unwrap();
        let html = render(&doc(brand), None).unwrap().to_lowercase();
        assert!(html.contains("northstar digital") && html.contains("#1f3a93"));
        assert!(!html.contains("igny8") && !html.contains("alorig"));
    }

    #[test]
    fn template_errors_name_their_line() {
        let message = |source: &str| validate(source, "").unwrap_err().public_message();
        let missing = message("<h1>{{title}}</h1>\n<p>\n  {{no_such_thing}}</p>");
        assert!(
            missing.starts_with("line 3, column 3: cannot render: `no_such_thing` is not in the report's data"),
            "{missing}"
        );
        let syntax = message("<h1>{{title}}</h1>\n{{#each sections}}\n{{/if}}");
        assert!(syntax.starts_with("line 3, column "), "{syntax}");
        let partial = message("<h1>{{title}}</h1>\n\n{{> header}}");
        assert!(partial.starts_with("line 3: partials"), "{partial}");
        let unclosed = message("<h1>{{title}}</h1>\n{{#each sections}}<h2>{{title}}</h2>");
        assert!(unclosed.starts_with("line "), "{unclosed}");
    }

    #[test]
    fn the_variables_are_the_report_datas_paths() {
        let v = variables();
        for path in [
            "client",
            "brand.name",
            "sections[]",
            "sections[].title",
            "sections[].blocks[].kind",
            "sections[].blocks[].kpis[].change",
        ] {
            assert!(v.iter().any(|p| p == path), "{path} in {v:?}");
        }
    }

    #[test]
    fn bad_templates_are_refused_with_the_field() {
        let d = doc(Brand::igny8());
        let missing = render(&d, Some(("<h1>{{title}} {{no_such_variable}}</h1>", ""))).unwrap_err();
        assert_eq!(missing.field(), Some("template_html"));
        let unbalanced = render(&d, Some(("{{#each sections}}<h2>{{title}}</h2>", ""))).unwrap_err();
        assert_eq!(unbalanced.field(), Some("template_html"));
        let css = render(&d, Some(("<h1>{{title}}</h1>", "</style><script>x</script>"))).unwrap_err();
        assert_eq!(css.field(), Some("template_css"));
        for raw in [
            "{{{client}}}",
            "{{&client}}",
            "{{~{client}~}}",
            "{{{{raw}}}}{{client}}{{{{/raw}}}}",
        ] {
            let e = render(&d, Some((raw, ""))).unwrap_err();
            assert_eq!(e.field(), Some("template_html"), "{raw}");
            assert!(e.to_string().contains("unescaped"), "{raw}: {e}");
        }
        let charted = render(&d, Some(("{{#each sections}}{{#each blocks}}{{#if index includeZero=true}}{{chart index}}{{/if}}{{/each}}{{/each}}", ""))).unwrap();
        assert!(charted.contains("<body class=\"theme-light\">\n<svg"), "{charted}");
        let e = render(&d, Some(("{{chart 7}}", ""))).unwrap_err();
        assert_eq!(e.field(), Some("template_html"));
        let big = "x".repeat(MAX_TEMPLATE_BYTES + 1);
        assert_eq!(validate(&big, "").unwrap_err().field(), Some("template_html"));
        // a variable no report has is refused when the template is saved
        let e = validate("<h1>{{title}}</h1>{{#each sections}}{{headline}}{{/each}}", "").unwrap_err();
        assert_eq!(e.field(), Some("template_html"));
        assert!(e.to_string().contains("headline"), "{e}");
        validate(DEFAULT_TEMPLATE, "").unwrap();
        // the document around the template's body is ours: its title, the theme's CSS, then the template's
        let custom = render(
            &d,
            Some((
                "<html><head><title>Ignored {{client}}</title>{{styles}}</head><body><h1>{{client}}</h1>{{#each sections}}<h2>{{title}}</h2>{{/each}}</body></html>",
                "h1{color:red}",
            )),
        )
        .unwrap();
        assert!(custom.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Monthly SEO Report · Smith &amp; Sons &lt;Ltd&gt; · 1–31 October 2026</title>\n<style>:root{"), "{custom}");
        assert!(
            custom.contains("</style>\n<style>h1{color:red}</style>\n</head>"),
            "{custom}"
        );
        assert!(
            custom.contains(
                "<body class=\"theme-light\">\n<h1>Smith &amp; Sons &lt;Ltd&gt;</h1><h2>Organic Traffic</h2>\n</body>"
            ),
            "{custom}"
        );
        assert!(!custom.contains("Ignored"), "the template's head is not printed");
        assert_eq!(custom.matches("h1{color:red}").count(), 1);
        let commented = render(&d, Some(("<p>a</p>{{!-- {{styles}} <script>x</script> --}}", ""))).unwrap();
        assert!(
            commented.contains("<p>a</p>\n</body>"),
            "a comment prints nothing: {commented}"
        );
    }
}
